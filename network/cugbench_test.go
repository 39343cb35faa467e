package network_test

import (
	"context"
	"testing"

	"stakegraph/demodata"
	"stakegraph/network"
)

// BenchmarkCUGTransitivitySlice runs bench-peers' CUG test — transitivity under EDGES, 200
// replications — on its slice of M (government and media actors, undirected).
func BenchmarkCUGTransitivitySlice(b *testing.B) {
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})
	keep := map[string]int32{}
	for _, a := range net.Actors {
		if a.Sector == "government" || a.Sector == "media" {
			keep[a.ID] = int32(len(keep))
		}
	}
	var ties []network.Tie
	for _, p := range net.Partnerships {
		u, ok1 := keep[p.Source]
		v, ok2 := keep[p.Target]
		if ok1 && ok2 {
			ties = append(ties, network.Tie{U: u, V: v, W: 1})
		}
	}
	g, _ := network.Views(len(keep), ties)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := network.CUGTest(context.Background(), g, network.StatTransitivity, network.CondEdges, 200, 1); err != nil {
			b.Fatal(err)
		}
	}
}
