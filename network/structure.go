package network

import (
	"context"
	"math"
	"math/bits"
	"sort"
)

// Whole-network measures beside Summarize's: Freeman centralization, transitivity,
// reciprocity, fragmentation and the mean path length, as R's sna and NetworkX define them.

// Centralization is Freeman's centralization of the scores c (L. C. Freeman, "Centrality in
// social networks: conceptual clarification", Social Networks 1, 1979):
//
//	C = Σ_i (max_j c_j − c_i) / tmax,
//
// tmax being the largest sum any graph of the same size and kind can reach (sna's
// centralization with normalize = TRUE: each measure's tmaxdev). NaN when tmax ≤ 0 (fewer than
// three vertices) or c is empty.
func Centralization(c []float64, tmax float64) float64 {
	if len(c) == 0 || !(tmax > 0) {
		return math.NaN()
	}
	top := math.Inf(-1)
	for _, x := range c {
		top = math.Max(top, x)
	}
	sum := 0.0
	for _, x := range c {
		sum += top - x
	}
	return sum / tmax
}

// Transitivity is the global clustering coefficient, 3 × triangles / connected triples, of
// an undirected graph (NetworkX transitivity; sna gtrans on a graph), from its local
// clustering coefficients: a vertex of degree d and coefficient c closes c·d(d−1)/2 of its
// d(d−1)/2 triples. 0 without triples, as NetworkX answers.
func Transitivity(u *Graph, clustering []float64) float64 {
	var closed, triples float64
	for v := range int32(u.N) {
		adj, _ := u.Out(v)
		d := float64(len(adj))
		t := d * (d - 1) / 2
		triples += t
		closed += math.Round(clustering[v] * t)
	}
	if triples == 0 {
		return 0
	}
	return closed / triples
}

// Reciprocity is the share of a directed graph's arcs whose reverse arc is present (sna
// grecip with measure = "edgewise"; NetworkX overall_reciprocity). NaN for an undirected graph
// or one without arcs.
func Reciprocity(ctx context.Context, g *Graph) float64 {
	if !g.Directed || g.EdgeCount() == 0 {
		return math.NaN()
	}
	mutual := 0
	steps := g.N
	defer func() { addSteps(ctx, steps) }()
	for u := range int32(g.N) {
		adj, _ := g.Out(u)
		for _, v := range adj {
			back, _ := g.Out(v)
			steps += 1 + bits.Len(uint(len(back))) // a binary search of v's row
			if i := sort.Search(len(back), func(i int) bool { return back[i] >= u }); i < len(back) && back[i] == u {
				mutual++
			}
		}
	}
	return float64(mutual) / float64(g.EdgeCount())
}

// Fragmentation is Borgatti's F, the share of vertex pairs that cannot reach each other in the
// undirected view (S. P. Borgatti, "Identifying sets of key players in a social network",
// Comput. Math. Organ. Theory 12, 2006): F = 1 − Σ_k s_k(s_k − 1) / (n(n − 1)) over the
// components' sizes s_k. 0 with fewer than two vertices.
func Fragmentation(labels []int32, count int) float64 {
	n := float64(len(labels))
	if n < 2 {
		return 0
	}
	size := make([]float64, count)
	for _, c := range labels {
		size[c]++
	}
	pairs := 0.0
	for _, s := range size {
		pairs += s * (s - 1)
	}
	return 1 - pairs/(n*(n-1))
}

// StrongComponents labels the strongly connected components of a directed graph (Kosaraju's
// two passes, iteratively: finishing order on g, then searches over the reversed arcs in
// reverse finishing order), O(n + m). An undirected graph's are its components.
func StrongComponents(g *Graph) (labels []int32, count int) {
	if !g.Directed {
		return Components(g)
	}
	n := int32(g.N)
	order := make([]int32, 0, n)
	seen := make([]bool, n)
	type frame struct{ v, next int32 }
	stack := make([]frame, 0, 64)
	for s := range n {
		if seen[s] {
			continue
		}
		seen[s] = true
		stack = append(stack[:0], frame{s, 0})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			adj, _ := g.Out(top.v)
			if int(top.next) < len(adj) {
				w := adj[top.next]
				top.next++
				if !seen[w] {
					seen[w] = true
					stack = append(stack, frame{w, 0})
				}
				continue
			}
			order = append(order, top.v)
			stack = stack[:len(stack)-1]
		}
	}
	labels = make([]int32, n)
	for i := range labels {
		labels[i] = -1
	}
	queue := make([]int32, 0, n)
	for i := len(order) - 1; i >= 0; i-- {
		s := order[i]
		if labels[s] >= 0 {
			continue
		}
		c := int32(count)
		count++
		labels[s] = c
		queue = append(queue[:0], s)
		for head := 0; head < len(queue); head++ {
			for _, w := range g.In(queue[head]) {
				if labels[w] < 0 {
					labels[w] = c
					queue = append(queue, w)
				}
			}
		}
	}
	return labels, count
}

// ExactPathLengthLimit is the largest component whose mean path length AveragePathLength
// computes (a search from every vertex); above it the mean is not computed.
const ExactPathLengthLimit = 20000

// AveragePathLength is the mean shortest-path length in hops over the ordered pairs of the
// largest component — connected when undirected, strongly connected when directed, so every
// pair is joined — as NetworkX average_shortest_path_length computes it on that component (the
// first such component in vertex order when several are largest). ok is false when the
// component has fewer than two vertices or more than ExactPathLengthLimit. Bit-parallel
// searches from every vertex (Closeness's), O(k·m/64 · D).
func AveragePathLength(ctx context.Context, g *Graph) (mean float64, ok bool, err error) {
	labels, count := StrongComponents(g)
	size := make([]int, count)
	first := make([]int, count) // each component's smallest vertex
	for i := range first {
		first[i] = g.N
	}
	for v, c := range labels {
		size[c]++
		first[c] = min(first[c], v)
	}
	best := -1
	for c, s := range size {
		if best < 0 || s > size[best] || (s == size[best] && first[c] < first[best]) {
			best = c
		}
	}
	if best < 0 || size[best] < 2 || size[best] > ExactPathLengthLimit {
		return 0, false, nil
	}
	sub := induced(g, labels, int32(best))
	addSteps(ctx, 3*linear(g)) // the components' two passes, the induced subgraph
	sums, err := distanceSums(ctx, sub, false, func(_ int, t, _ float64) float64 { return t })
	if err != nil {
		return 0, false, err
	}
	total := 0.0
	for _, t := range sums {
		total += t
	}
	k := float64(sub.N)
	return total / (k * (k - 1)), true, nil
}

// induced is the subgraph of g on the vertices labelled c (unweighted: weight 1 per arc).
func induced(g *Graph, labels []int32, c int32) *Graph {
	index := make([]int32, g.N)
	k := int32(0)
	for v, l := range labels {
		index[v] = -1
		if l == c {
			index[v] = k
			k++
		}
	}
	var edges []Edge
	for u := range int32(g.N) {
		if index[u] < 0 {
			continue
		}
		adj, _ := g.Out(u)
		for _, v := range adj {
			if index[v] >= 0 && (g.Directed || u < v) {
				edges = append(edges, Edge{U: index[u], V: index[v], W: 1})
			}
		}
	}
	return Build(int(k), edges, g.Directed)
}

// ReachClosenessOut is closeness as R's sna computes it (closeness, cmode "directed" on a
// digraph, "undirected" on a graph): (n − 1) / Σ_j d(i, j) over outgoing distances, 0 for a
// vertex that does not reach every other one.
func ReachClosenessOut(ctx context.Context, g *Graph) ([]float64, error) {
	n := g.N
	addSteps(ctx, linear(g)) // the reversed graph
	// distanceSums searches into each vertex over reversed arcs; the reverse of the reverse
	// gives outgoing distances.
	return distanceSums(ctx, g.Reverse(), false, func(reached int, total, _ float64) float64 {
		if reached < n || total <= 0 {
			return 0
		}
		return float64(n-1) / total
	})
}
