package network

import (
	"context"
	"math"
)

// StructuralHoles holds Burt's measures (R. S. Burt, Structural Holes, 1992) per vertex, NaN
// for isolates, as NetworkX constraint, effective_size and efficiency-by-degree.
type StructuralHoles struct {
	Constraint    []float64
	EffectiveSize []float64
	Efficiency    []float64 // effective size / number of neighbours
}

// Holes computes Burt's constraint and effective size with NetworkX's definitions. With the
// mutual weight a_uv + a_vu (arcs either way; 1 each when unweighted), p_uv its share of u's
// total and m_uv its ratio to u's largest:
//
//	constraint(v)     = Σ_{w∈N(v)} (p_vw + Σ_{q∈N(v)} p_vq p_qw)²
//	effective size(v) = Σ_{u∈N(v)} (1 − Σ_{w∈N(v)} p_vw m_uw)
//
// N(v) are v's neighbours either way. Both are undefined (NaN) for a vertex without
// successors, as in NetworkX. For an undirected unweighted graph the effective size
// equals n − 2t/n with t the ties among v's n neighbours (Borgatti's simplification, which
// NetworkX uses there). O(Σ_v deg(v)² log deg).
// It stops with ctx's error when ctx ends.
func Holes(ctx context.Context, g *Graph, weighted bool) (StructuralHoles, error) {
	n := g.N
	h := StructuralHoles{Constraint: make([]float64, n), EffectiveSize: make([]float64, n), Efficiency: make([]float64, n)}
	// Neighbour rows with mutual weights, merged from out- and in-rows.
	nbr := make([][]int32, n)
	mw := make([][]float64, n)
	total := make([]float64, n)
	maxw := make([]float64, n)
	for v := int32(0); v < int32(n); v++ {
		if err := stop(ctx, int(v)); err != nil {
			return h, err
		}
		out, ow := g.Out(v)
		in := g.In(v)
		var row []int32
		var wts []float64
		i, j := 0, 0
		lo := g.InOff[v]
		wOf := func(x float64) float64 {
			if weighted {
				return x
			}
			return 1
		}
		for i < len(out) || j < len(in) {
			switch {
			case j >= len(in) || (i < len(out) && out[i] < in[j]):
				row, wts = append(row, out[i]), append(wts, wOf(ow[i]))
				i++
			case i >= len(out) || in[j] < out[i]:
				row, wts = append(row, in[j]), append(wts, wOf(g.InWeight(lo+int32(j))))
				j++
			default:
				w := wOf(ow[i])
				if g.Directed {
					w += wOf(g.InWeight(lo + int32(j)))
				} else {
					w *= 2
				}
				row, wts = append(row, out[i]), append(wts, w)
				i++
				j++
			}
		}
		if !g.Directed {
			// Undirected rows list each neighbour once in both Out and In: count it twice
			// (a_uv + a_vu), as NetworkX's mutual weight does.
			row, wts = row[:0], wts[:0]
			for k, u := range out {
				row, wts = append(row, u), append(wts, 2*wOf(ow[k]))
			}
		}
		nbr[v], mw[v] = row, wts
		for _, w := range wts {
			total[v] += w
			maxw[v] = max(maxw[v], w)
		}
	}
	weightTo := func(u, x int32) float64 { // mutual weight u–x, 0 when not neighbours
		if k, ok := findInRow(nbr[u], x); ok {
			return mw[u][k]
		}
		return 0
	}
	steps := n + len(g.OutAdj) + len(g.InAdj) // the rows' merge
	defer func() { addSteps(ctx, steps) }()
	for v := int32(0); v < int32(n); v++ {
		if err := stop(ctx, int(v)); err != nil {
			return h, err
		}
		row := nbr[v]
		steps += 2*len(row)*len(row) + 1                   // a weight lookup per ordered pair of neighbours, twice
		if len(row) == 0 || g.OutOff[v+1] == g.OutOff[v] { // NetworkX: undefined without successors
			h.Constraint[v], h.EffectiveSize[v], h.Efficiency[v] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		c := 0.0
		for k, w := range row {
			pvw := mw[v][k] / total[v]
			indirect := 0.0
			for k2, q := range row {
				if q == w {
					continue
				}
				if wq := weightTo(q, w); wq != 0 {
					indirect += mw[v][k2] / total[v] * wq / total[q]
				}
			}
			c += (pvw + indirect) * (pvw + indirect)
		}
		h.Constraint[v] = c
		es := 0.0
		for _, u := range row {
			redundancy := 0.0
			for k2, w := range row {
				if w == u {
					continue
				}
				if wu := weightTo(u, w); wu != 0 {
					redundancy += mw[v][k2] / total[v] * wu / maxw[u]
				}
			}
			es += 1 - redundancy
		}
		h.EffectiveSize[v] = es
		h.Efficiency[v] = es / float64(len(row))
	}
	return h, nil
}
