package analytics_test

import (
	"context"
	"testing"
	"time"

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

// BenchmarkWhatIfM adds 5 hypothetical ties to M (10k actors, 50k partnerships) and computes
// every actor's betweenness change, from the cached slice: the overlay slice is derived in
// memory and exact betweenness runs on it (the before side cached, as after a first request).
func BenchmarkWhatIfM(b *testing.B) {
	loader := analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42}))
	ctx := context.Background()
	svc := analytics.New(loader, 0)
	base := domain.NetworkFilter{}
	if _, err := svc.Compute(ctx, base, domain.Betweenness, analytics.Options{Normalized: true}); err != nil {
		b.Fatal(err)
	}
	sn, err := svc.Snapshot(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Five ties between actors far apart in id order, different each iteration (no cache hit).
		o := &domain.Overlay{}
		for k := 0; k < 5; k++ {
			u, v := (i*131+k*977)%sn.ActorCount(), (i*131+k*977+5000)%sn.ActorCount()
			o.AddTies = append(o.AddTies, domain.HypotheticalTie{Source: sn.ActorID(u), Target: sn.ActorID(v), Weight: 1})
		}
		after := base
		after.Overlay = o
		if err := svc.CheckOverlay(ctx, after); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.MetricChanges(ctx, base, after, domain.Betweenness, analytics.Options{Normalized: true}, 20); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSuggestPartnershipsM picks k = 5 ties for GROUP_REACH (government's reach into
// civil society within 2 hops) on M (10k actors, 50k partnerships), from the cached slice, and
// reports the ratio to evaluating each candidate the slow way, one whatIf goal evaluation per
// candidate (timed on a sample of candidates and extrapolated to the step's candidates).
func BenchmarkSuggestPartnershipsM(b *testing.B) {
	svc := analytics.New(analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})), 0)
	ctx := context.Background()
	f := domain.NetworkFilter{}
	sn, err := svc.Snapshot(ctx, f)
	if err != nil {
		b.Fatal(err)
	}
	goal := analytics.Goal{Kind: analytics.GoalGroupReach, From: "government", To: "civil_society", MaxHops: 2, By: domain.BySector}
	b.ResetTimer()
	var picks []analytics.Suggestion
	for i := 0; i < b.N; i++ {
		if picks, err = svc.SuggestPartnerships(ctx, f, goal, 5, analytics.CandidateFilter{}); err != nil {
			b.Fatal(err)
		}
	}
	perRun := b.Elapsed() / time.Duration(b.N)
	b.StopTimer()
	if len(picks) != 5 {
		b.Fatalf("%d picks", len(picks))
	}
	// The slow way: a whatIf goal evaluation per candidate pair; a step has n(n − 1)/2 − m
	// candidates. Time 20 evaluations.
	start := time.Now()
	const sample = 20
	for k := 0; k < sample; k++ {
		after := f
		after.Overlay = &domain.Overlay{AddTies: []domain.HypotheticalTie{{Source: sn.ActorID(k), Target: sn.ActorID(9_999 - k), Weight: 1}}}
		if _, err := svc.GoalValue(ctx, after, goal); err != nil {
			b.Fatal(err)
		}
	}
	perCandidate := time.Since(start) / sample
	n := float64(sn.ActorCount())
	candidates := n*(n-1)/2 - float64(sn.EdgeCount(domain.Undirected))
	b.ReportMetric(perRun.Seconds()*1000, "ms/suggest")
	b.ReportMetric(perCandidate.Seconds()*1000, "ms/whatIf-eval")
	b.ReportMetric(5*candidates*perCandidate.Seconds()/perRun.Seconds(), "whatIf-per-candidate/suggest")
}
