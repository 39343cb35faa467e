package network

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// ApproxOptions configure sampled betweenness.
type ApproxOptions struct {
	Epsilon    float64 // additive error bound ε on the n(n−1)-normalised scale (default 0.01)
	Delta      float64 // failure probability δ (default 0.1)
	Seed       uint64  // same seed, same result
	Weighted   bool
	Normalized bool // output scale as Betweenness
	Workers    int
}

// ApproxInfo describes a sampled result.
type ApproxInfo struct {
	Samples        int     // shortest paths sampled, r
	VertexDiameter int     // upper bound on the vertex diameter used to size r
	ErrorBound     float64 // with probability ≥ 1 − δ every score is within this of the exact one, in output units
}

// ApproxBetweenness estimates betweenness by sampling shortest paths as Riondato and
// Kornaropoulos ("Fast approximation of betweenness centrality through sampling", Data Min.
// Knowl. Disc. 30(2), 2016): draw
//
//	r = ⌈(c/ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉,  c = 0.5,
//
// ordered pairs (u, v) uniformly, pick one shortest u–v path uniformly at random (walking back
// from v choosing predecessor p with probability σ_up/σ_uz), and credit 1/r to each inner
// vertex. With probability ≥ 1 − δ every estimate b̃(w) is within ε of
// b(w) = Σ_{u≠v} σ_uv(w)/σ_uv / (n(n−1)) simultaneously for all w. VD bounds the number of
// vertices on a shortest path: 2·ecc(s) + 1 from a BFS in each component for unweighted
// undirected graphs, else the size of the largest component.
//
// The estimate is rescaled to Betweenness's units (NetworkX normalisation when o.Normalized),
// and so is the bound reported in ApproxInfo. Samples are drawn with per-sample PCG streams
// and counted in integers, so the result depends only on the seed, not on scheduling.
// An unweighted sample costs one balanced bidirectional BFS (as KADABRA samples, see
// samplePathBidirectional); a weighted one a Dijkstra search stopped at the target.
func ApproxBetweenness(ctx context.Context, g *Graph, o ApproxOptions) ([]float64, ApproxInfo, error) {
	if o.Epsilon <= 0 {
		o.Epsilon = 0.01
	}
	if o.Delta <= 0 {
		o.Delta = 0.1
	}
	n := g.N
	info := ApproxInfo{}
	out := make([]float64, n)
	if n < 3 {
		return out, info, nil
	}
	vd := vertexDiameterBound(g, o.Weighted)
	info.VertexDiameter = vd
	r := int(math.Ceil(0.5 / (o.Epsilon * o.Epsilon) * (math.Floor(math.Log2(float64(max(vd-2, 1)))) + 1 + math.Log(1/o.Delta))))
	info.Samples = r

	workers := o.Workers
	if workers <= 0 {
		workers = Workers()
	}
	workers = max(1, min(workers, r))
	counts := make([][]int32, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	var stopped atomic.Bool
	for wk := 0; wk < workers; wk++ {
		counts[wk] = make([]int32, n)
		wg.Add(1)
		go func(cnt []int32) {
			defer wg.Done()
			var ws *workspace
			var bi *biWorkspace
			if o.Weighted {
				ws = newWorkspace(n)
				defer func() { addSteps(ctx, ws.steps) }()
			} else {
				bi = newBiWorkspace(n)
				defer func() { addSteps(ctx, bi.steps) }()
			}
			for {
				i := next.Add(1) - 1
				if int(i) >= r || stopped.Load() {
					return
				}
				if i&15 == 0 && ctx.Err() != nil {
					stopped.Store(true)
					return
				}
				rng := rand.New(rand.NewPCG(o.Seed, uint64(i)))
				u := int32(rng.IntN(n))
				v := int32(rng.IntN(n - 1))
				if v >= u {
					v++
				}
				if o.Weighted {
					samplePathWeighted(g, ws, u, v, rng, cnt)
				} else {
					samplePathBidirectional(g, bi, u, v, rng, cnt)
				}
			}
		}(counts[wk])
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, info, err
	}
	for _, c := range counts {
		for i, x := range c {
			out[i] += float64(x)
		}
	}
	// b̃ = count/r on the n(n−1) scale; convert to Betweenness's units.
	ordered := float64(n) * float64(n-1) // b̃ × n(n−1) = ordered-pair sum
	factor := ordered / float64(r)
	for i := range out {
		out[i] *= factor
	}
	scaleBetweenness(out, n, g.Directed, o.Normalized, 1)
	bound := []float64{o.Epsilon * ordered}
	scaleBetweenness(bound, n, g.Directed, o.Normalized, 1)
	info.ErrorBound = bound[0]
	return out, info, nil
}

// samplePathWeighted runs Dijkstra from u until v is settled and credits the inner vertices
// of one uniformly chosen shortest u–v path (unweighted graphs use
// samplePathBidirectional).
func samplePathWeighted(g *Graph, ws *workspace, u, v int32, rng *rand.Rand, cnt []int32) {
	ws.dijkstraTo(g, u, v, true)
	if !ws.settledTarget {
		return
	}
	z := v
	for z != u {
		// Choose predecessor p of z with probability σ_p / σ_z among the settled p with
		// d(p) + 1/w(p, z) = d(z).
		x := rng.Float64() * ws.sigma[z]
		lo := g.InOff[z]
		dz := ws.dist[z]
		chosen := int32(-1)
		for i, p := range g.In(z) {
			if ws.delta[p] != 1 || ws.dist[p]+1/g.InWeight(lo+int32(i)) != dz {
				continue
			}
			chosen = p
			x -= ws.sigma[p]
			if x < 0 {
				break
			}
		}
		if chosen < 0 {
			return // unreachable: v was settled, so some predecessor exists
		}
		z = chosen
		if z != u {
			cnt[z]++
		}
	}
}

// vertexDiameterBound bounds the number of vertices on any shortest path (see
// ApproxBetweenness).
func vertexDiameterBound(g *Graph, weighted bool) int {
	labels, count := Components(g)
	size := make([]int, count)
	for _, c := range labels {
		size[c]++
	}
	largest := 0
	for _, s := range size {
		largest = max(largest, s)
	}
	if weighted || g.Directed {
		return largest
	}
	ws := newWorkspace(g.N)
	seen := make([]bool, count)
	bound := 0
	for s := int32(0); s < int32(g.N); s++ {
		c := labels[s]
		if seen[c] {
			continue
		}
		seen[c] = true
		ws.bfs(g, s, false)
		ecc := int(ws.dist[ws.order[len(ws.order)-1]])
		bound = max(bound, min(2*ecc+1, size[c]))
	}
	return bound
}
