package network

import "context"

// Closeness returns closeness centrality as NetworkX closeness_centrality with the
// Wasserman–Faust correction for disconnected graphs (S. Wasserman and K. Faust, Social
// Network Analysis, 1994, eq. 5.3):
//
//	C(u) = (r(u) − 1)/Σ_v d(v, u) · (r(u) − 1)/(n − 1),
//
// where r(u) counts the vertices that reach u (u included) and d(v, u) is the distance from v
// to u — incoming distances for directed graphs, as NetworkX does by reversing the graph. C(u)
// is 0 when nothing reaches u. Distances are hops, or Σ 1/weight when weighted. O(nm)
// unweighted, O(nm + n² log n) weighted; parallel over vertices.
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
// level-synchronous BFS over a degree-ordered relabelling with epoch-stamped visits (no reset
// per source), summing by level: Σ d = Σ_L L·|level L|.
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
	workers := max(1, min(Workers(), g.N))
	searches := make([]*levelBFS, workers)
	err = forEachSource(ctx, r, nil, workers, func(_ *workspace, u int32, worker int) {
		if searches[worker] == nil {
			searches[worker] = newLevelBFS(r.N)
		}
		reached, total, h := searches[worker].run(r, u)
		out[inv[u]] = score(reached, total, h)
	})
	return out, errOr(err, out)
}

func errOr(err error, out []float64) error {
	if err != nil {
		for i := range out {
			out[i] = 0
		}
	}
	return err
}

// levelBFS is a per-worker breadth-first search that only counts vertices per level.
type levelBFS struct {
	stamp       []int32 // stamp[v] == epoch: v visited in the current search
	epoch       int32
	front, next []int32
}

func newLevelBFS(n int) *levelBFS {
	return &levelBFS{stamp: make([]int32, n), front: make([]int32, 0, n+1), next: make([]int32, n+1)}
}

// run searches from s and returns the vertices reached (s included), Σ d and Σ 1/d.
func (b *levelBFS) run(g *Graph, s int32) (reached int, total, harmonic float64) {
	b.epoch++
	if b.epoch == 0 { // wrapped: clear the stamps once every 2³² searches
		clear(b.stamp)
		b.epoch = 1
	}
	epoch, stamp := b.epoch, b.stamp
	off, adj := g.OutOff, g.OutAdj
	stamp[s] = epoch
	front := append(b.front[:0], s)
	reached = 1
	next := b.next[:cap(b.next)]
	for level := 1; len(front) > 0; level++ {
		// Branch-free discovery: write every neighbour at the end of next and advance only
		// past unseen ones, so the unpredictable "seen?" test costs no mispredictions.
		c := 0
		for _, v := range front {
			for _, w := range adj[off[v]:off[v+1]] {
				next[c] = w
				c += b2i(stamp[w] != epoch)
				stamp[w] = epoch
			}
		}
		if c > 0 {
			reached += c
			total += float64(level * c)
			harmonic += float64(c) / float64(level)
		}
		front, next = next[:c], front[:cap(front)]
	}
	b.front, b.next = front, next
	return reached, total, harmonic
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
