package network

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
)

// Conditional uniform graph tests (T. J. Fararo and M. Sunshine 1964; B. S. Anderson, C.
// Butts and K. Carley, "The interaction of size and density with graph-level indices", Social
// Networks 21, 1999), as R sna's cug.test runs them with ignore.eval = TRUE: a graph-level
// statistic of the observed graph against the same statistic on uniform random graphs with
// the same number of vertices and (by condition) density ½, the same number of edges, or the
// same dyad census.

// CUG conditions.
const (
	CondSize       = "SIZE"
	CondEdges      = "EDGES"
	CondDyadCensus = "DYAD_CENSUS"
)

// CUGTest tests stat (an entry of the statistics table) on g against reps uniform random
// graphs drawn under cond (replication r from PCG(seed, r)): SIZE, each dyad (unordered when
// undirected, ordered when directed) a tie with probability ½ (sna rgraph, tprob = 0.5);
// EDGES, as many ties as g placed uniformly (rgnm); DYAD_CENSUS, as many mutual, asymmetric
// and null dyads as g (rguman, exact), which on an undirected graph is EDGES. The statistic
// runs once per replication on its own worker. Errors: an unknown statistic or condition, the
// statistic's own (from any replication), ctx's.
func CUGTest(ctx context.Context, g *Graph, stat, cond string, reps int, seed uint64) (PermutationSummary, error) {
	s, err := LookupStatistic(stat)
	if err != nil {
		return PermutationSummary{}, err
	}
	switch cond {
	case CondSize, CondEdges, CondDyadCensus:
	default:
		return PermutationSummary{}, fmt.Errorf("unknown CUG condition %q", cond)
	}
	observed, err := s.Compute(ctx, g)
	if err != nil {
		return PermutationSummary{}, err
	}
	n, directed := g.N, g.Directed
	m := g.EdgeCount()
	mutual, asym := 0, 0
	if directed && cond == CondDyadCensus {
		for u := range int32(n) {
			adj, _ := g.Out(u)
			for _, v := range adj {
				back, _ := g.Out(v)
				if hasNeighbour(back, u) {
					if u < v {
						mutual++
					}
				} else {
					asym++
				}
			}
		}
	}
	if directed && cond == CondDyadCensus {
		addSteps(ctx, linear(g)) // the dyad census
	}
	var failed firstError
	sum, err := permutationSummary(ctx, observed, reps, seed, func() func(*rand.Rand) float64 {
		ds := &dyadSampler{}
		meter := MeterOf(ctx)
		return func(rng *rand.Rand) float64 {
			var r *Graph
			switch {
			case cond == CondSize:
				r = Build(n, bernoulliEdges(rng, n, directed), directed)
			case cond == CondDyadCensus && directed:
				r = Build(n, dyadCensusEdges(rng, ds, n, mutual, asym), directed)
			case !directed:
				r = undirectedFromDyads(n, ds.sampleSorted(rng, int64(n)*int64(n-1)/2, min(m, n*(n-1)/2)))
			default:
				r = Build(n, uniformEdges(rng, ds, n, m, directed), directed)
			}
			meter.Add(2 * linear(r)) // the draw, and the graph's rows
			x, err := s.Compute(ctx, r)
			if err != nil {
				failed.set(err)
				return math.NaN()
			}
			return x
		}
	})
	if err == nil {
		err = failed.get()
	}
	if err != nil {
		return PermutationSummary{}, err
	}
	return sum, nil
}

// firstError keeps the first error any worker reports.
type firstError struct {
	mu  sync.Mutex
	err error
}

func (f *firstError) set(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

func (f *firstError) get() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// dyadPair maps a dyad's index k in 0..n(n−1)/2−1 (unordered, row by row) to its pair i < j,
// in closed form: row i starts at i·n − i(i+1)/2.
func dyadPair(k int64, n int) (int32, int32) {
	nn := int64(n)
	start := func(i int64) int64 { return i*nn - i*(i+1)/2 }
	i := int64(float64(2*nn-1)/2 - math.Sqrt(float64((2*nn-1)*(2*nn-1))/4-2*float64(k)))
	i = max(0, min(i, nn-2))
	for i > 0 && start(i) > k { // correct the floating-point estimate
		i--
	}
	for i < nn-2 && start(i+1) <= k {
		i++
	}
	return int32(i), int32(i + 1 + k - start(i))
}

// bernoulliEdges draws each dyad with probability ½.
func bernoulliEdges(rng *rand.Rand, n int, directed bool) []Edge {
	var edges []Edge
	for i := range int32(n) {
		for j := range int32(n) {
			if i == j || (!directed && j < i) {
				continue
			}
			if rng.Uint64()&1 == 1 {
				edges = append(edges, Edge{U: i, V: j, W: 1})
			}
		}
	}
	return edges
}

// dyadSampler draws distinct dyad indices uniformly (Floyd's algorithm), marking the chosen ones
// in a bitset it reuses (a map for very many dyads) — one per worker.
type dyadSampler struct {
	marks []uint64
}

// bitsetLimit is the most dyads a sampler marks in a bitset (16 MiB); beyond, a map.
const bitsetLimit = 1 << 27

// mark draws k distinct indices of 0..total−1 into the bitset (total ≤ bitsetLimit), calling
// chose with each.
func (d *dyadSampler) mark(rng *rand.Rand, total int64, k int, chose func(int64)) {
	if words := int((total + 63) / 64); len(d.marks) < words {
		d.marks = make([]uint64, words)
	}
	for j := total - int64(k); j < total; j++ {
		t := rng.Int64N(j + 1)
		if d.marks[t>>6]&(1<<(t&63)) != 0 {
			t = j
		}
		d.marks[t>>6] |= 1 << (t & 63)
		chose(t)
	}
}

// sample draws k distinct indices of 0..total−1, in the order drawn.
func (d *dyadSampler) sample(rng *rand.Rand, total int64, k int) []int64 {
	out := make([]int64, 0, k)
	if total > bitsetLimit {
		chosen := make(map[int64]bool, k)
		for j := total - int64(k); j < total; j++ {
			t := rng.Int64N(j + 1)
			if chosen[t] {
				t = j
			}
			chosen[t] = true
			out = append(out, t)
		}
		return out
	}
	d.mark(rng, total, k, func(t int64) { out = append(out, t) })
	for _, t := range out { // leave the bitset clear for the next draw
		d.marks[t>>6] &^= 1 << (t & 63)
	}
	return out
}

// sampleSorted is sample with the indices in increasing order: read back from the bitset
// (clearing it) instead of sorted.
func (d *dyadSampler) sampleSorted(rng *rand.Rand, total int64, k int) []int64 {
	if total > bitsetLimit {
		out := d.sample(rng, total, k)
		slices.Sort(out)
		return out
	}
	d.mark(rng, total, k, func(int64) {})
	out := make([]int64, 0, k)
	for w := range (total + 63) / 64 {
		for word := d.marks[w]; word != 0; word &= word - 1 {
			out = append(out, w*64+int64(bits.TrailingZeros64(word)))
		}
		d.marks[w] = 0
	}
	return out
}

// uniformEdges places m ties uniformly among the dyads (ordered pairs when directed).
func uniformEdges(rng *rand.Rand, ds *dyadSampler, n, m int, directed bool) []Edge {
	N := int64(n) * int64(n-1)
	if !directed {
		N /= 2
	}
	edges := make([]Edge, 0, m)
	for _, k := range ds.sample(rng, N, min(m, int(N))) {
		if directed {
			i, r := k/int64(n-1), k%int64(n-1)
			j := r
			if j >= i {
				j++
			}
			edges = append(edges, Edge{U: int32(i), V: int32(j), W: 1})
		} else {
			i, j := dyadPair(k, n)
			edges = append(edges, Edge{U: i, V: j, W: 1})
		}
	}
	return edges
}

// dyadCensusEdges draws a directed graph with `mutual` mutual and `asym` asymmetric dyads
// placed uniformly among the unordered pairs, each asymmetric one in a random direction.
func dyadCensusEdges(rng *rand.Rand, ds *dyadSampler, n, mutual, asym int) []Edge {
	N := int64(n) * int64(n-1) / 2
	picked := ds.sample(rng, N, min(mutual+asym, int(N)))
	rng.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
	edges := make([]Edge, 0, 2*mutual+asym)
	for x, k := range picked {
		i, j := dyadPair(k, n)
		switch {
		case x < mutual:
			edges = append(edges, Edge{U: i, V: j, W: 1}, Edge{U: j, V: i, W: 1})
		case rng.Uint64()&1 == 1:
			edges = append(edges, Edge{U: i, V: j, W: 1})
		default:
			edges = append(edges, Edge{U: j, V: i, W: 1})
		}
	}
	return edges
}

// undirectedFromDyads builds the undirected graph whose edges are the given dyads (indices as
// dyadPair numbers them, increasing) in O(n + m): in that order the dyads come row by row, so
// filling each vertex's row first from the rows before it and then from its own leaves every
// row sorted without sorting it.
func undirectedFromDyads(n int, dyads []int64) *Graph {
	is, js := make([]int32, len(dyads)), make([]int32, len(dyads))
	off := make([]int32, n+1)
	for k, d := range dyads {
		i, j := dyadPair(d, n)
		is[k], js[k] = i, j
		off[i+1]++
		off[j+1]++
	}
	for v := range n {
		off[v+1] += off[v]
	}
	adj := make([]int32, off[n])
	w := make([]float64, off[n])
	next := slices.Clone(off[:n])
	for k := range dyads { // (i, j) in row-major order: row j receives i in increasing order
		i, j := is[k], js[k]
		adj[next[j]] = i
		next[j]++
	}
	for k := range dyads { // then each row i its j > i, increasing
		i, j := is[k], js[k]
		adj[next[i]] = j
		next[i]++
	}
	for k := range w {
		w[k] = 1
	}
	return &Graph{N: n, OutOff: off, OutAdj: adj, OutW: w, InOff: off, InAdj: adj}
}

// transitivityByTriangles is Transitivity counting each triangle once: for every edge a < b,
// the common neighbours c > b of the two sorted rows (the "forward" order), against the
// connected triples Σ d(d − 1)/2. 0 without triples.
func transitivityByTriangles(ctx context.Context, u *Graph) float64 {
	var triangles, triples float64
	steps := u.N
	defer func() { addSteps(ctx, steps) }()
	for a := range int32(u.N) {
		na, _ := u.Out(a)
		d := float64(len(na))
		triples += d * (d - 1) / 2
		steps += len(na)
		for _, b := range na {
			if b <= a {
				continue
			}
			nb, _ := u.Out(b)
			steps += len(na) + len(nb) // the merge's bound
			p, q := sort.Search(len(na), func(i int) bool { return na[i] > b }), sort.Search(len(nb), func(i int) bool { return nb[i] > b })
			for p < len(na) && q < len(nb) {
				switch {
				case na[p] < nb[q]:
					p++
				case na[p] > nb[q]:
					q++
				default:
					triangles++
					p++
					q++
				}
			}
		}
	}
	if triples == 0 {
		return 0
	}
	return 3 * triangles / triples
}
