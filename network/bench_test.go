package network_test

import (
	"context"
	"testing"

	"stakegraph/network"
)

// Datasets from design.md: S 1k actors / 5k partnerships, M 10k / 50k, L 100k / 500k (the
// generator's default of 5 partnerships per actor).
var sizes = []struct {
	name string
	n    int
}{{"S", 1_000}, {"M", 10_000}, {"L", 100_000}}

var benchGraphs = map[string][2]*network.Graph{}

func benchGraph(b *testing.B, size string, n int) (*network.Graph, *network.Graph) {
	if g, ok := benchGraphs[size]; ok {
		return g[0], g[1]
	}
	u, d := generated(b, n, 42)
	benchGraphs[size] = [2]*network.Graph{u, d}
	return u, d
}

func benchEach(b *testing.B, maxSize string, run func(b *testing.B, u, d *network.Graph)) {
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			u, d := benchGraph(b, s.name, s.n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run(b, u, d)
			}
			b.ReportMetric(float64(u.EdgeCount()), "edges")
		})
		if s.name == maxSize {
			return
		}
	}
}

func must(b *testing.B, err error) {
	if err != nil {
		b.Fatal(err)
	}
}

func BenchmarkBetweenness(b *testing.B) {
	benchEach(b, "M", func(b *testing.B, u, _ *network.Graph) {
		_, err := network.Betweenness(context.Background(), u, network.BetweennessOptions{Normalized: true})
		must(b, err)
	})
}

func BenchmarkBetweennessWeighted(b *testing.B) {
	benchEach(b, "S", func(b *testing.B, u, _ *network.Graph) {
		_, err := network.Betweenness(context.Background(), u, network.BetweennessOptions{Weighted: true})
		must(b, err)
	})
}

func BenchmarkApproxBetweenness(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, u, _ *network.Graph) {
		_, _, err := network.ApproxBetweenness(context.Background(), u, network.ApproxOptions{Epsilon: 0.01, Delta: 0.1, Seed: 1})
		must(b, err)
	})
}

func BenchmarkCloseness(b *testing.B) {
	benchEach(b, "M", func(b *testing.B, u, _ *network.Graph) {
		_, err := network.Closeness(context.Background(), u, false)
		must(b, err)
	})
}

func BenchmarkPageRank(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, _, d *network.Graph) {
		_, _, err := network.PageRank(context.Background(), d, network.PageRankOptions{Tolerance: 1e-6})
		must(b, err)
	})
}

func BenchmarkEigenvector(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, u, _ *network.Graph) {
		_, err := network.Eigenvector(context.Background(), u, false, 1e-6, 0)
		must(b, err)
	})
}

func BenchmarkCoreNumber(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, u, _ *network.Graph) { _, _ = network.CoreNumber(context.Background(), u) })
}

func BenchmarkClustering(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, u, _ *network.Graph) { _, _ = network.Clustering(context.Background(), u, false) })
}

func BenchmarkBuildViews(b *testing.B) {
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			u, d := benchGraph(b, s.name, s.n)
			ties := make([]network.Tie, 0, u.EdgeCount())
			for v := int32(0); v < int32(u.N); v++ {
				adj, w := u.Out(v)
				for i, x := range adj {
					if x > v {
						ties = append(ties, network.Tie{U: v, V: x, W: w[i]})
					}
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				network.Views(u.N, ties)
			}
			b.ReportMetric(float64(u.Bytes()+d.Bytes())/float64(u.EdgeCount()), "bytes/edge")
		})
	}
}

func BenchmarkBrokerage(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, _, d *network.Graph) {
		_, _ = network.BrokerageRoles(context.Background(), d, sectorGroups(d.N))
	})
}

func BenchmarkReach(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, u, _ *network.Graph) {
		groups := sectorGroups(u.N)
		// 100 actors' 2-hop reach, as a page of Actor.reach fields would ask.
		for s := int32(0); s < 100; s++ {
			network.ReachFrom(context.Background(), u, s*int32(u.N/100), 2, groups, 7)
		}
	})
}

func BenchmarkHoles(b *testing.B) {
	benchEach(b, "M", func(b *testing.B, u, _ *network.Graph) { _, _ = network.Holes(context.Background(), u, false) })
}

func BenchmarkGroupMixing(b *testing.B) {
	benchEach(b, "L", func(b *testing.B, u, _ *network.Graph) {
		_, _ = network.GroupMixing(context.Background(), u, sectorGroups(u.N), 7)
	})
}

// sectorGroups spreads vertices over the seven default sectors.
func sectorGroups(n int) []int32 {
	g := make([]int32, n)
	for i := range g {
		g[i] = int32(i * 7 / n)
	}
	return g
}
