package analytics

import (
	"container/list"
	"context"
	"sync"
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
}

type cacheEntry struct {
	key     string
	version int64
	value   any
	bytes   int64
}

type flight struct {
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
		f = &flight{done: make(chan struct{}), cancel: cancel}
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
		if f.waiters == 0 {
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
	for c.bytes > c.maxBytes {
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
	Running      int // computations in progress (or waiting for a slot)
	Queued       int // computations waiting for a slot
	Bytes        int64
	Hits, Misses int64
}

func (c *cache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.entries), Running: len(c.flights), Bytes: c.bytes, Hits: c.hits, Misses: c.misses}
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
