package network

import (
	"context"
	"math"
)

// Clustering returns the local clustering coefficient of every vertex on the undirected view
// of g, as NetworkX clustering on an undirected graph (D. J. Watts and S. H. Strogatz,
// "Collective dynamics of 'small-world' networks", Nature 393, 1998):
//
//	c_u = 2 T(u) / (deg(u)(deg(u) − 1)),
//
// with T(u) the triangles through u, and 0 when deg(u) < 2. Weighted, it is the geometric-mean
// form NetworkX uses (J. Saramäki et al., "Generalizations of the clustering coefficient to
// weighted complex networks", Phys. Rev. E 75, 2007):
//
//	c_u = 1/(deg(u)(deg(u) − 1)) Σ_{v,w} (ŵ_uv ŵ_uw ŵ_vw)^{1/3},   ŵ = w / max w.
//
// Triangles are counted by merging sorted neighbour rows: O(Σ_u Σ_{v∈N(u)} (deg u + deg v)).
// It stops with ctx's error when ctx ends.
func Clustering(ctx context.Context, g *Graph, weighted bool) ([]float64, error) {
	u := g.Undirected()
	n := u.N
	out := make([]float64, n)
	maxW := 0.0
	if weighted {
		for _, w := range u.OutW {
			maxW = max(maxW, w)
		}
	}
	steps := n + len(u.OutAdj)
	defer func() { addSteps(ctx, steps) }()
	for a := int32(0); a < int32(n); a++ {
		if err := stop(ctx, int(a)); err != nil {
			return nil, err
		}
		na, wa := u.Out(a)
		d := len(na)
		if d < 2 {
			continue
		}
		total := 0.0
		for i, b := range na {
			nb, wb := u.Out(b)
			steps += len(na) + len(nb) // the merge's bound
			// Merge the sorted rows of a and b to find common neighbours c.
			p, q := 0, 0
			for p < len(na) && q < len(nb) {
				switch {
				case na[p] < nb[q]:
					p++
				case na[p] > nb[q]:
					q++
				default:
					if weighted {
						total += math.Cbrt(wa[i] / maxW * wa[p] / maxW * wb[q] / maxW)
					} else {
						total++
					}
					p++
					q++
				}
			}
		}
		// total counts each triangle at a twice (ordered pairs b, c).
		out[a] = total / float64(d*(d-1))
	}
	return out, nil
}

// AverageClustering is the mean of Clustering over all vertices (NetworkX
// average_clustering with count_zeros=True); 0 for an empty graph.
func AverageClustering(ctx context.Context, g *Graph) (float64, error) {
	c, err := Clustering(ctx, g, false)
	return mean(c), err
}

// mean is the mean of xs, 0 for none.
func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
