package network_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"stakegraph/demodata"
	"stakegraph/network"
)

// generated builds the views of a generated stakeholder network with n actors.
func generated(tb testing.TB, n int, seed uint64) (*network.Graph, *network.Graph) {
	tb.Helper()
	net := demodata.Generate(demodata.Options{Actors: n, Seed: seed})
	index := make(map[string]int32, n)
	for i, a := range net.Actors {
		index[a.ID] = int32(i)
	}
	ties := make([]network.Tie, len(net.Partnerships))
	for i, p := range net.Partnerships {
		ties[i] = network.Tie{U: index[p.Source], V: index[p.Target], W: p.Weight, Directed: p.Directed}
	}
	return network.Views(n, ties)
}

// TestApproxBetweennessBound checks the (ε, δ) guarantee against exact values (themselves
// checked against NetworkX by TestOracle) on the oracle graphs and a generated one.
func TestApproxBetweennessBound(t *testing.T) {
	ctx := context.Background()
	type tc struct {
		name string
		g    *network.Graph
	}
	var cases []tc
	for _, name := range []string{"ba300", "gnp200_directed", "ws250", "karate"} {
		_, u, d := oracleViews(t, name)
		cases = append(cases, tc{name + "/undirected", u}, tc{name + "/directed", d})
	}
	u, _ := generated(t, 2000, 3)
	cases = append(cases, tc{"generated2000", u})
	for _, c := range cases {
		for _, weighted := range []bool{false, true} {
			exact, err := network.Betweenness(ctx, c.g, network.BetweennessOptions{Weighted: weighted, Normalized: true})
			if err != nil {
				t.Fatal(err)
			}
			const eps = 0.02
			approx, info, err := network.ApproxBetweenness(ctx, c.g, network.ApproxOptions{Epsilon: eps, Delta: 0.1, Seed: 1, Weighted: weighted, Normalized: true})
			if err != nil {
				t.Fatal(err)
			}
			worst := 0.0
			for i := range exact {
				worst = math.Max(worst, math.Abs(exact[i]-approx[i]))
			}
			t.Logf("%s weighted=%v: %d samples, VD ≤ %d, max error %.4f, bound %.4f", c.name, weighted, info.Samples, info.VertexDiameter, worst, info.ErrorBound)
			if worst > info.ErrorBound {
				t.Errorf("%s weighted=%v: max error %.4f exceeds the bound %.4f", c.name, weighted, worst, info.ErrorBound)
			}
			if worst == 0 {
				t.Errorf("%s: approximation equals the exact values; sampling is not happening", c.name)
			}
			again, _, _ := network.ApproxBetweenness(ctx, c.g, network.ApproxOptions{Epsilon: eps, Delta: 0.1, Seed: 1, Weighted: weighted, Normalized: true, Workers: 1})
			for i := range again {
				if again[i] != approx[i] {
					t.Fatalf("%s: the same seed gave different results with another worker count", c.name)
				}
			}
		}
	}
}

// TestCancellation runs each long computation on a large graph with a deadline far shorter
// than the computation and checks that it stops with the context's error.
func TestCancellation(t *testing.T) {
	u, d := generated(t, 100_000, 9)
	runs := map[string]func(ctx context.Context) error{
		"betweenness": func(ctx context.Context) error {
			_, err := network.Betweenness(ctx, u, network.BetweennessOptions{})
			return err
		},
		"weighted_betweenness": func(ctx context.Context) error {
			_, err := network.Betweenness(ctx, d, network.BetweennessOptions{Weighted: true})
			return err
		},
		"closeness": func(ctx context.Context) error { _, err := network.Closeness(ctx, u, false); return err },
		"harmonic":  func(ctx context.Context) error { _, err := network.Harmonic(ctx, d, true, true); return err },
		"approx": func(ctx context.Context) error {
			_, _, err := network.ApproxBetweenness(ctx, u, network.ApproxOptions{Epsilon: 0.001})
			return err
		},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			if err := run(ctx); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("got %v, want context.DeadlineExceeded", err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := network.PageRank(ctx, u, network.PageRankOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("PageRank on a cancelled context: %v", err)
	}
	if _, err := network.Eigenvector(ctx, u, false, 0, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Eigenvector on a cancelled context: %v", err)
	}
}

func TestBuildMergesAndDropsSelfLoops(t *testing.T) {
	u, d := network.Views(3, []network.Tie{{U: 0, V: 1, W: 1}, {U: 1, V: 0, W: 2, Directed: true}, {U: 2, V: 2, W: 5}})
	if u.EdgeCount() != 1 || d.EdgeCount() != 2 {
		t.Fatalf("edges: undirected %d (want 1), directed %d (want 2)", u.EdgeCount(), d.EdgeCount())
	}
	if _, w := u.Out(0); w[0] != 3 {
		t.Errorf("merged undirected weight %v, want 3", w[0])
	}
	if _, w := d.Out(1); w[0] != 3 {
		t.Errorf("merged arc 1→0 weight %v, want 3 (mutual 1 + directed 2)", w[0])
	}
	if _, w := d.Out(0); w[0] != 1 {
		t.Errorf("arc 0→1 weight %v, want 1", w[0])
	}
}

// ok returns a kernel's result, panicking on an error (tests pass a live context).
func ok[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestDegreeOfOneActor: NetworkX's degree_centrality gives a lone vertex 1.
func TestDegreeOfOneActor(t *testing.T) {
	u, d := network.Views(1, nil)
	for name, got := range map[string][]float64{"degree": network.Degree(context.Background(), u, true), "in": network.InDegree(context.Background(), d, true), "out": network.OutDegree(context.Background(), d, true)} {
		if len(got) != 1 || got[0] != 1 {
			t.Errorf("%s of a one-actor slice = %v, want [1]", name, got)
		}
	}
	if got := network.Degree(context.Background(), u, false); got[0] != 0 {
		t.Errorf("raw degree of a lone actor = %v, want 0", got[0])
	}
}
