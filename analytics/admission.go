package analytics

import (
	"context"
	"runtime"
	"sync/atomic"

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
	return work()
}
