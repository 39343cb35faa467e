package network

import (
	"context"
	"math"
	"math/rand/v2"
)

// CorePeriphery is a network's core/periphery structure (S. P. Borgatti and M. G. Everett,
// "Models of core/periphery structures", Social Networks 21, 2000).
type CorePeriphery struct {
	// Core marks the discrete model's core: the partition whose ideal pattern — a tie
	// wherever a core actor is involved, none between periphery actors — correlates best with
	// the ties found (a heuristic: see CorePeripheryOf).
	Core []bool
	// Fit is the Pearson correlation, over the unordered pairs, of the ties with Core's ideal
	// pattern (exact for that partition; cpnet's BE quality).
	Fit float64
	// Coreness is the continuous model's coreness c minimising Σ_{i≠j} (a_ij − c_i c_j)²
	// (J. P. Boyd, W. J. Fitzgerald, M. C. Mahutga and D. A. Smith, "Computing continuous
	// core/periphery structures for social relations data with MINRES/SVD", Social Networks
	// 32, 2010), non-negative.
	Coreness []float64
}

// cpFit is the correlation of the ties with the ideal pattern of a core of nc actors when
// mcc ties involve a core actor: n actors, m ties. −Inf when undefined (no core, or no
// periphery pair and so no contrast).
func cpFit(mcc, nc, m, n float64) float64 {
	N := n * (n - 1) / 2
	mb := nc*(nc-1)/2 + nc*(n-nc)
	pa, pb := m/N, mb/N
	den := math.Sqrt(pa * (1 - pa) * pb * (1 - pb))
	if !(den > 0) {
		return math.Inf(-1)
	}
	return (mcc/N - pa*pb) / den
}

// MaxCorePeripheryPasses bounds the Kernighan–Lin passes of one start: searches on the demo
// networks end by themselves after about 3 (the cost model prices 4 a start).
const MaxCorePeripheryPasses = 16

// maxMinresSweeps bounds the MINRES fixed point's sweeps: a chain, the slowest shape, needs
// about 830 to change by less than 1e-13; the cost model prices 1,000.
const maxMinresSweeps = 2000

// CorePeripheryOf finds u's core/periphery structure (u undirected, unweighted). The discrete
// core is found by Kernighan–Lin search, as cpnet's BE does: from each of `starts` random
// partitions (start s from PCG(seed, s)), passes flip every actor once, best gain first,
// keep the best prefix, and stop when a pass gains nothing (or after MaxCorePeripheryPasses);
// the best partition over the starts is kept. A search that ended by itself is a local
// optimum — no partition differing by one actor fits better — not a proven global one. Coreness iterates Boyd et al.'s MINRES fixed point c_i = Σ_j a_ij c_j /
// (Σ_{j≠i} c_j²) from the degrees until it changes by less than 1e-13 (at most maxMinresSweeps). O(starts · passes ·
// n²) and O(iterations · m); stops with ctx's error.
func CorePeripheryOf(ctx context.Context, u *Graph, seed uint64, starts int) (*CorePeriphery, error) {
	n := u.N
	deg := make([]float64, n)
	m := 0.0
	for v := range int32(n) {
		adj, _ := u.Out(v)
		deg[v] = float64(len(adj))
		m += deg[v]
	}
	m /= 2
	res := &CorePeriphery{Core: make([]bool, n), Fit: math.NaN()}
	steps := linear(u)
	defer func() { addSteps(ctx, steps) }()
	if n >= 2 && m > 0 {
		best := math.Inf(-1)
		x := make([]bool, n)
		coreNb := make([]float64, n) // core neighbours of each actor
		locked := make([]bool, n)
		var flips []int32
		for s := range max(starts, 1) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			rng := rand.New(rand.NewPCG(seed, uint64(s)))
			steps += linear(u) // the start's partition and its core neighbours
			clear(coreNb)
			nc, mcc := 0.0, 0.0
			for v := range x {
				x[v] = rng.IntN(2) == 1
			}
			for v := range int32(n) {
				if !x[v] {
					continue
				}
				nc++
				adj, _ := u.Out(v)
				for _, w := range adj {
					coreNb[w]++
				}
			}
			for v := range n { // ties involving a core actor: core–core counted once
				if x[v] {
					mcc += deg[v] - coreNb[v]/2
				}
			}
			flip := func(v int32) {
				adj, _ := u.Out(v)
				steps += len(adj) + 1
				d := deg[v] - coreNb[v] // ties to periphery actors change their pattern
				if x[v] {
					mcc -= d
					nc--
				} else {
					mcc += d
					nc++
				}
				x[v] = !x[v]
				delta := 1.0
				if !x[v] {
					delta = -1
				}
				for _, w := range adj {
					coreNb[w] += delta
				}
			}
			cur := cpFit(mcc, nc, m, float64(n))
			for pass := 0; pass < MaxCorePeripheryPasses; pass++ {
				clear(locked)
				flips = flips[:0]
				bestPass, bestAt := cur, 0
				for step := 0; step < n; step++ {
					if step%256 == 0 && ctx.Err() != nil {
						return nil, ctx.Err()
					}
					pick, pickFit := int32(-1), math.Inf(-1)
					steps += n // the scan for the best flip
					for v := range int32(n) {
						if locked[v] {
							continue
						}
						d := deg[v] - coreNb[v]
						var f float64
						if x[v] {
							f = cpFit(mcc-d, nc-1, m, float64(n))
						} else {
							f = cpFit(mcc+d, nc+1, m, float64(n))
						}
						if pick < 0 || f > pickFit {
							pick, pickFit = v, f
						}
					}
					flip(pick)
					locked[pick] = true
					flips = append(flips, pick)
					if pickFit > bestPass+1e-15 {
						bestPass, bestAt = pickFit, len(flips)
					}
				}
				for i := len(flips) - 1; i >= bestAt; i-- { // back to the pass's best prefix
					flip(flips[i])
				}
				if bestAt == 0 {
					break
				}
				cur = bestPass
			}
			if cur > best {
				best = cur
				copy(res.Core, x)
			}
		}
		res.Fit = best
	}
	c, err := minres(ctx, u, deg)
	if err != nil {
		return nil, err
	}
	res.Coreness = c
	return res, nil
}

// minres fits c_i c_j to the ties a_ij off the diagonal by the MINRES fixed point, updating
// in place (Gauss–Seidel), from the degrees scaled to the ties' size.
func minres(ctx context.Context, u *Graph, deg []float64) ([]float64, error) {
	n := u.N
	c := make([]float64, n)
	norm := 0.0
	for v, d := range deg {
		norm += d * d
		c[v] = d
	}
	if norm == 0 {
		return c, nil
	}
	scale := 1 / math.Sqrt(math.Sqrt(norm))
	sq := 0.0
	for v := range c {
		c[v] *= scale
		sq += c[v] * c[v]
	}
	steps := 2 * n
	defer func() { addSteps(ctx, steps) }()
	for it := 0; it < maxMinresSweeps; it++ {
		if it%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		steps += linear(u) // a Gauss–Seidel sweep
		change := 0.0
		for v := range int32(n) {
			adj, _ := u.Out(v)
			s := 0.0
			for _, w := range adj {
				s += c[w]
			}
			den := sq - c[v]*c[v]
			next := 0.0
			if den > 0 {
				next = s / den
			}
			sq += next*next - c[v]*c[v]
			change = math.Max(change, math.Abs(next-c[v]))
			c[v] = next
		}
		if change < 1e-13 {
			break
		}
	}
	return c, nil
}
