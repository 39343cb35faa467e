package network

import (
	"context"
	bits64 "math/bits"
	"sync"
	"sync/atomic"
)

// Closeness returns closeness centrality as NetworkX closeness_centrality with the
// Wasserman–Faust correction for disconnected graphs (S. Wasserman and K. Faust, Social
// Network Analysis, 1994, eq. 5.3):
//
//	C(u) = (r(u) − 1)/Σ_v d(v, u) · (r(u) − 1)/(n − 1),
//
// where r(u) counts the vertices that reach u (u included) and d(v, u) is the distance from v
// to u — incoming distances for directed graphs, as NetworkX does by reversing the graph. C(u)
// is 0 when nothing reaches u. Distances are hops, or Σ 1/weight when weighted. O(nm/64 · D)
// word operations unweighted (64 searches per pass), O(nm + n² log n) weighted; parallel.
func Closeness(ctx context.Context, g *Graph, weighted bool) ([]float64, error) {
	n := g.N
	return distanceSums(ctx, g, weighted, func(reached int, total, _ float64) float64 {
		r := float64(reached)
		if total > 0 && n > 1 {
			return (r - 1) / total * ((r - 1) / float64(n-1))
		}
		return 0
	})
}

// Harmonic returns harmonic centrality as NetworkX harmonic_centrality (M. Marchiori and
// V. Latora, "Harmony in the small-world", Physica A 285, 2000; P. Boldi and S. Vigna, "Axioms
// for centrality", Internet Math. 10, 2014):
//
//	H(u) = Σ_{v≠u} 1/d(v, u),
//
// with unreachable pairs contributing 0 and incoming distances for directed graphs. When
// normalized the sum is divided by n − 1. Same complexity as Closeness.
func Harmonic(ctx context.Context, g *Graph, weighted, normalized bool) ([]float64, error) {
	scale := 1.0
	if normalized && g.N > 1 {
		scale = 1 / float64(g.N-1)
	}
	return distanceSums(ctx, g, weighted, func(_ int, _, harmonic float64) float64 { return harmonic * scale })
}

// distanceSums runs a search into every vertex u (over reversed arcs) and maps the number of
// vertices reaching u, Σ d(v, u) and Σ 1/d(v, u) to u's score. Unweighted searches are
// bit-parallel multi-source BFS (multiSourceSums) over a degree-ordered relabelling, summing
// by level: Σ d = Σ_L L·|level L|; weighted ones are a Dijkstra search per vertex.
func distanceSums(ctx context.Context, g *Graph, weighted bool, score func(reached int, total, harmonic float64) float64) ([]float64, error) {
	rev := g.Reverse()
	out := make([]float64, g.N)
	if weighted {
		err := forEachSource(ctx, rev, nil, 0, func(ws *workspace, u int32, _ int) {
			ws.dijkstra(rev, u, false)
			total, h := 0.0, 0.0
			for _, v := range ws.order {
				if d := ws.dist[v]; d > 0 {
					total += d
					h += 1 / d
				}
			}
			out[u] = score(len(ws.order), total, h)
		})
		return out, errOr(err, out)
	}
	r, inv, err := relabelCtx(ctx, rev)
	if err != nil {
		return nil, err
	}
	err = multiSourceSums(ctx, r, func(u int32, reached int, total, harmonic float64) {
		out[inv[u]] = score(reached, total, harmonic)
	})
	return out, errOr(err, out)
}

// multiSourceSums runs bit-parallel multi-source BFS (M. Then, M. Kaufmann, F. Chirigati,
// T.-A. Hoang-Vu, K. Pham, A. Kemper, T. Neumann and H. T. Vo, "The More the Merrier:
// Efficient Multi-Source Graph Traversal", PVLDB 8(4), 2014): 64 searches share each pass, a
// vertex's bit i saying that search i has reached it, so every arc load serves up to 64
// searches. Per level, new = next &^ seen gives each vertex's newly reached searches, whose
// counts give Σ d and Σ 1/d by level. Batches of 64 sources run in parallel; each reports its
// sources' reached counts and sums. A level visits only its frontier (the vertices some search
// reached at the level before), so a batch costs O(64·(n + m)) word operations at most, whatever
// the diameter — a long chain cost (n/64)·D·n over whole-graph levels — plus O(n²) bit visits.
func multiSourceSums(ctx context.Context, g *Graph, report func(u int32, reached int, total, harmonic float64)) error {
	n := g.N
	batches := (n + 63) / 64
	workers := max(1, min(Workers(), batches))
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			seen, visit, reach := make([]uint64, n), make([]uint64, n), make([]uint64, n)
			var active, touched []int32
			var cnt [64]int
			steps := 0
			defer func() { addSteps(ctx, steps) }()
			for {
				b := int(next.Add(1) - 1)
				if b >= batches {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				lo, hi := b*64, min(b*64+64, n)
				clear(seen)
				steps += n
				var reached [64]int
				var total, harmonic [64]float64
				active = active[:0]
				for i := lo; i < hi; i++ {
					bit := uint64(1) << uint(i-lo)
					seen[i] |= bit
					visit[i] |= bit
					reached[i-lo] = 1
					active = append(active, int32(i))
				}
				off, adj := g.OutOff, g.OutAdj
				for level := 1; len(active) > 0; level++ {
					if level%8 == 0 && ctx.Err() != nil {
						errs[w] = ctx.Err()
						return
					}
					// Push the frontier's searches (the vertices some search reached at the last
					// level) to their successors. A vertex is in at most 64 frontiers per batch
					// (one per search): a narrow frontier is visited alone, so a batch costs
					// O(64·(n + m)) whatever the diameter; one of n/denseFrontier vertices or
					// more is visited by whole-array passes, at most 64·denseFrontier of them.
					if len(active)*denseFrontier >= n {
						// A wide frontier: whole-array passes beat collecting the touched vertices.
						for v, bits := range visit {
							if bits == 0 {
								continue
							}
							visit[v] = 0
							steps += int(off[v+1] - off[v])
							for _, x := range adj[off[v]:off[v+1]] {
								reach[x] |= bits
							}
						}
						active = active[:0]
						for v, bits := range reach {
							if bits == 0 {
								continue
							}
							reach[v] = 0
							if fresh := bits &^ seen[v]; fresh != 0 {
								seen[v] |= fresh
								visit[v] = fresh
								active = append(active, int32(v))
								for f := fresh; f != 0; f &= f - 1 {
									cnt[bits64.TrailingZeros64(f)]++
								}
							}
						}
						steps += 2 * n
					} else {
						touched = touched[:0]
						for _, v := range active {
							bits := visit[v]
							visit[v] = 0
							steps += int(off[v+1]-off[v]) + 1
							for _, x := range adj[off[v]:off[v+1]] {
								if reach[x] == 0 {
									touched = append(touched, x)
								}
								reach[x] |= bits
							}
						}
						active = active[:0]
						for _, v := range touched {
							bits := reach[v]
							reach[v] = 0
							if fresh := bits &^ seen[v]; fresh != 0 {
								seen[v] |= fresh
								visit[v] = fresh
								active = append(active, v)
								for f := fresh; f != 0; f &= f - 1 {
									cnt[bits64.TrailingZeros64(f)]++
								}
							}
						}
						steps += len(touched)
					}
					for i := 0; i < hi-lo; i++ {
						if c := cnt[i]; c > 0 {
							reached[i] += c
							total[i] += float64(level * c)
							harmonic[i] += float64(c) / float64(level)
							cnt[i] = 0
						}
					}
				}
				for i := lo; i < hi; i++ {
					report(int32(i), reached[i-lo], total[i-lo], harmonic[i-lo])
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// denseFrontier: a frontier of at least n/denseFrontier vertices is pushed by whole-array passes.
const denseFrontier = 8

func errOr(err error, out []float64) error {
	if err != nil {
		for i := range out {
			out[i] = 0
		}
	}
	return err
}
