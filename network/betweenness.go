package network

import (
	"context"
)

// BetweennessOptions select the variant of betweenness centrality.
type BetweennessOptions struct {
	Weighted   bool // shortest paths by distance 1/weight (Dijkstra) instead of hops (BFS)
	Normalized bool // NetworkX normalisation: ×1/((n−1)(n−2))
	Workers    int  // goroutines; 0 means GOMAXPROCS
}

// Betweenness returns the betweenness centrality of every vertex,
//
//	c_B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st,
//
// where σ_st is the number of shortest s–t paths and σ_st(v) the number through v, computed
// with Brandes' algorithm (U. Brandes, "A faster algorithm for betweenness centrality",
// J. Math. Sociol. 25(2):163–177, 2001) in O(nm) time unweighted and O(nm + n² log n)
// weighted, parallel over sources with per-worker buffers and accumulators.
//
// Scaling matches NetworkX betweenness_centrality: for undirected graphs the raw sum counts
// each pair once (the ordered-pair sum × 1/2); normalised values are the ordered-pair sum ×
// 1/((n−1)(n−2)), directed or not.
//
// The dependency pass uses successors (δ(v) = Σ_{w: v∈P(w)} σ_v/σ_w (1 + δ(w))) over the
// settle order, so no predecessor lists are stored.
func Betweenness(ctx context.Context, g *Graph, o BetweennessOptions) ([]float64, error) {
	workers := o.Workers
	if workers <= 0 {
		workers = Workers()
	}
	workers = max(1, min(workers, g.N))
	acc := make([][]float64, workers)
	for i := range acc {
		acc[i] = make([]float64, g.N)
	}
	err := forEachSource(ctx, g, nil, workers, func(ws *workspace, s int32, worker int) {
		ws.sssp(g, s, o.Weighted, true)
		accumulate(g, ws, s, o.Weighted, acc[worker])
	})
	if err != nil {
		return nil, err
	}
	bc := acc[0]
	for _, a := range acc[1:] {
		for i, x := range a {
			bc[i] += x
		}
	}
	scaleBetweenness(bc, g.N, g.Directed, o.Normalized, 1)
	return bc, nil
}

// accumulate runs Brandes' dependency pass for source s and adds δ_s(v) to bc.
func accumulate(g *Graph, ws *workspace, s int32, weighted bool, bc []float64) {
	dist, sigma, delta := ws.dist, ws.sigma, ws.delta
	off, adj, wt := g.OutOff, g.OutAdj, g.OutW
	for i := len(ws.order) - 1; i >= 0; i-- {
		v := ws.order[i]
		dv := dist[v]
		coeff := 0.0
		if weighted {
			for j := off[v]; j < off[v+1]; j++ {
				w := adj[j]
				if dist[w] == dv+1/wt[j] {
					coeff += (1 + delta[w]) / sigma[w]
				}
			}
		} else {
			for _, w := range adj[off[v]:off[v+1]] {
				if dist[w] == dv+1 {
					coeff += (1 + delta[w]) / sigma[w]
				}
			}
		}
		delta[v] = sigma[v] * coeff
		if v != s {
			bc[v] += delta[v]
		}
	}
}

// scaleBetweenness applies NetworkX's rescaling; factor multiplies in (sampling corrections).
func scaleBetweenness(bc []float64, n int, directed, normalized bool, factor float64) {
	scale := factor
	switch {
	case normalized && n > 2:
		scale *= 1 / float64((n-1)*(n-2))
	case normalized:
		scale = 0 // NetworkX leaves all zeros for n ≤ 2
	case !directed:
		scale *= 0.5
	}
	if scale == 1 {
		return
	}
	for i := range bc {
		bc[i] *= scale
	}
}
