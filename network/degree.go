package network

import "context"

// Degree returns each vertex's number of distinct neighbours: for a directed graph the sum of
// distinct predecessors and distinct successors, as NetworkX DiGraph.degree. When normalized it
// is divided by n − 1 (NetworkX degree_centrality). O(n).
func Degree(ctx context.Context, g *Graph, normalized bool) []float64 {
	addSteps(ctx, 2*g.N)
	out := make([]float64, g.N)
	for v := 0; v < g.N; v++ {
		d := g.OutOff[v+1] - g.OutOff[v]
		if g.Directed {
			d += g.InOff[v+1] - g.InOff[v]
		}
		out[v] = float64(d)
	}
	return normalize(out, g.N, normalized)
}

// InDegree returns distinct predecessors (neighbours when undirected), normalised like Degree
// (NetworkX in_degree_centrality).
func InDegree(ctx context.Context, g *Graph, normalized bool) []float64 {
	addSteps(ctx, 2*g.N)
	out := make([]float64, g.N)
	for v := 0; v < g.N; v++ {
		out[v] = float64(g.InOff[v+1] - g.InOff[v])
	}
	return normalize(out, g.N, normalized)
}

// OutDegree returns distinct successors (neighbours when undirected), normalised like Degree
// (NetworkX out_degree_centrality).
func OutDegree(ctx context.Context, g *Graph, normalized bool) []float64 {
	addSteps(ctx, 2*g.N)
	out := make([]float64, g.N)
	for v := 0; v < g.N; v++ {
		out[v] = float64(g.OutOff[v+1] - g.OutOff[v])
	}
	return normalize(out, g.N, normalized)
}

// Strength returns the sum of the weights of each vertex's ties (in and out when directed), as
// NetworkX degree(weight="weight"). It is never normalised.
func Strength(ctx context.Context, g *Graph) []float64 {
	addSteps(ctx, g.N+len(g.OutAdj)+len(g.InAdj))
	out := make([]float64, g.N)
	for v := int32(0); v < int32(g.N); v++ {
		_, w := g.Out(v)
		for _, x := range w {
			out[v] += x
		}
		if g.Directed {
			for j := g.InOff[v]; j < g.InOff[v+1]; j++ {
				out[v] += g.InWeight(j)
			}
		}
	}
	return out
}

// normalize divides by n − 1; a one-vertex graph has degree centrality 1, as NetworkX's
// degree_centrality (and in/out) define it for len(G) ≤ 1.
func normalize(x []float64, n int, normalized bool) []float64 {
	if normalized && n == 1 {
		x[0] = 1
		return x
	}
	if normalized {
		s := 0.0
		if n > 1 {
			s = 1 / float64(n-1)
		}
		for i := range x {
			x[i] *= s
		}
	}
	return x
}

// DegreePairs is Σ_v d(v)² over g's rows (d(v) the row's length: distinct neighbours on the
// undirected view): how many ordered pairs of neighbours the vertices have, the work of the
// kernels that look at pairs of neighbours (clustering, constraint, brokerage). O(n).
func DegreePairs(g *Graph) float64 {
	sum := 0.0
	for v := range int32(g.N) {
		d := float64(g.OutOff[v+1] - g.OutOff[v])
		sum += d * d
	}
	return sum
}
