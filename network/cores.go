package network

import "context"

// CoreNumber returns each vertex's core number as NetworkX core_number: the largest k such
// that the vertex belongs to a k-core, a maximal subgraph in which every vertex has degree ≥ k.
// For directed graphs degree is in + out degree (a mutual pair counts twice), as NetworkX
// does. Batagelj–Zaversnik bucket algorithm (V. Batagelj and M. Zaversnik, "An O(m) algorithm
// for cores decomposition of networks", 2003), O(n + m).
// It stops with ctx's error when ctx ends.
func CoreNumber(ctx context.Context, g *Graph) ([]float64, error) {
	n := g.N
	deg := make([]int32, n)
	maxDeg := int32(0)
	for v := 0; v < n; v++ {
		d := g.OutOff[v+1] - g.OutOff[v]
		if g.Directed {
			d += g.InOff[v+1] - g.InOff[v]
		}
		deg[v] = d
		maxDeg = max(maxDeg, d)
	}
	// Bucket sort vertices by degree.
	bin := make([]int32, maxDeg+2)
	for _, d := range deg {
		bin[d+1]++
	}
	for d := int32(1); d <= maxDeg+1; d++ {
		bin[d] += bin[d-1]
	}
	pos := make([]int32, n)
	vert := make([]int32, n)
	next := make([]int32, maxDeg+1)
	copy(next, bin[:maxDeg+1])
	for v := int32(0); v < int32(n); v++ {
		pos[v] = next[deg[v]]
		vert[pos[v]] = v
		next[deg[v]]++
	}
	// bin[d] is now the start of bucket d.
	lower := func(u int32) {
		du := deg[u]
		pu := pos[u]
		pw := bin[du]
		w := vert[pw]
		if u != w {
			vert[pu], vert[pw] = w, u
			pos[u], pos[w] = pw, pu
		}
		bin[du]++
		deg[u]--
	}
	for i := 0; i < n; i++ {
		if err := stop(ctx, i); err != nil {
			return nil, err
		}
		v := vert[i]
		adj, _ := g.Out(v)
		for _, u := range adj {
			if deg[u] > deg[v] {
				lower(u)
			}
		}
		if g.Directed {
			adj = g.In(v)
			for _, u := range adj {
				if deg[u] > deg[v] {
					lower(u)
				}
			}
		}
	}
	out := make([]float64, n)
	for v, d := range deg {
		out[v] = float64(d)
	}
	addSteps(ctx, 4*n+int(maxDeg)+len(g.OutAdj)+len(g.InAdj)) // degrees, buckets, peeling's arcs
	return out, nil
}
