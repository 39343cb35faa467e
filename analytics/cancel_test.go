package analytics_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
)

// TestComputationsStopWithTheirRequest runs every registered computation — each metric of the
// registry, each significance test of the tests table, each weaving goal of the goals table,
// and the brokerage census — on 20k actors at its largest, ends its request while it runs,
// and checks that the request returns with the cancellation and that the computation behind
// it (the cache's flight, which outlives no request) ends: the service's running computations
// go back to none and no goroutine is left. A test or goal added to its table without a
// runner here fails; the kernels' strides are counted in network's TestKernelsStopWhenCancelled.
func TestComputationsStopWithTheirRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20k-actor network")
	}
	loader := analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 20_000, Seed: 11}))
	// Weaving scans every pair of actors (at most 10⁸ a step) and QAP builds n×n relations: their
	// goals and tests run on 3k actors (the QAP tests on its slice of three sectors).
	weaving := analytics.NewMemoryLoader(demodata.Generate(demodata.Options{Actors: 3_000, Seed: 11}))
	loaders := map[string]*analytics.MemoryLoader{}
	all := domain.NetworkFilter{}
	small := domain.NetworkFilter{Sectors: []string{"government", "academia", "media"}}
	runs := map[string]func(ctx context.Context, s *analytics.Service) error{}
	for _, m := range analytics.Metrics() {
		runs["metric/"+string(m.Metric)] = func(ctx context.Context, s *analytics.Service) error {
			_, err := s.Compute(ctx, all, m.Metric, analytics.Options{Normalized: true, GroupBy: domain.BySector})
			return err
		}
	}
	most := analytics.Replications{N: 100_000, Seed: 1}
	tests := map[string]func(ctx context.Context, s *analytics.Service) error{
		"eiTest": func(ctx context.Context, s *analytics.Service) error {
			_, err := s.EITest(ctx, all, domain.BySector, most)
			return err
		},
		"assortativityTest": func(ctx context.Context, s *analytics.Service) error {
			_, err := s.AssortativityTest(ctx, all, "", domain.BySector, most)
			return err
		},
		"cugTest": func(ctx context.Context, s *analytics.Service) error {
			_, err := s.CUGTest(ctx, all, "TRANSITIVITY", "EDGES", most)
			return err
		},
		"qapTest": func(ctx context.Context, s *analytics.Service) error {
			_, err := s.QAPTest(ctx, small, analytics.RelationSpec{}, analytics.RelationSpec{SameGroup: domain.ByRegion}, most)
			return err
		},
		"qapRegression": func(ctx context.Context, s *analytics.Service) error {
			_, err := s.QAPRegression(ctx, small, analytics.RelationSpec{}, []analytics.RelationSpec{{SameGroup: domain.ByRegion}}, most)
			return err
		},
	}
	for _, test := range analytics.Tests() {
		run, ok := tests[test.Field]
		if !ok {
			t.Errorf("the tests table's %s has no runner in this test", test.Field)
			continue
		}
		runs["test/"+test.Field] = run
		if test.Field == "qapTest" || test.Field == "qapRegression" {
			loaders["test/"+test.Field] = weaving // QAP takes slices of at most 3,000 actors
		}
	}
	goals := map[string]analytics.Goal{
		analytics.GoalGroupReach:       {Kind: analytics.GoalGroupReach, From: "government", To: "civil_society", MaxHops: 3},
		analytics.GoalConnectivity:     {Kind: analytics.GoalConnectivity},
		analytics.GoalActorReach:       {Kind: analytics.GoalActorReach, MaxHops: 3},
		analytics.GoalBrokerDependence: {Kind: analytics.GoalBrokerDependence, From: "government", To: "business"},
	}
	for _, g := range analytics.Goals() {
		goal, ok := goals[g.Kind]
		if !ok {
			t.Errorf("the goals table's %s has no runner in this test", g.Kind)
			continue
		}
		loaders["goal/"+g.Kind] = weaving
		runs["goal/"+g.Kind] = func(ctx context.Context, s *analytics.Service) error {
			if goal.Kind == analytics.GoalActorReach {
				sn, err := s.Snapshot(ctx, all)
				if err != nil {
					return err
				}
				goal.ActorID = sn.ActorID(0)
			}
			// BROKER_DEPENDENCE on the whole slice would be refused (too many candidates):
			// candidates from one actor keep it to its greedy search.
			cf := analytics.CandidateFilter{}
			if goal.Kind == analytics.GoalBrokerDependence {
				sn, _ := s.Snapshot(ctx, all)
				cf.ActorIDs = []string{sn.ActorID(0)}
			}
			_, err := s.SuggestPartnerships(ctx, all, goal, 50, cf)
			return err
		}
	}
	runs["brokerage/census"] = func(ctx context.Context, s *analytics.Service) error {
		_, _, err := s.Brokerage(ctx, all, domain.BySector)
		return err
	}
	// A panel and tie dynamics over 120 monthly dates, and a laid-out rendering.
	dates, err := analytics.StepDates(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	if err != nil {
		t.Fatal(err)
	}
	runs["panel/metricPanel"] = func(ctx context.Context, s *analytics.Service) error {
		_, err := s.MetricPanel(ctx, all, domain.PageRank, analytics.Options{Normalized: true}, dates)
		return err
	}
	runs["panel/tieDynamics"] = func(ctx context.Context, s *analytics.Service) error {
		_, err := s.TieDynamics(ctx, all, dates, domain.BySector)
		return err
	}
	runs["layout/subgraph"] = func(ctx context.Context, s *analytics.Service) error {
		_, err := s.Subgraph(ctx, all, analytics.MaxLayoutNodes, domain.Degree, &analytics.LayoutOptions{Algorithm: analytics.LayoutForceAtlas2, Seed: 1, Iterations: 1000})
		return err
	}

	goroutines := runtime.NumGoroutine()
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			l := loader
			if wl, ok := loaders[name]; ok {
				l = wl
			}
			svc := analytics.New(l, 0)
			for _, f := range []domain.NetworkFilter{all, small} { // slices built: only the computation runs
				if _, err := svc.Snapshot(context.Background(), f); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- run(ctx, svc) }()
			for st := svc.CacheStats(); st.Running == 0 && st.Computing == 0; st = svc.CacheStats() {
				select {
				case err := <-done: // finished before it could be cancelled: nothing to stop
					if err != nil {
						t.Fatal(err)
					}
					return
				default:
					runtime.Gosched()
				}
			}
			cancel()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("returned %v, want context.Canceled", err)
			}
			// The flight behind the request must end with it: a kernel that never looks at its
			// context (the census's group triples did) keeps it running. Waiting is bounded; the
			// bound is not a speed requirement (the kernels' strides are counted elsewhere).
			for i := 0; svc.CacheStats().Running > 0 || svc.CacheStats().Computing > 0; i++ {
				if i == 3000 {
					t.Fatalf("the computation was still running 30 s after its request ended")
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	for i := 0; runtime.NumGoroutine() > goroutines; i++ {
		if i == 3000 {
			t.Fatalf("%d goroutines after the computations, %d before", runtime.NumGoroutine(), goroutines)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
