package analytics

import (
	"context"
	"runtime"
	"testing"

	"stakegraph/demodata"
	"stakegraph/domain"
)

// liveBytes is the heap in use after a full collection.
func liveBytes() int64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// TestAccountedSizeIsRealSize: the cache's memory bound holds only if what it counts for a
// graph and a snapshot is what they take. Each is within 20 % of the heap it really holds.
func TestAccountedSizeIsRealSize(t *testing.T) {
	before := liveBytes()
	g := GraphDataOf(demodata.Generate(demodata.Options{Actors: 20_000, Seed: 3}), 1)
	graphReal := liveBytes() - before
	b := &base{data: g, sector: map[string]domain.Sector{}}
	for _, sec := range g.Sectors {
		b.sector[sec.Code] = sec
	}
	check := func(what string, accounted, real int64) {
		t.Helper()
		ratio := float64(accounted) / float64(real)
		t.Logf("%s: accounted %d bytes, real %d (%.2f)", what, accounted, real, ratio)
		if ratio < 0.8 || ratio > 1.2 {
			t.Errorf("%s: accounted %d bytes for %d real (%.2f×); want within 20 %%", what, accounted, real, ratio)
		}
	}
	check("whole graph", graphBytes(g), graphReal)
	n, m := int64(len(g.Actors)), int64(len(g.Ties))
	check("whole graph estimated from its size", GraphBytesEstimate(n, m), graphReal)

	for _, f := range []domain.NetworkFilter{{}, {Sectors: []string{"government", "business"}}, {IncludeProjectTies: true}} {
		if err := f.Validate(); err != nil {
			t.Fatal(err)
		}
		before := liveBytes()
		sn := buildSnapshot(b, g, f)
		real := liveBytes() - before
		check("snapshot "+f.SliceKey(), sn.bytes, real)
		if f.SliceKey() == (domain.NetworkFilter{}).SliceKey() {
			check("snapshot estimated from the graph's size", SnapshotBytesEstimate(n, m), real)
		}
		runtime.KeepAlive(sn)
	}
	runtime.KeepAlive(g)
}

// TestMemoryBudget: what computations in flight reserve counts against the cache's bound, a
// reservation larger than the bound is refused outright, and one that does not fit beside
// the reservations in flight is refused until they end.
func TestMemoryBudget(t *testing.T) {
	c := newCache(1000)
	c.add("old", 1, "x", 400)
	release, err := c.reserve(700)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.peek("old"); ok {
		t.Error("a reservation did not evict what left it no room")
	}
	if _, err := c.reserve(400); domain.ErrorCode(err) != domain.EOVERLOADED {
		t.Errorf("beside 700 reserved bytes, 400 more of 1000: %v, want SERVICE_OVERLOADED", err)
	}
	release()
	release() // twice is once
	r2, err := c.reserve(400)
	if err != nil {
		t.Errorf("after the release: %v", err)
	} else {
		r2()
	}
	if _, err := c.reserve(1001); domain.ErrorCode(err) != domain.ETOOEXPENSIVE {
		t.Errorf("more than the whole bound: %v, want QUERY_TOO_EXPENSIVE", err)
	}
	if st := c.stats(); st.Reserved != 0 {
		t.Errorf("reserved after every release: %d", st.Reserved)
	}
}

// TestOperationSliceBound: one operation may build one uncached slice whatever its size, and
// more up to its byte bound; the slice past it is refused, slices it already has are not
// charged again, and another operation starts afresh.
func TestOperationSliceBound(t *testing.T) {
	l := NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 500, Seed: 2}))
	s := New(l, 0)
	g, _ := l.LoadGraph(context.Background())
	per := SnapshotBytesEstimate(int64(len(g.Actors)), int64(len(g.Ties)))
	WithOperationBytes(2*per + per/2)(s) // the first slice, and two more
	ctx := WithOperation(context.Background())
	for i := range 3 {
		w := 1 + float64(i)/10
		if _, err := s.Snapshot(ctx, domain.NetworkFilter{MinWeight: &w}); err != nil {
			t.Fatalf("slice %d: %v", i, err)
		}
	}
	again := 1.0
	if _, err := s.Snapshot(ctx, domain.NetworkFilter{MinWeight: &again}); err != nil {
		t.Errorf("a slice the operation has: %v", err)
	}
	fourth := 2.0
	if _, err := s.Snapshot(ctx, domain.NetworkFilter{MinWeight: &fourth}); domain.ErrorCode(err) != domain.ETOOEXPENSIVE {
		t.Errorf("a fourth uncached slice: %v, want QUERY_TOO_EXPENSIVE", err)
	}
	if _, err := s.Snapshot(WithOperation(context.Background()), domain.NetworkFilter{MinWeight: &fourth}); err != nil {
		t.Errorf("another operation: %v", err)
	}
}
