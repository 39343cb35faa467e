package network

import (
	"context"
	"sync/atomic"
)

// Meter counts the elementary steps the kernels run under one context do — arcs scanned,
// pairs of neighbours tested, cells visited, permutations × ties, replications × pairs — in
// the unit the cost model prices in (analytics.PointSteps steps to a point). Kernels count in
// local variables in their loops and add them to the meter once per source, replication or
// call, so a meter costs nothing measurable, and nothing at all when the context carries
// none. The work-versus-price property test (resolvers) reads it to check that every
// registered computation does no more work than a fixed factor times its price.
type Meter struct{ steps atomic.Int64 }

type meterKey struct{}

// WithMeter returns ctx carrying m: every kernel run under it adds its steps to m.
func WithMeter(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// MeterOf is the meter ctx carries (nil when none; adding to nil does nothing).
func MeterOf(ctx context.Context) *Meter {
	m, _ := ctx.Value(meterKey{}).(*Meter)
	return m
}

// Add counts steps; a nil meter ignores them.
func (m *Meter) Add(steps int) {
	if m != nil && steps > 0 {
		m.steps.Add(int64(steps))
	}
}

// Steps is how many steps have been counted.
func (m *Meter) Steps() int64 {
	if m == nil {
		return 0
	}
	return m.steps.Load()
}

// addSteps adds steps to ctx's meter.
func addSteps(ctx context.Context, steps int) { MeterOf(ctx).Add(steps) }

// linear is the steps of one pass over g's vertices and rows (a component search, a view's
// build, a degree sequence).
func linear(g *Graph) int { return g.N + len(g.OutAdj) + len(g.InAdj) }
