package analytics_test

import (
	"context"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
)

// twentyYears are 20 yearly step dates across demodata's partnerships (2005–2025).
func twentyYears(b *testing.B) []time.Time {
	dates, err := analytics.StepDates(time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 12)
	if err != nil || len(dates) != 20 {
		b.Fatalf("%d dates: %v", len(dates), err)
	}
	return dates
}

// warmService is a fresh service on M whose whole graph is loaded and sliced, as a server's is
// after its first request: what follows is timed from the cached graph.
func warmService(b *testing.B, loader analytics.Loader) *analytics.Service {
	b.StopTimer()
	defer b.StartTimer()
	svc := analytics.New(loader, 0)
	if _, err := svc.Snapshot(context.Background(), domain.NetworkFilter{}); err != nil {
		b.Fatal(err)
	}
	return svc
}

// BenchmarkMetricPanelM computes a 20-step PageRank panel on M (10k actors, 50k partnerships,
// yearly dates 2006–2025), each step's slice derived in memory from the cached graph, and side
// by side the 20 separate centrality computations (asOf each date) a client would otherwise
// ask for. It reports both times and their ratio (separate/panel).
func BenchmarkMetricPanelM(b *testing.B) {
	loader := analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42}))
	dates := twentyYears(b)
	ctx := context.Background()
	o := analytics.Options{Normalized: true}
	var panel, separate time.Duration
	for i := 0; i < b.N; i++ {
		svc := warmService(b, loader)
		start := time.Now()
		if _, err := svc.MetricPanel(ctx, domain.NetworkFilter{Direction: domain.Undirected}, domain.PageRank, o, dates); err != nil {
			b.Fatal(err)
		}
		panel += time.Since(start)

		svc = warmService(b, loader)
		start = time.Now()
		for _, d := range dates {
			if _, err := svc.Compute(ctx, domain.NetworkFilter{Direction: domain.Undirected, AsOf: &d}, domain.PageRank, o); err != nil {
				b.Fatal(err)
			}
		}
		separate += time.Since(start)
	}
	b.ReportMetric(float64(panel.Milliseconds())/float64(b.N), "panel-ms")
	b.ReportMetric(float64(separate.Milliseconds())/float64(b.N), "separate-ms")
	b.ReportMetric(float64(separate)/float64(panel), "separate/panel")
}

// BenchmarkTieDynamicsM compares M's tied pairs over 20 yearly step dates (19 consecutive
// pairs) by sector pair, from the cached graph.
func BenchmarkTieDynamicsM(b *testing.B) {
	loader := analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42}))
	dates := twentyYears(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		svc := warmService(b, loader)
		steps, err := svc.TieDynamics(ctx, domain.NetworkFilter{}, dates, domain.BySector)
		if err != nil || len(steps) != 19 {
			b.Fatalf("%d steps: %v", len(steps), err)
		}
	}
}

// BenchmarkLayersM computes M's layers, overlaps and multiplexity from the cached graph.
func BenchmarkLayersM(b *testing.B) {
	loader := analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42}))
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		svc := warmService(b, loader)
		if _, err := svc.Layers(ctx, domain.NetworkFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}
