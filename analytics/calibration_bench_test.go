package analytics_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
)

// BenchmarkPointsToSecondsM calibrates the cost model on this machine: every metric of the
// registry, every significance test of the tests table and the brokerage census are priced
// by an estimate and then run on M (10k actors, 50k partnerships; the QAP tests on its
// 1,000-actor government-and-academia slice), each on a fresh service whose slice is cached.
// It reports microseconds per point for each, and their median — the measured figure behind
// the README's "one point ≈ 10⁵ steps": a computation far above the median is priced below
// its work.
func BenchmarkPointsToSecondsM(b *testing.B) {
	loader := analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42}))
	ctx := context.Background()
	all := domain.NetworkFilter{}
	small := domain.NetworkFilter{Sectors: []string{"government", "academia"}}
	type item struct {
		name  string
		f     domain.NetworkFilter
		price func(e *analytics.Estimate) int
		run   func(s *analytics.Service) error
	}
	var items []item
	for _, m := range analytics.Metrics() {
		o := analytics.Options{Normalized: true, GroupBy: domain.BySector}
		items = append(items, item{"metric/" + string(m.Metric), all,
			func(e *analytics.Estimate) int { return e.Metric(all, m.Metric, o) },
			func(s *analytics.Service) error { _, err := s.Compute(ctx, all, m.Metric, o); return err }})
	}
	test := func(field string, f domain.NetworkFilter, reps int, p analytics.TestParams, run func(s *analytics.Service, r analytics.Replications) error) {
		t, _ := analytics.LookupTest(field)
		items = append(items, item{fmt.Sprintf("test/%s%s", field, p.Statistic), f,
			func(e *analytics.Estimate) int { return e.Test(t, f, reps, p) },
			func(s *analytics.Service) error { return run(s, analytics.Replications{N: reps, Seed: 1}) }})
	}
	test("eiTest", all, 200, analytics.TestParams{}, func(s *analytics.Service, r analytics.Replications) error {
		_, err := s.EITest(ctx, all, domain.BySector, r)
		return err
	})
	test("assortativityTest", all, 200, analytics.TestParams{}, func(s *analytics.Service, r analytics.Replications) error {
		_, err := s.AssortativityTest(ctx, all, "", domain.BySector, r)
		return err
	})
	for _, stat := range analytics.CUGStatistics() {
		reps := 20
		if stat == "AVERAGE_PATH_LENGTH" || stat == "CENTRALIZATION_BETWEENNESS" {
			reps = 2
		}
		f := all
		if stat == "RECIPROCITY" {
			f.Direction = domain.Directed
		}
		test("cugTest", f, reps, analytics.TestParams{Statistic: stat, Condition: "EDGES"}, func(s *analytics.Service, r analytics.Replications) error {
			_, err := s.CUGTest(ctx, f, stat, "EDGES", r)
			return err
		})
	}
	test("qapTest", small, 100, analytics.TestParams{Relations: 2}, func(s *analytics.Service, r analytics.Replications) error {
		_, err := s.QAPTest(ctx, small, analytics.RelationSpec{}, analytics.RelationSpec{SameGroup: domain.ByRegion}, r)
		return err
	})
	test("qapRegression", small, 50, analytics.TestParams{Relations: 3}, func(s *analytics.Service, r analytics.Replications) error {
		_, err := s.QAPRegression(ctx, small, analytics.RelationSpec{}, []analytics.RelationSpec{{SameGroup: domain.ByRegion}, {SameGroup: domain.BySector}}, r)
		return err
	})
	items = append(items, item{"brokerage/census", all,
		func(e *analytics.Estimate) int { return e.Work(analytics.WorkBrokerage, all) },
		func(s *analytics.Service) error { _, _, err := s.Brokerage(ctx, all, domain.BySector); return err }})

	perPoint := map[string]float64{}
	for range b.N {
		for _, it := range items {
			svc := warmService(b, loader)
			if _, err := svc.Snapshot(ctx, it.f); err != nil {
				b.Fatal(err)
			}
			points := it.price(svc.NewEstimate())
			start := time.Now()
			if err := it.run(svc); err != nil {
				b.Fatalf("%s: %v", it.name, err)
			}
			perPoint[it.name] = float64(time.Since(start).Microseconds()) / float64(max(points, 1))
		}
	}
	b.StopTimer()
	names := make([]string, 0, len(perPoint))
	values := make([]float64, 0, len(perPoint))
	for name, v := range perPoint {
		names = append(names, name)
		values = append(values, v)
	}
	sort.Strings(names)
	sort.Float64s(values)
	median := values[len(values)/2]
	for _, name := range names {
		b.Logf("%-40s %8.1f µs/point  (%.1f× the median)", name, perPoint[name], perPoint[name]/median)
	}
	b.ReportMetric(median, "µs/point-median")
	b.ReportMetric(values[len(values)-1]/median, "worst/median")
}
