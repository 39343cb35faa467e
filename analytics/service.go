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
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"stakegraph/domain"
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
	// attrBytes are the attribute columns' bytes per actor and per tie of the last version
	// loaded: a load reserves them beside GraphBytesEstimate's, before it runs.
	attrBytes struct{ actor, tie atomic.Int64 }
	// counts are uncached slices' sizes counted from the loaded graph for the cost model
	// (countSlice), at one version.
	counts struct {
		mu      sync.Mutex
		version int64
		m       map[string]sliceCount
	}
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
	st.Computing = len(s.admission.slots)
	return st
}

// timeout turns a context deadline into a user-facing error.
func timeout(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &domain.Error{Code: domain.ETIMEOUT, Message: "the computation took longer than the request allows; narrow the network filter or use sampling"}
	}
	return err
}
