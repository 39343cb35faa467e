package network

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// workspace holds one worker's single-source shortest-path buffers, reused across sources so
// that a run over all sources allocates O(workers·n), not O(n²).
type workspace struct {
	dist  []float64 // shortest distance from the source; -1 when unreached
	sigma []float64 // number of shortest paths from the source
	delta []float64 // Brandes dependency
	order []int32   // vertices in the order they were settled (non-decreasing distance)
	heap  distHeap

	settledTarget bool // set by dijkstraTo when the target was reached

	// steps counts the vertices settled and arcs scanned (the Meter's unit); forEachSource adds
	// a worker's count to the context's meter when the worker ends.
	steps int

	// done, when set, ends a long search early (its result is then discarded by the
	// caller, which returns the context's error).
	done <-chan struct{}
}

func newWorkspace(n int) *workspace {
	ws := &workspace{dist: make([]float64, n), sigma: make([]float64, n), delta: make([]float64, n), order: make([]int32, 0, n)}
	for i := range ws.dist {
		ws.dist[i] = -1
	}
	return ws
}

// reset clears what the last source touched.
func (ws *workspace) reset() {
	for _, v := range ws.order {
		ws.dist[v] = -1
		ws.sigma[v] = 0
		ws.delta[v] = 0
	}
	ws.order = ws.order[:0]
}

// bfs settles every vertex reachable from s along out-arcs, counting shortest paths when
// countPaths. O(n + m).
func (ws *workspace) bfs(g *Graph, s int32, countPaths bool) {
	ws.reset()
	dist, sigma := ws.dist, ws.sigma
	dist[s] = 0
	sigma[s] = 1
	ws.order = append(ws.order, s)
	off, adj := g.OutOff, g.OutAdj
	for head := 0; head < len(ws.order); head++ {
		if head%4096 == 4095 && ws.cancelled() {
			return // the caller is cancelled and discards this search
		}
		v := ws.order[head]
		dv := dist[v] + 1
		sv := sigma[v]
		ws.steps += int(off[v+1]-off[v]) + 1
		for _, w := range adj[off[v]:off[v+1]] {
			if dist[w] < 0 {
				dist[w] = dv
				ws.order = append(ws.order, w)
			}
			if countPaths && dist[w] == dv {
				sigma[w] += sv
			}
		}
	}
}

// dijkstra settles every vertex reachable from s with arc length 1/weight (design.md: weighted
// shortest paths use distance = 1/weight). O((n + m) log n) with a binary heap.
func (ws *workspace) dijkstra(g *Graph, s int32, countPaths bool) {
	ws.dijkstraTo(g, s, -1, countPaths)
	// Clear the settled flags so delta can serve the backward pass.
	for _, v := range ws.order {
		ws.delta[v] = 0
	}
}

// dijkstraTo runs Dijkstra from s, stopping once t is settled (never when t < 0). ws.order
// lists the settled vertices in settle order, which the dependency pass needs; they are
// flagged by delta = 1. On an early stop the vertices reached but not settled are appended
// after them, flagged 2, so reset still clears them. ws.settledTarget tells whether t was
// reached.
func (ws *workspace) dijkstraTo(g *Graph, s, t int32, countPaths bool) {
	ws.reset()
	ws.settledTarget = false
	dist, sigma, settled := ws.dist, ws.sigma, ws.delta
	ws.heap = ws.heap[:0]
	dist[s] = 0
	sigma[s] = 1
	ws.heap.push(heapItem{0, s})
	for pops := 0; len(ws.heap) > 0; pops++ {
		if pops%4096 == 0 && ws.cancelled() {
			return
		}
		it := ws.heap.pop()
		v := it.v
		if settled[v] != 0 || it.d != dist[v] {
			continue
		}
		settled[v] = 1
		ws.order = append(ws.order, v)
		ws.steps += len(g.OutAdj[g.OutOff[v]:g.OutOff[v+1]]) + 1
		if v == t {
			ws.settledTarget = true
			for _, rest := range ws.heap {
				if settled[rest.v] == 0 {
					settled[rest.v] = 2
					ws.order = append(ws.order, rest.v)
				}
			}
			return
		}
		adj, w := g.Out(v)
		for i, u := range adj {
			if settled[u] != 0 {
				continue
			}
			du := dist[v] + 1/w[i]
			switch {
			case dist[u] < 0 || du < dist[u]:
				dist[u] = du
				if countPaths {
					sigma[u] = sigma[v]
				}
				ws.heap.push(heapItem{du, u})
			case du == dist[u]:
				if countPaths {
					sigma[u] += sigma[v]
				}
			}
		}
	}
}

// sssp runs BFS or Dijkstra.
func (ws *workspace) sssp(g *Graph, s int32, weighted, countPaths bool) {
	if weighted {
		ws.dijkstra(g, s, countPaths)
	} else {
		ws.bfs(g, s, countPaths)
	}
}

type heapItem struct {
	d float64
	v int32
}

// distHeap is a binary min-heap on distance, without interfaces in the hot path.
type distHeap []heapItem

func (h *distHeap) push(it heapItem) {
	*h = append(*h, it)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if a[p].d <= it.d {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = it
}

func (h *distHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	*h = a
	n := len(a)
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].d < a[c].d {
			c++
		}
		if last.d <= a[c].d {
			break
		}
		a[i] = a[c]
		i = c
	}
	a[i] = last
	return top
}

// Workers is the number of goroutines all-sources computations use by default.
func Workers() int { return runtime.GOMAXPROCS(0) }

// forEachSource calls visit(ws, s, worker) for every source s in sources (all vertices when
// nil) on `workers` goroutines, each with its own workspace. It stops early and returns
// ctx.Err() when ctx is done. A worker's ws.steps — its searches' steps, and what visit adds
// for its own passes — go to ctx's meter when the worker ends.
func forEachSource(ctx context.Context, g *Graph, sources []int32, workers int, visit func(ws *workspace, s int32, worker int)) error {
	total := g.N
	if sources != nil {
		total = len(sources)
	}
	if workers <= 0 {
		workers = Workers()
	}
	workers = max(1, min(workers, total))
	var next atomic.Int64
	var stopped atomic.Bool
	done := ctx.Done()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(worker int) {
			defer wg.Done()
			ws := newWorkspace(g.N)
			ws.done = done
			defer func() { addSteps(ctx, ws.steps) }()
			for {
				i := int(next.Add(1) - 1)
				if i >= total || stopped.Load() {
					return
				}
				if ctx.Err() != nil { // a check per source: cheap next to a whole-graph search
					stopped.Store(true)
					return
				}
				s := int32(i)
				if sources != nil {
					s = sources[i]
				}
				visit(ws, s, worker)
			}
		}(w)
	}
	wg.Wait()
	return ctx.Err()
}

// cancelled reports whether the search's caller has been cancelled.
func (ws *workspace) cancelled() bool {
	select {
	case <-ws.done:
		return true
	default:
		return false
	}
}
