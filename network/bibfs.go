package network

import "math/rand/v2"

// biWorkspace holds the buffers of a balanced bidirectional BFS with shortest-path counts, the
// sampling step of KADABRA (M. Borassi and E. Natale, "KADABRA is an ADaptive Algorithm for
// Betweenness via Random Approximation", ESA 2016): the two searches meet after exploring
// roughly √ of what one search would on small-world graphs.
type biWorkspace struct {
	distF, distB   []int32 // -1 when unvisited
	sigmaF, sigmaB []float64
	visitedF       []int32
	visitedB       []int32
	frontF, frontB []int32
	next           []int32
	meet           []int32
	steps          int // vertices expanded and arcs scanned (the Meter's unit)
}

func newBiWorkspace(n int) *biWorkspace {
	b := &biWorkspace{distF: make([]int32, n), distB: make([]int32, n), sigmaF: make([]float64, n), sigmaB: make([]float64, n)}
	for i := range b.distF {
		b.distF[i], b.distB[i] = -1, -1
	}
	return b
}

func (b *biWorkspace) reset() {
	for _, v := range b.visitedF {
		b.distF[v], b.sigmaF[v] = -1, 0
	}
	for _, v := range b.visitedB {
		b.distB[v], b.sigmaB[v] = -1, 0
	}
	b.visitedF, b.visitedB, b.meet = b.visitedF[:0], b.visitedB[:0], b.meet[:0]
}

// expand advances one side by a full level and returns the new frontier and the vertices in
// it that the other side has visited.
func (b *biWorkspace) expand(off, adj []int32, front []int32, dist, otherDist []int32, sigma []float64, visited *[]int32) []int32 {
	next := b.next[:0]
	for _, v := range front {
		dv := dist[v] + 1
		sv := sigma[v]
		b.steps += int(off[v+1]-off[v]) + 1
		for _, w := range adj[off[v]:off[v+1]] {
			if dist[w] < 0 {
				dist[w] = dv
				next = append(next, w)
				*visited = append(*visited, w)
			}
			if dist[w] == dv {
				sigma[w] += sv
			}
		}
	}
	for _, w := range next {
		if otherDist[w] >= 0 {
			b.meet = append(b.meet, w)
		}
	}
	b.next = front[:0] // recycle the old frontier's array
	return next
}

// samplePathBidirectional picks one uniformly random shortest s–t path (unweighted) and
// counts its inner vertices in cnt. It does nothing when t is unreachable from s.
func samplePathBidirectional(g *Graph, b *biWorkspace, s, t int32, rng *rand.Rand, cnt []int32) {
	b.reset()
	b.distF[s], b.sigmaF[s] = 0, 1
	b.distB[t], b.sigmaB[t] = 0, 1
	b.visitedF = append(b.visitedF, s)
	b.visitedB = append(b.visitedB, t)
	b.frontF = append(b.frontF[:0], s)
	b.frontB = append(b.frontB[:0], t)
	degSum := func(off []int32, front []int32) int64 {
		var d int64
		b.steps += len(front)
		for _, v := range front {
			d += int64(off[v+1] - off[v])
		}
		return d
	}
	for len(b.meet) == 0 {
		if len(b.frontF) == 0 || len(b.frontB) == 0 {
			return // no path
		}
		// Balanced: grow the side whose next level looks cheaper.
		if degSum(g.OutOff, b.frontF) <= degSum(g.InOff, b.frontB) {
			b.frontF = b.expand(g.OutOff, g.OutAdj, b.frontF, b.distF, b.distB, b.sigmaF, &b.visitedF)
		} else {
			b.frontB = b.expand(g.InOff, g.InAdj, b.frontB, b.distB, b.distF, b.sigmaB, &b.visitedB)
		}
	}
	// σ_st = Σ_{w ∈ meet} σF(w)·σB(w): every shortest path crosses the meeting level once.
	total := 0.0
	for _, w := range b.meet {
		total += b.sigmaF[w] * b.sigmaB[w]
	}
	x := rng.Float64() * total
	w := b.meet[len(b.meet)-1]
	for _, m := range b.meet {
		x -= b.sigmaF[m] * b.sigmaB[m]
		if x < 0 {
			w = m
			break
		}
	}
	if w != s && w != t {
		cnt[w]++
	}
	// Walk back to s over predecessors, then forward to t over successors.
	for z := w; z != s; {
		z = pickNeighbour(g.InOff, g.InAdj, z, b.distF, b.sigmaF, rng)
		if z != s {
			cnt[z]++
		}
	}
	for z := w; z != t; {
		z = pickNeighbour(g.OutOff, g.OutAdj, z, b.distB, b.sigmaB, rng)
		if z != t {
			cnt[z]++
		}
	}
}

// pickNeighbour chooses a neighbour p of z one level closer to its search's root, with
// probability σ(p)/σ(z).
func pickNeighbour(off, adj []int32, z int32, dist []int32, sigma []float64, rng *rand.Rand) int32 {
	x := rng.Float64() * sigma[z]
	want := dist[z] - 1
	chosen := int32(-1)
	for _, p := range adj[off[z]:off[z+1]] {
		if dist[p] != want {
			continue
		}
		chosen = p
		x -= sigma[p]
		if x < 0 {
			break
		}
	}
	return chosen
}
