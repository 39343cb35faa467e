package analytics_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
)

// memLoader serves a generated network from memory, with a version the test bumps and an
// optional delay per load. The store's own loading is tested against the real Neo4j in the
// resolvers and neo4jstore packages; these tests are about the service's caching, sharing and
// cancellation.
type memLoader struct {
	data    *domain.GraphData
	version atomic.Int64
	loads   atomic.Int64
	delay   time.Duration
	gate    chan struct{} // when set, a load waits for it to close (after delay)
}

func newMemLoader(n int) *memLoader {
	l := &memLoader{data: analytics.GraphDataOf(demodata.Generate(demodata.Options{Actors: n, Seed: 5}), 1)}
	l.version.Store(1)
	return l
}

func (l *memLoader) GraphVersion(context.Context) (int64, error) { return l.version.Load(), nil }
func (l *memLoader) LoadGraph(ctx context.Context) (*domain.GraphData, error) {
	l.loads.Add(1)
	select {
	case <-time.After(l.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if l.gate != nil {
		select {
		case <-l.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	g := *l.data
	g.Version = l.version.Load()
	return &g, nil
}

func TestSingleFlightAndCache(t *testing.T) {
	l := newMemLoader(2000)
	l.delay = 50 * time.Millisecond
	s := analytics.New(l, 0)
	var wg sync.WaitGroup
	results := make([]*analytics.Result, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := s.Compute(context.Background(), domain.NetworkFilter{}, domain.Betweenness, analytics.Options{Normalized: true})
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}(i)
	}
	wg.Wait()
	if n := l.loads.Load(); n != 1 {
		t.Errorf("8 concurrent requests loaded the projection %d times, want 1", n)
	}
	for _, r := range results[1:] {
		if r != results[0] {
			t.Fatal("concurrent identical requests got different computations")
		}
	}
	before := s.CacheStats()
	again, err := s.Compute(context.Background(), domain.NetworkFilter{}, domain.Betweenness, analytics.Options{Normalized: true})
	if after := s.CacheStats(); err != nil || again != results[0] || after.Hits <= before.Hits || after.Misses != before.Misses {
		t.Errorf("repeat request not served from the cache")
	}
	// A new graph version invalidates.
	l.version.Add(1)
	fresh, err := s.Compute(context.Background(), domain.NetworkFilter{}, domain.Betweenness, analytics.Options{Normalized: true})
	if err != nil || fresh == results[0] || l.loads.Load() != 2 {
		t.Errorf("a new graph version did not reload (loads %d)", l.loads.Load())
	}
	if st := s.CacheStats(); st.Entries != 3 { // graph, snapshot and result of the new version only
		t.Errorf("stale entries kept: %+v", st)
	}
}

func TestCancelledRequestStopsComputation(t *testing.T) {
	l := newMemLoader(100_000)
	s := analytics.New(l, 0)
	// Warm the snapshot so the deadline falls inside the algorithm.
	if _, err := s.Snapshot(context.Background(), domain.NetworkFilter{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := s.Compute(ctx, domain.NetworkFilter{}, domain.Betweenness, analytics.Options{})
	if domain.ErrorCode(err) != domain.ETIMEOUT && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a timeout", err)
	}
	// The computation itself must stop, not just the request: exact betweenness on 100k actors
	// takes minutes, so it is only gone within seconds if cancellation reached it.
	for s.CacheStats().Running > 0 {
		if time.Since(start) > 30*time.Second {
			t.Fatal("the computation kept running after its only request was cancelled")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("request cancelled and computation stopped after %v", time.Since(start))
}

func TestCacheMemoryBound(t *testing.T) {
	l := newMemLoader(1000)
	s := analytics.New(l, 600_000) // room for the graph and one snapshot of 1k actors and small results
	ctx := context.Background()
	for _, m := range domain.Metrics {
		if _, err := s.Compute(ctx, domain.NetworkFilter{}, m, analytics.Options{Normalized: true}); err != nil {
			t.Fatal(err)
		}
		if st := s.CacheStats(); st.Bytes > 600_000 {
			t.Fatalf("cache holds %d bytes, bound 600000", st.Bytes)
		}
	}
}

func TestUnknownSector(t *testing.T) {
	s := analytics.New(newMemLoader(10), 0)
	_, err := s.Compute(context.Background(), domain.NetworkFilter{Sectors: []string{"nope"}}, domain.Degree, analytics.Options{})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("code %q, want %s", domain.ErrorCode(err), domain.EINVALID)
	}
}

// TestAdmissionRefusesPastTheQueue: with one slot and a queue of QueueFactor, a computation
// beyond them is refused with SERVICE_OVERLOADED at once instead of waiting without bound.
func TestAdmissionRefusesPastTheQueue(t *testing.T) {
	l := newMemLoader(20_000)
	s := analytics.New(l, 0, analytics.WithConcurrency(1))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := s.Snapshot(ctx, domain.NetworkFilter{}); err != nil {
		t.Fatal(err)
	}
	// Distinct slow computations: exact betweenness on distinct slices of 20k actors.
	errs := make(chan error, analytics.QueueFactor+2)
	for i := 0; i < analytics.QueueFactor+1; i++ {
		w := float64(i) / 1000
		go func() {
			_, err := s.Compute(ctx, domain.NetworkFilter{MinWeight: &w}, domain.Betweenness, analytics.Options{})
			errs <- err
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.CacheStats().Queued < analytics.QueueFactor {
		if time.Now().After(deadline) {
			t.Fatalf("queue never filled: %+v", s.CacheStats())
		}
		time.Sleep(5 * time.Millisecond)
	}
	w := 0.5
	start := time.Now()
	_, err := s.Compute(ctx, domain.NetworkFilter{MinWeight: &w}, domain.Betweenness, analytics.Options{})
	if domain.ErrorCode(err) != domain.EOVERLOADED || time.Since(start) > time.Second {
		t.Errorf("past the queue: %v after %v; want SERVICE_OVERLOADED at once", err, time.Since(start))
	}
	cancel()
}

// BenchmarkColdPageRankM times the first PageRank request of a fresh service on M with the
// whole graph already in memory: what the cold path costs besides reading Neo4j (slicing,
// building the CSR views, the kernel).
func BenchmarkColdPageRankM(b *testing.B) {
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})
	loader := analytics.NewMemoryLoader(net)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		svc := analytics.New(loader, 0)
		if _, err := svc.Compute(ctx, domain.NetworkFilter{Direction: domain.Undirected}, domain.PageRank, analytics.Options{Normalized: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLoadOutlivesItsRequest: a request whose deadline comes before its version's network has
// loaded answers SERVICE_UNAVAILABLE ("still loading") at that deadline instead of throwing
// the load away; the load goes on, and the retry finds it done — one load in all.
func TestLoadOutlivesItsRequest(t *testing.T) {
	l := newMemLoader(500)
	l.gate = make(chan struct{}) // the load finishes when the test says so
	s := analytics.New(l, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := s.Compute(ctx, domain.NetworkFilter{}, domain.Degree, analytics.Options{}); domain.ErrorCode(err) != domain.EUNAVAIL {
		t.Fatalf("a request that cannot wait for the load: %v; want SERVICE_UNAVAILABLE", err)
	}
	close(l.gate) // only now can the load finish: the request answered without it
	retry, cancel2 := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel2()
	if _, err := s.Compute(retry, domain.NetworkFilter{}, domain.Degree, analytics.Options{}); err != nil {
		t.Fatalf("the retry: %v", err)
	}
	if n := l.loads.Load(); n != 1 {
		t.Errorf("%d loads; want the first to have gone on and served the retry", n)
	}
}

// BenchmarkSliceM derives slices of M (10k actors, 50k partnerships, demodata's five actor
// and three partnership attributes) in memory, by sector and by attribute conditions, side by
// side, and reports the attribute columns' bytes per actor (five actor attributes).
func BenchmarkSliceM(b *testing.B) {
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42, Attributes: true})
	loader := analytics.NewMemoryLoader(net)
	ctx := context.Background()
	g, err := loader.LoadGraph(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("columns", func(b *testing.B) {
		b.ReportMetric(float64(len(g.ActorAttrs)), "attributes")
		b.ReportMetric(float64(g.ActorAttrs.Bytes())/float64(len(g.Actors)), "bytes/actor")
	})
	lo := 3.0
	for _, bc := range []struct {
		name string
		f    domain.NetworkFilter
	}{
		{"whole", domain.NetworkFilter{}},
		{"sector", domain.NetworkFilter{Sectors: []string{"civil_society", "business"}}},
		{"tie_weight", domain.NetworkFilter{MinWeight: &lo}},
		{"actor_attribute", domain.NetworkFilter{ActorAttributes: []domain.AttributeCondition{{Name: "legal_form", Equals: []string{"ngo", "llc", "foundation"}}}}},
		{"tie_attribute", domain.NetworkFilter{TieAttributes: []domain.AttributeCondition{{Name: "trust", Min: &lo}}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var actors int
			for i := 0; i < b.N; i++ {
				svc := analytics.New(loader, 0)
				sn, err := svc.Snapshot(ctx, bc.f)
				if err != nil {
					b.Fatal(err)
				}
				actors = sn.ActorCount()
			}
			b.ReportMetric(float64(actors), "actors")
		})
	}
}

// BenchmarkEITestM runs the E-I test by sector with 10,000 permutations on M (10k actors, 50k
// partnerships), the slice cached: what an eiTest request costs.
func BenchmarkEITestM(b *testing.B) {
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})
	svc := analytics.New(analytics.NewMemoryLoader(net), 0)
	ctx := context.Background()
	if _, err := svc.Snapshot(ctx, domain.NetworkFilter{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.EITest(ctx, domain.NetworkFilter{}, domain.BySector, analytics.Replications{N: 10_000, Seed: int64(i + 1)}); err != nil {
			b.Fatal(err)
		}
	}
}
