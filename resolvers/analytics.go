package resolvers

import (
	"context"
	"math"
	"strconv"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// networkFilter maps the GraphQL input to the domain filter (nil: the whole network).
func networkFilter(f *model.NetworkFilter) domain.NetworkFilter {
	if f == nil {
		return domain.NetworkFilter{Direction: domain.Undirected}
	}
	out := domain.NetworkFilter{Sectors: f.Sectors, Regions: f.Regions, ActorTypes: f.ActorTypes,
		PartnershipTypes: f.PartnershipTypes, AsOf: f.AsOf, From: f.From, To: f.To, MinWeight: f.MinWeight,
		Direction: domain.Undirected}
	if f.Direction != nil {
		out.Direction = *f.Direction
	}
	if f.Weighted != nil {
		out.Weighted = *f.Weighted
	}
	if f.IncludeProjectTies != nil {
		out.IncludeProjectTies = *f.IncludeProjectTies
	}
	return out
}

// score returns a finite score, or nil (GraphQL null) for NaN.
func score(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// positionCursor encodes a position in a ranking computed for one graph version.
func positionCursor(version int64, pos int) string {
	return domain.Cursor{Key: strconv.FormatInt(version, 10), ID: strconv.Itoa(pos)}.Encode()
}

// decodePosition returns the position after which a page starts (0 for the first page).
func decodePosition(after string) (int, error) {
	if after == "" {
		return 0, nil
	}
	c, err := domain.DecodeCursor(after)
	if err != nil {
		return 0, err
	}
	pos, err := strconv.Atoi(c.ID)
	if err != nil || pos < 1 {
		return 0, domain.FieldErrorf("after", domain.EINVALID, "after is not a cursor of this ranking")
	}
	return pos, nil
}

// actorMetric resolves one metric of an ActorMetrics handle.
func (r *Resolver) actorMetric(ctx context.Context, obj *model.ActorMetrics, m analytics.Metric) (*float64, error) {
	res, err := r.Analytics.Compute(ctx, networkFilter(obj.Network), m, analytics.Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	s, _, ok := res.Score(obj.ActorID)
	if !ok {
		return nil, nil
	}
	return score(s), nil
}

// metricOrderedActors returns a page of actors ordered by a metric on a network slice,
// restricted to those matching f.
func (r *Resolver) metricOrderedActors(ctx context.Context, f domain.ActorFilter, o *model.ActorOrder, first int, after string) (*model.ActorConnection, error) {
	if err := domain.ValidatePageSize(first); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	start, err := decodePosition(after)
	if err != nil {
		return nil, err
	}
	res, err := r.Analytics.Compute(ctx, networkFilter(o.Network), *o.Metric, analytics.Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	var keep map[string]bool
	if f.Sectors != nil || f.Regions != nil || f.Kinds != nil || f.Types != nil || f.Tags != nil || f.Search != "" {
		if keep, err = r.Store.ActorIDs(ctx, f); err != nil {
			return nil, err
		}
	}
	ids := make([]string, 0, len(res.Order))
	for _, v := range res.Order {
		id := res.Snapshot.IDs[v]
		if keep == nil || keep[id] {
			ids = append(ids, id)
		}
	}
	if o.Direction == model.OrderDirectionAsc {
		for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
			ids[i], ids[j] = ids[j], ids[i]
		}
	}
	end := min(start+first, len(ids))
	start = min(start, end)
	pageIDs := ids[start:end]
	actors, err := r.Store.ActorsByID(ctx, pageIDs)
	if err != nil {
		return nil, err
	}
	conn := &model.ActorConnection{Count: func(context.Context) (int, error) { return len(ids), nil }}
	for i, id := range pageIDs {
		a, ok := actors[id]
		if !ok {
			continue // deleted since the snapshot
		}
		conn.Edges = append(conn.Edges, model.ActorEdge{Cursor: positionCursor(res.Snapshot.Version, start+i+1), Node: a})
	}
	conn.PageInfo.HasNextPage = end < len(ids)
	if len(conn.Edges) > 0 {
		conn.PageInfo.EndCursor = &conn.Edges[len(conn.Edges)-1].Cursor
	}
	return conn, nil
}
