package network

import (
	"context"
	"errors"
	"math"
	"slices"
)

// Network weaving: greedy choice of new undirected ties that most improve a goal. Each pick is
// the candidate pair (not tied, not picked) with the largest marginal gain given the earlier
// picks, the smallest vertex pair first among equal gains (Nemhauser, Wolsey and Fisher, "An
// analysis of approximations for maximizing submodular set functions", 1978). The greedy is
// exact per step — every pick equals the best single addition a brute-force search finds — and
// its total is within (1 − 1/e) of the best k-set only where the goal is monotone submodular in
// the added ties; see each goal.

// WeaveKind is a weaving goal.
type WeaveKind int

const (
	// WeaveReach counts the targets within Hops of some source (group reach, an actor's
	// reach outside its group). Gain of tie {u, v}: the unreached targets x with
	// d_S(u) + 1 + d(v, x) ≤ h or d_S(v) + 1 + d(u, x) ≤ h. Not submodular for h ≥ 2 (two
	// ties in a row can reach what neither reaches alone), so no (1 − 1/e) bound; for h = 1 it
	// is a coverage function and the bound holds.
	WeaveReach WeaveKind = iota
	// WeaveConnectivity counts the unordered vertex pairs joined by a path in the undirected
	// graph. Gain of {u, v} in different components: s_u·s_v. Supermodular rather than
	// submodular (joining grown components gains more), so no (1 − 1/e) bound; each pick is
	// exact.
	WeaveConnectivity
)

// WeaveSpec is a reach or connectivity goal on a graph (directed views follow arcs; a
// suggested tie is mutual, an arc each way).
type WeaveSpec struct {
	Kind    WeaveKind
	Sources []int32          // WeaveReach: where searches start
	Target  func(int32) bool // WeaveReach: which vertices count
	Hops    int              // WeaveReach: h, at least 1
}

// Candidates says which pairs may be suggested (nil: any pair not tied). A rule is symmetric;
// the scans ask it with the vertex they scan from first, so a rule may keep work per first
// vertex (a search from it).
type Candidates func(u, v int32) bool

// Pick is one suggested tie, u < v, with its marginal gain.
type Pick struct {
	U, V int32
	Gain float64
}

// ErrTooManyCandidates reports a greedy step with more candidate pairs than maxPairs.
var ErrTooManyCandidates = errors.New("too many candidate pairs")

// Weave picks up to k ties greedily for a reach or connectivity goal, stopping early when no
// candidate improves it. Cost per pick: O(n + m) for the goal's state, O(n²) to scan pairs with
// an O(1) bound each, and small searches (depth < h) for the pairs whose bound can win; memory
// O(n + m). maxPairs bounds the pairs a step may scan (ErrTooManyCandidates beyond).
func Weave(ctx context.Context, g *Graph, spec WeaveSpec, k int, allowed Candidates, maxPairs int) ([]Pick, error) {
	extra := map[int32][]int32{}
	var picks []Pick
	n := int32(g.N)
	if int64(n)*int64(n-1)/2 > int64(maxPairs) && allowed == nil {
		return nil, ErrTooManyCandidates
	}
	adjacent := func(u, v int32) bool { return g.Tied(u, v) || slices.Contains(extra[u], v) }
	// Steps: every search's vertices and arcs (through each), and the pair scans (n² a step).
	steps := 0
	defer func() { addSteps(ctx, steps) }()
	each := func(v int32, fn func(int32)) {
		adj, _ := g.Out(v)
		steps += len(adj) + len(extra[v]) + 1
		for _, x := range adj {
			fn(x)
		}
		for _, x := range extra[v] {
			fn(x)
		}
	}
	for len(picks) < k {
		var best Pick
		var found bool
		var err error
		switch spec.Kind {
		case WeaveConnectivity:
			steps += int(n) * int(n) / 2 // the pair scan
			best, found, err = connectivityStep(ctx, n, each, adjacent, allowed)
		default:
			steps += int(n)*int(n) + int(n)*spec.Hops // two pair scans, the balls
			best, found, err = reachStep(ctx, n, spec, each, adjacent, allowed)
		}
		if err != nil {
			return nil, err
		}
		if !found || !(best.Gain > 0) {
			break
		}
		picks = append(picks, best)
		extra[best.U] = append(extra[best.U], best.V)
		extra[best.V] = append(extra[best.V], best.U)
	}
	return picks, nil
}

// connectivityStep finds the pair joining the two components whose sizes multiply most.
func connectivityStep(ctx context.Context, n int32, each func(int32, func(int32)), adjacent func(u, v int32) bool, allowed Candidates) (Pick, bool, error) {
	comp := make([]int32, n)
	for i := range comp {
		comp[i] = -1
	}
	var size []float64
	queue := make([]int32, 0, n)
	for s := int32(0); s < n; s++ {
		if comp[s] >= 0 {
			continue
		}
		c := int32(len(size))
		size = append(size, 0)
		comp[s] = c
		queue = append(queue[:0], s)
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			size[c]++
			each(v, func(x int32) {
				if comp[x] < 0 {
					comp[x] = c
					queue = append(queue, x)
				}
			})
		}
	}
	var best Pick
	found := false
	for u := int32(0); u < n; u++ {
		if err := stop(ctx, int(u)); err != nil {
			return best, false, err
		}
		for v := u + 1; v < n; v++ {
			if comp[u] == comp[v] {
				continue
			}
			g := size[comp[u]] * size[comp[v]]
			if g > best.Gain && (allowed == nil || allowed(u, v)) && !adjacent(u, v) {
				best, found = Pick{U: u, V: v, Gain: g}, true
			}
		}
	}
	return best, found, nil
}

// reachStep finds the pair that brings the most unreached targets within reach.
func reachStep(ctx context.Context, n int32, spec WeaveSpec, each func(int32, func(int32)), adjacent func(u, v int32) bool, allowed Candidates) (Pick, bool, error) {
	h := spec.Hops
	const far = math.MaxInt32
	// d_S: hops from the sources.
	dS := make([]int32, n)
	for i := range dS {
		dS[i] = far
	}
	queue := make([]int32, 0, n)
	for _, s := range spec.Sources {
		if dS[s] != 0 {
			dS[s] = 0
			queue = append(queue, s)
		}
	}
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		if int(dS[v]) >= h {
			continue
		}
		each(v, func(x int32) {
			if dS[x] == far {
				dS[x] = dS[v] + 1
				queue = append(queue, x)
			}
		})
	}
	unreached := make([]bool, n)
	for v := int32(0); v < n; v++ {
		unreached[v] = spec.Target(v) && int(dS[v]) > h
	}
	// ball[r][v]: unreached targets within r hops of v, r < h (searches of depth < h).
	ball := make([][]int32, h)
	for r := range ball {
		ball[r] = make([]int32, n)
	}
	seen := make([]int32, n) // search stamp
	stamp := int32(0)
	depth := make([]int32, n)
	search := func(v int32, maxDepth int, visit func(x int32, d int32)) {
		stamp++
		seen[v] = stamp
		depth[v] = 0
		q := append(queue[:0], v)
		for head := 0; head < len(q); head++ {
			y := q[head]
			visit(y, depth[y])
			if int(depth[y]) >= maxDepth {
				continue
			}
			each(y, func(x int32) {
				if seen[x] != stamp {
					seen[x] = stamp
					depth[x] = depth[y] + 1
					q = append(q, x)
				}
			})
		}
		queue = q[:0]
	}
	for v := int32(0); v < n; v++ {
		if err := stop(ctx, int(v)); err != nil {
			return Pick{}, false, err
		}
		search(v, h-1, func(x, d int32) {
			if unreached[x] {
				for r := int(d); r < h; r++ {
					ball[r][v]++
				}
			}
		})
	}
	radius := func(u int32) int { // r_u = h − 1 − d_S(u); negative: u's side brings nothing
		if dS[u] == far {
			return -1
		}
		return h - 1 - int(dS[u])
	}
	side := func(u, v int32) int32 { // unreached targets within r_u of v
		if r := radius(u); r >= 0 {
			return ball[r][v]
		}
		return 0
	}
	// The exact gain of a pair whose two sides may overlap: the union of both searches.
	mark := make([]int32, n)
	markStamp := int32(0)
	exact := func(u, v int32) float64 {
		markStamp++
		count := 0
		for _, e := range [][2]int32{{u, v}, {v, u}} {
			r := radius(e[0])
			if r < 0 {
				continue
			}
			search(e[1], r, func(x, _ int32) {
				if unreached[x] && mark[x] != markStamp {
					mark[x] = markStamp
					count++
				}
			})
		}
		return float64(count)
	}
	// A lower bound for the best gain: the best one-sided gain (exact for one side).
	var best Pick
	found := false
	lb := int32(0)
	for u := int32(0); u < n; u++ {
		if err := stop(ctx, int(u)); err != nil {
			return Pick{}, false, err
		}
		if radius(u) < 0 {
			continue
		}
		for v := int32(0); v < n; v++ {
			if a := side(u, v); a > lb && u != v && (allowed == nil || allowed(u, v)) && !adjacent(u, v) {
				lb = a
			}
		}
	}
	if lb == 0 {
		return best, false, nil
	}
	for u := int32(0); u < n; u++ {
		if err := stop(ctx, int(u)); err != nil {
			return Pick{}, false, err
		}
		for v := u + 1; v < n; v++ {
			a, b := side(u, v), side(v, u)
			if a+b == 0 || a+b < lb || (found && float64(a+b) <= best.Gain) {
				continue
			}
			if allowed != nil && !allowed(u, v) || adjacent(u, v) {
				continue
			}
			gain := float64(max(a, b))
			if a > 0 && b > 0 {
				gain = exact(u, v)
			}
			if gain > best.Gain {
				best, found = Pick{U: u, V: v, Gain: gain}, true
			}
		}
	}
	return best, found, nil
}
