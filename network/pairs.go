package network

// Small graph kernels shared by the analytics: unordered vertex pairs as keys, a union–find
// that resets only what it touched, and a breadth-first search bounded in hops that keeps its
// last source's distances.

// PairKey is an unordered vertex pair's key, the smaller vertex first: sorting keys sorts
// pairs by their smaller, then their larger vertex.
func PairKey(u, v int32) uint64 {
	if u > v {
		u, v = v, u
	}
	return uint64(u)<<32 | uint64(uint32(v))
}

// PairOf splits a PairKey into its vertices, the smaller first.
func PairOf(k uint64) (u, v int32) { return int32(k >> 32), int32(uint32(k)) }

// UnionFind is a disjoint-set forest over n vertices with path halving (R. E. Tarjan and J. van
// Leeuwen, "Worst-case analysis of set union algorithms", JACM 31, 1984). Reset returns the
// vertices a caller touched to singletons, so one forest serves many small unions in O(touched)
// each rather than O(n).
type UnionFind struct{ parent []int32 }

// NewUnionFind returns n singletons.
func NewUnionFind(n int) *UnionFind {
	u := &UnionFind{parent: make([]int32, n)}
	for v := range u.parent {
		u.parent[v] = int32(v)
	}
	return u
}

// Find returns v's representative.
func (u *UnionFind) Find(v int32) int32 {
	p := u.parent
	for p[v] != v {
		p[v] = p[p[v]]
		v = p[v]
	}
	return v
}

// Union joins a's and b's sets and reports whether they were apart.
func (u *UnionFind) Union(a, b int32) bool {
	ra, rb := u.Find(a), u.Find(b)
	if ra == rb {
		return false
	}
	u.parent[ra] = rb
	return true
}

// Reset makes each of vs a singleton again; vs must hold every vertex a Union since the last
// Reset touched.
func (u *UnionFind) Reset(vs []int32) {
	for _, v := range vs {
		u.parent[v] = v
	}
}

// HopSearch is a breadth-first search on g's out-rows bounded to Limit hops, which keeps its
// last source's distances: asking again from the same source costs nothing. O(n + m) per
// search, buffers reused.
type HopSearch struct {
	g        *Graph
	limit    int32
	source   int32
	dist     []int32
	queue    []int32
	searches int
}

// NewHopSearch returns a search of g bounded to limit hops (limit ≥ 1).
func NewHopSearch(g *Graph, limit int) *HopSearch {
	return &HopSearch{g: g, limit: int32(limit), source: -1, dist: make([]int32, g.N)}
}

// Within reports whether v is at most Limit hops from u, searching from u unless u was the
// last source.
func (h *HopSearch) Within(u, v int32) bool {
	if u != h.source {
		h.from(u)
	}
	return h.dist[v] >= 0
}

// Source is the last search's source (−1 before any).
func (h *HopSearch) Source() int32 { return h.source }

// Searches is how many searches ran (the work: each is O(n + m) at most).
func (h *HopSearch) Searches() int { return h.searches }

func (h *HopSearch) from(u int32) {
	h.searches++
	h.source = u
	for i := range h.dist {
		h.dist[i] = -1
	}
	h.dist[u] = 0
	h.queue = append(h.queue[:0], u)
	for head := 0; head < len(h.queue); head++ {
		x := h.queue[head]
		if h.dist[x] >= h.limit {
			continue
		}
		adj, _ := h.g.Out(x)
		for _, y := range adj {
			if h.dist[y] < 0 {
				h.dist[y] = h.dist[x] + 1
				h.queue = append(h.queue, y)
			}
		}
	}
}
