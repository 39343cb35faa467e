package network

import (
	"context"
	"math"
)

// PageRankOptions configure PageRank.
type PageRankOptions struct {
	Damping   float64 // α, default 0.85
	Tolerance float64 // stop when Σ|x′ − x| < n·Tolerance (NetworkX's test); default 1e-10
	MaxIter   int     // default 1000
	Weighted  bool    // arc weights as transition strengths (else every arc weighs 1)
}

// PageRank returns PageRank scores as NetworkX pagerank (S. Brin and L. Page, "The anatomy of
// a large-scale hypertextual Web search engine", 1998) by power iteration:
//
//	x′_v = α Σ_{u→v} x_u w_uv / W_u + α/n Σ_{u dangling} x_u + (1 − α)/n,
//
// with W_u the out-strength of u, dangling vertices (no out-arcs) spreading their mass
// uniformly, and undirected edges acting as two arcs. Scores sum to 1. Each iteration is
// O(n + m), pulling over in-arcs so it writes each x′_v once. It returns the number of
// iterations and an error when ctx is done or the iteration does not converge.
func PageRank(ctx context.Context, g *Graph, o PageRankOptions) ([]float64, int, error) {
	if o.Damping == 0 {
		o.Damping = 0.85
	}
	if o.Tolerance == 0 {
		o.Tolerance = 1e-10
	}
	if o.MaxIter == 0 {
		o.MaxIter = 1000
	}
	n := g.N
	if n == 0 {
		return nil, 0, nil
	}
	outW := make([]float64, n)
	for v := int32(0); v < int32(n); v++ {
		adj, w := g.Out(v)
		if o.Weighted {
			for _, x := range w {
				outW[v] += x
			}
		} else {
			outW[v] = float64(len(adj))
		}
	}
	x := make([]float64, n)
	next := make([]float64, n)
	scaled := make([]float64, n) // x_u / W_u
	for i := range x {
		x[i] = 1 / float64(n)
	}
	alpha := o.Damping
	inOff, inAdj := g.InOff, g.InAdj
	for iter := 1; iter <= o.MaxIter; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, iter, err
		}
		dangling := 0.0
		for u := 0; u < n; u++ {
			if outW[u] == 0 {
				dangling += x[u]
				scaled[u] = 0
			} else {
				scaled[u] = x[u] / outW[u]
			}
		}
		base := (alpha*dangling + (1 - alpha)) / float64(n)
		diff := 0.0
		for v := 0; v < n; v++ {
			s := 0.0
			lo, hi := inOff[v], inOff[v+1]
			if o.Weighted {
				for j := lo; j < hi; j++ {
					s += scaled[inAdj[j]] * g.InWeight(j)
				}
			} else {
				for _, u := range inAdj[lo:hi] {
					s += scaled[u]
				}
			}
			nv := alpha*s + base
			diff += math.Abs(nv - x[v])
			next[v] = nv
		}
		x, next = next, x
		if diff < float64(n)*o.Tolerance {
			return x, iter, nil
		}
	}
	return nil, o.MaxIter, errNoConvergence("PageRank", o.MaxIter)
}

type convergenceError struct {
	what string
	iter int
}

func (e convergenceError) Error() string {
	return e.what + " did not converge within the iteration limit"
}

func errNoConvergence(what string, iter int) error { return convergenceError{what, iter} }
