package network

import "sort"

// Relabel returns g with vertex v renamed perm[v], and the inverse permutation. Kernels that
// touch per-vertex arrays at random run faster when frequently visited vertices sit close in
// memory; see ByDegree.
func Relabel(g *Graph, perm []int32) (*Graph, []int32) {
	n := g.N
	inv := make([]int32, n)
	for v, p := range perm {
		inv[p] = int32(v)
	}
	rows := func(off, adj []int32, w []float64) ([]int32, []int32, []float64) {
		nOff := make([]int32, n+1)
		for p := 0; p < n; p++ {
			v := inv[p]
			nOff[p+1] = nOff[p] + off[v+1] - off[v]
		}
		nAdj := make([]int32, len(adj))
		nW := make([]float64, len(w))
		for p := 0; p < n; p++ {
			v := inv[p]
			row := rowSorter{nAdj[nOff[p]:nOff[p+1]], nW[nOff[p]:nOff[p+1]]}
			for i, u := range adj[off[v]:off[v+1]] {
				row.adj[i] = perm[u]
				row.w[i] = w[off[v]+int32(i)]
			}
			sort.Sort(row)
		}
		return nOff, nAdj, nW
	}
	r := &Graph{N: n, Directed: g.Directed}
	r.OutOff, r.OutAdj, r.OutW = rows(g.OutOff, g.OutAdj, g.OutW)
	if g.Directed {
		r.InOff, r.InAdj, r.InW = rows(g.InOff, g.InAdj, g.InW)
	} else {
		r.InOff, r.InAdj, r.InW = r.OutOff, r.OutAdj, r.OutW
	}
	return r, inv
}

// ByDegree is the permutation that numbers vertices by descending degree (ties by index), so
// hubs, which every search touches, share cache lines.
func ByDegree(g *Graph) []int32 {
	order := make([]int32, g.N)
	for i := range order {
		order[i] = int32(i)
	}
	deg := func(v int32) int32 { return g.OutOff[v+1] - g.OutOff[v] + g.InOff[v+1] - g.InOff[v] }
	sort.SliceStable(order, func(a, b int) bool { return deg(order[a]) > deg(order[b]) })
	perm := make([]int32, g.N)
	for p, v := range order {
		perm[v] = int32(p)
	}
	return perm
}
