package network

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestCensusMatchesSnaSums: the census's closed forms over the groups' power sums equal sna's
// sums over pairs and triples of groups (written out below as sna's brokerage() has them, the
// O(k³) form the census used before) on random graphs and groupings — one giant group, a value
// per vertex, and everything between. R sna's own values are checked in oracle_test.go.
func TestCensusMatchesSnaSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 40 {
		n := 5 + rng.IntN(60)
		var edges []Edge
		for range n * (1 + rng.IntN(4)) {
			u, v := int32(rng.IntN(n)), int32(rng.IntN(n))
			if u != v {
				edges = append(edges, Edge{U: u, V: v, W: 1})
			}
		}
		g := Build(n, edges, true)
		k := 1 + rng.IntN(n)
		if trial%5 == 0 {
			k = n // a value per vertex
		}
		group := make([]int32, n)
		for v := range group {
			group[v] = int32(rng.IntN(k))
		}
		roles, err := BrokerageRoles(context.Background(), g, group)
		if err != nil {
			t.Fatal(err)
		}
		got, gotPer, err := Census(context.Background(), g, group, k, roles)
		if err != nil {
			t.Fatal(err)
		}
		want, wantPer, _ := censusBySums(context.Background(), g, group, k, roles)
		close := func(what string, a, b float64) {
			if !(math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))) && !(math.IsNaN(a) && math.IsNaN(b)) {
				t.Errorf("trial %d (n %d, k %d) %s: %v, sna's sums give %v", trial, n, k, what, a, b)
			}
		}
		for r := range roleCount {
			close("expected", got.Expected[r], want.Expected[r])
			close("sd", got.SD[r], want.SD[r])
			for i := range gotPer {
				close("group expected", gotPer[i].Expected[r], wantPer[i].Expected[r])
				close("group sd", gotPer[i].SD[r], wantPer[i].SD[r])
			}
		}
	}
}

// censusBySums is sna's census as its formulas write it, over pairs and triples of groups.
func censusBySums(ctx context.Context, g *Graph, group []int32, groups int, roles [][roleCount]float64) (BrokerageCensus, []BrokerageExpectation, error) {
	var c BrokerageCensus
	for _, r := range roles {
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
	q := d * d * (1 - d) // probability of an open two-path through given vertices
	q3 := math.Pow(d, 3) * math.Pow(1-d, 3)
	choose2 := func(x float64) float64 { return x * (x - 1) / 2 }
	per := make([]BrokerageExpectation, groups)
	for i := range n {
		ni := n[i]
		var e, v [roleCount]float64
		e[0] = q * (ni - 1) * (ni - 2)
		v[0] = e[0]*(1-q) + 2*(ni-1)*(ni-2)*(ni-3)*q3
		s1, s2, s3 := 0.0, 0.0, 0.0
		for k, nk := range n {
			if k == i {
				continue
			}
			s1 += nk * (nk - 1)
			s2 += nk * (nk - 1) * (nk - 2)
			s3 += nk * choose2(N-nk-ni)
		}
		e[1] = q * s1
		v[1] = e[1]*(1-q) + 2*s2*q3
		e[2] = q * (N - ni) * (ni - 1)
		v[2] = e[2]*(1-q) + 2*((ni-1)*choose2(N-ni)+(N-ni)*choose2(ni-1))*q3
		e[3], v[3] = e[2], v[2]
		outer, sq := 0.0, 0.0
		for k, nk := range n {
			if k == i {
				continue
			}
			sq += nk * nk
			for l, nl := range n {
				if l != i {
					outer += nk * nl
				}
			}
		}
		e[4] = q * (outer - sq)
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
	for _, x := range n {
		eg[0] += x * (x - 1) * (x - 2)
		vg[0] += x * (x - 1) * (x - 2) * ((4*x-10)*d3 - 4*(x-3)*d4 + (x-3)*d5)
		eg[1] += x * (N - x) * (x - 1)
		eg[2] += x * (N - x) * (x - 1)
		vg[2] += x * (N - x) * (x - 1) * ((N-3)*d3 + (x-2)*d5)
	}
	eg[0] *= q
	vg[0] += eg[0] * (1 - q)
	eg[1] *= q
	v1 := 0.0
	for _, x := range n {
		for _, y := range n {
			v1 += x * y * (x - 1) * ((2*x+2*y-6)*d3 + (N-x-1)*d5)
		}
		v1 -= x * x * (x - 1) * ((4*x-6)*d3 + (N-x-1)*d5)
	}
	vg[1] = eg[1]*(1-q) + v1
	eg[2] *= q
	vg[2] += eg[2] * (1 - q)
	eg[3], vg[3] = eg[2], vg[2]
	o5 := 0.0
	for _, x := range n {
		for _, y := range n {
			o5 += x * y * (N - x - y)
		}
		o5 -= x * x * (N - 2*x)
	}
	eg[4] = q * o5
	vg[4] = eg[4] * (1 - q)
	for i, ni := range n {
		if err := ctx.Err(); err != nil {
			return c, nil, err
		}
		for j, nj := range n {
			for k, nk := range n {
				if i != j && j != k && i != k {
					vg[4] += ni * nj * nk * ((4*(N-nj)-2*(ni+nk+1))*d3 - (4*(N-nk)-2*(ni+nj+1))*d4 + (N-(ni+nk+1))*d5)
				}
			}
		}
	}
	eg[5] = q * N * (N - 1) * (N - 2)
	vg[5] = eg[5]*(1-q) + N*(N-1)*(N-2)*((4*N-10)*d3-4*(N-3)*d4+(N-3)*d5)
	c.Expected = eg
	for k := range vg {
		c.SD[k] = math.Sqrt(vg[k])
		c.Z[k] = (c.Observed[k] - eg[k]) / c.SD[k]
	}
	return c, per, nil
}
