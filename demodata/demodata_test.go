package demodata_test

import (
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
