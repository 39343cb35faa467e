package network

import (
	"context"
	"math"
)

// Eigenvector returns eigenvector centrality as NetworkX eigenvector_centrality (P. Bonacich,
// "Factoring and weighting approaches to status scores and clique identification", J. Math.
// Sociol. 2, 1972) on the undirected view of g: the unit-L2-norm principal eigenvector of the
// (weighted when asked) adjacency matrix A, found by power iteration on A + I from the uniform
// vector, stopping when Σ|x′ − x| < n·tol. The shift by I makes the iteration converge on
// bipartite graphs and, starting from the same vector, gives NetworkX's result on
// disconnected graphs too. O(n + m) per iteration.
func Eigenvector(ctx context.Context, g *Graph, weighted bool, tol float64, maxIter int) ([]float64, error) {
	u := g.Undirected()
	n := u.N
	if n == 0 {
		return nil, nil
	}
	if tol == 0 {
		tol = 1e-12
	}
	if maxIter == 0 {
		maxIter = 10000
	}
	x := make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	steps := 0
	defer func() { addSteps(ctx, steps) }()
	for iter := 0; iter < maxIter; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		steps += 2*n + len(u.OutAdj) // the product's rows and arcs, and the normalisation
		norm := 0.0
		for v := int32(0); v < int32(n); v++ {
			adj, w := u.Out(v)
			s := x[v]
			if weighted {
				for i, a := range adj {
					s += x[a] * w[i]
				}
			} else {
				for _, a := range adj {
					s += x[a]
				}
			}
			next[v] = s
			norm += s * s
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			norm = 1
		}
		diff := 0.0
		for v := range next {
			next[v] /= norm
			diff += math.Abs(next[v] - x[v])
		}
		x, next = next, x
		if diff < float64(n)*tol {
			return x, nil
		}
	}
	return nil, errNoConvergence("eigenvector centrality", maxIter)
}
