package analytics

import (
	"container/list"
	"context"
	"sync"

	"stakegraph/domain"
)

// cache is an LRU of computed values bounded by their total size in bytes, with single-flight
// computation: concurrent requests for the same key share one computation, which is cancelled
// only when every request waiting for it has gone.
type cache struct {
	mu       sync.Mutex
	maxBytes int64
	bytes    int64
	lru      *list.List // front = most recently used; values are *cacheEntry
	entries  map[string]*list.Element
	flights  map[string]*flight
	hits     int64
	misses   int64
	// reserved are bytes that computations in flight have taken for what they allocate: the
	// bound holds for what is cached plus what is being computed.
	reserved int64
}

type cacheEntry struct {
	key     string
	version int64
	value   any
	bytes   int64
}

type flight struct {
	detached  bool // runs to the end even when every waiter has gone (graph loads)
	done      chan struct{}
	value     any
	err       error
	waiters   int
	cancel    context.CancelFunc
	cancelled bool
}

func newCache(maxBytes int64) *cache {
	return &cache{maxBytes: maxBytes, lru: list.New(), entries: map[string]*list.Element{}, flights: map[string]*flight{}}
}

// get returns the cached value for key, or computes it once for all concurrent callers. The
// computation runs under a context that is cancelled when all callers' contexts are done.
// compute returns the value and its size in bytes.
func (c *cache) get(ctx context.Context, key string, version int64, compute func(ctx context.Context) (any, int64, error)) (any, error) {
	return c.getFlight(ctx, key, version, false, compute)
}

// getDetached is get for shared work that outlives the requests waiting for it: the
// computation goes on when they have all gone (bounded by its own deadline), so a retry finds
// it done or nearly done.
func (c *cache) getDetached(ctx context.Context, key string, version int64, compute func(ctx context.Context) (any, int64, error)) (any, error) {
	return c.getFlight(ctx, key, version, true, compute)
}

// running reports whether key is being computed.
func (c *cache) running(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.flights[key]
	return ok && !f.cancelled
}

func (c *cache) getFlight(ctx context.Context, key string, version int64, detached bool, compute func(ctx context.Context) (any, int64, error)) (any, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		c.hits++
		v := el.Value.(*cacheEntry).value
		c.mu.Unlock()
		return v, nil
	}
	c.misses++
	f, ok := c.flights[key]
	if !ok || f.cancelled {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel, detached: detached}
		c.flights[key] = f
		go c.run(fctx, key, version, f, compute)
	}
	f.waiters++
	c.mu.Unlock()

	select {
	case <-f.done:
		return f.value, f.err
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 && !f.detached {
			f.cancelled = true
			f.cancel()
		}
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

func (c *cache) run(ctx context.Context, key string, version int64, f *flight, compute func(ctx context.Context) (any, int64, error)) {
	defer f.cancel()
	v, size, err := compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	f.value, f.err = v, err
	if c.flights[key] == f {
		delete(c.flights, key)
	}
	if err == nil {
		c.add(key, version, v, size)
	}
	close(f.done)
}

// reserve takes n bytes of the memory bound for a computation about to allocate them,
// evicting least recently used entries to make room; release gives them back (the result, if
// cached, is then counted by add). Errors: EOVERLOADED when computations in flight hold so
// much of the bound that n does not fit now; ETOOEXPENSIVE when n is more than the whole bound.
func (c *cache) reserve(n int64) (release func(), err error) {
	if n <= 0 {
		return func() {}, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > c.maxBytes {
		return nil, domain.Errorf(domain.ETOOEXPENSIVE, "this computation needs about %d MiB, more than the analytics memory budget of %d MiB (ANALYTICS_CACHE_BYTES): narrow the network filter", n>>20, c.maxBytes>>20)
	}
	for c.bytes+c.reserved+n > c.maxBytes && c.lru.Len() > 0 {
		c.remove(c.lru.Back())
	}
	if c.bytes+c.reserved+n > c.maxBytes {
		return nil, domain.Errorf(domain.EOVERLOADED, "the analytics memory budget is taken by computations in progress; retry shortly")
	}
	c.reserved += n
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			c.reserved -= n
			c.mu.Unlock()
		})
	}, nil
}

// add stores a value, evicting the least recently used entries past the byte bound. A value
// larger than the whole bound is not kept.
func (c *cache) add(key string, version int64, v any, size int64) {
	if size > c.maxBytes {
		return
	}
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, version: version, value: v, bytes: size})
	c.bytes += size
	for c.bytes+c.reserved > c.maxBytes && c.lru.Len() > 1 {
		c.remove(c.lru.Back())
	}
}

func (c *cache) remove(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= e.bytes
}

// dropOlderThan removes every entry computed for a graph version below v: once a newer
// version is seen, older results can never be served again.
func (c *cache) dropOlderThan(v int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*cacheEntry).version < v {
			c.remove(el)
		}
		el = next
	}
}

// CacheStats reports the cache's use.
type CacheStats struct {
	Entries      int
	Reserved     int64 // bytes taken by computations in progress
	Running      int   // computations in progress (or waiting for a slot)
	Computing    int   // computations holding a slot (cached or not)
	Queued       int   // computations waiting for a slot
	Bytes        int64
	Hits, Misses int64
}

func (c *cache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.entries), Running: len(c.flights), Bytes: c.bytes, Reserved: c.reserved, Hits: c.hits, Misses: c.misses}
}

// peek returns the cached value for key without counting a hit or touching the LRU order.
func (c *cache) peek(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		return el.Value.(*cacheEntry).value, true
	}
	return nil, false
}

// What the network's parts take on the heap, for the memory budget (TestAccountedSizeIsRealSize
// keeps these within 20 % of the real heap).
const (
	graphActorBytes  = 120 // domain.GraphActor: five strings, a kind and a tag slice
	graphTieBytes    = 48  // domain.GraphTie
	graphProjectSize = 32  // domain.GraphProject without its members
)

// sizeClass is what an allocation of n bytes takes (Go's small size classes, approximately).
func sizeClass(n int64) int64 {
	switch {
	case n == 0:
		return 0
	case n <= 32:
		return (n + 7) / 8 * 8
	case n <= 128:
		return (n + 15) / 16 * 16
	}
	return (n + 31) / 32 * 32
}

// mapBytes is what a Go map of n entries of slot bytes takes: Swiss-table groups of eight
// slots with a control byte each, at most 7/8 full and doubling, so about 1.5 slots an entry.
func mapBytes(n, slot int64) int64 { return n * (slot + 1) * 3 / 2 }

// graphBytes is what a version's whole network takes on the heap. Sectors, regions, types,
// kinds and tags are interned by the store, so only the actors' ids and names and the ties'
// ids are strings of their own.
func graphBytes(g *domain.GraphData) int64 {
	n := int64(cap(g.Actors))*graphActorBytes + int64(cap(g.Ties))*graphTieBytes + int64(cap(g.TieRefs))*8 +
		int64(cap(g.Projects))*graphProjectSize
	for i := range g.Actors {
		a := &g.Actors[i]
		n += sizeClass(int64(len(a.ID))) + sizeClass(int64(len(a.Name))) + int64(cap(a.Tags))*16
	}
	for i := range g.Ties {
		n += sizeClass(int64(len(g.Ties[i].ID)))
	}
	for _, p := range g.Projects {
		n += int64(cap(p.Members)) * 4
	}
	return n + g.ActorAttrs.Bytes() + g.TieAttrs.Bytes()
}

// GraphBytesEstimate is what a version's whole network of n actors and m ties takes in
// memory, before it is loaded (ids and names of about 16 bytes each).
func GraphBytesEstimate(n, m int64) int64 {
	return n*(graphActorBytes+2*16) + m*(graphTieBytes+16+8)
}

// snapshotActorBytes is what a slice holds per actor besides its graphs: its id (shared with
// the version's network), the id → vertex map, the vertex → actor index and four groupings.
const snapshotActorBytes = 16 + 4 + 4*4

// SnapshotBytesEstimate is what a slice of n actors and m ties takes in memory, before it is
// built: an upper bound for any slice of a network that size (both views, all ties mutual,
// plus the ties gathered while building).
func SnapshotBytesEstimate(n, m int64) int64 {
	return n*snapshotActorBytes + mapBytes(n, 24) + 3*(n+1)*4 + 2*m*(4+8) + 2*m*(4+8) + 2*m*4 + 2*m*4
}

// Reserve takes bytes of the analytics memory budget for work outside analytics that holds a
// network in memory (an import's rows), evicting cached entries to make room; release gives
// them back. Errors: EOVERLOADED when computations in progress hold so much that it does not
// fit now, ETOOEXPENSIVE when it is more than the whole budget.
func (s *Service) Reserve(bytes int64) (release func(), err error) { return s.cache.reserve(bytes) }

// cached runs compute once per key on f's snapshot at the operation's graph version.
func cached[T any](ctx context.Context, s *Service, f domain.NetworkFilter, kind string, extra string,
	compute func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (T, int64, error)) (T, *Snapshot, error) {
	var zero T
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return zero, nil, err
	}
	key := resultKey(kind, sn.Version, sn.key, f, extra).String()
	val, err := s.cache.get(ctx, key, sn.Version, func(ctx context.Context) (any, int64, error) {
		var v T
		var size int64
		err := s.admission.run(ctx, func() (err error) {
			v, size, err = compute(ctx, sn, f)
			return err
		})
		return v, size, err
	})
	if err != nil {
		return zero, nil, timeout(err)
	}
	return val.(T), sn, nil
}
