package analytics

import (
	"context"
	"math"
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
	// pointTime is the time a point has taken of one core's share here lately (an average
	// over the operations' first computations, in nanoseconds as float64 bits; 0: none yet):
	// slower than PointTime when something else on the machine takes its cores.
	pointTime atomic.Uint64
	// timed: the operations' computations are checked against their deadlines (the
	// computation slots' admission; the snapshot builds' is not).
	timed bool
	// base is the least a point is taken to take (PointTime unless WithPointTime); fixed: it
	// is what a point takes, whatever was measured.
	base  time.Duration
	fixed bool
}

// WithPointTime fixes what a point is taken to take of one core (measured, at least PointTime,
// when 0): for a machine of known speed, or a test that needs an operation admitted whatever
// its price. Give it after WithConcurrency.
func WithPointTime(d time.Duration) Option {
	return func(s *Service) {
		s.admission.base, s.admission.fixed = max(d, 0), d > 0
		if d <= 0 {
			s.admission.base = PointTime
		}
	}
}

// observedOver is the least price an operation's first computation needs for its time to be
// averaged into pointTime (a cheap one's time is mostly overhead).
const observedOver = 500

func newAdmission(n int) *admission {
	return &admission{slots: make(chan struct{}, n), limit: int64(n * QueueFactor), timed: true, base: PointTime}
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
	first, err := a.inTime(ctx)
	if err != nil {
		return err
	}
	if first == nil {
		return work()
	}
	start, share := time.Now(), a.share()
	err = work()
	t := time.Duration(float64(time.Since(start)) * share / float64(first.price))
	if err == nil {
		a.observe(t)
	} else {
		a.atLeast(t) // stopped before its end: its time a point is at least this
	}
	return err
}

// atLeast raises pointTime to t when it is lower (a computation stopped by its request took
// at least t a point; averaging it in would make a busy machine look fast).
func (a *admission) atLeast(t time.Duration) {
	for {
		old := a.pointTime.Load()
		if old != 0 && math.Float64frombits(old) >= float64(t) {
			return
		}
		if a.pointTime.CompareAndSwap(old, math.Float64bits(float64(t))) {
			return
		}
	}
}

// share is the cores a computation starting now gets: GOMAXPROCS shared with the computations
// holding a slot (this one's included).
func (a *admission) share() float64 {
	return float64(runtime.GOMAXPROCS(0)) / float64(max(len(a.slots), 1))
}

// observe averages one finished operation's time a point into pointTime (weight 0.3 for the
// newest).
func (a *admission) observe(t time.Duration) {
	for {
		old := a.pointTime.Load()
		avg := float64(t)
		if old != 0 {
			avg = 0.7*math.Float64frombits(old) + 0.3*float64(t)
		}
		if a.pointTime.CompareAndSwap(old, math.Float64bits(avg)) {
			return
		}
	}
}

// perPoint is what a point takes of one core's share: PointTime (base), or what they have
// taken lately when that is slower.
func (a *admission) perPoint() time.Duration {
	if v := a.pointTime.Load(); v != 0 && !a.fixed {
		return max(a.base, time.Duration(math.Float64frombits(v)))
	}
	return a.base
}

// inTime refuses an operation's first computation when what is left of its request's time is
// less than its price takes (PriceOperation): perPoint a point of its share of the cores (the
// computations holding a slot share them, this one's included; perPoint is PointTime, or the
// slower rate measured lately when something else takes the machine's cores). It waited too
// long in the queue, or would run beside too much, to finish: started, it would only be cut
// off by the timeout after doing most of its work. Its later computations are not refused (the
// first has started). It returns the operation when this is its first computation and its
// time is to be measured. Errors: EOVERLOADED.
func (a *admission) inTime(ctx context.Context) (*operation, error) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if !a.timed || op == nil || op.price <= 0 || op.deadline.IsZero() || op.started.Swap(true) {
		return nil, nil
	}
	need := time.Duration(float64(op.price) * float64(a.perPoint()) / a.share())
	if left := time.Until(op.deadline); left < need {
		op.started.Store(false)
		return nil, domain.Errorf(domain.EOVERLOADED, "the server is busy: this operation (%d points, about %.0f s) would not finish in the %.0f s its request has left; retry shortly", op.price, need.Seconds(), max(left.Seconds(), 0))
	}
	if op.price < observedOver {
		return nil, nil
	}
	return op, nil
}
