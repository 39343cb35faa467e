package analytics_test

import (
	"context"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
)

// TestOperationRefusedWhenItCannotFinish: an operation whose first computation gets its slot
// with less time left than its price takes (PointTime a point, shared by the slots) is
// refused with SERVICE_OVERLOADED before any of its work — counted by the meter — and the
// same operation with time to spare runs.
func TestOperationRefusedWhenItCannotFinish(t *testing.T) {
	t.Parallel()
	svc := analytics.New(analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 300, Seed: 2})), 0, analytics.WithConcurrency(2))
	if _, err := svc.Snapshot(context.Background(), domain.NetworkFilter{}); err != nil {
		t.Fatal(err)
	}
	run := func(left time.Duration, points int) (int64, error) {
		ctx, cancel := context.WithTimeout(context.Background(), left)
		defer cancel()
		ctx = analytics.WithOperation(ctx)
		analytics.PriceOperation(ctx, points)
		m := &analytics.Meter{}
		_, err := svc.Compute(analytics.WithMeter(ctx, m), domain.NetworkFilter{}, domain.Betweenness, analytics.Options{})
		return m.Steps(), err
	}
	// 10,000 points take about 2.5 s on two slots: 1 s is not enough.
	steps, err := run(time.Second, 10_000)
	if domain.ErrorCode(err) != domain.EOVERLOADED || steps != 0 {
		t.Errorf("with 1 s left for 10,000 points: %v after %d steps, want SERVICE_OVERLOADED before any", err, steps)
	}
	if steps, err := run(time.Minute, 10_000); err != nil || steps == 0 {
		t.Errorf("with a minute left: %v, %d steps", err, steps)
	}
}
