// Package analytics is stakegraph's analytics service: it loads a filtered projection of the
// network from the store into an immutable in-memory snapshot (CSR arrays, both views), caches
// snapshots and results per (graph version, filter, metric, options) in a memory-bounded LRU,
// shares one computation among concurrent identical requests, and runs the algorithms of
// package network under the request's context.
//
// The graph version is read from the store on every request (one cheap query), so several API
// replicas agree on when a cached result is stale; entries of older versions are dropped as
// soon as a newer version is seen.
package analytics

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync/atomic"

	"stakegraph/domain"
	"stakegraph/network"
)

// Loader is what the service needs from the store.
type Loader interface {
	GraphVersion(ctx context.Context) (int64, error)
	LoadProjection(ctx context.Context, f domain.NetworkFilter) (*domain.Projection, error)
	Sectors(ctx context.Context) ([]domain.Sector, error)
}

// DefaultCacheBytes bounds the memory snapshots and results may take.
const DefaultCacheBytes = 2 << 30

// Service computes network analytics over snapshots of the store.
type Service struct {
	loader  Loader
	cache   *cache
	version atomic.Int64 // newest graph version seen
}

// New returns a service whose cache holds at most cacheBytes (DefaultCacheBytes when ≤ 0).
func New(loader Loader, cacheBytes int64) *Service {
	if cacheBytes <= 0 {
		cacheBytes = DefaultCacheBytes
	}
	return &Service{loader: loader, cache: newCache(cacheBytes)}
}

// CacheStats reports the cache's use.
func (s *Service) CacheStats() CacheStats { return s.cache.stats() }

// Snapshot is an immutable, filtered copy of the network in both views.
type Snapshot struct {
	Version    int64
	Filter     domain.NetworkFilter
	IDs        []string // actor ids, sorted; vertex i is IDs[i]
	Index      map[string]int32
	Undirected *network.Graph
	Directed   *network.Graph
	Groupings  map[domain.ActorAttribute]*Grouping
	Bytes      int64
}

// Grouping assigns every vertex of a snapshot to a group by one actor attribute.
type Grouping struct {
	Keys  []string         // group keys, sorted ("" for actors without the attribute)
	Of    []int32          // vertex → index into Keys
	Index map[string]int32 // key → index
}

// Group returns the grouping by attribute a (SECTOR when empty).
func (sn *Snapshot) Group(a domain.ActorAttribute) *Grouping {
	if a == "" {
		a = domain.BySector
	}
	return sn.Groupings[a]
}

func newGrouping(values []string) *Grouping {
	keys := append([]string(nil), values...)
	sort.Strings(keys)
	k := 0
	for i, x := range keys {
		if i == 0 || x != keys[k-1] {
			keys[k] = x
			k++
		}
	}
	keys = keys[:k]
	gr := &Grouping{Keys: keys, Of: make([]int32, len(values)), Index: make(map[string]int32, len(keys))}
	for i, x := range keys {
		gr.Index[x] = int32(i)
	}
	for v, x := range values {
		gr.Of[v] = gr.Index[x]
	}
	return gr
}

// View returns the graph for a direction.
func (sn *Snapshot) View(d domain.Direction) *network.Graph {
	if d == domain.Directed {
		return sn.Directed
	}
	return sn.Undirected
}

// EdgeCount is the number of edges (undirected) or arcs (directed) in the view.
func (sn *Snapshot) EdgeCount(d domain.Direction) int { return sn.View(d).EdgeCount() }

// validate checks a filter, including that its sectors exist.
func (s *Service) validate(ctx context.Context, f *domain.NetworkFilter) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if len(f.Sectors) == 0 {
		return nil
	}
	sectors, err := s.loader.Sectors(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, sec := range sectors {
		known[sec.Code] = true
	}
	for _, code := range f.Sectors {
		if !known[code] {
			return domain.FieldErrorf("network.sectors", domain.EINVALID, "unknown sector %q", code)
		}
	}
	return nil
}

// currentVersion reads the graph version and drops cache entries of older versions.
func (s *Service) currentVersion(ctx context.Context) (int64, error) {
	v, err := s.loader.GraphVersion(ctx)
	if err != nil {
		return 0, err
	}
	for {
		old := s.version.Load()
		if v <= old {
			break
		}
		if s.version.CompareAndSwap(old, v) {
			s.cache.dropOlderThan(v)
			break
		}
	}
	return v, nil
}

// Snapshot returns the snapshot for f at the current graph version, loading it once.
// Errors: EINVALID for a bad filter; ETIMEOUT when the request's time runs out.
func (s *Service) Snapshot(ctx context.Context, f domain.NetworkFilter) (*Snapshot, error) {
	if err := s.validate(ctx, &f); err != nil {
		return nil, err
	}
	v, err := s.currentVersion(ctx)
	if err != nil {
		return nil, err
	}
	return s.snapshot(ctx, f, v)
}

func (s *Service) snapshot(ctx context.Context, f domain.NetworkFilter, v int64) (*Snapshot, error) {
	key := fmt.Sprintf("snap|%d|%s", v, f.SliceKey())
	val, err := s.cache.get(ctx, key, v, func(ctx context.Context) (any, int64, error) {
		p, err := s.loader.LoadProjection(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		sn := buildSnapshot(p, f)
		return sn, sn.Bytes, nil
	})
	if err != nil {
		return nil, timeout(err)
	}
	return val.(*Snapshot), nil
}

func buildSnapshot(p *domain.Projection, f domain.NetworkFilter) *Snapshot {
	ties := make([]network.Tie, len(p.Ties))
	for i, t := range p.Ties {
		ties[i] = network.Tie{U: t.U, V: t.V, W: t.W, Directed: t.Directed}
	}
	u, d := network.Views(len(p.ActorIDs), ties)
	index := make(map[string]int32, len(p.ActorIDs))
	bytes := u.Bytes() + d.Bytes()
	for i, id := range p.ActorIDs {
		index[id] = int32(i)
		bytes += int64(len(id)) + 16 + 24 // string data and header, map entry
	}
	pad := func(values []string) []string { // a loader may omit attributes: group them as ""
		for len(values) < len(p.ActorIDs) {
			values = append(values, "")
		}
		return values
	}
	p.Sectors, p.Regions, p.Types, p.Kinds = pad(p.Sectors), pad(p.Regions), pad(p.Types), pad(p.Kinds)
	groupings := map[domain.ActorAttribute]*Grouping{
		domain.BySector: newGrouping(p.Sectors), domain.ByRegion: newGrouping(p.Regions),
		domain.ByType: newGrouping(p.Types), domain.ByKind: newGrouping(p.Kinds),
	}
	bytes += int64(len(p.ActorIDs)) * 4 * 4
	return &Snapshot{Version: p.Version, Filter: f, IDs: p.ActorIDs, Index: index, Undirected: u, Directed: d,
		Groupings: groupings, Bytes: bytes}
}

// timeout turns a context deadline into a user-facing error.
func timeout(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &domain.Error{Code: domain.ETIMEOUT, Message: "the computation took longer than the request allows; narrow the network filter or use sampling"}
	}
	return err
}

// Result is one metric's scores over a snapshot, with the ranking (descending score, ties by
// actor id) computed once.
type Result struct {
	Snapshot *Snapshot
	Metric   Metric
	Scores   []float64 // by vertex; NaN where the metric is undefined
	Order    []int32   // vertices by descending score, ties by actor id
	Rank     []int32   // 1-based position of each vertex in Order
	Approx   *network.ApproxInfo
	Options  Options
}

// Score returns the score and rank of an actor, and false when the actor is not in the slice.
func (r *Result) Score(actorID string) (score float64, rank int, ok bool) {
	i, ok := r.Snapshot.Index[actorID]
	if !ok {
		return 0, 0, false
	}
	return r.Scores[i], int(r.Rank[i]), true
}

func rank(sn *Snapshot, scores []float64) ([]int32, []int32) {
	order := make([]int32, len(scores))
	for i := range order {
		order[i] = int32(i)
	}
	// IDs are sorted, so the vertex index breaks ties by actor id.
	sort.SliceStable(order, func(a, b int) bool {
		x, y := scores[order[a]], scores[order[b]]
		if x != y {
			return x > y || (y != y && x == x) // NaN last
		}
		return order[a] < order[b]
	})
	ranks := make([]int32, len(scores))
	for pos, v := range order {
		ranks[v] = int32(pos + 1)
	}
	return order, ranks
}

// Compute returns the scores of metric m on the slice f selects, cached per (graph version,
// filter, view, metric, options). Errors: EINVALID (bad filter or options), ETIMEOUT.
func (s *Service) Compute(ctx context.Context, f domain.NetworkFilter, m Metric, o Options) (*Result, error) {
	if !m.Valid() {
		return nil, domain.FieldErrorf("metric", domain.EINVALID, "unknown metric %q", m)
	}
	if err := o.validate(m); err != nil {
		return nil, err
	}
	if err := s.validate(ctx, &f); err != nil {
		return nil, err
	}
	v, err := s.currentVersion(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("res|%d|%s|%s|%v|%s|%s", v, f.SliceKey(), f.Direction, f.Weighted, m, o.key())
	val, err := s.cache.get(ctx, key, v, func(ctx context.Context) (any, int64, error) {
		sn, err := s.snapshot(ctx, f, v)
		if err != nil {
			return nil, 0, err
		}
		scores, approx, err := compute(ctx, sn, f, m, o)
		if err != nil {
			return nil, 0, err
		}
		order, ranks := rank(sn, scores)
		return &Result{Snapshot: sn, Metric: m, Scores: scores, Order: order, Rank: ranks, Approx: approx, Options: o},
			int64(len(scores)) * 16, nil
	})
	if err != nil {
		return nil, timeout(err)
	}
	return val.(*Result), nil
}

// Stats returns network statistics of the view, cached like Compute.
func (s *Service) Stats(ctx context.Context, f domain.NetworkFilter) (*network.Stats, *Snapshot, error) {
	return cached(ctx, s, f, "stats", "", func(ctx context.Context, sn *Snapshot) (*network.Stats, int64, error) {
		st := network.Summarize(sn.View(f.Direction))
		return &st, 128, nil
	})
}
