package network_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"stakegraph/network"
)

// TestKernelsStopWhenCancelled runs every kernel on the generated L network (100k actors,
// 500k ties) and cancels it mid-run: each must return within 100 ms of the cancellation, with
// the context's error (or its result, when it finished first), so no request leaves a CPU
// burning after it is gone.
func TestKernelsStopWhenCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the L network")
	}
	u, d := generated(t, 100_000, 42)
	groups := sectorGroups(u.N)
	roles := ok(network.BrokerageRoles(context.Background(), d, groups))
	kernels := map[string]func(ctx context.Context) error{
		"Betweenness": func(ctx context.Context) error {
			_, err := network.Betweenness(ctx, u, network.BetweennessOptions{})
			return err
		},
		"ApproxBetweenness": func(ctx context.Context) error {
			_, _, err := network.ApproxBetweenness(ctx, u, network.ApproxOptions{Epsilon: 0.002, Delta: 0.1, Seed: 1})
			return err
		},
		"Closeness": func(ctx context.Context) error { _, err := network.Closeness(ctx, u, false); return err },
		"Harmonic":  func(ctx context.Context) error { _, err := network.Harmonic(ctx, u, true, true); return err },
		"PageRank": func(ctx context.Context) error {
			_, _, err := network.PageRank(ctx, d, network.PageRankOptions{})
			return err
		},
		"Eigenvector": func(ctx context.Context) error {
			_, err := network.Eigenvector(ctx, u, false, 1e-10, 100000)
			return err
		},
		"CoreNumber":     func(ctx context.Context) error { _, err := network.CoreNumber(ctx, d); return err },
		"Clustering":     func(ctx context.Context) error { _, err := network.Clustering(ctx, u, true); return err },
		"Holes":          func(ctx context.Context) error { _, err := network.Holes(ctx, d, true); return err },
		"BrokerageRoles": func(ctx context.Context) error { _, err := network.BrokerageRoles(ctx, d, groups); return err },
		"Census": func(ctx context.Context) error {
			_, _, err := network.Census(ctx, d, groups, 7, roles)
			return err
		},
		"GroupMixing": func(ctx context.Context) error { _, err := network.GroupMixing(ctx, u, groups, 7); return err },
		"GroupPairBetweenness": func(ctx context.Context) error {
			_, err := network.GroupPairBetweenness(ctx, u, groups, 0, 1, false)
			return err
		},
		"CutPoints": func(ctx context.Context) error { _, _, err := network.CutPoints(ctx, u); return err },
		"Summarize": func(ctx context.Context) error { _, err := network.Summarize(ctx, u); return err },
		"Louvain":   func(ctx context.Context) error { _, err := network.Louvain(ctx, u, false, 1, 1); return err },
		"ForceAtlas2": func(ctx context.Context) error {
			layout, _ := network.Views(5000, nil)
			_, _, err := network.ForceAtlas2(ctx, layout, 1, 1000)
			return err
		},
	}
	for name, run := range kernels {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- run(ctx) }()
			select {
			case err := <-done: // finished before the cancellation: nothing to stop
				cancel()
				if err != nil {
					t.Fatal(err)
				}
				return
			case <-time.After(30 * time.Millisecond):
			}
			cancelled := time.Now()
			cancel()
			select {
			case err := <-done:
				if took := time.Since(cancelled); took > 100*time.Millisecond {
					t.Errorf("returned %v after the cancellation, want ≤ 100 ms", took)
				}
				if err != nil && !errors.Is(err, context.Canceled) {
					t.Errorf("returned %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("still running 5 s after the cancellation")
			}
		})
	}
}
