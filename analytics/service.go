// Package analytics is stakegraph's analytics service and the one boundary between actor ids
// and vertex indices. It loads the whole network of one graph version from the store (one
// read transaction), derives the slice a NetworkFilter selects in memory as an immutable
// snapshot (CSR arrays, both views), caches snapshots and results per (graph version, filter,
// metric, options) in a memory-bounded LRU, shares one computation among concurrent identical
// requests, and runs the algorithms of package network under the request's context.
//
// Everything it returns is keyed by actor id: rankings with pagination, intermediaries with
// their explanation, reach with diversity, neighbourhood selections, layouts, communities
// with composition. Callers never see a vertex index.
//
// One operation, one version: a context prepared with WithOperation reads the graph version
// at most once, when its first analytics call runs, and every later call under it computes on
// that version's data (OperationVersion reports it). Without it each call reads the current
// version (one cheap query). Several API replicas agree on when a cached result is stale
// because the version lives in Neo4j; entries of older versions are dropped as soon as a newer
// version is seen.
package analytics

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"stakegraph/domain"
	"stakegraph/network"
)

// Loader is what the service needs from the store.
type Loader interface {
	GraphVersion(ctx context.Context) (int64, error)
	LoadGraph(ctx context.Context) (*domain.GraphData, error)
}

// StructureLoader is a Loader that can load the network without the partnerships' ids,
// types and dates (GraphData.TieRefs) and add them later, at the same version, for the
// requests that need them (neo4jstore.Store). The service then loads a version's structure
// first unless the request at hand needs the details.
type StructureLoader interface {
	Loader
	LoadGraphStructure(ctx context.Context) (*domain.GraphData, error)
	LoadTieDetails(ctx context.Context, g *domain.GraphData) (*domain.TieDetails, error)
}

// DefaultCacheBytes bounds the memory snapshots and results may take.
const DefaultCacheBytes = 2 << 30

// Service computes network analytics over snapshots of the store.
type Service struct {
	loader    Loader
	cache     *cache
	version   atomic.Int64 // newest graph version seen
	hint      sizeHint     // whole-graph size for cost estimates before a graph is loaded
	admission *admission   // bounds concurrent computations
	builds    *admission   // bounds concurrent snapshot builds (apart: computations wait for builds)
	// opBytes bounds the bytes of the uncached slices one operation may build.
	opBytes int64
	// confirmed is when the store last answered a version read (Unix nanoseconds).
	confirmed atomic.Int64
	// loadTimeout bounds loading one version's network (DefaultLoadTimeout).
	loadTimeout time.Duration
}

// DefaultLoadTimeout bounds loading one version's network into memory: far longer than a
// request may take, since the load goes on when its request has gone.
const DefaultLoadTimeout = 10 * time.Minute

// WithLoadTimeout sets how long loading one version's network may take (DefaultLoadTimeout
// when ≤ 0).
func WithLoadTimeout(d time.Duration) Option {
	return func(s *Service) {
		if d <= 0 {
			d = DefaultLoadTimeout
		}
		s.loadTimeout = d
	}
}

// KeepWarm loads the newest version's network in the background until ctx ends: at once, and
// after writes once the version has not changed for settle (debounced: a burst of writes
// causes one load), so the first analytics request after start-up or a write rarely waits.
// The loads go through the memory budget like any other; errors are left for requests to
// meet.
func (s *Service) KeepWarm(ctx context.Context, every, settle time.Duration) {
	var seen int64 = -1
	var since time.Time
	first := true
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		vctx, cancel := context.WithTimeout(ctx, VersionTimeout)
		v, err := s.readVersion(vctx)
		cancel()
		if err == nil {
			if v != seen {
				seen, since = v, time.Now()
			}
			key := fmt.Sprintf("base|%d", v)
			_, cached := s.cache.peek(key)
			if !cached && !s.cache.running(key) && (first || time.Since(since) >= settle) {
				lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.loadTimeout)
				_, _ = s.loadWithin(lctx, v, false, s.loadTimeout)
				cancel()
			}
			first = false
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// VersionTimeout bounds reading the graph version. When the store does not answer within it,
// operations whose analytics the newest cached version can serve answer from it, marked stale
// (OperationStaleness); the rest fail as the store does.
const VersionTimeout = time.Second

// maxQueuedBuilds bounds the snapshot builds waiting for a slot: waiting costs nothing but a
// goroutine (a build reserves its memory only once it runs), and how many distinct slices one
// operation may ask for is bounded by its bytes.
const maxQueuedBuilds = 1024

// DefaultOperationBytes bounds the memory of the uncached network slices one operation may
// build (MAX_OPERATION_BYTES): a few dozen distinct filters on a network of 10,000 actors.
const DefaultOperationBytes = 256 << 20

// WithOperationBytes sets the bound on one operation's uncached slices (DefaultOperationBytes
// when ≤ 0).
func WithOperationBytes(n int64) Option {
	return func(s *Service) {
		if n <= 0 {
			n = DefaultOperationBytes
		}
		s.opBytes = n
	}
}

// OperationBytes is the bound on the bytes of the uncached slices one operation may build.
func (s *Service) OperationBytes() int64 { return s.opBytes }

// Reserve takes bytes of the analytics memory budget for work outside analytics that holds a
// network in memory (an import's rows), evicting cached entries to make room; release gives
// them back. Errors: EOVERLOADED when computations in progress hold so much that it does not
// fit now, ETOOEXPENSIVE when it is more than the whole budget.
func (s *Service) Reserve(bytes int64) (release func(), err error) { return s.cache.reserve(bytes) }

// build runs work, which allocates about bytes, once a build slot is free and the bytes are
// reserved in the memory budget (see cache.reserve).
func (s *Service) build(ctx context.Context, bytes int64, work func() error) error {
	return s.builds.run(ctx, func() error {
		release, err := s.cache.reserve(bytes)
		if err != nil {
			return err
		}
		defer release()
		return work()
	})
}

// New returns a service whose cache holds at most cacheBytes (DefaultCacheBytes when ≤ 0).
func New(loader Loader, cacheBytes int64, opts ...Option) *Service {
	if cacheBytes <= 0 {
		cacheBytes = DefaultCacheBytes
	}
	s := &Service{loader: loader, cache: newCache(cacheBytes), builds: &admission{slots: make(chan struct{}, runtime.GOMAXPROCS(0)), limit: maxQueuedBuilds}}
	WithConcurrency(0)(s)
	WithOperationBytes(0)(s)
	WithLoadTimeout(0)(s)
	for _, o := range opts {
		o(s)
	}
	return s
}

// CacheStats reports the cache's use and the computations running and queued.
func (s *Service) CacheStats() CacheStats {
	st := s.cache.stats()
	st.Queued = int(s.admission.waiting.Load())
	return st
}

// operation pins the graph version (and, once an analytics call needs it, that version's
// data) of one GraphQL operation.
type operation struct {
	mu      sync.Mutex
	version int64
	pinned  bool
	base    *base
	// slices are the uncached slices this operation started building, and bytes their
	// estimated size (bounded by Service.opBytes).
	slices map[string]bool
	bytes  int64
	// stale: the store did not answer and the operation computes on the newest cached
	// version, last confirmed at confirmed.
	stale     bool
	confirmed time.Time
}

// OperationStaleness reports whether the operation in ctx computed on the newest cached
// version because the store did not answer, and how long ago the store last confirmed that
// version.
func OperationStaleness(ctx context.Context) (stale bool, age time.Duration) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return false, 0
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	if !op.stale {
		return false, 0
	}
	return true, time.Since(op.confirmed)
}

// staleBase returns the newest cached version's data when the store did not answer a version
// read (err) while the request itself still runs; ok is false when nothing can serve it.
func (s *Service) staleBase(ctx context.Context, err error) (*base, time.Time, bool) {
	if ctx.Err() != nil {
		return nil, time.Time{}, false
	}
	if code := domain.ErrorCode(err); code != domain.EUNAVAIL && code != domain.ETIMEOUT && !errors.Is(err, context.DeadlineExceeded) {
		return nil, time.Time{}, false
	}
	v, ok := s.cache.peek("base|" + strconv.FormatInt(s.version.Load(), 10))
	if !ok {
		return nil, time.Time{}, false
	}
	return v.(*base), time.Unix(0, s.confirmed.Load()), true
}

type operationKey struct{}

// WithOperation returns a context under which every analytics call sees one graph version:
// the first call reads the version (and loads its data when not cached); later calls reuse it.
func WithOperation(ctx context.Context) context.Context {
	return context.WithValue(ctx, operationKey{}, &operation{})
}

// OperationVersion returns the graph version the operation in ctx was pinned to, and false
// when nothing under it asked for one.
func OperationVersion(ctx context.Context) (int64, bool) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return 0, false
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.version, op.pinned
}

// Version returns the graph version analytics calls under ctx compute on: the operation's
// pinned version (read once), or the current one. Errors: EUNAVAIL, ETIMEOUT.
func (s *Service) Version(ctx context.Context) (int64, error) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return s.readVersion(ctx)
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	if !op.pinned {
		v, err := s.readVersion(ctx)
		if err != nil {
			b, confirmed, ok := s.staleBase(ctx, err)
			if !ok {
				return 0, err
			}
			op.version, op.pinned, op.base, op.stale, op.confirmed = b.data.Version, true, b, true, confirmed
			return op.version, nil
		}
		op.version, op.pinned = v, true
	}
	return op.version, nil
}

func (s *Service) readVersion(ctx context.Context) (int64, error) {
	vctx, cancel := context.WithTimeout(ctx, VersionTimeout)
	defer cancel()
	v, err := s.loader.GraphVersion(vctx)
	if err != nil {
		return 0, err
	}
	s.confirmed.Store(time.Now().UnixNano())
	s.observe(v)
	return v, nil
}

// base is one graph version's whole network, from which slices are derived. Its data may
// lack the partnerships' ids, types and dates (TieRefs set); detailed adds them.
type base struct {
	data   *domain.GraphData
	sector map[string]domain.Sector
}

// current returns the graph data for ctx: the operation's, or the current version's. details
// says whether the request will need the partnerships' ids, types or dates; when the version
// is not loaded yet, they are then loaded with it rather than in a second pass.
func (s *Service) current(ctx context.Context, details bool) (*base, error) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		v, err := s.readVersion(ctx)
		if err != nil {
			if b, _, ok := s.staleBase(ctx, err); ok {
				return b, nil
			}
			return nil, err
		}
		return s.loadWithin(ctx, v, details, LoadWait)
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	if op.base != nil {
		return op.base, nil
	}
	wasPinned := op.pinned
	if !op.pinned {
		v, err := s.readVersion(ctx)
		if err != nil {
			b, confirmed, ok := s.staleBase(ctx, err)
			if !ok {
				return nil, err
			}
			op.version, op.pinned, op.base, op.stale, op.confirmed = b.data.Version, true, b, true, confirmed
			return b, nil
		}
		op.version = v
	}
	b, err := s.loadWithin(ctx, op.version, details, LoadWait)
	if err != nil {
		return nil, err
	}
	if b.data.Version != op.version {
		if wasPinned {
			// The operation already answered with op.version, whose data is gone.
			return nil, domain.Errorf(domain.ECONFLICT, "the network changed while this operation ran; send it again")
		}
		op.version = b.data.Version // a write landed between reading the version and loading
	}
	op.pinned, op.base = true, b
	return b, nil
}

// LoadWait is how long a request waits for its version's network to load before it answers
// SERVICE_UNAVAILABLE ("still loading", Retry-After) and leaves the load running: networks up
// to about a million ties load within it.
const LoadWait = 5 * time.Second

// loadWithin returns version v's data, loading it once per version: its structure only (see
// StructureLoader) unless details. The store reads the version inside the loading
// transaction, so the data's Version may be newer than v when a write landed in between.
func (s *Service) loadWithin(ctx context.Context, v int64, details bool, maxWait time.Duration) (*base, error) {
	// The load is shared work that outlives the request that started it (bounded by
	// loadTimeout); a request waits for it at most maxWait, and at most until its own
	// deadline, then answers SERVICE_UNAVAILABLE ("still loading"), so a retry finds the load
	// done or further along.
	until := time.Now().Add(maxWait)
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(until) {
		until = deadline
	}
	wait, cancel := context.WithDeadline(ctx, until)
	defer cancel()
	key := fmt.Sprintf("base|%d", v)
	val, err := s.cache.getDetached(wait, key, v, func(ctx context.Context) (any, int64, error) {
		ctx, cancel := context.WithTimeout(ctx, s.loadTimeout)
		defer cancel()
		load := s.loader.LoadGraph
		if sl, ok := s.loader.(StructureLoader); ok && !details {
			load = sl.LoadGraphStructure
		}
		n, m := s.Size()
		release, err := s.cache.reserve(GraphBytesEstimate(int64(n), int64(m)))
		if err != nil {
			return nil, 0, err
		}
		defer release()
		g, err := load(ctx)
		if err != nil {
			return nil, 0, err
		}
		b := &base{data: g, sector: make(map[string]domain.Sector, len(g.Sectors))}
		for _, sec := range g.Sectors {
			b.sector[sec.Code] = sec
		}
		return b, graphBytes(g), nil
	})
	if err != nil && wait.Err() != nil && s.cache.running(key) {
		return nil, domain.Errorf(domain.EUNAVAIL, "the network (version %d) is still loading into memory; retry in a few seconds", v)
	}
	if err != nil {
		return nil, timeout(err)
	}
	b := val.(*base)
	s.observe(b.data.Version)
	return b, nil
}

// detailed returns b's data with the partnerships' ids, types and dates, loading them once
// per version when b has only the structure. Errors: ECONFLICT when the network changed
// since b's version (the operation must start again), EUNAVAIL, ETIMEOUT.
func (s *Service) detailed(ctx context.Context, b *base) (*domain.GraphData, error) {
	if b.data.TieRefs == nil {
		return b.data, nil
	}
	sl, ok := s.loader.(StructureLoader)
	if !ok {
		return nil, domain.Internal(fmt.Errorf("analytics: a structure-only graph from a loader that cannot add details"))
	}
	v := b.data.Version
	val, err := s.cache.get(ctx, fmt.Sprintf("details|%d", v), v, func(ctx context.Context) (any, int64, error) {
		release, err := s.cache.reserve(int64(len(b.data.Ties)) * (graphTieBytes + 16))
		if err != nil {
			return nil, 0, err
		}
		defer release()
		d, err := sl.LoadTieDetails(ctx, b.data)
		if err != nil {
			return nil, 0, err
		}
		g := b.data.WithTieDetails(d)
		return g, graphBytes(g), nil
	})
	if err != nil {
		return nil, timeout(err)
	}
	return val.(*domain.GraphData), nil
}

// observe records a graph version and drops cache entries of older versions.
func (s *Service) observe(v int64) {
	for {
		old := s.version.Load()
		if v <= old {
			return
		}
		if s.version.CompareAndSwap(old, v) {
			s.cache.dropOlderThan(v)
			return
		}
	}
}

// Snapshot is an immutable, filtered copy of the network in both views. Vertex i is the actor
// IDs()[i]; ids are sorted.
type Snapshot struct {
	Version    int64
	ids        []string
	index      map[string]int32
	actors     []int32 // vertex → index into the version's GraphData.Actors
	base       *base
	undirected *network.Graph
	directed   *network.Graph
	groupings  map[domain.ActorAttribute]*grouping
	bytes      int64
}

// ActorCount is the number of actors in the slice.
func (sn *Snapshot) ActorCount() int { return len(sn.ids) }

// Has reports whether an actor is in the slice.
func (sn *Snapshot) Has(actorID string) bool {
	_, ok := sn.index[actorID]
	return ok
}

// EdgeCount is the number of edges (undirected) or arcs (directed) in the view.
func (sn *Snapshot) EdgeCount(d domain.Direction) int { return sn.view(d).EdgeCount() }

// grouping assigns every vertex of a snapshot to a group by one actor attribute.
type grouping struct {
	by    domain.ActorAttribute
	keys  []string         // group keys, sorted ("" for actors without the attribute)
	of    []int32          // vertex → index into keys
	index map[string]int32 // key → index
}

func (sn *Snapshot) group(a domain.ActorAttribute) *grouping {
	if a == "" {
		a = domain.BySector
	}
	return sn.groupings[a]
}

func newGrouping(by domain.ActorAttribute, values []string) *grouping {
	keys := append([]string(nil), values...)
	sort.Strings(keys)
	k := 0
	for i, x := range keys {
		if i == 0 || x != keys[k-1] {
			keys[k] = x
			k++
		}
	}
	keys = append([]string(nil), keys[:k]...) // not the n-long array it was sorted in
	gr := &grouping{by: by, keys: keys, of: make([]int32, len(values)), index: make(map[string]int32, len(keys))}
	for i, x := range keys {
		gr.index[x] = int32(i)
	}
	for v, x := range values {
		gr.of[v] = gr.index[x]
	}
	return gr
}

// view returns the graph for a direction.
func (sn *Snapshot) view(d domain.Direction) *network.Graph {
	if d == domain.Directed {
		return sn.directed
	}
	return sn.undirected
}

// actor returns the stored attributes of vertex v.
func (sn *Snapshot) actor(v int32) *domain.GraphActor { return &sn.base.data.Actors[sn.actors[v]] }

// vertex finds an actor in a snapshot. Errors: ENOTFOUND when the actor is not in the slice.
func (sn *Snapshot) vertex(actorID string) (int32, error) {
	v, ok := sn.index[actorID]
	if !ok {
		return 0, domain.Errorf(domain.ENOTFOUND, "actor %q is not in this network slice", actorID)
	}
	return v, nil
}

// checkSectors reports a filter sector that does not exist at the data's version.
func (b *base) checkSectors(f *domain.NetworkFilter) error {
	for _, code := range f.Sectors {
		if _, ok := b.sector[code]; !ok {
			return domain.FieldErrorf("network.sectors", domain.EINVALID, "unknown sector %q", code)
		}
	}
	return nil
}

// Snapshot returns the snapshot for f at the operation's graph version, deriving it once.
// Errors: EINVALID for a bad filter; ETIMEOUT when the request's time runs out.
func (s *Service) Snapshot(ctx context.Context, f domain.NetworkFilter) (*Snapshot, error) {
	return s.slice(ctx, &f)
}

// slice validates f in place (filling defaults such as the direction) and returns its
// snapshot. Callers take the view's direction and weighting from f, never from the cached
// snapshot, which serves every view of the slice.
func (s *Service) slice(ctx context.Context, f *domain.NetworkFilter) (*Snapshot, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	b, err := s.current(ctx, f.NeedsTieDetails())
	if err != nil {
		return nil, err
	}
	if err := b.checkSectors(f); err != nil {
		return nil, err
	}
	return s.snapshot(ctx, b, *f)
}

func (s *Service) snapshot(ctx context.Context, b *base, f domain.NetworkFilter) (*Snapshot, error) {
	v := b.data.Version
	key := "snap|" + strconv.FormatInt(v, 10) + "|" + f.SliceKey()
	estimate := SnapshotBytesEstimate(int64(len(b.data.Actors)), int64(len(b.data.Ties)))
	if _, cached := s.cache.peek(key); !cached {
		if err := s.chargeSlice(ctx, key, estimate); err != nil {
			return nil, err
		}
	}
	val, err := s.cache.get(ctx, key, v, func(ctx context.Context) (any, int64, error) {
		g := b.data
		if f.NeedsTieDetails() {
			var err error
			if g, err = s.detailed(ctx, b); err != nil {
				return nil, 0, err
			}
		}
		var sn *Snapshot
		err := s.build(ctx, estimate, func() error {
			sn = buildSnapshot(b, g, f)
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		return sn, sn.bytes, nil
	})
	if err != nil {
		return nil, timeout(err)
	}
	return val.(*Snapshot), nil
}

// chargeSlice counts an uncached slice against the operation's memory bound, once per slice.
// An operation may always build one slice (whether it fits is the memory budget's to say:
// a network of a million actors takes more than the bound); opBytes bounds the others.
// Errors: ETOOEXPENSIVE when the operation's uncached slices would take more than opBytes
// (the cost model refuses such operations before they run; this holds whatever it missed).
func (s *Service) chargeSlice(ctx context.Context, key string, bytes int64) error {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return nil
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	if op.slices[key] {
		return nil
	}
	if len(op.slices) > 0 && op.bytes+bytes > s.opBytes { // the first slice is the memory budget's to admit
		return domain.Errorf(domain.ETOOEXPENSIVE, "this operation asks for more distinct network slices than one operation may build (about %d MiB of %d MiB, MAX_OPERATION_BYTES): use fewer distinct network filters per operation", (op.bytes+bytes)>>20, s.opBytes>>20)
	}
	if op.slices == nil {
		op.slices = map[string]bool{}
		bytes = 0 // the first slice is not counted
	}
	op.slices[key] = true
	op.bytes += bytes
	return nil
}

// buildSnapshot derives f's slice from a version's whole network g, b's data or its detailed
// copy when f selects partnerships by type or date (design.md "Network views"; the semantics
// are domain.NetworkFilter's).
func buildSnapshot(b *base, g *domain.GraphData, f domain.NetworkFilter) *Snapshot {
	m := f.Matcher()
	vertexOf := make([]int32, len(g.Actors))
	var kept []int32
	for i := range g.Actors {
		vertexOf[i] = -1
		if m.Actor(&g.Actors[i]) {
			vertexOf[i] = int32(len(kept))
			kept = append(kept, int32(i))
		}
	}
	typeOK := make([]bool, len(g.TieTypes))
	for i, t := range g.TieTypes {
		typeOK[i] = len(f.PartnershipTypes) == 0 || containsString(f.PartnershipTypes, t)
	}
	var ties []network.Tie
	for i := range g.Ties {
		t := &g.Ties[i]
		u, v := vertexOf[t.U], vertexOf[t.V]
		if u < 0 || v < 0 || !typeOK[t.Type] || !m.Tie(t, g.TieTypes[t.Type]) {
			continue
		}
		ties = append(ties, network.Tie{U: u, V: v, W: t.W, Directed: t.Directed})
	}
	if f.IncludeProjectTies {
		ties = append(ties, projectTies(g, m, vertexOf)...)
	}
	u, d := network.Views(len(kept), ties)
	sn := &Snapshot{Version: g.Version, ids: make([]string, len(kept)), index: make(map[string]int32, len(kept)),
		actors: kept, base: b, undirected: u, directed: d}
	values := map[domain.ActorAttribute][]string{}
	for _, a := range []domain.ActorAttribute{domain.BySector, domain.ByRegion, domain.ByType, domain.ByKind} {
		values[a] = make([]string, len(kept))
	}
	for v, i := range kept {
		a := &g.Actors[i]
		sn.ids[v] = a.ID
		sn.index[a.ID] = int32(v)
		values[domain.BySector][v], values[domain.ByRegion][v] = a.Sector, a.Region
		values[domain.ByType][v], values[domain.ByKind][v] = a.Type, string(a.Kind)
	}
	sn.groupings = map[domain.ActorAttribute]*grouping{}
	for a, vals := range values {
		sn.groupings[a] = newGrouping(a, vals)
	}
	sn.bytes = u.Bytes() + d.Bytes() + int64(cap(kept))*4 + int64(len(kept))*(16+4*4) + mapBytes(int64(len(kept)), 24)
	return sn
}

// projectTies ties every two kept actors that share an active project, weight 1 per shared
// project, mutually.
func projectTies(g *domain.GraphData, m *domain.NetworkMatcher, vertexOf []int32) []network.Tie {
	shared := map[[2]int32]int{}
	for _, p := range g.Projects {
		if !m.Active(p.Since, p.Until) {
			continue
		}
		var members []int32
		for _, a := range p.Members {
			if v := vertexOf[a]; v >= 0 {
				members = append(members, v)
			}
		}
		sort.Slice(members, func(i, j int) bool { return members[i] < members[j] })
		for i, a := range members {
			for _, b := range members[i+1:] {
				if a != b {
					shared[[2]int32{a, b}]++
				}
			}
		}
	}
	out := make([]network.Tie, 0, len(shared))
	for k, n := range shared {
		out = append(out, network.Tie{U: k[0], V: k[1], W: float64(n)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].U < out[j].U || (out[i].U == out[j].U && out[i].V < out[j].V) })
	return out
}

func containsString(l []string, x string) bool {
	for _, y := range l {
		if y == x {
			return true
		}
	}
	return false
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
	Metric   domain.Metric
	Approx   *ApproxInfo
	Options  Options
	scores   []float64 // by vertex; NaN where the metric is undefined
	order    []int32   // vertices by descending score, ties by actor id
	rank     []int32   // 1-based position of each vertex in order
}

// ApproxInfo describes a sampled result: samples drawn and the error bound they guarantee.
type ApproxInfo = network.ApproxInfo

// Score returns the score and rank of an actor, and false when the actor is not in the slice.
func (r *Result) Score(actorID string) (score float64, rank int, ok bool) {
	i, ok := r.Snapshot.index[actorID]
	if !ok {
		return 0, 0, false
	}
	return r.scores[i], int(r.rank[i]), true
}

// Each calls fn with every actor's id and score, in vertex (id) order.
func (r *Result) Each(fn func(actorID string, score float64)) {
	for v, id := range r.Snapshot.ids {
		fn(id, r.scores[v])
	}
}

// Ranked is one actor's place in a ranking.
type Ranked struct {
	ActorID string
	Score   float64 // NaN where the metric is undefined
	Rank    int     // 1-based position in the full ranking
}

// Len is the number of ranked actors.
func (r *Result) Len() int { return len(r.order) }

// Page returns the ranking's positions [start, start+n) (0-based start), most central first.
func (r *Result) Page(start, n int) []Ranked {
	end := min(start+n, len(r.order))
	start = min(max(start, 0), end)
	out := make([]Ranked, 0, end-start)
	for pos := start; pos < end; pos++ {
		v := r.order[pos]
		out = append(out, Ranked{ActorID: r.Snapshot.ids[v], Score: r.scores[v], Rank: pos + 1})
	}
	return out
}

// Ordered returns the ids of the ranked actors that keep accepts (all when keep is nil), most
// central first, or least central first when ascending.
func (r *Result) Ordered(keep func(actorID string) bool, ascending bool) []string {
	ids := make([]string, 0, len(r.order))
	for _, v := range r.order {
		if id := r.Snapshot.ids[v]; keep == nil || keep(id) {
			ids = append(ids, id)
		}
	}
	if ascending {
		for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
			ids[i], ids[j] = ids[j], ids[i]
		}
	}
	return ids
}

func rank(scores []float64) ([]int32, []int32) {
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
func (s *Service) Compute(ctx context.Context, f domain.NetworkFilter, m domain.Metric, o Options) (*Result, error) {
	if !m.Valid() {
		return nil, domain.FieldErrorf("metric", domain.EINVALID, "unknown metric %q", m)
	}
	if err := o.validate(m); err != nil {
		return nil, err
	}
	res, _, err := cached(ctx, s, f, "res", string(m)+"|"+o.key(), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*Result, int64, error) {
		scores, approx, err := compute(ctx, sn, f, m, o)
		if err != nil {
			return nil, 0, err
		}
		order, ranks := rank(scores)
		return &Result{Snapshot: sn, Metric: m, scores: scores, order: order, rank: ranks, Approx: approx, Options: o},
			int64(len(scores)) * 16, nil
	})
	return res, err
}

// Stats are summary statistics of a slice's view.
type Stats = network.Stats

// Stats returns network statistics of the view, cached like Compute.
func (s *Service) Stats(ctx context.Context, f domain.NetworkFilter) (*Stats, *Snapshot, error) {
	return cached(ctx, s, f, "stats", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*Stats, int64, error) {
		st, err := network.Summarize(ctx, sn.view(f.Direction))
		return &st, 128, err
	})
}
