package network

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
)

// Brokerage roles (Gould and Fernandez, "Structures of mediation: a formal approach to
// brokerage in transaction networks", Sociological Methodology 19, 1989), in the order and
// with the names of R sna::brokerage.
const (
	Coordinator    = iota // w_I: i, v, j all in one group
	Itinerant             // w_O: i and j in one group, v in another
	Representative        // b_IO: v in i's group, j in another
	Gatekeeper            // b_OI: v in j's group, i in another
	Liaison               // b_O: i, v, j in three groups
	Total                 // t
	roleCount
)

// RoleNames are sna's names for the roles.
var RoleNames = [roleCount]string{"w_I", "w_O", "b_IO", "b_OI", "b_O", "t"}

// BrokerageRoles counts, for every vertex v, the open two-paths i→v→j (i ≠ j, no arc i→j) it
// brokers, by role, exactly as R sna::brokerage's raw.nli; group[v] is v's group. An
// undirected graph counts each two-path both ways. O(Σ_v in(v)·out(v)·log deg) with sorted
// rows for the i→j test, parallel over blocks of brokers.
// It stops with ctx's error when ctx ends.
func BrokerageRoles(ctx context.Context, g *Graph, group []int32) ([][roleCount]float64, error) {
	out := make([][roleCount]float64, g.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	const block = 256
	for w := 0; w < Workers(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			steps := 0
			defer func() { addSteps(ctx, steps) }()
			for {
				lo := int32(next.Add(block) - block)
				if int(lo) >= g.N || ctx.Err() != nil {
					return
				}
				for v := lo; v < min(lo+block, int32(g.N)); v++ {
					steps += brokerageOf(g, group, v, &out[v])
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// brokerageOf counts v's roles into r and returns its steps (the pairs of an in- and an
// out-neighbour it tests, and its rows).
func brokerageOf(g *Graph, group []int32, v int32, r *[roleCount]float64) (steps int) {
	gv := group[v]
	outs, _ := g.Out(v)
	ins := g.In(v)
	steps = len(ins)*len(outs) + len(ins) + len(outs) + 1
	for _, i := range ins {
		gi := group[i]
		irow, _ := g.Out(i)
		for _, j := range outs {
			if i == j || hasNeighbour(irow, j) {
				continue
			}
			r[roleOf(gi, gv, group[j])]++
		}
	}
	for k := 0; k < Total; k++ {
		r[Total] += r[k]
	}
	return steps
}

func roleOf(gi, gv, gj int32) int {
	switch {
	case gi == gv && gv == gj:
		return Coordinator
	case gi == gj:
		return Itinerant
	case gv == gi:
		return Representative
	case gv == gj:
		return Gatekeeper
	default:
		return Liaison
	}
}

// hasNeighbour reports whether the sorted row contains x.
func hasNeighbour(row []int32, x int32) bool {
	_, ok := findInRow(row, x)
	return ok
}

// findInRow binary-searches a sorted adjacency row for x.
func findInRow(row []int32, x int32) (int, bool) {
	lo, hi := 0, len(row)
	for lo < hi {
		m := (lo + hi) / 2
		if row[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(row) && row[lo] == x
}

// BrokeredPairs counts the open two-paths i→v→j (no arc i→j) that v brokers between vertices
// of different groups, per unordered pair of groups (lower index first).
func BrokeredPairs(ctx context.Context, g *Graph, group []int32, v int32) map[[2]int32]int {
	counts := map[[2]int32]int{}
	outs, _ := g.Out(v)
	ins := g.In(v)
	addSteps(ctx, len(ins)*len(outs)+len(ins)+len(outs)+1)
	for _, i := range ins {
		irow, _ := g.Out(i)
		for _, j := range outs {
			gi, gj := group[i], group[j]
			if i == j || gi == gj || hasNeighbour(irow, j) {
				continue
			}
			counts[[2]int32{min(gi, gj), max(gi, gj)}]++
		}
	}
	return counts
}

// BrokerageCensus is the network-level brokerage census with expectations and z-scores
// under the random-assignment model, as sna::brokerage's raw.gli, exp.gli, sd.gli, z.gli.
type BrokerageCensus struct {
	Observed, Expected, SD, Z [roleCount]float64
}

// BrokerageExpectation is a vertex's expected role counts and their standard deviations
// (sna's exp.nli, sd.nli), which depend only on its group's size.
type BrokerageExpectation struct {
	Expected, SD [roleCount]float64
}

// Census computes the network census and, per group, the expected counts of a vertex of
// that group, with sna's formulas: density d = m / (N(N − 1)) over the m arcs (an undirected
// edge is two), group sizes n_k.
//
// sna writes the variances as sums over pairs and triples of groups; here they are rewritten
// with the groups' power sums P_r = Σ n_k^r and the elementary symmetric sum
// e3 = Σ_{i<j<k} n_i n_j n_k (built term by term, so no large numbers cancel), which makes the
// census O(N + k) in the k groups instead of O(k³): a grouping with a value per actor costs no
// more than the roles themselves. Stops with ctx's error when ctx ends.
func Census(ctx context.Context, g *Graph, group []int32, groups int, roles [][roleCount]float64) (BrokerageCensus, []BrokerageExpectation, error) {
	var c BrokerageCensus
	for i, r := range roles {
		if err := stop(ctx, i); err != nil {
			return c, nil, err
		}
		for k := range r {
			c.Observed[k] += r[k]
		}
	}
	N := float64(g.N)
	arcs := float64(len(g.OutAdj))
	d := 0.0
	if g.N > 1 {
		d = arcs / (N * (N - 1))
	}
	n := make([]float64, groups)
	for _, x := range group {
		n[x]++
	}
	// Power sums, the falling-factorial sums of the per-group terms, and e1, e2, e3.
	var p2, p3, f2, f3, e1, e2, e3 float64
	for _, x := range n {
		p2 += x * x
		p3 += x * x * x
		f2 += x * (x - 1)
		f3 += x * (x - 1) * (x - 2)
		e3 += x * e2
		e2 += x * e1
		e1 += x
	}
	q := d * d * (1 - d) // probability of an open two-path through given vertices
	q3 := math.Pow(d, 3) * math.Pow(1-d, 3)
	choose2 := func(x float64) float64 { return x * (x - 1) / 2 }
	per := make([]BrokerageExpectation, groups)
	for i, ni := range n {
		if err := stop(ctx, i); err != nil {
			return c, nil, err
		}
		var e, v [roleCount]float64
		e[0] = q * (ni - 1) * (ni - 2)
		v[0] = e[0]*(1-q) + 2*(ni-1)*(ni-2)*(ni-3)*q3
		// Over the other groups k: Σ n_k(n_k − 1), Σ n_k(n_k − 1)(n_k − 2), and
		// Σ n_k·C(N − n_k − n_i, 2) = ½[(a² − a)Σn_k + (1 − 2a)Σn_k² + Σn_k³] with a = N − n_i.
		s1 := f2 - ni*(ni-1)
		s2 := f3 - ni*(ni-1)*(ni-2)
		a := N - ni
		s3 := ((a*a-a)*(N-ni) + (1-2*a)*(p2-ni*ni) + (p3 - ni*ni*ni)) / 2
		e[1] = q * s1
		v[1] = e[1]*(1-q) + 2*s2*q3
		e[2] = q * (N - ni) * (ni - 1)
		v[2] = e[2]*(1-q) + 2*((ni-1)*choose2(N-ni)+(N-ni)*choose2(ni-1))*q3
		e[3], v[3] = e[2], v[2]
		// Σ_{k,l ≠ i} n_k n_l − Σ_{k ≠ i} n_k² = (N − n_i)² − (P2 − n_i²).
		e[4] = q * ((N-ni)*(N-ni) - (p2 - ni*ni))
		v[4] = e[4]*(1-q) + 4*s3*q3
		e[5] = q * (N - 1) * (N - 2)
		v[5] = e[5]*(1-q) + 2*(N-1)*(N-2)*(N-3)*q3
		per[i].Expected = e
		for k := range v {
			per[i].SD[k] = math.Sqrt(v[k])
		}
	}
	// Network level (egbr, vgbr in sna).
	d3, d4, d5 := q3, math.Pow(d, 4)*math.Pow(1-d, 2), math.Pow(d, 5)*(1-d)
	var eg, vg [roleCount]float64
	// Distinct ordered triples of groups: T111 = Σ n_i n_j n_k = 6·e3, and
	// T21 = Σ n_i² n_j n_k = 2 Σ_i n_i²·(e2 − n_i(N − n_i)) (the pairs not touching i).
	t111, t21 := 6*e3, 0.0
	v1, o5 := 0.0, 0.0
	for i, x := range n {
		if err := stop(ctx, i); err != nil {
			return c, nil, err
		}
		eg[0] += x * (x - 1) * (x - 2)
		vg[0] += x * (x - 1) * (x - 2) * ((4*x-10)*d3 - 4*(x-3)*d4 + (x-3)*d5)
		eg[1] += x * (N - x) * (x - 1)
		eg[2] += x * (N - x) * (x - 1)
		vg[2] += x * (N - x) * (x - 1) * ((N-3)*d3 + (x-2)*d5)
		// Over the other groups y (sna sums over all of them and takes the group's own term
		// off; summing the others directly keeps a lone group's terms exactly 0):
		// Σ x·y·(x − 1)·((2x + 2y − 6)d3 + (N − x − 1)d5) and Σ x·y·(N − x − y), with
		// Σy = N − x and Σy² = P2 − x².
		v1 += x * (x - 1) * (((2*x-6)*(N-x)+2*(p2-x*x))*d3 + (N-x-1)*(N-x)*d5)
		o5 += x * ((N-x)*(N-x) - (p2 - x*x))
		t21 += 2 * x * x * (e2 - x*(N-x))
	}
	eg[0] *= q
	vg[0] += eg[0] * (1 - q)
	eg[1] *= q
	vg[1] = eg[1]*(1-q) + v1
	eg[2] *= q
	vg[2] += eg[2] * (1 - q)
	eg[3], vg[3] = eg[2], vg[2]
	eg[4] = q * o5
	// Σ over distinct (i, j, k) of n_i n_j n_k [(4(N − n_j) − 2(n_i + n_k + 1))d3 −
	// (4(N − n_k) − 2(n_i + n_j + 1))d4 + (N − (n_i + n_k + 1))d5], by symmetry of the triples.
	vg[4] = eg[4]*(1-q) + ((4*N-2)*t111-8*t21)*(d3-d4) + ((N-1)*t111-2*t21)*d5
	eg[5] = q * N * (N - 1) * (N - 2)
	vg[5] = eg[5]*(1-q) + N*(N-1)*(N-2)*((4*N-10)*d3-4*(N-3)*d4+(N-3)*d5)
	c.Expected = eg
	for k := range vg {
		c.SD[k] = math.Sqrt(vg[k])
		c.Z[k] = (c.Observed[k] - eg[k]) / c.SD[k]
	}
	addSteps(ctx, roleCount*len(roles)+len(group)+3*groups) // the roles' sums, group sizes, three passes over the groups
	return c, per, nil
}
