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
	edges := make([]Edge, 0, len(ties))
	arcs := make([]Edge, 0, len(ties)*2)
	for _, t := range ties {
		e := Edge{U: t.U, V: t.V, W: t.W}
		edges = append(edges, e)
		arcs = append(arcs, e)
		if !t.Directed {
			arcs = append(arcs, Edge{U: t.V, V: t.U, W: t.W})
		}
	}
	return Build(n, edges, false), Build(n, arcs, true)
}
