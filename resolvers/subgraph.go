package resolvers

import (
	"context"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// layoutOptions maps the GraphQL layout input (nil: no layout).
func layoutOptions(o *model.LayoutOptions) *analytics.LayoutOptions {
	if o == nil {
		return nil
	}
	return &analytics.LayoutOptions{Algorithm: string(o.Algorithm), Seed: uint64(max(0, deref1(o.Seed, 1))),
		Iterations: deref1(o.Iterations, 100)}
}

// subgraphOf maps a rendering and adds the partnerships among its nodes that pass the filter
// (one query).
func (r *Resolver) subgraphOf(ctx context.Context, f domain.NetworkFilter, res *analytics.Rendering) (*model.Subgraph, error) {
	out := &model.Subgraph{Truncated: res.Truncated, TotalNodes: res.Total, GraphVersion: int(res.Version),
		Nodes: make([]model.SubgraphNode, len(res.Nodes)), Edges: []model.SubgraphEdge{}}
	ids := make([]string, len(res.Nodes))
	for i, n := range res.Nodes {
		ids[i] = n.ActorID
		out.Nodes[i] = model.SubgraphNode{ID: n.ActorID, Label: n.Label, Group: n.Group.Key, GroupLabel: n.Group.Label,
			Color: optional(n.Color), Score: score(n.Score), Community: n.Community, X: n.X, Y: n.Y}
	}
	if selects(ctx, "nodes", "actor") {
		_ = r.loaders(ctx).actors.LoadAllThunk(ctx, ids)
	}
	if !selects(ctx, "edges") {
		return out, nil
	}
	ties, err := r.Store.PartnershipsAmong(ctx, ids, f)
	if err != nil {
		return nil, err
	}
	for _, p := range ties {
		out.Edges = append(out.Edges, model.SubgraphEdge{ID: p.ID, Source: p.Source, Target: p.Target, Weight: p.Weight, Type: p.Type, Directed: p.Directed})
	}
	return out, nil
}
