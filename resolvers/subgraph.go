package resolvers

import (
	"context"

	"stakegraph/analytics"
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

// subgraphOf maps a rendering (nodes and the partnerships among them).
func (r *Resolver) subgraphOf(ctx context.Context, res *analytics.Rendering) (*model.Subgraph, error) {
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
	for _, e := range res.Edges {
		out.Edges = append(out.Edges, model.SubgraphEdge{ID: e.ID, Source: e.Source, Target: e.Target, Weight: e.Weight, Type: e.Type, Directed: e.Directed, Since: e.Since, Until: e.Until})
	}
	return out, nil
}
