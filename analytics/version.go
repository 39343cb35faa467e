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

// VersionTimeout bounds reading the graph version. When the store does not answer within it,
// operations whose analytics the newest cached version can serve answer from it, marked stale
// (OperationStaleness); the rest fail as the store does.
const VersionTimeout = time.Second

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
	// price is the operation's price in points and deadline its request's (PriceOperation);
	// started is set once one of its computations got a slot (admission.run).
	price    int
	deadline time.Time
	started  atomic.Bool
	// lanes bound the operation's actor-level computations running at once (lane).
	lanesOnce sync.Once
	lanes     chan struct{}
}

// lane holds one of the operation's GOMAXPROCS lanes while one actor's computation runs (its
// reach, paths, suggested partners, removal, E-I index): a list of actors asks for each at
// once, and 490 aliased reaches running together took every core from other clients' cheap
// queries. It returns the release; outside an operation it holds nothing. Errors: ctx's.
func lane(ctx context.Context) (release func(), err error) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return func() {}, nil
	}
	op.lanesOnce.Do(func() { op.lanes = make(chan struct{}, runtime.GOMAXPROCS(0)) })
	select {
	case op.lanes <- struct{}{}:
		return func() { <-op.lanes }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// PointTime is what a cost point takes on one core, measured by BenchmarkPointsToSecondsM on
// the reference machine (the median over the metrics, tests and census: about half a
// millisecond; README "Cost and limits").
const PointTime = 500 * time.Microsecond

// PriceOperation records the price of the operation in ctx (WithOperation's) and its request's
// deadline: an operation whose first computation gets a slot too late to finish by the
// deadline — at PointTime a point of one core's work, the cores shared with the computations
// running beside it — is refused then, before any work (admission.run), rather than started
// and cut off by its timeout.
func PriceOperation(ctx context.Context, points int) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return
	}
	op.price = points
	op.deadline, _ = ctx.Deadline()
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
	b, ok := s.loadedBase()
	if !ok {
		return nil, time.Time{}, false
	}
	return b, time.Unix(0, s.confirmed.Load()), true
}

type operationKey struct{}

// WithOperation returns a context under which every analytics call sees one graph version:
// the first call reads the version (and loads its data when not cached); later calls reuse it.
func WithOperation(ctx context.Context) context.Context {
	return context.WithValue(ctx, operationKey{}, &operation{})
}

// OperationBuilt is the estimated bytes of the uncached slices the operation in ctx built
// besides its first (0 outside an operation): transient memory its answer leaves as garbage
// when the cache does not keep them all.
func OperationBuilt(ctx context.Context) int64 {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return 0
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	return op.bytes
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
