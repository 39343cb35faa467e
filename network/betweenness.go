package network

import (
	"context"
	"unsafe"
)

// BetweennessOptions select the variant of betweenness centrality.
type BetweennessOptions struct {
	Weighted   bool // shortest paths by distance 1/weight (Dijkstra) instead of hops (BFS)
	Normalized bool // NetworkX normalisation: ×1/((n−1)(n−2))
	Workers    int  // goroutines; 0 means GOMAXPROCS
}

// Betweenness returns the betweenness centrality of every vertex,
//
//	c_B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st,
//
// where σ_st is the number of shortest s–t paths and σ_st(v) the number through v, computed
// with Brandes' algorithm (U. Brandes, "A faster algorithm for betweenness centrality",
// J. Math. Sociol. 25(2):163–177, 2001) in O(nm) time unweighted and O(nm + n² log n)
// weighted, parallel over sources with per-worker buffers and accumulators.
//
// Scaling matches NetworkX betweenness_centrality: for undirected graphs the raw sum counts
// each pair once (the ordered-pair sum × 1/2); normalised values are the ordered-pair sum ×
// 1/((n−1)(n−2)), directed or not.
//
// The dependency pass uses successors, δ(v) = σ_v Σ_{w: v∈P(w)} (1 + δ(w))/σ_w, over the
// settle order, so no predecessor lists are stored, and keeps (1 + δ(w))/σ_w per vertex so
// each arc costs an addition rather than a division. Vertices are first renumbered in
// breadth-first order from the hubs (Relabel, ByBFS) so a search's neighbouring vertices, and
// the hubs every search visits, share cache lines; a vertex's level and path count sit side
// by side (lvSigma) so the forward pass touches one line per arc.
func Betweenness(ctx context.Context, g *Graph, o BetweennessOptions) ([]float64, error) {
	workers := o.Workers
	if workers <= 0 {
		workers = Workers()
	}
	workers = max(1, min(workers, g.N))
	orig := g
	g, inv, err := relabelCtx(ctx, g)
	if err != nil {
		return nil, err
	}
	acc := make([][]float64, workers)
	for i := range acc {
		acc[i] = make([]float64, g.N)
	}
	if o.Weighted {
		err = forEachSource(ctx, g, nil, workers, func(ws *workspace, s int32, worker int) {
			ws.dijkstra(g, s, true)
			ws.steps += accumulateWeighted(g, ws, s, acc[worker])
		})
	} else {
		bws := make([]*bfsBrandes, workers)
		err = forEachSource(ctx, g, nil, workers, func(ws *workspace, s int32, worker int) {
			if bws[worker] == nil {
				bws[worker] = newBFSBrandes(g.N)
			}
			ws.steps += bws[worker].source(g, s, acc[worker])
		})
	}
	if err != nil {
		return nil, err
	}
	bc := make([]float64, orig.N)
	for p, v := range inv {
		for _, a := range acc {
			bc[v] += a[p]
		}
	}
	scaleBetweenness(bc, g.N, g.Directed, o.Normalized, 1)
	return bc, nil
}

// accumulateWeighted runs Brandes' dependency pass for source s after a Dijkstra search and
// adds δ_s(v) to bc. delta holds (1 + δ(w))/σ(w) for finished vertices. It returns its steps
// (vertices and arcs scanned).
func accumulateWeighted(g *Graph, ws *workspace, s int32, bc []float64) (steps int) {
	dist, sigma, ratio := ws.dist, ws.sigma, ws.delta
	off, adj, wt := g.OutOff, g.OutAdj, g.OutW
	for i := len(ws.order) - 1; i >= 0; i-- {
		v := ws.order[i]
		dv := dist[v]
		coeff := 0.0
		steps += int(off[v+1]-off[v]) + 1
		for j := off[v]; j < off[v+1]; j++ {
			w := adj[j]
			if dist[w] == dv+1/wt[j] {
				coeff += ratio[w]
			}
		}
		d := sigma[v] * coeff
		if v != s {
			bc[v] += d
		}
		ratio[v] = (1 + d) / sigma[v]
	}
	return steps
}

// bfsBrandes is the unweighted Brandes kernel's per-worker state: levels with path counts,
// the (1 + δ)/σ ratios and a per-level dependency buffer, sized to the graph once and reset
// only where a source touched.
//
// The dependency pass runs level by level from the deepest: the ratios of a level are written
// only after the whole level is done, so when a vertex at level L sums its out-neighbours'
// ratios, those at L (not yet written) or below (still zero) add nothing and only its
// successors at L + 1 count. The inner loop is then a plain branch-free sum.
type bfsBrandes struct {
	st     []lvSigma
	ratio  []float64
	dep    []float64
	order  []int32
	starts []int32 // starts[L] is where level L begins in order
}

// lvSigma keeps a vertex's BFS level and path count side by side, so the forward pass's
// visit of an arc touches one cache line.
type lvSigma struct {
	level int32
	_     int32
	sigma float64
}

func newBFSBrandes(n int) *bfsBrandes {
	b := &bfsBrandes{st: make([]lvSigma, n), ratio: make([]float64, n),
		dep: make([]float64, n), order: make([]int32, 0, n)}
	for i := range b.st {
		b.st[i].level = -1
	}
	return b
}

// source runs one BFS from s and the dependency pass, adding δ_s to bc; it returns its steps
// (vertices and arcs scanned, both passes).
func (b *bfsBrandes) source(g *Graph, s int32, bc []float64) (steps int) {
	st, ratio, dep := b.st, b.ratio, b.dep
	off, adj := g.OutOff, g.OutAdj
	stBase := unsafe.Pointer(unsafe.SliceData(st))
	ratioBase := unsafe.Pointer(unsafe.SliceData(ratio))
	order := b.order[:0]
	starts := append(b.starts[:0], 0)
	st[s] = lvSigma{level: 0, sigma: 1}
	order = append(order, s)
	for head := 0; head < len(order); head++ {
		v := order[head]
		next := st[v].level + 1
		if int(next) == len(starts) {
			// Every vertex of level next−1 is queued by now, so next starts here.
			starts = append(starts, int32(len(order)))
		}
		sv := st[v].sigma
		steps += 2 * (int(off[v+1]-off[v]) + 1) // this pass, and the dependency pass's
		for _, w := range adj[off[v]:off[v+1]] {
			// Every w in adj is < n = len(st) by construction (Build), so the per-arc
			// bounds checks are skipped in this, the hottest loop.
			p := (*lvSigma)(unsafe.Add(stBase, uintptr(w)*16))
			if lw := p.level; lw < 0 {
				p.level = next
				order = append(order, w)
				p.sigma = sv
			} else if lw == next {
				p.sigma += sv
			}
		}
	}
	starts = append(starts, int32(len(order))) // the end of the deepest level
	for L := len(starts) - 2; L >= 1; L-- {
		lo, hi := starts[L], starts[L+1]
		for i := lo; i < hi; i++ {
			v := order[i]
			coeff := 0.0
			for _, w := range adj[off[v]:off[v+1]] {
				coeff += *(*float64)(unsafe.Add(ratioBase, uintptr(w)*8))
			}
			dep[i] = st[v].sigma * coeff
		}
		for i := lo; i < hi; i++ {
			v := order[i]
			bc[v] += dep[i]
			ratio[v] = (1 + dep[i]) / st[v].sigma
		}
	}
	for _, v := range order {
		st[v] = lvSigma{level: -1}
		ratio[v] = 0
	}
	b.order, b.starts = order, starts
	return steps
}

// scaleBetweenness applies NetworkX's rescaling; factor multiplies in (sampling corrections).
func scaleBetweenness(bc []float64, n int, directed, normalized bool, factor float64) {
	scale := factor
	switch {
	case normalized && n > 2:
		scale *= 1 / float64((n-1)*(n-2))
	case normalized:
		scale = 0 // NetworkX leaves all zeros for n ≤ 2
	case !directed:
		scale *= 0.5
	}
	if scale == 1 {
		return
	}
	for i := range bc {
		bc[i] *= scale
	}
}
