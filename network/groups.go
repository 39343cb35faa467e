package network

import "context"

// GroupPairBetweenness is betweenness restricted to shortest paths from a source in group a
// to a target in group b, as NetworkX betweenness_centrality_subset(G, sources=A, targets=B,
// normalized=False) — including its halving on undirected graphs. With a < 0 it sums over
// every ordered pair of distinct groups: each source s counts paths to every target outside
// s's group. Brandes' algorithm with the dependency
//
//	δ_s(v) = Σ_{w: v∈P_s(w)} σ_sv/σ_sw (1_T(w) + δ_s(w)),
//
// where 1_T marks targets; O(|A|·m) unweighted.
func GroupPairBetweenness(ctx context.Context, g *Graph, group []int32, a, b int32, weighted bool) ([]float64, error) {
	var sources []int32
	for v := int32(0); v < int32(g.N); v++ {
		if a < 0 || group[v] == a {
			sources = append(sources, v)
		}
	}
	workers := max(1, min(Workers(), len(sources)))
	acc := make([][]float64, workers)
	for i := range acc {
		acc[i] = make([]float64, g.N)
	}
	if len(sources) > 0 {
		err := forEachSource(ctx, g, sources, workers, func(ws *workspace, s int32, worker int) {
			ws.sssp(g, s, weighted, true)
			target := func(w int32) bool {
				if a < 0 {
					return group[w] != group[s]
				}
				return group[w] == b && w != s
			}
			dist, sigma, delta := ws.dist, ws.sigma, ws.delta
			bc := acc[worker]
			for i := len(ws.order) - 1; i >= 0; i-- {
				v := ws.order[i]
				adj, wt := g.Out(v)
				ws.steps += len(adj) + 1
				sum := 0.0
				for k, w := range adj {
					step := 1.0
					if weighted {
						step = 1 / wt[k]
					}
					if dist[w] == dist[v]+step {
						c := delta[w]
						if target(w) {
							c++
						}
						sum += c / sigma[w]
					}
				}
				delta[v] = sigma[v] * sum
				if v != s {
					bc[v] += delta[v]
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	out := acc[0]
	for _, x := range acc[1:] {
		for i := range x {
			out[i] += x[i]
		}
	}
	if !g.Directed {
		for i := range out {
			out[i] *= 0.5
		}
	}
	return out, nil
}

// Reach describes who an actor reaches within k hops.
type Reach struct {
	ByHop   []int // ByHop[h−1]: vertices first reached at h hops
	ByGroup []int // reached vertices per group
	Total   int
}

// ReachFrom runs a breadth-first search from s over out-arcs (neighbours when undirected) up
// to maxHops and counts the vertices reached (s excluded) per hop and per group. O(n + m).
func ReachFrom(ctx context.Context, g *Graph, s int32, maxHops int, group []int32, groups int) Reach {
	r := Reach{ByHop: make([]int, maxHops), ByGroup: make([]int, groups)}
	steps := groups + 1
	defer func() { addSteps(ctx, steps) }()
	dist := make(map[int32]int32, 64)
	dist[s] = 0
	front := []int32{s}
	for h := 1; h <= maxHops && len(front) > 0; h++ {
		var next []int32
		for _, v := range front {
			adj, _ := g.Out(v)
			steps += len(adj) + 1
			for _, w := range adj {
				if _, ok := dist[w]; !ok {
					dist[w] = int32(h)
					next = append(next, w)
					r.ByGroup[group[w]]++
				}
			}
		}
		r.ByHop[h-1] = len(next)
		r.Total += len(next)
		front = next
	}
	return r
}

// GroupReach returns how many vertices of group b lie within maxHops of some vertex of
// group a (a multi-source BFS over out-arcs; members of a are at 0 hops), and b's size.
func GroupReach(ctx context.Context, g *Graph, group []int32, a, b int32, maxHops int) (reached, size int) {
	steps := 3 * g.N
	defer func() { addSteps(ctx, steps) }()
	dist := make([]int32, g.N)
	for i := range dist {
		dist[i] = -1
	}
	var front []int32
	for v := int32(0); v < int32(g.N); v++ {
		if group[v] == b {
			size++
		}
		if group[v] == a {
			dist[v] = 0
			front = append(front, v)
		}
	}
	for h := int32(1); int(h) <= maxHops && len(front) > 0; h++ {
		var next []int32
		for _, v := range front {
			adj, _ := g.Out(v)
			steps += len(adj) + 1
			for _, w := range adj {
				if dist[w] < 0 {
					dist[w] = h
					next = append(next, w)
				}
			}
		}
		front = next
	}
	for v, d := range dist {
		if d >= 0 && group[v] == b {
			reached++
		}
	}
	return reached, size
}

// Mixing is how ties fall within and between groups on an undirected graph.
type Mixing struct {
	Ties          [][]int     // Ties[a][b] = Ties[b][a]: edges between groups a and b (a == b: within)
	Density       [][]float64 // ties over possible ties: n_a·n_b, or n_a(n_a − 1)/2 within
	GroupEI       []float64   // (E − I)/(E + I) over edges touching the group; NaN without any
	EI            float64     // network E-I: cross-group edges against within-group ones
	Size          []int
	Assortativity float64 // NetworkX attribute_assortativity_coefficient; NaN when undefined
}

// GroupMixing computes Mixing on an undirected graph (each edge counted once): block counts
// and densities, Krackhardt and Stern's E-I index ("Informal networks and organizational
// crises", Social Psychology Quarterly 51, 1988) per group and for the network, and Newman's
// attribute assortativity ("Mixing patterns in networks", PRE 67, 2003):
//
//	r = (Σ_i e_ii − Σ_i a_i b_i) / (1 − Σ_i a_i b_i),
//
// with e the symmetric mixing matrix normalised to sum 1. O(n + m + groups²).
// It stops with ctx's error when ctx ends.
func GroupMixing(ctx context.Context, g *Graph, group []int32, groups int) (Mixing, error) {
	m := Mixing{Ties: make([][]int, groups), Density: make([][]float64, groups), GroupEI: make([]float64, groups), Size: make([]int, groups)}
	for i := range m.Ties {
		m.Ties[i] = make([]int, groups)
		m.Density[i] = make([]float64, groups)
	}
	for _, x := range group {
		m.Size[x]++
	}
	total := 0
	for v := int32(0); v < int32(g.N); v++ {
		if err := stop(ctx, int(v)); err != nil {
			return m, err
		}
		adj, _ := g.Out(v)
		for _, w := range adj {
			if w > v {
				a, b := group[v], group[w]
				m.Ties[a][b]++
				if a != b {
					m.Ties[b][a]++
				}
				total++
			}
		}
	}
	within, cross := 0, 0
	for a := 0; a < groups; a++ {
		ext, in := 0, m.Ties[a][a]
		within += in
		for b := 0; b < groups; b++ {
			na, nb := float64(m.Size[a]), float64(m.Size[b])
			possible := na * nb
			if a == b {
				possible = na * (na - 1) / 2
			} else {
				ext += m.Ties[a][b]
				if b > a {
					cross += m.Ties[a][b]
				}
			}
			if possible > 0 {
				m.Density[a][b] = float64(m.Ties[a][b]) / possible
			}
		}
		m.GroupEI[a] = ei(ext, in)
	}
	m.EI = ei(cross, within)
	addSteps(ctx, g.N+len(g.OutAdj)+len(group)+3*groups*groups) // the ties, the sizes, three passes over the matrix
	// Assortativity over the symmetric mixing matrix (each edge both ways).
	m.Assortativity = nan()
	if total > 0 {
		trace, ab := 0.0, 0.0
		for a := 0; a < groups; a++ {
			row := 0.0
			for b := 0; b < groups; b++ {
				c := float64(m.Ties[a][b])
				if a == b {
					c *= 2
				}
				row += c
			}
			trace += 2 * float64(m.Ties[a][a]) / (2 * float64(total))
			p := row / (2 * float64(total))
			ab += p * p
		}
		if ab < 1 {
			m.Assortativity = (trace - ab) / (1 - ab)
		}
	}
	return m, nil
}

func ei(external, internal int) float64 {
	if external+internal == 0 {
		return nan()
	}
	return float64(external-internal) / float64(external+internal)
}

// ActorEI is an actor's E-I index over its neighbours in the undirected graph u:
// (E − I)/(E + I) with E neighbours in other groups and I in its own; NaN without neighbours.
func ActorEI(ctx context.Context, u *Graph, v int32, group []int32) float64 {
	adj, _ := u.Out(v)
	addSteps(ctx, len(adj)+1)
	ext, in := 0, 0
	for _, w := range adj {
		if group[w] == group[v] {
			in++
		} else {
			ext++
		}
	}
	return ei(ext, in)
}

// ShortestPath returns the vertices of one shortest s–t path (hops, or distance 1/weight when
// weighted) over out-arcs, s first, and its length; nil when t is unreachable. Among equally
// short paths it follows the lowest-numbered predecessors.
func ShortestPath(ctx context.Context, g *Graph, s, t int32, weighted bool) ([]int32, float64) {
	ws := newWorkspace(g.N)
	ws.sssp(g, s, weighted, false)
	addSteps(ctx, ws.steps+g.N)
	if ws.dist[t] < 0 {
		return nil, 0
	}
	return walkBack(g, ws, s, t, weighted), ws.dist[t]
}

func walkBack(g *Graph, ws *workspace, s, t int32, weighted bool) []int32 {
	path := []int32{t}
	for z := t; z != s; {
		lo := g.InOff[z]
		for i, p := range g.In(z) {
			step := 1.0
			if weighted {
				step = 1 / g.InWeight(lo+int32(i))
			}
			if ws.dist[p] >= 0 && ws.dist[p]+step == ws.dist[z] {
				z = p
				break
			}
		}
		path = append(path, z)
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// NearestInGroup returns a shortest path from s to the closest vertex (other than s) of group
// target, and its length; nil when none is reachable. Ties go to the lowest-numbered vertex.
func NearestInGroup(ctx context.Context, g *Graph, s int32, group []int32, target int32, weighted bool) ([]int32, float64) {
	ws := newWorkspace(g.N)
	ws.sssp(g, s, weighted, false)
	addSteps(ctx, ws.steps+g.N)
	best := int32(-1)
	for _, v := range ws.order {
		if v == s || group[v] != target {
			continue
		}
		if best < 0 || ws.dist[v] < ws.dist[best] || (ws.dist[v] == ws.dist[best] && v < best) {
			best = v
		}
	}
	if best < 0 {
		return nil, 0
	}
	return walkBack(g, ws, s, best, weighted), ws.dist[best]
}

func nan() float64 {
	var z float64
	return z / z
}
