package network

import (
	"context"
	"math"
	"sync"
)

// PageRankOptions configure PageRank.
type PageRankOptions struct {
	Damping float64 // α, default 0.85
	// Tolerance stops the iteration when Σ|x′ − x| < n·Tolerance (NetworkX's test); default
	// 1e-12, so that scores are within 1e-9 of the fixed point (the L1 error after a step is at
	// most α/(1 − α)·Σ|x′ − x|).
	Tolerance float64
	MaxIter   int  // default 1000
	Weighted  bool // arc weights as transition strengths (else every arc weighs 1)
}

// PageRank returns PageRank scores as NetworkX pagerank (S. Brin and L. Page, "The anatomy of
// a large-scale hypertextual Web search engine", 1998) by power iteration:
//
//	x′_v = α Σ_{u→v} x_u w_uv / W_u + α/n Σ_{u dangling} x_u + (1 − α)/n,
//
// with W_u the out-strength of u, dangling vertices (no out-arcs) spreading their mass
// uniformly, and undirected edges acting as two arcs. Scores sum to 1. Each iteration is
// O(n + m), pulling over in-arcs so it writes each x′_v once, in parallel blocks of vertices. It returns the number of
// iterations and an error when ctx is done or the iteration does not converge.
func PageRank(ctx context.Context, g *Graph, o PageRankOptions) ([]float64, int, error) {
	if o.Damping == 0 {
		o.Damping = 0.85
	}
	if o.Tolerance == 0 {
		o.Tolerance = 1e-12
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
	// Vertices are split into one contiguous block per worker; each pulls its block's new
	// scores and reports its part of the L1 change, so an iteration is one parallel pass.
	workers := max(1, min(Workers(), n/4096))
	diffs := make([]float64, workers)
	var wg sync.WaitGroup
	pull := func(part int, base float64) {
		lo, hi := n*part/workers, n*(part+1)/workers
		diff := 0.0
		for v := lo; v < hi; v++ {
			s := 0.0
			a, b := inOff[v], inOff[v+1]
			if o.Weighted {
				for j := a; j < b; j++ {
					s += scaled[inAdj[j]] * g.InWeight(j)
				}
			} else {
				for _, u := range inAdj[a:b] {
					s += scaled[u]
				}
			}
			nv := alpha*s + base
			diff += math.Abs(nv - x[v])
			next[v] = nv
		}
		diffs[part] = diff
	}
	steps := n + len(g.OutAdj) // the out-weights
	defer func() { addSteps(ctx, steps) }()
	for iter := 1; iter <= o.MaxIter; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, iter, err
		}
		steps += 2*n + len(inAdj) // the scaled scores, the pull's rows and arcs
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
		if workers == 1 {
			pull(0, base)
		} else {
			wg.Add(workers)
			for p := 0; p < workers; p++ {
				go func(p int) {
					defer wg.Done()
					pull(p, base)
				}(p)
			}
			wg.Wait()
		}
		diff := 0.0
		for _, d := range diffs {
			diff += d
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
