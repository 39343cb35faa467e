package resolvers

import (
	"context"
	"math"
	"sort"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// subgraphOf renders the given vertices (in rank order) of a snapshot: nodes with labels,
// sector groups and colours, scores, communities and an optional layout, and the
// partnerships among them that pass the filter.
func (r *Resolver) subgraphOf(ctx context.Context, f domain.NetworkFilter, sn *analytics.Snapshot, res *analytics.Result,
	keep []int32, total int, layout *model.LayoutOptions) (*model.Subgraph, error) {
	comm, _, err := r.Analytics.Communities(ctx, f, 1, 1)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(keep))
	for i, v := range keep {
		ids[i] = sn.IDs[v]
	}
	actors, err := r.actors.load(ctx, r.Store, sn.Version, ids)
	if err != nil {
		return nil, err
	}
	sectors, err := r.Store.Sectors(ctx)
	if err != nil {
		return nil, err
	}
	colors := map[string]string{}
	for _, s := range sectors {
		colors[s.Code] = s.Color
	}
	out := &model.Subgraph{Truncated: len(keep) < total, TotalNodes: total, GraphVersion: int(sn.Version), Edges: []model.SubgraphEdge{}}
	l := r.loaders(ctx)
	for i, v := range keep {
		a := actors[ids[i]]
		if a == nil {
			continue // deleted since the snapshot
		}
		l.actors.Prime(a.ID, a)
		out.Nodes = append(out.Nodes, model.SubgraphNode{ID: a.ID, Label: a.Name, Group: a.Sector, Color: optional(colors[a.Sector]),
			Score: score(res.Scores[v]), Community: int(comm.Labels[v])})
	}
	if layout != nil {
		place(out.Nodes, layout.Algorithm)
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

// place lays nodes out deterministically on the unit circle: CIRCULAR in rank order,
// BY_GROUP with one arc per group (sorted by key, sized by membership).
func place(nodes []model.SubgraphNode, algo model.LayoutAlgorithm) {
	n := len(nodes)
	if n == 0 {
		return
	}
	slot := make([]int, n)
	for i := range slot {
		slot[i] = i
	}
	if algo == model.LayoutAlgorithmByGroup {
		sort.SliceStable(slot, func(a, b int) bool { return nodes[slot[a]].Group < nodes[slot[b]].Group })
	}
	for pos, i := range slot {
		angle := 2 * math.Pi * float64(pos) / float64(n)
		x, y := math.Cos(angle), math.Sin(angle)
		nodes[i].X, nodes[i].Y = &x, &y
	}
}

// ranking computes the orderBy metric on the slice.
func (r *Resolver) ranking(ctx context.Context, f domain.NetworkFilter, orderBy *analytics.Metric) (*analytics.Result, error) {
	m := analytics.Degree
	if orderBy != nil {
		m = *orderBy
	}
	return r.Analytics.Compute(ctx, f, m, analytics.Options{Normalized: true})
}

func checkLimit(limit *int, def int) (int, error) {
	n := def
	if limit != nil {
		n = *limit
	}
	if n < 1 || n > 10000 {
		return 0, domain.FieldErrorf("limit", domain.EINVALID, "limit must be between 1 and 10000, got %d", n)
	}
	return n, nil
}
