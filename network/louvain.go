package network

import (
	"context"
	"math/rand/v2"
)

// Modularity is Newman's modularity of a partition of an undirected graph, as NetworkX
// modularity (M. E. J. Newman, "Modularity and community structure in networks", PNAS 103,
// 2006; resolution γ after Reichardt and Bornholdt, 2006):
//
//	Q = Σ_c [ L_c/m − γ (d_c/(2m))² ],
//
// with L_c the weight of edges inside community c, d_c the total strength of its vertices and
// m the total edge weight (1 per edge when not weighted). O(n + m).
func Modularity(u *Graph, community []int32, weighted bool, resolution float64) float64 {
	count := int32(0)
	for _, c := range community {
		count = max(count, c+1)
	}
	in := make([]float64, count)
	tot := make([]float64, count)
	m := 0.0
	for v := int32(0); v < int32(u.N); v++ {
		adj, w := u.Out(v)
		for i, x := range adj {
			wt := 1.0
			if weighted {
				wt = w[i]
			}
			tot[community[v]] += wt
			if x > v {
				m += wt
				if community[x] == community[v] {
					in[community[v]] += wt
				}
			}
		}
	}
	if m == 0 {
		return 0
	}
	q := 0.0
	for c := range in {
		d := tot[c] / (2 * m)
		q += in[c]/m - resolution*d*d
	}
	return q
}

// louvainLevel is one level of the Louvain hierarchy: a weighted graph with self-loops.
type louvainLevel struct {
	off  []int32
	adj  []int32
	w    []float64
	self []float64 // weight of the self-loop (edges folded inside the vertex), counted once
}

// Louvain finds communities of an undirected graph by the Louvain method (V. D. Blondel,
// J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of communities in large
// networks", J. Stat. Mech. P10008, 2008): vertices move greedily to the neighbouring
// community with the largest modularity gain
//
//	ΔQ = k_{i,C}/m − γ Σ_C k_i / (2m²)
//
// in a seeded random order until no move helps, communities are folded into vertices, and
// the two phases repeat while modularity grows by more than 1e-7 (NetworkX's threshold). The
// same seed gives the same partition. Returns community labels 0..k−1 by first vertex.
func Louvain(ctx context.Context, u *Graph, weighted bool, resolution float64, seed uint64) ([]int32, error) {
	n := u.N
	lvl := &louvainLevel{off: u.OutOff, adj: u.OutAdj, w: make([]float64, len(u.OutAdj)), self: make([]float64, n)}
	for i := range lvl.w {
		lvl.w[i] = 1
		if weighted {
			lvl.w[i] = u.OutW[i]
		}
	}
	member := make([]int32, n) // original vertex → vertex of the current level
	for i := range member {
		member[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x10a7a1))
	prevQ := -1.0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		comm, moved, err := lvl.moveNodes(ctx, rng, resolution)
		if err != nil {
			return nil, err
		}
		for i := range member {
			member[i] = comm[member[i]]
		}
		q := Modularity(u, relabelDense(member), weighted, resolution)
		addSteps(ctx, 3*n+len(u.OutAdj)+2*len(lvl.adj)) // the labels, the modularity, the fold
		if !moved || q-prevQ <= 1e-7 {
			break
		}
		prevQ = q
		lvl = lvl.fold(comm)
	}
	return relabelDense(member), nil
}

// moveNodes runs Louvain's first phase and returns dense community labels per vertex.
func (l *louvainLevel) moveNodes(ctx context.Context, rng *rand.Rand, gamma float64) ([]int32, bool, error) {
	n := len(l.self)
	k := make([]float64, n)
	m2 := 0.0
	for v := 0; v < n; v++ {
		k[v] = 2 * l.self[v]
		for j := l.off[v]; j < l.off[v+1]; j++ {
			k[v] += l.w[j]
		}
		m2 += k[v]
	}
	comm := make([]int32, n)
	tot := make([]float64, n)
	for v := range comm {
		comm[v] = int32(v)
		tot[v] = k[v]
	}
	if m2 == 0 {
		return comm, false, nil
	}
	m := m2 / 2
	order := rng.Perm(n)
	weightTo := make([]float64, n)
	touched := make([]int32, 0, 64)
	movedAny := false
	steps := 3*n + len(l.adj) // the strengths, the order
	defer func() { addSteps(ctx, steps) }()
	for improved := true; improved; {
		improved = false
		steps += n + 2*len(l.adj) // a sweep: each vertex's arcs and the communities they touch
		for i, vi := range order {
			if err := stop(ctx, i); err != nil {
				return nil, false, err
			}
			v := int32(vi)
			cv := comm[v]
			touched = touched[:0]
			for j := l.off[v]; j < l.off[v+1]; j++ {
				c := comm[l.adj[j]]
				if weightTo[c] == 0 {
					touched = append(touched, c)
				}
				weightTo[c] += l.w[j]
			}
			tot[cv] -= k[v]
			best, bestGain := cv, weightTo[cv]/m-gamma*tot[cv]*k[v]/(2*m*m)
			for _, c := range touched {
				gain := weightTo[c]/m - gamma*tot[c]*k[v]/(2*m*m)
				if gain > bestGain {
					best, bestGain = c, gain
				}
			}
			tot[best] += k[v]
			if best != cv {
				comm[v] = best
				improved, movedAny = true, true
			}
			for _, c := range touched {
				weightTo[c] = 0
			}
			weightTo[cv] = 0
		}
	}
	return relabelDense(comm), movedAny, nil
}

// fold builds the next level: one vertex per community, edge weights summed, internal
// weight kept as a self-loop.
func (l *louvainLevel) fold(comm []int32) *louvainLevel {
	k := int32(0)
	for _, c := range comm {
		k = max(k, c+1)
	}
	self := make([]float64, k)
	var edges []Edge
	for v := range l.self {
		cv := comm[v]
		self[cv] += l.self[v]
		for j := l.off[v]; j < l.off[v+1]; j++ {
			x := l.adj[j]
			if int32(v) < x {
				if cx := comm[x]; cx == cv {
					self[cv] += l.w[j]
				} else {
					edges = append(edges, Edge{U: cv, V: cx, W: l.w[j]})
				}
			}
		}
	}
	g := Build(int(k), edges, false)
	return &louvainLevel{off: g.OutOff, adj: g.OutAdj, w: g.OutW, self: self}
}

// relabelDense renumbers labels 0..k−1 in order of first appearance.
func relabelDense(labels []int32) []int32 {
	seen := map[int32]int32{}
	out := make([]int32, len(labels))
	for i, c := range labels {
		x, ok := seen[c]
		if !ok {
			x = int32(len(seen))
			seen[c] = x
		}
		out[i] = x
	}
	return out
}
