package demodata_test

import (
	"math"
	"reflect"
	"sort"
	"testing"

	"stakegraph/demodata"
	"stakegraph/domain"
)

// TestGenerateIsDeterministic: a seed fixes the network; another seed changes it.
func TestGenerateIsDeterministic(t *testing.T) {
	gen := func(seed uint64) domain.Network { return demodata.Generate(demodata.Options{Actors: 500, Seed: seed}) }
	a, b := gen(7), gen(7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different networks")
	}
	if reflect.DeepEqual(a.Partnerships, gen(8).Partnerships) {
		t.Fatal("different seeds gave the same partnerships")
	}
}

func TestGenerateIsValidAndRealistic(t *testing.T) {
	n := 5000
	net := demodata.Generate(demodata.Options{Actors: n, Seed: 1})
	known := map[string]bool{}
	for _, s := range domain.DefaultSectors {
		known[s.Code] = true
	}
	if err := net.Validate(known, nil); err != nil {
		t.Fatalf("generated network is invalid: %v", err)
	}
	if len(net.Actors) != n || len(net.Partnerships) != 5*n {
		t.Fatalf("%d actors, %d partnerships; want %d and %d", len(net.Actors), len(net.Partnerships), n, 5*n)
	}
	sector := map[string]string{}
	for _, a := range net.Actors {
		sector[a.ID] = a.Sector
	}
	deg := map[string]int{}
	same := 0
	for _, p := range net.Partnerships {
		deg[p.Source]++
		deg[p.Target]++
		if sector[p.Source] == sector[p.Target] {
			same++
		}
	}
	// Homophily: within-sector ties far above the ~23% that random mixing of these shares gives.
	if share := float64(same) / float64(len(net.Partnerships)); share < 0.4 {
		t.Errorf("within-sector share %.2f; want homophily (≥ 0.4)", share)
	}
	// Heavy tail: the top 1% of actors hold far more than 1% of tie ends.
	ds := make([]int, 0, n)
	for _, a := range net.Actors {
		ds = append(ds, deg[a.ID])
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ds)))
	top := 0
	for _, d := range ds[:n/100] {
		top += d
	}
	if share := float64(top) / float64(2*len(net.Partnerships)); share < 0.08 {
		t.Errorf("top 1%% of actors hold %.3f of tie ends; want a heavy tail (≥ 0.08)", share)
	}
}

// TestArticleNetworkIsValid reads the embedded article.json: a valid network of 17 actors and
// 18 partnerships, each citing the article.
func TestArticleNetworkIsValid(t *testing.T) {
	net := demodata.Article()
	if len(net.Actors) != 17 || len(net.Partnerships) != 18 || len(net.Participations) != 6 {
		t.Errorf("%d actors, %d partnerships, %d participations; article.json has 17, 18 and 6", len(net.Actors), len(net.Partnerships), len(net.Participations))
	}
	known := map[string]bool{}
	for _, s := range domain.DefaultSectors {
		known[s.Code] = true
	}
	if err := net.Validate(known, nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Partnerships {
		if len(p.Citations) == 0 || p.Citations[0] != demodata.ArticleSource {
			t.Errorf("partnership %s does not cite the article: %v", p.ID, p.Citations)
		}
	}
}

// TestDemoCarriesItsPlantedEffects computes, directly from the demo network's ties (not
// through the analytics), what the README says the generator planted: ties mostly inside a
// region, an E-I index by location far below the value of random labelling with these group
// sizes, positively assortative budgets (Pearson's r over both ends of every tie with two
// budgets), heavy-tailed degrees; and that it is the same network on every call.
func TestDemoCarriesItsPlantedEffects(t *testing.T) {
	net := demodata.Demo()
	if !reflect.DeepEqual(net, demodata.Demo()) {
		t.Fatal("Demo is not deterministic")
	}
	if _, rejected := net.Resolve(domain.Stored{Sectors: domain.DefaultSectors, Attributes: net.Attributes}, domain.ImportOptions{}); len(rejected) > 0 {
		t.Fatalf("the demo network has bad rows: %+v", rejected[0])
	}
	by := map[string]domain.Actor{}
	for _, a := range net.Actors {
		by[a.ID] = a
	}
	var within, external, internal float64
	var xs, ys []float64
	deg := map[string]int{}
	urban := 0
	for _, a := range net.Actors {
		if a.Attributes["location"] == "urban" {
			urban++
		}
	}
	for _, p := range net.Partnerships {
		a, b := by[p.Source], by[p.Target]
		deg[a.ID]++
		deg[b.ID]++
		if a.Region == b.Region {
			within++
		}
		if a.Attributes["location"] == b.Attributes["location"] {
			internal++
		} else {
			external++
		}
		ba, okA := a.Attributes["budget"].(float64)
		bb, okB := b.Attributes["budget"].(float64)
		if okA && okB {
			xs, ys = append(xs, ba, bb), append(ys, bb, ba)
		}
	}
	m := float64(len(net.Partnerships))
	if share := within / m; share < 0.9 {
		t.Errorf("%.2f of the ties stay in a region, want ≥ 0.9 (regional clusters)", share)
	}
	// E-I expected under random labelling: the share of pairs that are mixed, 2u(n−u)/(n(n−1)).
	n, u := float64(len(net.Actors)), float64(urban)
	mixed := 2 * u * (n - u) / (n * (n - 1))
	ei, eiRandom := (external-internal)/m, 2*mixed-1
	if ei > eiRandom-0.3 {
		t.Errorf("E-I by location %.3f, random labelling %.3f: the planted homophily is missing", ei, eiRandom)
	}
	if r := pearson(xs, ys); r < 0.1 {
		t.Errorf("budget assortativity %.3f, want ≥ 0.1", r)
	}
	maxDeg, sum := 0, 0
	for _, d := range deg {
		maxDeg = max(maxDeg, d)
		sum += d
	}
	if mean := float64(sum) / n; float64(maxDeg) < 6*mean {
		t.Errorf("largest degree %d, mean %.1f: degrees are not heavy-tailed", maxDeg, mean)
	}
}

func pearson(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}
