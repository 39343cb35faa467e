package network_test

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"stakegraph/network"
)

// pollCtx is cancelled from its second poll of Err on, and counts the polls that find it
// cancelled. A kernel polls once per stride of work (network's checkStride), so the late polls
// measure the work it does after its request ended — by counting, not by the clock.
type pollCtx struct {
	context.Context
	polls, late atomic.Int64
	once        sync.Once
	done        chan struct{}
}

func newPollCtx() *pollCtx { return &pollCtx{Context: context.Background(), done: make(chan struct{})} }

func (c *pollCtx) Err() error {
	if c.polls.Add(1) < 2 {
		return nil
	}
	c.late.Add(1)
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

func (c *pollCtx) Done() <-chan struct{} { return c.done }

// TestKernelsStopWhenCancelled runs every kernel on a generated network (20k actors) with a
// context that ends at its second poll: each must return ctx's error after at most one more
// poll per worker — one stride of work each — so no request leaves a CPU burning after it is
// gone, and leave no goroutine behind.
func TestKernelsStopWhenCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20k-actor network")
	}
	goroutines := runtime.NumGoroutine()
	u, d := generated(t, 20_000, 42)
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
		"AveragePathLength": func(ctx context.Context) error { _, _, err := network.AveragePathLength(ctx, u); return err },
		"ReachClosenessOut": func(ctx context.Context) error { _, err := network.ReachClosenessOut(ctx, u); return err },
		"AverageClustering": func(ctx context.Context) error { _, err := network.AverageClustering(ctx, u); return err },
		"GraphStatistic": func(ctx context.Context) error {
			_, err := network.GraphStatistic(ctx, u, network.StatCentralizationBetweenness)
			return err
		},
		"PredictLinks": func(ctx context.Context) error {
			_, err := network.PredictLinks(ctx, u, hub(u), network.AdamicAdar, nil)
			return err
		},
	}
	relation := func(seed uint64) network.Relation {
		n := 1500
		r := make(network.Relation, n*n)
		rng := rand.New(rand.NewPCG(seed, 1))
		for i := range r {
			r[i] = float64(rng.IntN(2))
		}
		return r
	}
	x, y := relation(1), relation(2)
	small, _ := generated(t, 1500, 7)
	smallGroups := sectorGroups(small.N)
	more := map[string]func(ctx context.Context) error{
		"EITest": func(ctx context.Context) error { _, err := network.EITest(ctx, u, groups, 7, 100_000, 1); return err },
		"AssortativityTest": func(ctx context.Context) error {
			_, err := network.AssortativityTest(ctx, u, groups, nil, 100_000, 1)
			return err
		},
		"CUGTest": func(ctx context.Context) error {
			_, err := network.CUGTest(ctx, u, network.StatTransitivity, network.CondEdges, 100_000, 1)
			return err
		},
		"QAPCorrelation": func(ctx context.Context) error {
			_, err := network.QAPCorrelation(ctx, x, y, 1500, false, 100_000, 1)
			return err
		},
		"MRQAP": func(ctx context.Context) error {
			_, err := network.MRQAP(ctx, y, []network.Relation{x}, 1500, false, 100_000, 1)
			return err
		},
		"CorePeripheryOf": func(ctx context.Context) error { _, err := network.CorePeripheryOf(ctx, u, 1, 10); return err },
		"WeaveReach": func(ctx context.Context) error {
			_, err := network.Weave(ctx, small, network.WeaveSpec{Kind: network.WeaveReach, Hops: 2, Sources: []int32{0},
				Target: func(v int32) bool { return smallGroups[v] == 3 }}, 5, nil, 1<<40)
			return err
		},
		"WeaveConnectivity": func(ctx context.Context) error {
			_, err := network.Weave(ctx, small, network.WeaveSpec{Kind: network.WeaveConnectivity}, 5, nil, 1<<40)
			return err
		},
		"WeaveBrokerDependence": func(ctx context.Context) error {
			_, err := network.WeaveBrokerDependence(ctx, small, small, smallGroups, 0, 1, 5, nil, 5000)
			return err
		},
	}
	for name, run := range more {
		kernels[name] = run
	}
	for _, name := range contextKernels(t) {
		run := false
		for k := range kernels {
			run = run || strings.HasPrefix(k, name)
		}
		if !run && !slices.Contains(onePass, name) {
			t.Errorf("network.%s takes a context and is not run here: add it to the kernels (or to onePass if it is one O(n + m) pass)", name)
		}
	}
	for name, run := range kernels {
		t.Run(name, func(t *testing.T) {
			ctx := newPollCtx()
			err := run(ctx)
			if ctx.polls.Load() < 2 {
				t.Fatalf("polled its context %d times: too small an input to be cancelled mid-run", ctx.polls.Load())
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("returned %v, want context.Canceled", err)
			}
			// One late poll per worker (each finds the context ended at its next stride), and
			// a kernel that checks in two nested places may see it twice.
			if late, bound := ctx.late.Load(), int64(2*network.Workers()+2); late > bound {
				t.Errorf("kept working for %d strides after the cancellation, want at most %d", late, bound)
			}
		})
	}
	// No kernel's goroutine outlives it: all have returned (their WaitGroups), so the count
	// is back where it was once the scheduler has run them out.
	for range 1000 {
		if runtime.NumGoroutine() <= goroutines {
			return
		}
		runtime.Gosched()
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after the kernels, %d before", n, goroutines)
	}
}

// onePass are the kernels that take a context only for its meter: one pass over the graph or
// an actor's neighbourhood, O(n + m), with nothing to stop.
var onePass = []string{"Degree", "InDegree", "OutDegree", "Strength", "ReachFrom", "GroupReach", "ShortestPath",
	"NearestInGroup", "ActorEI", "AttributeAssortativity", "NumericAssortativity", "Reciprocity", "BrokeredPairs", "Removal"}

// contextKernels lists the package's exported functions whose first parameter is a
// context.Context, from its source: a kernel added later is run by the test or fails it.
func contextKernels(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || len(fn.Type.Params.List) == 0 || f == "meter.go" {
				continue
			}
			if sel, ok := fn.Type.Params.List[0].Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Context" {
				names = append(names, fn.Name.Name)
			}
		}
	}
	return names
}

// hub is g's vertex of highest degree.
func hub(g *network.Graph) int32 {
	best := int32(0)
	for v := range int32(g.N) {
		if g.OutOff[v+1]-g.OutOff[v] > g.OutOff[best+1]-g.OutOff[best] {
			best = v
		}
	}
	return best
}
