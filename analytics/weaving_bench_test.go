package analytics_test

import (
	"context"
	"testing"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/network"
)

// BenchmarkSuggestedPartnersM scores the partners of M's best-connected actor (10k actors, 50k
// partnerships) by Adamic–Adar, from the cached slice: O(Σ |Γ(w)|) over its partners w.
func BenchmarkSuggestedPartnersM(b *testing.B) {
	svc := analytics.New(analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})), 0)
	ctx := context.Background()
	res, err := svc.Compute(ctx, domain.NetworkFilter{}, domain.Degree, analytics.Options{})
	if err != nil {
		b.Fatal(err)
	}
	hub, best := "", -1.0
	res.Each(func(id string, score float64) {
		if score > best {
			hub, best = id, score
		}
	})
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		p, _, err := svc.SuggestedPartners(ctx, domain.NetworkFilter{}, hub, network.AdamicAdar, false, domain.BySector, 500)
		if err != nil {
			b.Fatal(err)
		}
		n = len(p)
	}
	b.ReportMetric(best, "hub-degree")
	b.ReportMetric(float64(n), "partners")
}
