package network

import "context"

// CutPoints finds the articulation points (vertices whose removal disconnects their
// component) and bridges (edges whose removal does) of an undirected graph, as NetworkX
// articulation_points and bridges, with Hopcroft and Tarjan's depth-first search ("Efficient
// algorithms for graph manipulation", CACM 16(6), 1973), iteratively, O(n + m). Bridges are
// returned with U < V.
// It stops with ctx's error when ctx ends.
func CutPoints(ctx context.Context, g *Graph) (isCut []bool, bridges [][2]int32, err error) {
	n := g.N
	isCut = make([]bool, n)
	disc := make([]int32, n) // discovery time + 1; 0 = unvisited
	low := make([]int32, n)
	parent := make([]int32, n)
	next := make([]int32, n) // next position in the row to explore
	stack := make([]int32, 0, n)
	t := int32(0)
	for root := int32(0); root < int32(n); root++ {
		if disc[root] != 0 {
			continue
		}
		t++
		disc[root], low[root], parent[root] = t, t, -1
		next[root] = g.OutOff[root]
		children := 0
		stack = append(stack[:0], root)
		for steps := 0; len(stack) > 0; steps++ {
			if err := stop(ctx, steps); err != nil {
				return nil, nil, err
			}
			v := stack[len(stack)-1]
			if next[v] < g.OutOff[v+1] {
				w := g.OutAdj[next[v]]
				next[v]++
				if disc[w] == 0 {
					t++
					disc[w], low[w], parent[w] = t, t, v
					next[w] = g.OutOff[w]
					stack = append(stack, w)
					if v == root {
						children++
					}
				} else if w != parent[v] {
					low[v] = min(low[v], disc[w])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if p := parent[v]; p >= 0 {
				low[p] = min(low[p], low[v])
				if low[v] >= disc[p] && p != root {
					isCut[p] = true
				}
				if low[v] > disc[p] {
					bridges = append(bridges, [2]int32{min(p, v), max(p, v)})
				}
			}
		}
		if children > 1 {
			isCut[root] = true
		}
	}
	addSteps(ctx, 2*linear(g)) // each vertex pushed and popped, each arc explored
	return isCut, bridges, nil
}

// RemovalImpact says what removing one vertex does to the undirected graph's connectivity.
type RemovalImpact struct {
	ComponentsBefore, ComponentsAfter int
	// Disconnected counts the actors that lose their connection to the largest component:
	// those of the largest component (v excluded) outside its largest remaining piece.
	Disconnected int
}

// Removal computes the impact of removing v, O(n + m).
func Removal(ctx context.Context, g *Graph, v int32) RemovalImpact {
	addSteps(ctx, 3*linear(g)) // the components before, and the searches without v
	labels, before := Components(g)
	size := make([]int, before)
	for _, c := range labels {
		size[c]++
	}
	largest := int32(0)
	for c := range size {
		if size[c] > size[largest] {
			largest = int32(c)
		}
	}
	// Components after: BFS over everything but v.
	seen := make([]bool, g.N)
	seen[v] = true
	queue := make([]int32, 0, g.N)
	after := 0
	biggestPiece := 0
	for s := int32(0); s < int32(g.N); s++ {
		if seen[s] {
			continue
		}
		after++
		seen[s] = true
		queue = append(queue[:0], s)
		for head := 0; head < len(queue); head++ {
			adj, _ := g.Out(queue[head])
			for _, w := range adj {
				if !seen[w] {
					seen[w] = true
					queue = append(queue, w)
				}
			}
		}
		if labels[s] == largest {
			biggestPiece = max(biggestPiece, len(queue))
		}
	}
	imp := RemovalImpact{ComponentsBefore: before, ComponentsAfter: after}
	if g.N > 0 && labels[v] == largest {
		imp.Disconnected = size[largest] - 1 - biggestPiece
	}
	return imp
}
