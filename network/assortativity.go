package network

import (
	"context"
	"math"
)

// Assortativity by vertex attributes (Newman 2003, "Mixing patterns in networks", Phys. Rev. E
// 67, 026126), as NetworkX computes it: over every arc u→v of the graph (both directions of
// an undirected edge), unweighted, among the vertices that have a value — the subgraph they
// induce.

// AttributeAssortativity is Newman's assortativity coefficient of a categorical attribute,
// r = (Σ_i e_ii − Σ_i a_i b_i) / (1 − Σ_i a_i b_i), where e_ij is the share of arcs from
// class i to class j, a_i = Σ_j e_ij and b_j = Σ_i e_ij (NetworkX
// attribute_assortativity_coefficient). class[v] < 0 means v has no value. NaN when undefined
// (no arcs among valued vertices, or every arc within one class: Σ a_i b_i = 1).
func AttributeAssortativity(ctx context.Context, g *Graph, class []int32) float64 {
	addSteps(ctx, 3*g.N+len(g.OutAdj)) // the classes, the arcs, the sum over classes (k ≤ n)
	k := int32(0)
	for _, c := range class {
		k = max(k, c+1)
	}
	a := make([]float64, k)
	b := make([]float64, k)
	var diag, m float64
	for u := range int32(g.N) {
		cu := class[u]
		if cu < 0 {
			continue
		}
		adj, _ := g.Out(u)
		for _, v := range adj {
			cv := class[v]
			if cv < 0 {
				continue
			}
			m++
			a[cu]++
			b[cv]++
			if cu == cv {
				diag++
			}
		}
	}
	if m == 0 {
		return math.NaN()
	}
	var ab float64
	for i := range a {
		ab += (a[i] / m) * (b[i] / m)
	}
	if ab == 1 {
		return math.NaN()
	}
	return (diag/m - ab) / (1 - ab)
}

// NumericAssortativity is the Pearson correlation of x over the arcs u→v (x_u against x_v),
// Newman's r for a scalar attribute (NetworkX numeric_assortativity_coefficient). NaN in x
// means no value. NaN when undefined (no arcs among valued vertices, or no variance).
func NumericAssortativity(ctx context.Context, g *Graph, x []float64) float64 {
	addSteps(ctx, 2*(g.N+len(g.OutAdj))) // two passes over the arcs
	// Two passes: the means first, then centred sums, for accuracy to 1e-9 with large values.
	var m, sx, sy float64
	each := func(f func(xu, xv float64)) {
		for u := range int32(g.N) {
			xu := x[u]
			if math.IsNaN(xu) {
				continue
			}
			adj, _ := g.Out(u)
			for _, v := range adj {
				if xv := x[v]; !math.IsNaN(xv) {
					f(xu, xv)
				}
			}
		}
	}
	each(func(xu, xv float64) { m++; sx += xu; sy += xv })
	if m == 0 {
		return math.NaN()
	}
	mx, my := sx/m, sy/m
	var cov, vx, vy float64
	each(func(xu, xv float64) {
		dx, dy := xu-mx, xv-my
		cov += dx * dy
		vx += dx * dx
		vy += dy * dy
	})
	if vx == 0 || vy == 0 {
		return math.NaN()
	}
	return cov / math.Sqrt(vx*vy)
}
