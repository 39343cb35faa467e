package network

import (
	"context"
	"sort"
)

// Relabel returns g with vertex v renamed perm[v], and the inverse permutation. Kernels that
// touch per-vertex arrays at random run faster when frequently visited vertices sit close in
// memory; see ByDegree.
func Relabel(g *Graph, perm []int32) (*Graph, []int32) {
	inv := make([]int32, g.N)
	for v, p := range perm {
		inv[p] = int32(v)
	}
	edges := make([]Edge, 0, len(g.OutAdj))
	for v := int32(0); v < int32(g.N); v++ {
		adj, w := g.Out(v)
		for i, u := range adj {
			if g.Directed || u > v {
				edges = append(edges, Edge{U: perm[v], V: perm[u], W: w[i]})
			}
		}
	}
	return Build(g.N, edges, g.Directed), inv
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

// relabelCtx is Relabel(g, ByDegree(g)) that returns as soon as ctx ends (the relabelling,
// O(m log m), finishes in the background and is dropped).
func relabelCtx(ctx context.Context, g *Graph) (*Graph, []int32, error) {
	type relabelled struct {
		g   *Graph
		inv []int32
	}
	done := make(chan relabelled, 1)
	go func() {
		r, inv := Relabel(g, ByDegree(g))
		done <- relabelled{r, inv}
	}()
	select {
	case r := <-done:
		return r.g, r.inv, nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}
