package resolvers

import (
	"context"
	"math"
	"sort"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
	"stakegraph/network"
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
	placed := make([]int32, 0, len(keep)) // vertex of each node
	for i, v := range keep {
		a := actors[ids[i]]
		if a == nil {
			continue // deleted since the snapshot
		}
		placed = append(placed, v)
		l.actors.Prime(a.ID, a)
		out.Nodes = append(out.Nodes, model.SubgraphNode{ID: a.ID, Label: a.Name, Group: a.Sector, Color: optional(colors[a.Sector]),
			Score: score(res.Scores[v]), Community: int(comm.Labels[v])})
	}
	if layout != nil {
		if err := r.layout(ctx, sn, placed, out.Nodes, layout); err != nil {
			return nil, err
		}
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

// layout positions the nodes (keep[i] is node i's vertex) with the requested algorithm.
func (r *Resolver) layout(ctx context.Context, sn *analytics.Snapshot, keep []int32, nodes []model.SubgraphNode, o *model.LayoutOptions) error {
	if o.Algorithm != model.LayoutAlgorithmForceAtlas2 {
		place(nodes, o.Algorithm)
		return nil
	}
	iterations := deref1(o.Iterations, 100)
	if iterations < 1 || iterations > 1000 {
		return domain.FieldErrorf("layout.iterations", domain.EINVALID, "iterations must be between 1 and 1000, got %d", iterations)
	}
	if len(keep) > 5000 {
		return domain.FieldErrorf("layout", domain.EINVALID, "FORCE_ATLAS2 lays out at most 5000 nodes; lower the limit")
	}
	pos := make(map[int32]int32, len(keep))
	for i, v := range keep {
		pos[v] = int32(i)
	}
	var ties []network.Tie
	for i, v := range keep {
		adj, _ := sn.Undirected.Out(v)
		for _, w := range adj {
			if j, ok := pos[w]; ok && int32(i) < j {
				ties = append(ties, network.Tie{U: int32(i), V: j, W: 1})
			}
		}
	}
	g, _ := network.Views(len(keep), ties)
	x, y, err := network.ForceAtlas2(ctx, g, uint64(max(0, deref1(o.Seed, 1))), iterations)
	if err != nil {
		return err
	}
	for i := range nodes {
		nodes[i].X, nodes[i].Y = &x[i], &y[i]
	}
	return nil
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
