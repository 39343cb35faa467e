package neo4jstore

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// Neo4j that does not answer. A dead server refuses connections and calls fail at once; a
// frozen one (a long GC pause, a stalled disk, SIGSTOP) accepts them and answers nothing, so
// every call would hang until its request's deadline. The liveness watchdog tells the two
// apart from a slow query: when some call has waited longer than StallAfter and no call at
// all has finished meanwhile, it pings Neo4j with a ProbeTimeout. A ping that fails marks the
// store unresponsive: the calls in flight are cancelled with errUnresponsive and new calls
// fail at once with SERVICE_UNAVAILABLE, until a ping succeeds again (every ProbeEvery).
// Requests then answer within about StallAfter + ProbeTimeout — from the analytics cache,
// marked stale, where memory can serve them (analytics.Service), promptly refused otherwise.
const (
	StallAfter   = 750 * time.Millisecond
	ProbeTimeout = 750 * time.Millisecond
	ProbeEvery   = 100 * time.Millisecond
)

// errUnresponsive is the cause of calls cancelled because Neo4j stopped answering.
var errUnresponsive = errors.New("neo4j does not answer")

// liveness tracks the calls in flight and whether Neo4j answers.
type liveness struct {
	mu       sync.Mutex
	next     uint64
	inflight map[uint64]*call
	lastDone time.Time
	probed   time.Time
	down     atomic.Bool
	ping     func(ctx context.Context) error
	stop     chan struct{}
}

type call struct {
	start  time.Time
	cancel context.CancelCauseFunc
}

func newLiveness(ping func(ctx context.Context) error) *liveness {
	l := &liveness{inflight: map[uint64]*call{}, lastDone: time.Now(), ping: ping, stop: make(chan struct{})}
	go l.watch()
	return l
}

// enter admits a store call: it fails at once while Neo4j is known not to answer, waits for
// one of the request's call slots, and registers the call so the watchdog can end it. done
// must be called when the call returns.
func (s *Store) enter(ctx context.Context) (context.Context, func(), error) {
	l := s.live
	if l.down.Load() {
		return ctx, func() {}, unavailable()
	}
	release := func() {}
	if slots := domain.CallSlots(ctx); slots != nil {
		select {
		case slots <- struct{}{}:
			release = func() { <-slots }
		case <-ctx.Done():
			return ctx, func() {}, translate(ctx, ctx.Err())
		}
	}
	cctx, cancel := context.WithCancelCause(ctx)
	l.mu.Lock()
	id := l.next
	l.next++
	l.inflight[id] = &call{start: time.Now(), cancel: cancel}
	l.mu.Unlock()
	return cctx, func() {
		l.mu.Lock()
		delete(l.inflight, id)
		l.lastDone = time.Now()
		l.mu.Unlock()
		cancel(nil)
		release()
	}, nil
}

func unavailable() error {
	return &domain.Error{Code: domain.EUNAVAIL, Message: "the database does not answer; try again shortly"}
}

// Responsive reports whether Neo4j answered the watchdog's last look.
func (s *Store) Responsive() bool { return !s.live.down.Load() }

func (l *liveness) watch() {
	t := time.NewTicker(ProbeEvery)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		now := time.Now()
		l.mu.Lock()
		stalled := false
		if now.Sub(l.lastDone) > StallAfter {
			for _, c := range l.inflight {
				if now.Sub(c.start) > StallAfter {
					stalled = true
					break
				}
			}
		}
		due := now.Sub(l.probed) >= StallAfter
		l.mu.Unlock()
		if !(l.down.Load() || (stalled && due)) {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), ProbeTimeout)
		err := l.ping(ctx)
		cancel()
		l.mu.Lock()
		l.probed = time.Now()
		if err == nil {
			l.down.Store(false)
			l.lastDone = time.Now()
			l.mu.Unlock()
			continue
		}
		l.down.Store(true)
		for _, c := range l.inflight {
			c.cancel(errUnresponsive)
		}
		l.mu.Unlock()
	}
}

func (l *liveness) close() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
}

// txTimeout is the server-side timeout of a transaction run under ctx: a little below the
// request's deadline, so Neo4j stops the work of a request that has given up; DefaultTxTimeout
// without a deadline.
func txTimeout(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return DefaultTxTimeout
	}
	return max(time.Until(deadline)-250*time.Millisecond, 100*time.Millisecond)
}

// DefaultTxTimeout bounds transactions without a deadline (imports, background loads).
const DefaultTxTimeout = 15 * time.Minute

func withTxTimeout(ctx context.Context) func(*neo4j.TransactionConfig) {
	return neo4j.WithTxTimeout(txTimeout(ctx))
}
