package network

import "context"

// Closeness returns closeness centrality as NetworkX closeness_centrality with the
// Wasserman–Faust correction for disconnected graphs (S. Wasserman and K. Faust, Social
// Network Analysis, 1994, eq. 5.3):
//
//	C(u) = (r(u) − 1)/Σ_v d(v, u) · (r(u) − 1)/(n − 1),
//
// where r(u) counts the vertices that reach u (u included) and d(v, u) is the distance from v
// to u — incoming distances for directed graphs, as NetworkX does by reversing the graph. C(u)
// is 0 when nothing reaches u. Distances are hops, or Σ 1/weight when weighted. O(nm)
// unweighted, O(nm + n² log n) weighted; parallel over vertices.
func Closeness(ctx context.Context, g *Graph, weighted bool) ([]float64, error) {
	rev := g.Reverse()
	out := make([]float64, g.N)
	n := g.N
	err := forEachSource(ctx, rev, nil, 0, func(ws *workspace, u int32, _ int) {
		ws.sssp(rev, u, weighted, false)
		total := 0.0
		for _, v := range ws.order {
			total += ws.dist[v]
		}
		r := float64(len(ws.order))
		if total > 0 && n > 1 {
			out[u] = (r - 1) / total * ((r - 1) / float64(n-1))
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Harmonic returns harmonic centrality as NetworkX harmonic_centrality (M. Marchiori and
// V. Latora, "Harmony in the small-world", Physica A 285, 2000; P. Boldi and S. Vigna, "Axioms
// for centrality", Internet Math. 10, 2014):
//
//	H(u) = Σ_{v≠u} 1/d(v, u),
//
// with unreachable pairs contributing 0 and incoming distances for directed graphs. When
// normalized the sum is divided by n − 1. Same complexity as Closeness.
func Harmonic(ctx context.Context, g *Graph, weighted, normalized bool) ([]float64, error) {
	rev := g.Reverse()
	out := make([]float64, g.N)
	err := forEachSource(ctx, rev, nil, 0, func(ws *workspace, u int32, _ int) {
		ws.sssp(rev, u, weighted, false)
		h := 0.0
		for _, v := range ws.order {
			if d := ws.dist[v]; d > 0 {
				h += 1 / d
			}
		}
		out[u] = h
	})
	if err != nil {
		return nil, err
	}
	if normalized && g.N > 1 {
		for i := range out {
			out[i] /= float64(g.N - 1)
		}
	}
	return out, nil
}
