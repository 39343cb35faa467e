package network

import (
	"context"
	"math"
)

// Stats summarises a graph.
type Stats struct {
	Actors, Edges      int
	Density            float64
	Components         int
	LargestComponent   int
	AverageDegree      float64
	AverageClustering  float64
	Diameter           int
	DiameterExact      bool    // false: Diameter is a lower bound and DiameterUpperBound an upper one
	DiameterUpperBound int     // equals Diameter when exact
	Assortativity      float64 // NaN when undefined (every edge joins equal degrees)
	Transitivity       float64 // global clustering of the undirected view (Transitivity)
	Reciprocity        float64 // share of arcs reciprocated (Reciprocity); NaN when undirected
	Fragmentation      float64 // Borgatti's F over the weak components (Fragmentation)
}

// ExactDiameterLimit is the largest component size whose diameter is computed exactly (a BFS
// from every vertex); above it the diameter is bracketed by a double sweep.
const ExactDiameterLimit = 5000

// Summarize computes Stats. Density is NetworkX density (m / (n(n−1)/2) undirected,
// m / (n(n−1)) directed); components are weak; average degree is the mean of Degree;
// clustering, diameter (hops, largest component) and degree assortativity (NetworkX
// degree_assortativity_coefficient: Pearson correlation of the degrees at the two ends of
// each edge, M. E. J. Newman, "Assortative mixing in networks", PRL 89, 2002) are on the
// undirected view; transitivity too, reciprocity on the directed view, fragmentation over the
// weak components.
// It stops with ctx's error when ctx ends.
func Summarize(ctx context.Context, g *Graph) (Stats, error) {
	st := Stats{Actors: g.N, Edges: g.EdgeCount()}
	n := float64(g.N)
	if g.N > 1 {
		st.Density = float64(st.Edges) / (n * (n - 1))
		if !g.Directed {
			st.Density *= 2
		}
	}
	labels, count := Components(g)
	st.Components = count
	size := make([]int, count)
	for _, c := range labels {
		size[c]++
	}
	largest := int32(-1)
	for c, s := range size {
		if s > st.LargestComponent {
			st.LargestComponent, largest = s, int32(c)
		}
	}
	deg := Degree(ctx, g, false)
	for _, d := range deg {
		st.AverageDegree += d
	}
	if g.N > 0 {
		st.AverageDegree /= n
	}
	u := g.Undirected()
	c, err := Clustering(ctx, u, false)
	if err != nil {
		return st, err
	}
	st.AverageClustering = mean(c)
	st.Transitivity = Transitivity(u, c)
	st.Reciprocity = Reciprocity(ctx, g)
	st.Fragmentation = Fragmentation(labels, count)
	if st.Diameter, st.DiameterUpperBound, st.DiameterExact, err = diameter(ctx, u, labels, largest, st.LargestComponent); err != nil {
		return st, err
	}
	st.Assortativity = degreeAssortativity(u)
	// Components, the undirected view, transitivity, fragmentation and assortativity: a pass each.
	addSteps(ctx, 5*linear(g))
	return st, nil
}

func diameter(ctx context.Context, u *Graph, labels []int32, comp int32, size int) (lower, upper int, exact bool, err error) {
	if comp < 0 {
		return 0, 0, true, nil
	}
	ws := newWorkspace(u.N)
	ecc := func(s int32) (int, int32) {
		ws.bfs(u, s, false)
		far := ws.order[len(ws.order)-1]
		return int(ws.dist[far]), far
	}
	if size <= ExactDiameterLimit {
		defer func() { addSteps(ctx, ws.steps+u.N) }()
		d := 0
		for s := int32(0); s < int32(u.N); s++ {
			if s%64 == 0 && ctx.Err() != nil { // a BFS per vertex: check often
				return 0, 0, false, ctx.Err()
			}
			if labels[s] == comp {
				e, _ := ecc(s)
				d = max(d, e)
			}
		}
		return d, d, true, nil
	}
	// Double sweep from the highest-degree vertex of the component: ecc(a) ≤ D ≤ 2·ecc(hub).
	hub := int32(-1)
	for v := int32(0); v < int32(u.N); v++ {
		if labels[v] == comp && (hub < 0 || u.OutOff[v+1]-u.OutOff[v] > u.OutOff[hub+1]-u.OutOff[hub]) {
			hub = v
		}
	}
	defer func() { addSteps(ctx, ws.steps+u.N) }()
	e0, a := ecc(hub)
	e1, b := ecc(a)
	e2, _ := ecc(b)
	lower = max(e0, e1, e2)
	upper = 2 * e0
	return lower, upper, lower == upper, nil
}

func degreeAssortativity(u *Graph) float64 {
	var sx, sxx, sxy, m float64
	for v := int32(0); v < int32(u.N); v++ {
		adj, _ := u.Out(v)
		dv := float64(len(adj))
		for _, w := range adj {
			dw := float64(u.OutOff[w+1] - u.OutOff[w])
			sx += dv
			sxx += dv * dv
			sxy += dv * dw
			m++
		}
	}
	if m == 0 {
		return math.NaN()
	}
	mean := sx / m
	varx := sxx/m - mean*mean
	if varx <= 1e-300 {
		return math.NaN()
	}
	return (sxy/m - mean*mean) / varx
}
