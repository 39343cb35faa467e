// Package network holds stakegraph's graph algorithms: pure Go over immutable CSR (compressed
// sparse row) adjacency arrays with int32 vertex indices and float64 weights. It does no I/O
// and knows nothing of Neo4j or GraphQL.
//
// Every measure is defined to agree with a reference implementation (NetworkX unless a file
// says otherwise); each file states the formula, the paper and the complexity. Long
// computations check their context between sources or iterations and return ctx.Err() when
// the request is cancelled or times out.
package network

import (
	"sort"
)

// Edge is an input tie between vertices U and V with weight W > 0.
type Edge struct {
	U, V int32
	W    float64
}

// Graph is an immutable graph in CSR form. For an undirected graph every edge appears in both
// endpoints' rows and In* alias Out*. For a directed graph Out* holds successors and In*
// predecessors; an in-arc keeps the position of the same arc in the out-rows (InRef) instead
// of a second copy of its weight, which keeps a directed view at 20 bytes per arc. Rows are
// sorted by neighbour; parallel edges are merged (weights summed) and self-loops dropped, as
// design.md's network views require.
type Graph struct {
	N        int
	Directed bool
	OutOff   []int32 // len N+1: row v is OutAdj[OutOff[v]:OutOff[v+1]]
	OutAdj   []int32
	OutW     []float64
	InOff    []int32
	InAdj    []int32
	InRef    []int32 // directed only: InAdj[j]→v is the arc OutAdj[InRef[j]]; nil when undirected
}

// Build returns the graph on n vertices with the given edges. Undirected: each edge is a
// mutual tie. Directed: each edge is one arc U→V (a mutual tie must be given as two arcs).
func Build(n int, edges []Edge, directed bool) *Graph {
	g := &Graph{N: n, Directed: directed}
	if directed {
		g.OutOff, g.OutAdj, g.OutW = buildRows(n, edges, false, false)
		g.buildIn()
	} else {
		g.OutOff, g.OutAdj, g.OutW = buildRows(n, edges, false, true)
		g.InOff, g.InAdj = g.OutOff, g.OutAdj
	}
	return g
}

// buildIn derives the in-rows of a directed graph from its out-rows by a counting sort on
// the target; scanning sources in order leaves every in-row sorted.
func (g *Graph) buildIn() {
	n := g.N
	g.InOff = make([]int32, n+1)
	for _, u := range g.OutAdj {
		g.InOff[u+1]++
	}
	for v := 0; v < n; v++ {
		g.InOff[v+1] += g.InOff[v]
	}
	g.InAdj = make([]int32, len(g.OutAdj))
	g.InRef = make([]int32, len(g.OutAdj))
	pos := make([]int32, n)
	copy(pos, g.InOff[:n])
	for v := int32(0); v < int32(n); v++ {
		for j := g.OutOff[v]; j < g.OutOff[v+1]; j++ {
			u := g.OutAdj[j]
			g.InAdj[pos[u]] = v
			g.InRef[pos[u]] = j
			pos[u]++
		}
	}
}

// buildRows makes CSR rows keyed by U (or by V when reverse), both ways when both.
func buildRows(n int, edges []Edge, reverse, both bool) ([]int32, []int32, []float64) {
	off := make([]int32, n+1)
	for _, e := range edges {
		if e.U == e.V {
			continue
		}
		if reverse {
			off[e.V+1]++
		} else {
			off[e.U+1]++
		}
		if both {
			off[e.V+1]++
		}
	}
	for v := 0; v < n; v++ {
		off[v+1] += off[v]
	}
	adj := make([]int32, off[n])
	w := make([]float64, off[n])
	pos := make([]int32, n)
	copy(pos, off[:n])
	put := func(from, to int32, wt float64) {
		adj[pos[from]] = to
		w[pos[from]] = wt
		pos[from]++
	}
	for _, e := range edges {
		if e.U == e.V {
			continue
		}
		if reverse {
			put(e.V, e.U, e.W)
		} else {
			put(e.U, e.V, e.W)
		}
		if both {
			put(e.V, e.U, e.W)
		}
	}
	// Sort each row and merge parallel entries, compacting in place.
	out := int32(0)
	newOff := make([]int32, n+1)
	for v := 0; v < n; v++ {
		lo, hi := off[v], off[v+1]
		row := rowSorter{adj[lo:hi], w[lo:hi]}
		if !sort.IsSorted(row) {
			sort.Sort(row)
		}
		newOff[v] = out
		for i := lo; i < hi; i++ {
			if i > lo && adj[i] == adj[i-1] {
				w[out-1] += w[i]
				continue
			}
			adj[out] = adj[i]
			w[out] = w[i]
			out++
		}
	}
	newOff[n] = out
	return newOff, adj[:out:out], w[:out:out]
}

type rowSorter struct {
	adj []int32
	w   []float64
}

func (r rowSorter) Len() int           { return len(r.adj) }
func (r rowSorter) Less(i, j int) bool { return r.adj[i] < r.adj[j] }
func (r rowSorter) Swap(i, j int) {
	r.adj[i], r.adj[j] = r.adj[j], r.adj[i]
	r.w[i], r.w[j] = r.w[j], r.w[i]
}

// EdgeCount is the number of edges: undirected edges once, directed arcs once.
func (g *Graph) EdgeCount() int {
	if g.Directed {
		return len(g.OutAdj)
	}
	return len(g.OutAdj) / 2
}

// Out returns v's successors (neighbours when undirected) and the weights.
func (g *Graph) Out(v int32) ([]int32, []float64) {
	lo, hi := g.OutOff[v], g.OutOff[v+1]
	return g.OutAdj[lo:hi], g.OutW[lo:hi]
}

// Tied reports whether u and v are joined in either direction (rows are sorted).
func (g *Graph) Tied(u, v int32) bool {
	adj, _ := g.Out(u)
	if hasNeighbour(adj, v) {
		return true
	}
	adj, _ = g.Out(v)
	return hasNeighbour(adj, u)
}

// In returns v's predecessors (neighbours when undirected).
func (g *Graph) In(v int32) []int32 {
	return g.InAdj[g.InOff[v]:g.InOff[v+1]]
}

// InWeight is the weight of in-arc j (an index into InAdj).
func (g *Graph) InWeight(j int32) float64 {
	if g.InRef == nil {
		return g.OutW[j]
	}
	return g.OutW[g.InRef[j]]
}

// Reverse returns the graph with every arc reversed (the same graph when undirected). It
// shares the adjacency arrays and materialises the reversed out-weights.
func (g *Graph) Reverse() *Graph {
	if !g.Directed {
		return g
	}
	w := make([]float64, len(g.InAdj))
	for j := range w {
		w[j] = g.OutW[g.InRef[j]]
	}
	r := &Graph{N: g.N, Directed: true, OutOff: g.InOff, OutAdj: g.InAdj, OutW: w}
	r.buildIn()
	return r
}

// Undirected returns the undirected view of g: an arc either way becomes one edge, and the
// weights of both directions are summed (as design.md merges parallel partnerships).
func (g *Graph) Undirected() *Graph {
	if !g.Directed {
		return g
	}
	edges := make([]Edge, 0, len(g.OutAdj))
	for v := int32(0); v < int32(g.N); v++ {
		adj, w := g.Out(v)
		for i, u := range adj {
			edges = append(edges, Edge{U: v, V: u, W: w[i]})
		}
	}
	return Build(g.N, edges, false)
}

// Bytes is the memory the graph's arrays take.
func (g *Graph) Bytes() int64 {
	b := int64(cap(g.OutOff))*4 + int64(cap(g.OutAdj))*4 + int64(cap(g.OutW))*8
	if g.Directed {
		b += int64(cap(g.InOff))*4 + int64(cap(g.InAdj))*4 + int64(cap(g.InRef))*4
	}
	return b
}
