package resolvers

import (
	"context"
	"errors"

	"github.com/vikstrous/dataloadgen"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// groupingOf is a field's grouping: by the actor attribute groupByAttribute names when given,
// else by the built-in groupBy (SECTOR by default).
func groupingOf(g *domain.ActorAttribute, attribute *string) domain.ActorAttribute {
	if attribute != nil {
		return domain.GroupByAttribute(*attribute)
	}
	return deref1(g, domain.BySector)
}

func brokerageOf(r analytics.Roles) *model.Brokerage {
	return &model.Brokerage{Coordinator: r.Coordinator, Itinerant: r.Itinerant, Representative: r.Representative,
		Gatekeeper: r.Gatekeeper, Liaison: r.Liaison, Total: r.Total}
}

func groupShares(l []analytics.GroupShare) []model.GroupShare {
	out := make([]model.GroupShare, len(l))
	for i, g := range l {
		out[i] = model.GroupShare{Key: g.Key, Label: g.Label, Count: g.Count, Share: g.Share}
	}
	return out
}

func reachOf(res *analytics.ReachResult) *model.Reach {
	out := &model.Reach{Total: res.Total, CrossGroup: res.CrossGroup, GroupsReached: res.GroupsReached,
		Diversity: res.Diversity, ByGroup: groupShares(res.ByGroup), ByHop: make([]model.HopCount, len(res.ByHop))}
	for h, c := range res.ByHop {
		out.ByHop[h] = model.HopCount{Hops: h + 1, Count: c}
	}
	return out
}

func intermediaryOf(im analytics.Intermediary) model.Intermediary {
	out := model.Intermediary{ActorID: im.ActorID, Betweenness: im.Betweenness, GroupPairBetweenness: im.GroupPairBetweenness,
		Brokerage: *brokerageOf(im.Brokerage), Constraint: score(im.Constraint), IsCutVertex: im.IsCutVertex,
		Connects: make([]model.GroupPairCount, len(im.Connects))}
	for i, c := range im.Connects {
		out.Connects[i] = model.GroupPairCount{A: c.A.Key, B: c.B.Key, ALabel: c.A.Label, BLabel: c.B.Label, Count: c.Count}
	}
	return out
}

// actorsByID loads actors in the order of ids with one batched call; actors deleted since the
// result was computed are left out.
func (r *Resolver) actorsByID(ctx context.Context, ids []string) ([]domain.Actor, error) {
	values, err := r.loaders(ctx).actors.LoadAll(ctx, ids)
	var errs dataloadgen.ErrorSlice
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	out := make([]domain.Actor, 0, len(ids))
	for i, a := range values {
		if errs != nil && errs[i] != nil {
			if errors.Is(errs[i], dataloadgen.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, *a)
	}
	return out, nil
}

// limitArg reads an optional `first` argument bounded by MaxPageSize.
func limitArg(first *int, def int) (int, error) {
	n := deref1(first, def)
	return n, domain.ValidatePageSize(n)
}
