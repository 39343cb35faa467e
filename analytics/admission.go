package analytics

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"stakegraph/domain"
)

// Option configures a Service.
type Option func(*Service)

// WithConcurrency bounds how many heavy computations (algorithm runs) run at once; 0 means
// GOMAXPROCS. Up to QueueFactor times as many wait; past that a request gets
// SERVICE_OVERLOADED at once instead of queueing without bound.
func WithConcurrency(n int) Option {
	return func(s *Service) {
		if n <= 0 {
			n = runtime.GOMAXPROCS(0)
		}
		s.admission = newAdmission(n)
	}
}

// QueueFactor is how many computations may wait per running slot.
const QueueFactor = 4

type admission struct {
	slots   chan struct{}
	waiting atomic.Int64
	limit   int64
}

func newAdmission(n int) *admission {
	return &admission{slots: make(chan struct{}, n), limit: int64(n * QueueFactor)}
}

// run runs work once a slot is free, waiting in the queue meanwhile (while ctx lives).
// Errors: EOVERLOADED when the queue is full, ctx's error when it ends first.
func (a *admission) run(ctx context.Context, work func() error) error {
	select {
	case a.slots <- struct{}{}:
	default:
		if a.waiting.Add(1) > a.limit {
			a.waiting.Add(-1)
			return domain.Errorf(domain.EOVERLOADED, "the server is busy with other computations; retry shortly")
		}
		select {
		case a.slots <- struct{}{}:
			a.waiting.Add(-1)
		case <-ctx.Done():
			a.waiting.Add(-1)
			return ctx.Err()
		}
	}
	defer func() { <-a.slots }()
	if err := a.inTime(ctx); err != nil {
		return err
	}
	return work()
}

// inTime refuses an operation's first computation when what is left of its request's time is
// less than its price takes (PriceOperation): PointTime a point of one core's work, the cores
// shared with the computations running beside it (busy slots, this one's included). It waited
// too long in the queue, or would run beside too much, to finish: started, it would only be
// cut off by the timeout after doing most of its work. Its later computations are not refused
// (the first has started). Errors: EOVERLOADED.
func (a *admission) inTime(ctx context.Context) error {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil || op.price <= 0 || op.deadline.IsZero() || op.started.Swap(true) {
		return nil
	}
	cores := float64(runtime.GOMAXPROCS(0)) / float64(max(len(a.slots), 1)) // its share of them
	need := time.Duration(float64(op.price) * float64(PointTime) / cores)
	if left := time.Until(op.deadline); left < need {
		op.started.Store(false)
		return domain.Errorf(domain.EOVERLOADED, "the server is busy: this operation (%d points, about %.0f s) would not finish in the %.0f s its request has left; retry shortly", op.price, need.Seconds(), max(left.Seconds(), 0))
	}
	return nil
}
