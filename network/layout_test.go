package network_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"stakegraph/network"
)

func TestForceAtlas2DeterministicAndSeparating(t *testing.T) {
	// Two 5-cliques joined by one edge: the layout should keep each clique together.
	var ties []network.Tie
	for c := int32(0); c < 2; c++ {
		for i := int32(0); i < 5; i++ {
			for j := i + 1; j < 5; j++ {
				ties = append(ties, network.Tie{U: c*5 + i, V: c*5 + j, W: 1})
			}
		}
	}
	ties = append(ties, network.Tie{U: 0, V: 5, W: 1})
	u, _ := network.Views(10, ties)
	x1, y1, err := network.ForceAtlas2(context.Background(), u, 7, 200)
	if err != nil {
		t.Fatal(err)
	}
	x2, y2, _ := network.ForceAtlas2(context.Background(), u, 7, 200)
	if !reflect.DeepEqual(x1, x2) || !reflect.DeepEqual(y1, y2) {
		t.Fatal("the same seed gave different layouts")
	}
	x3, _, _ := network.ForceAtlas2(context.Background(), u, 8, 200)
	if reflect.DeepEqual(x1, x3) {
		t.Error("different seeds gave the same layout")
	}
	mean := func(lo int) (float64, float64) {
		var mx, my float64
		for i := lo; i < lo+5; i++ {
			mx += x1[i] / 5
			my += y1[i] / 5
		}
		return mx, my
	}
	ax, ay := mean(0)
	bx, by := mean(5)
	within := 0.0
	for i := 0; i < 5; i++ {
		within = math.Max(within, math.Hypot(x1[i]-ax, y1[i]-ay))
	}
	if between := math.Hypot(ax-bx, ay-by); between <= within {
		t.Errorf("cliques not separated: centres %.2f apart, clique radius %.2f", between, within)
	}
}

// BenchmarkForceAtlas2 lays out 2,000 nodes of the generated network (100 iterations).
func BenchmarkForceAtlas2(b *testing.B) {
	u, _ := generated(b, 2000, 42)
	for i := 0; i < b.N; i++ {
		if _, _, err := network.ForceAtlas2(context.Background(), u, 1, 100); err != nil {
			b.Fatal(err)
		}
	}
}
