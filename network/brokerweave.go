package network

import (
	"context"
	"slices"
)

// WeaveBrokerDependence picks up to k ties (pairs not tied in undirected) greedily to lower
// the largest group-pair betweenness between groups a and b on view (Largest of
// GroupPairBetweenness): each step evaluates every allowed candidate by recomputing the
// group-pair betweenness with it, at most maxEvaluations of them (ErrTooManyCandidates
// beyond), and stops when no candidate lowers it. The goal is neither monotone nor
// submodular: each pick is exact, the k-set has no bound. O(k · candidates · n·m).
func WeaveBrokerDependence(ctx context.Context, view, undirected *Graph, group []int32, a, b int32, k int, allowed Candidates, maxEvaluations int) ([]Pick, error) {
	directed := view.Directed
	var base []Edge
	for u := int32(0); u < int32(view.N); u++ {
		adj, w := view.Out(u)
		for i, v := range adj {
			if directed || u < v {
				base = append(base, Edge{U: u, V: v, W: w[i]})
			}
		}
	}
	value := func(edges []Edge) (float64, error) {
		g := Build(view.N, edges, directed)
		addSteps(ctx, 2*linear(g)) // the edges, and the graph's rows
		scores, err := GroupPairBetweenness(ctx, g, group, a, b, false)
		return Largest(scores), err
	}
	var picks []Pick
	picked := map[[2]int32]bool{}
	edges := base
	for len(picks) < k {
		current, err := value(edges)
		if err != nil {
			return nil, err
		}
		var cands [][2]int32
		addSteps(ctx, view.N*view.N/2) // the candidate scan
		for u := int32(0); u < int32(view.N); u++ {
			for v := u + 1; v < int32(view.N); v++ {
				if !picked[[2]int32{u, v}] && !undirected.Tied(u, v) && (allowed == nil || allowed(u, v)) {
					if len(cands) == maxEvaluations {
						return nil, ErrTooManyCandidates
					}
					cands = append(cands, [2]int32{u, v})
				}
			}
		}
		best := Pick{}
		for _, c := range cands {
			add := []Edge{{U: c[0], V: c[1], W: 1}}
			if directed {
				add = append(add, Edge{U: c[1], V: c[0], W: 1})
			}
			after, err := value(append(slices.Clip(edges), add...))
			if err != nil {
				return nil, err
			}
			if gain := current - after; gain > best.Gain+1e-12 {
				best = Pick{U: c[0], V: c[1], Gain: gain}
			}
		}
		if !(best.Gain > 0) {
			break
		}
		picks = append(picks, best)
		picked[[2]int32{best.U, best.V}] = true
		edges = append(slices.Clip(edges), Edge{U: best.U, V: best.V, W: 1})
		if directed {
			edges = append(edges, Edge{U: best.V, V: best.U, W: 1})
		}
	}
	return picks, nil
}

// Largest is the largest of scores, 0 for none (group-pair betweenness is never negative): the
// dependence on one broker.
func Largest(scores []float64) float64 {
	best := 0.0
	for _, x := range scores {
		best = max(best, x)
	}
	return best
}
