package resolvers

import (
	"time"

	"stakegraph/domain"
	"stakegraph/graph/model"
)

func pageArgs(first *int, after *string) domain.PageArgs {
	return domain.PageArgs{First: deref1(first, domain.DefaultPageSize), After: deref(after)}
}

// pageArgsBoth reads a connection's arguments in either direction: `last` (with `before`)
// pages backwards and takes precedence over `first`.
func pageArgsBoth(first *int, after *string, last *int, before *string) (domain.PageArgs, error) {
	if last == nil {
		if before != nil {
			return domain.PageArgs{}, domain.FieldErrorf("before", domain.EINVALID, "before goes with last")
		}
		return pageArgs(first, after), nil
	}
	if after != nil {
		return domain.PageArgs{}, domain.FieldErrorf("after", domain.EINVALID, "give either first/after or last/before")
	}
	return domain.PageArgs{Last: *last, Before: deref(before)}, nil
}

func deref1[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// optional returns nil for the empty string, which GraphQL shows as null.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func pageInfo(hasNext, hasPrev bool, cursors []string) model.PageInfo {
	pi := model.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if len(cursors) > 0 {
		pi.StartCursor, pi.EndCursor = &cursors[0], &cursors[len(cursors)-1]
	}
	return pi
}

// edges maps a page's items to connection edges with their cursors.
func edges[T, E any](p domain.Page[T], edge func(cursor string, node T) E) []E {
	out := make([]E, len(p.Items))
	for i, x := range p.Items {
		out[i] = edge(p.Cursors[i], x)
	}
	return out
}

func actorConnection(p domain.Page[*domain.Actor], count model.Counter) *model.ActorConnection {
	return &model.ActorConnection{PageInfo: pageInfo(p.HasNext, p.HasPrev, p.Cursors), Count: count,
		Edges: edges(p, func(c string, a *domain.Actor) model.ActorEdge { return model.ActorEdge{Cursor: c, Node: a} })}
}

func partnershipConnection(p domain.Page[*domain.Partnership], count model.Counter) *model.PartnershipConnection {
	return &model.PartnershipConnection{PageInfo: pageInfo(p.HasNext, p.HasPrev, p.Cursors), Count: count,
		Edges: edges(p, func(c string, x *domain.Partnership) model.PartnershipEdge {
			return model.PartnershipEdge{Cursor: c, Node: x}
		})}
}

func projectConnection(p domain.Page[*domain.Project], count model.Counter) *model.ProjectConnection {
	return &model.ProjectConnection{PageInfo: pageInfo(p.HasNext, p.HasPrev, p.Cursors), Count: count,
		Edges: edges(p, func(c string, x *domain.Project) model.ProjectEdge { return model.ProjectEdge{Cursor: c, Node: x} })}
}

func actorFilter(f *model.ActorFilter) domain.ActorFilter {
	if f == nil {
		return domain.ActorFilter{}
	}
	return domain.ActorFilter{Sectors: f.Sectors, Regions: f.Regions, Kinds: f.Kinds, Types: f.Types, Tags: f.Tags, Search: deref(f.Search),
		Attributes: f.Attributes}
}

func actorOrder(o *model.ActorOrder) domain.ActorOrder {
	if o == nil {
		return domain.ActorOrder{Field: domain.OrderByName}
	}
	return domain.ActorOrder{Field: domain.ActorOrderField(o.Field), Desc: o.Direction == model.OrderDirectionDesc}
}

func partnershipFilter(f *model.PartnershipFilter) domain.PartnershipFilter {
	if f == nil {
		return domain.PartnershipFilter{}
	}
	return domain.PartnershipFilter{Types: f.Types, Actors: f.Actors, Directed: f.Directed, AsOf: f.AsOf, From: f.From,
		To: f.To, MinWeight: f.MinWeight}
}

// parseStamp reads an RFC 3339 time; nil for none.
func parseStamp(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil
	}
	return &t
}

// valueShares turns an attribute's value counts into group shares; a share is of the rows
// counted in the list.
func valueShares(counts []domain.ValueCount) []model.GroupShare {
	total := 0
	for _, c := range counts {
		total += c.Count
	}
	out := make([]model.GroupShare, len(counts))
	for i, c := range counts {
		out[i] = model.GroupShare{Key: c.Value, Label: c.Value, Count: c.Count, Share: float64(c.Count) / float64(max(total, 1))}
	}
	return out
}

// nonNilAttributes is an object's attributes, {} when it has none.
func nonNilAttributes(a domain.Attributes) domain.Attributes {
	if a == nil {
		return domain.Attributes{}
	}
	return a
}
