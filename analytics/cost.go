package analytics

import (
	"context"
	"math"
	"sync"
	"time"

	"stakegraph/domain"
	"stakegraph/network"
)

// Sizer reports the whole graph's size cheaply (Neo4j answers counts from its count store).
// A Loader that implements it lets cost estimates know the graph before any analytics ran.
type Sizer interface {
	GraphSize(ctx context.Context) (actors, ties int, err error)
}

// Meter counts the elementary steps the computations run under a context do (network.Meter,
// in PointSteps to the point): the work-versus-price property reads it, with the price the
// cost model gave, to check every computation's price against its work.
type Meter = network.Meter

// WithMeter returns ctx carrying m: the computations run under it count their steps in m.
func WithMeter(ctx context.Context, m *Meter) context.Context { return network.WithMeter(ctx, m) }

// PointSteps is what one cost point stands for: about 10⁵ elementary steps (arc visits,
// vertex updates) of an algorithm, a few hundred microseconds of one core.
const PointSteps = 1e5

// sizeHint is the newest whole-graph size known without a loaded graph.
type sizeHint struct {
	mu         sync.Mutex
	n, m       int
	at         time.Time
	refreshing bool
}

// hintTTL is how long a counted size serves estimates before it is counted again.
const hintTTL = time.Minute

// EnsureSize makes sure cost estimates know the graph's size: from the newest loaded graph,
// or counted by the store. Only the very first count waits for the store; later ones (once the
// count is a minute old) refresh in the background, so estimating a cost never waits for I/O.
// Errors: those of the store's first count.
func (s *Service) EnsureSize(ctx context.Context) error {
	if _, _, ok := s.loadedSize(); ok {
		return nil
	}
	sizer, ok := s.loader.(Sizer)
	if !ok {
		return nil
	}
	s.hint.mu.Lock()
	known, fresh := !s.hint.at.IsZero(), time.Since(s.hint.at) < hintTTL
	refreshing := s.hint.refreshing
	if known && !fresh && !refreshing {
		s.hint.refreshing = true
	}
	s.hint.mu.Unlock()
	count := func(ctx context.Context) error {
		n, m, err := sizer.GraphSize(ctx)
		s.hint.mu.Lock()
		defer s.hint.mu.Unlock()
		s.hint.refreshing = false
		if err != nil {
			return err
		}
		s.hint.n, s.hint.m, s.hint.at = n, m, time.Now()
		return nil
	}
	switch {
	case !known:
		return count(ctx)
	case !fresh && !refreshing:
		go func() {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_ = count(ctx)
		}()
	}
	return nil
}

// SizeKnown reports whether estimates know the graph's size without waiting for the store.
func (s *Service) SizeKnown() bool {
	if _, _, ok := s.loadedSize(); ok {
		return true
	}
	s.hint.mu.Lock()
	defer s.hint.mu.Unlock()
	return !s.hint.at.IsZero()
}

// Size is the whole graph's size as estimates know it: actors and ties.
func (s *Service) Size() (actors, ties int) {
	n, m := s.sliceSize(domain.NetworkFilter{})
	return int(n), int(m)
}

// loadedBase is the newest version's loaded graph, when it is loaded.
func (s *Service) loadedBase() (*base, bool) {
	v, ok := s.cache.peek(dataKey(kindBase, s.version.Load()).String())
	if !ok {
		return nil, false
	}
	return v.(*base), true
}

// loadedSize is the size of the newest version's loaded graph, when it is loaded.
func (s *Service) loadedSize() (n, m int, ok bool) {
	b, ok := s.loadedBase()
	if !ok {
		return 0, 0, false
	}
	return len(b.data.Actors), len(b.data.Ties), true
}

// sliceSize estimates f's slice: its cached snapshot's size, else its size counted from the
// loaded graph by an estimate (countSlice), else the whole graph's (an upper bound).
func (s *Service) sliceSize(f domain.NetworkFilter) (n, m float64) {
	id := sliceID(f)
	if sn, ok := s.cache.peek(sliceKey(s.version.Load(), id).String()); ok {
		snap := sn.(*Snapshot)
		return float64(snap.ActorCount()), float64(snap.undirected.EdgeCount())
	}
	if c, ok := s.counted(id); ok {
		return c.n, c.m
	}
	if a, t, ok := s.loadedSize(); ok {
		return float64(a), float64(t)
	}
	s.hint.mu.Lock()
	defer s.hint.mu.Unlock()
	return float64(s.hint.n), float64(s.hint.m)
}

// slicePairs bounds Σ d(v)² of f's slice (network.DegreePairs): its cached snapshot's, else
// its count from the loaded graph, else the loaded graph's tiePairs (an upper bound for any
// slice), else, before any graph is loaded, m·(m/n + 1) from the graph's size (the mean
// degree; low for unequal degrees).
func (s *Service) slicePairs(f domain.NetworkFilter) float64 {
	id := sliceID(f)
	if sn, ok := s.cache.peek(sliceKey(s.version.Load(), id).String()); ok {
		return sn.(*Snapshot).pairs
	}
	if c, ok := s.counted(id); ok {
		return c.pairs
	}
	if b, ok := s.loadedBase(); ok {
		return b.pairs
	}
	n, m := s.sliceSize(f)
	return m * (m/math.Max(n, 1) + 1)
}

// sliceCount is an uncached slice's size counted from the loaded graph: its actors, the
// partnerships between them it keeps (parallel ones counted apart: at least its edges), and
// Σ over its actors of those partnerships squared (at least its DegreePairs).
type sliceCount struct{ n, m, pairs float64 }

// maxSliceCounts bounds the counts the service keeps (a count is three numbers; the map is
// emptied when full, and with every new version).
const maxSliceCounts = 4096

// counted returns the count of the slice with key id at the newest version, if one was made.
func (s *Service) counted(id string) (sliceCount, bool) {
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	if s.counts.version != s.version.Load() {
		return sliceCount{}, false
	}
	c, ok := s.counts.m[id]
	return c, ok
}

// countSlice counts f's slice from the loaded graph, O(n + m) — what deriving it would read,
// without building it — so that an uncached slice is priced by its size rather than the
// whole graph's (a region's slice was priced 641,456 points before it was cached and 502
// after). Slices whose filter needs the partnerships' details, adds project ties or carries
// an overlay are left to the whole graph's bound. Reports whether it counted.
func (s *Service) countSlice(f domain.NetworkFilter) bool {
	b, ok := s.loadedBase()
	if !ok || f.NeedsTieDetails() || f.IncludeProjectTies || f.Overlay != nil || f.Validate() != nil {
		return false
	}
	id := sliceID(f)
	if _, ok := s.counted(id); ok {
		return true
	}
	g := b.data
	vertexOf, kept := keptActors(g, f.Matcher())
	c := sliceCount{n: float64(len(kept))}
	deg := make([]float64, len(kept))
	keptTies(g, f, vertexOf, func(_ int, u, v int32, _ float64) {
		c.m++
		deg[u]++
		if v != u {
			deg[v]++
		}
	})
	for _, d := range deg {
		c.pairs += d * d
	}
	s.counts.mu.Lock()
	defer s.counts.mu.Unlock()
	if s.counts.version != g.Version || len(s.counts.m) >= maxSliceCounts {
		s.counts.version, s.counts.m = g.Version, map[string]sliceCount{}
	}
	s.counts.m[id] = c
	return true
}

// checkFilter validates f as the request would before it runs — its own rules, and its
// sectors and attributes against the loaded version's (when one is loaded) — so that pricing
// reports bad input as bad input. Errors: EINVALID.
func (s *Service) checkFilter(f domain.NetworkFilter) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if b, ok := s.loadedBase(); ok {
		return b.checkSectors(&f)
	}
	return nil
}

// cachedResult reports whether compute's result for (f, kind, extra) is cached at the newest
// version, with the key cached() uses.
func (s *Service) cachedResult(f domain.NetworkFilter, kind, extra string) bool {
	if f.Validate() != nil {
		return false
	}
	_, ok := s.cache.peek(resultKey(kind, s.version.Load(), sliceID(f), f, extra).String())
	return ok
}

// Points converts elementary steps to cost points: at least 1, capped to fit an int32.
func Points(steps float64) int {
	p := steps / PointSteps
	if p < 1 || math.IsNaN(p) {
		return 1
	}
	if p > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(math.Ceil(p))
}

// MetricCost estimates computing metric m on f, in points: 1 when the result is cached,
// otherwise by the algorithm's class on the slice's n actors and m ties — n·m for exact
// betweenness, closeness and harmonic (a search from every actor); samples·√m for sampled
// betweenness (balanced bidirectional searches; samples·(n + 2m) weighted, a Dijkstra search
// stopped at the target); 100·(n + m) for PageRank and 200·(n + m) for
// eigenvector (power iterations: an iteration touches every actor and tie, and at damping 0.85
// PageRank converges within ~170 of them, eigenvector is cut at eigenvectorIterations); Σ d(v)² for clustering and brokerage (pairs of neighbours: m·(m/n) would
// ignore how unequal degrees are — 24× less on M, whose hubs have a thousand partners) and
// egoPairSteps times that for constraint and effective size; n + m for degrees, strength and
// cores; and n·log₂ n for ranking the scores. The classes' rates are checked against one another by BenchmarkPointsToSecondsM.
func (s *Service) MetricCost(f domain.NetworkFilter, metric domain.Metric, o Options) int {
	if s.cachedResult(f, kindMetric, metricExtra(metric, o)) {
		return 1
	}
	n, m := s.sliceSize(f)
	return AddPoints(Points(n*(math.Log2(n+2)+2)), s.kernelCost(f, metric, o, n, m)) // the ranking, the kernel
}

// kernelCost is MetricCost's kernel part.
func (s *Service) kernelCost(f domain.NetworkFilter, metric domain.Metric, o Options, n, m float64) int {
	info, _ := LookupMetric(metric)
	switch {
	case metric == domain.Betweenness && o.Sampling != nil && o.Sampling.Epsilon > 0 && o.Sampling.Delta > 0 && o.Sampling.Delta < 1:
		e := o.Sampling.Epsilon
		samples := 0.5 / (e * e) * (math.Floor(math.Log2(math.Max(n, 4))) + 1 + math.Log(1/o.Sampling.Delta))
		if f.Weighted {
			// A weighted sample is a Dijkstra search stopped at its target: O(n + m).
			return Points(samples * (n + 2*m))
		}
		return Points(samples * math.Sqrt(m+1) * 4)
	case info.Cost == AllPairs:
		return Points(n * m * searchFactor(f))
	case info.Cost == PowerIteration:
		return Points(100 * (n + m))
	case info.Cost == SlowIteration:
		return Points(200 * (n + m))
	case info.Cost == NeighbourPairs:
		return Points(s.slicePairs(f))
	case info.Cost == EgoNetworks:
		return Points(egoPairSteps * s.slicePairs(f))
	}
	return Points(n + m)
}

// egoPairSteps is the work per pair of neighbours of Burt's measures (the pair's tie weights
// and proportions, looked up in sorted rows) against clustering's one adjacency test:
// about 6×, measured on M.
const egoPairSteps = 6

// weightedSearch is what a weighted shortest-path search (Dijkstra with a binary heap) costs
// against an unweighted one (a breadth-first search): 4.2× measured on M for betweenness and
// closeness, so weighted all-pairs kernels are priced at 4.2× the unweighted ones.
const weightedSearch = 4.2

func searchFactor(f domain.NetworkFilter) float64 {
	if f.Weighted {
		return weightedSearch
	}
	return 1
}

// Work classes for the other analytics, for cost estimates.
const (
	WorkStats        = "stats"        // summary statistics (exact diameter on small components)
	WorkMixing       = "mixing"       // group mixing
	WorkCuts         = "cuts"         // cut vertices and bridges
	WorkCommunities  = "communities"  // Louvain
	WorkSearch       = "search"       // one breadth-first search: reach, paths
	WorkBrokerage    = "brokerage"    // brokerage roles and census
	WorkPairBetween  = "pairbc"       // group-pair betweenness (intermediaries)
	WorkLayoutPerPos = "layoutperpos" // ForceAtlas2: per iteration and node pair
	WorkLayers       = "layers"       // layers by partnership type: sorts and pairwise overlaps
)

// Cost estimates one computation of a work class on f, in points (see MetricCost); 1 when its
// result is cached (for the classes whose results are).
func (s *Service) Cost(work string, f domain.NetworkFilter) int {
	n, m := s.sliceSize(f)
	switch work {
	case WorkStats:
		if s.cachedResult(f, "stats", "") {
			return 1
		}
		return Points(math.Min(n, 5000)*m + s.slicePairs(f))
	case WorkMixing:
		// The ties, and the group × group matrix's passes (at most MaxMixingGroups groups).
		g := math.Min(n, MaxMixingGroups)
		return Points(n + m + 3*g*g)
	case WorkCuts, WorkSearch:
		return Points(n + m)
	case WorkLayers:
		// The ties sorted by type and together, each layer's ends, each pair of layers' merge:
		// the layers are the loaded version's partnership types (or the filter's), at most
		// MaxLayers.
		layers := float64(MaxLayers)
		if b, ok := s.loadedBase(); ok {
			layers = float64(min(len(b.data.TieTypes), MaxLayers))
		}
		if len(f.PartnershipTypes) > 0 {
			layers = math.Min(layers, float64(len(f.PartnershipTypes)))
		}
		return Points(n + m*(2*math.Log2(m+2)+3+layers))
	case WorkCommunities:
		return Points(20 * m)
	case WorkBrokerage:
		return Points(n + m + s.slicePairs(f))
	case WorkPairBetween:
		return Points(n * m)
	}
	return 1
}

// rowSteps is what streaming one actor or partnership of an export costs, in elementary
// steps: reading it from Neo4j and writing it out is about 3 µs, some thirty steps.
const rowSteps = 30

// ExportCost estimates an export of f in points: streaming its n actors and m partnerships,
// its decoration (degree and PageRank on the slice, see MetricCost) and, when
// layoutIterations > 0, a ForceAtlas2 layout of the slice (Barnes–Hut: about n·log₂ n cell
// visits per iteration, a few steps each).
func (s *Service) ExportCost(f domain.NetworkFilter, layoutIterations int) int {
	n, m := s.sliceSize(f)
	cost := Points(rowSteps*(n+m)) + s.MetricCost(f, domain.Degree, Options{Normalized: true}) + s.MetricCost(f, domain.PageRank, Options{Normalized: true})
	if layoutIterations > 0 {
		cost += Points(float64(layoutIterations) * n * math.Log2(n+2) * 8)
	}
	return cost
}

// importRowSteps is what importing one row costs, in elementary steps: parsing its cells,
// checking it and handing it to the store (the store's own writes aside: Neo4j's are not this
// process's CPU).
const importRowSteps = 100

// ImportCost prices an import of rows rows (a CSV's lines: at least its rows), in points.
func ImportCost(rows int) int { return Points(importRowSteps * float64(rows)) }

// sliceSteps is what deriving a slice costs per actor and tie, in elementary steps (matching
// filters, gathering ties, two CSR builds).
const sliceSteps = 20

// SliceCost estimates deriving f's slice when it is not cached at the newest version: its
// points, O(n + m), and its bytes (SnapshotBytesEstimate of the whole graph, an upper bound
// for any slice), with the key that tells slices apart. Points and bytes are 0 when it is
// cached, or when f is invalid (the request will be refused for that).
func (s *Service) SliceCost(f domain.NetworkFilter) (key string, points int, bytes int64) {
	if f.Validate() != nil {
		return "", 0, 0
	}
	key = sliceID(f)
	if _, ok := s.cache.peek(sliceKey(s.version.Load(), key).String()); ok {
		return key, 0, 0
	}
	n, m := s.Size()
	return key, Points(sliceSteps * float64(n+m)), SnapshotBytesEstimate(int64(n), int64(m))
}
