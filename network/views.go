package network

// Tie is a partnership between vertices U and V as the network views see it: Directed ties
// are flows U→V, the others mutual.
type Tie struct {
	U, V     int32
	W        float64
	Directed bool
}

// Views builds design.md's two network views from the same ties: the UNDIRECTED view (every
// tie an edge) and the DIRECTED view (a directed tie one arc, a mutual tie two arcs). Parallel
// edges merge with weights summed; self-loops are dropped.
func Views(n int, ties []Tie) (undirected, directed *Graph) {
	return UndirectedView(n, ties), DirectedView(n, ties)
}

// UndirectedView is Views' undirected view alone: every tie an edge. Ties sorted by their
// unordered pair give rows that need no sorting.
func UndirectedView(n int, ties []Tie) *Graph {
	edges := make([]Edge, len(ties))
	for i, t := range ties {
		u, v := t.U, t.V
		if u > v {
			u, v = v, u
		}
		edges[i] = Edge{U: u, V: v, W: t.W}
	}
	return Build(n, edges, false)
}

// DirectedView is Views' directed view alone: a directed tie an arc, an undirected one an arc
// each way.
func DirectedView(n int, ties []Tie) *Graph {
	arcs := make([]Edge, 0, len(ties)*2)
	for _, t := range ties {
		arcs = append(arcs, Edge{U: t.U, V: t.V, W: t.W})
		if !t.Directed {
			arcs = append(arcs, Edge{U: t.V, V: t.U, W: t.W})
		}
	}
	return Build(n, arcs, true)
}
