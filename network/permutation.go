package network

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// Label-permutation tests (the E-I test of D. Krackhardt and R. N. Stern, "Informal networks
// and organizational crises", Social Psychology Quarterly 51, 1988, as UCINET runs it): the
// groups' labels are shuffled over the vertices, sizes kept, and the statistic recomputed on
// the same ties. p-values are the share of replications whose statistic is ≥ (≤) the observed
// one, the observed one not counted (sna's convention).
//
// Replication r draws its permutation from its own generator, PCG(seed, r), so a seed gives
// the same replications — and p-values — however many workers run them and in whatever
// order: the same answer on every run, replica and machine.

// MaxReplications bounds one test's replications.
const MaxReplications = 100_000

// PermutationSummary is a statistic's observed value and its distribution over replications.
type PermutationSummary struct {
	Observed, Expected, SD float64 // Expected and SD over the replications (SD with n − 1)
	GreaterOrEqual         float64 // share of replications ≥ observed
	LessOrEqual            float64 // share ≤ observed
	AbsGreaterOrEqual      float64 // share whose absolute value is ≥ the observed one's
}

// EITestResult is the E-I test of a partition: the whole network's and each group's.
type EITestResult struct {
	Network  PermutationSummary
	Rescaled float64 // UCINET's rescaled E-I; NaN when the range is a single value
	Groups   []PermutationSummary
	// Observed group E-I is NaN for a group without ties; its p-values are then NaN too.
}

// EITest runs the E-I test on the undirected graph u: E-I = (E − I)/(E + I) over its edges,
// E joining two groups and I within one (group[v] in 0..k−1), per group over the edges touching
// it, against perms shuffles of the labels. The rescaled E-I maps E-I linearly from the range
// the group sizes and the edge count allow, [(2·E_min − m)/m, (2·E_max − m)/m] with E_max =
// min(m, pairs across groups) and E_min = max(0, m − pairs within groups), onto [−1, 1].
// O(perms · m) on Workers() goroutines; stops with ctx's error.
func EITest(ctx context.Context, u *Graph, group []int32, k, perms int, seed uint64) (*EITestResult, error) {
	type edge struct{ u, v int32 }
	var edges []edge
	for a := range int32(u.N) {
		adj, _ := u.Out(a)
		for _, b := range adj {
			if a < b {
				edges = append(edges, edge{a, b})
			}
		}
	}
	// count gives E (external edges) and each group's external and internal edges under a
	// labelling.
	count := func(label []int32, ext, in []int) int {
		clear(ext)
		clear(in)
		e := 0
		for _, x := range edges {
			a, b := label[x.u], label[x.v]
			if a != b {
				e++
				ext[a]++
				ext[b]++
			} else {
				in[a]++
			}
		}
		return e
	}
	m := len(edges)
	ext, in := make([]int, k), make([]int, k)
	obsE := count(group, ext, in)
	res := &EITestResult{Groups: make([]PermutationSummary, k)}
	obsGroup := make([]float64, k)
	for g := range k {
		obsGroup[g] = ei(ext[g], in[g])
	}
	res.Network.Observed = ei(obsE, m-obsE)
	res.Rescaled = rescaledEI(group, k, obsE, m)

	observed := append([]float64{res.Network.Observed}, obsGroup...)
	sums, err := permutationSummaries(ctx, observed, perms, seed, func() func(*rand.Rand, []float64) {
		label := make([]int32, len(group))
		ext, in := make([]int, k), make([]int, k)
		meter := MeterOf(ctx)
		return func(rng *rand.Rand, out []float64) {
			// A relabelling, the edges' count, the groups' indices.
			meter.Add(2*len(label) + len(edges) + 3*k)
			copy(label, group)
			rng.Shuffle(len(label), func(i, j int) { label[i], label[j] = label[j], label[i] })
			e := count(label, ext, in)
			out[0] = ei(e, m-e)
			for g := range k {
				out[g+1] = ei(ext[g], in[g])
			}
		}
	})
	if err != nil {
		return nil, err
	}
	res.Network = sums[0]
	copy(res.Groups, sums[1:])
	return res, nil
}
func (a *acc) add(x float64, ge, le bool) {
	if math.IsNaN(x) {
		return
	}
	a.sum += x
	a.sq += x * x
	a.cnt++
	if ge {
		a.ge++
	}
	if le {
		a.le++
	}
}

func (a *acc) merge(b acc) {
	a.sum, a.sq, a.cnt, a.ge, a.le, a.absge = a.sum+b.sum, a.sq+b.sq, a.cnt+b.cnt, a.ge+b.ge, a.le+b.le, a.absge+b.absge
}

// summary turns sums over the replications into a PermutationSummary; p-values are shares of
// all perms replications (a replication without a value counts as neither ≥ nor ≤).
func (a acc) summary(observed float64, perms int) PermutationSummary {
	s := PermutationSummary{Observed: observed, Expected: math.NaN(), SD: math.NaN(), GreaterOrEqual: math.NaN(), LessOrEqual: math.NaN(),
		AbsGreaterOrEqual: math.NaN()}
	if a.cnt > 0 {
		s.Expected = a.sum / float64(a.cnt)
	}
	if a.cnt > 1 {
		s.SD = math.Sqrt(math.Max(0, (a.sq-a.sum*a.sum/float64(a.cnt))/float64(a.cnt-1)))
	}
	if !math.IsNaN(observed) && perms > 0 {
		s.GreaterOrEqual, s.LessOrEqual = float64(a.ge)/float64(perms), float64(a.le)/float64(perms)
		s.AbsGreaterOrEqual = float64(a.absge) / float64(perms)
	}
	return s
}

// acc sums a statistic over replications.
type acc struct {
	sum, sq            float64
	ge, le, absge, cnt int
}

// rescaledEI is UCINET's rescaled E-I of E external edges of m (see EITest).
func rescaledEI(group []int32, k, e, m int) float64 {
	size := make([]float64, k)
	for _, g := range group {
		size[g]++
	}
	n := float64(len(group))
	within := 0.0
	for _, s := range size {
		within += s * (s - 1) / 2
	}
	across := n*(n-1)/2 - within
	M := float64(m)
	eMax := math.Min(M, across)
	eMin := math.Max(0, M-within)
	lo, hi := (2*eMin-M)/M, (2*eMax-M)/M
	if m == 0 || hi <= lo {
		return math.NaN()
	}
	x := (2*float64(e) - M) / M
	return -1 + 2*(x-lo)/(hi-lo)
}

// permutationSummary runs perms replications of one statistic against a null model (see
// permutationSummaries).
func permutationSummary(ctx context.Context, observed float64, perms int, seed uint64, newWorker func() func(rng *rand.Rand) float64) (PermutationSummary, error) {
	sums, err := permutationSummaries(ctx, []float64{observed}, perms, seed, func() func(*rand.Rand, []float64) {
		stat := newWorker()
		return func(rng *rand.Rand, out []float64) { out[0] = stat(rng) }
	})
	if err != nil {
		return PermutationSummary{}, err
	}
	return sums[0], nil
}

// permutationSummaries runs perms replications of statistics against a null model: each
// worker gets its own statistics from newWorker (with its own buffers), which draws
// replication r's sample from rng = PCG(seed, r) and writes one value per observed statistic
// (NaN when undefined, counted as neither ≥ nor ≤). Replications run in chunks whose sums
// merge in chunk order, so the answer — floating-point sums included — does not depend on
// scheduling. Stops with ctx's error, checked before every replication.
func permutationSummaries(ctx context.Context, observed []float64, perms int, seed uint64, newWorker func() func(rng *rand.Rand, out []float64)) ([]PermutationSummary, error) {
	const chunk = 256
	chunks := (perms + chunk - 1) / chunk
	q := len(observed)
	sums := make([][]acc, chunks) // per chunk, per statistic
	workers := max(1, min(Workers(), chunks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stat := newWorker()
			out := make([]float64, q)
			for {
				c := int(next.Add(1)) - 1
				if c >= chunks || ctx.Err() != nil {
					return
				}
				local := make([]acc, q)
				for r := c * chunk; r < min(perms, (c+1)*chunk); r++ {
					// A replication is at least O(n) work (a relabelling, a random graph):
					// checking before each one keeps the stride after a cancellation to one.
					if ctx.Err() != nil {
						return
					}
					stat(rand.New(rand.NewPCG(seed, uint64(r))), out)
					for i, y := range out {
						local[i].add(y, y >= observed[i]-1e-12, y <= observed[i]+1e-12)
						if math.Abs(y) >= math.Abs(observed[i])-1e-12 {
							local[i].absge++
						}
					}
				}
				sums[c] = local
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	totals := make([]acc, q)
	for _, local := range sums {
		for i := range totals {
			totals[i].merge(local[i])
		}
	}
	res := make([]PermutationSummary, q)
	for i := range res {
		res[i] = totals[i].summary(observed[i], perms)
	}
	return res, nil
}

// AssortativityTest tests attribute assortativity against permutations of the values among
// the vertices that have one (the subgraph they induce stays): class[v] ≥ 0 a category, or,
// with class nil, x[v] a number (NaN: none). The statistic is AttributeAssortativity or
// NumericAssortativity. O(perms · m).
func AssortativityTest(ctx context.Context, g *Graph, class []int32, x []float64, perms int, seed uint64) (PermutationSummary, error) {
	var valued []int32
	for v := range int32(g.N) {
		if (class != nil && class[v] >= 0) || (class == nil && !math.IsNaN(x[v])) {
			valued = append(valued, v)
		}
	}
	observed := 0.0
	if class != nil {
		observed = AttributeAssortativity(ctx, g, class)
	} else {
		observed = NumericAssortativity(ctx, g, x)
	}
	return permutationSummary(ctx, observed, perms, seed, func() func(*rand.Rand) float64 {
		if class != nil {
			buf := make([]int32, len(class))
			return func(rng *rand.Rand) float64 {
				copy(buf, class)
				addSteps(ctx, len(buf)+len(valued))
				rng.Shuffle(len(valued), func(i, j int) { buf[valued[i]], buf[valued[j]] = buf[valued[j]], buf[valued[i]] })
				return AttributeAssortativity(ctx, g, buf)
			}
		}
		buf := make([]float64, len(x))
		return func(rng *rand.Rand) float64 {
			copy(buf, x)
			addSteps(ctx, len(buf)+len(valued))
			rng.Shuffle(len(valued), func(i, j int) { buf[valued[i]], buf[valued[j]] = buf[valued[j]], buf[valued[i]] })
			return NumericAssortativity(ctx, g, buf)
		}
	})
}
