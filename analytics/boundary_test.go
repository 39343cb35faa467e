package analytics_test

import (
	"context"
	"math"
	"sort"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/domain"
)

// tinyNetwork is a path g1 – b1 – n1 – n2 with g2 – n1, small enough to reason about by hand:
//
//	g1 (government) — b1 (business, firm) — n1 (civil society, charity) — n2 (civil society)
//	                                          |
//	                                         g2 (government)
func tinyNetwork() domain.Network {
	a := func(id, sector, typ string) domain.Actor {
		return domain.Actor{ID: id, Name: "Name of " + id, Sector: sector, Type: typ, Kind: domain.KindOrganization}
	}
	tie := func(id, u, v string) domain.Partnership {
		return domain.Partnership{ID: id, Source: u, Target: v, Weight: 1, Type: "grant"}
	}
	return domain.Network{
		Actors: []domain.Actor{a("g1", "government", ""), a("g2", "government", ""), a("b1", "business", "firm"),
			a("n1", "civil_society", "charity"), a("n2", "civil_society", "")},
		Partnerships: []domain.Partnership{tie("e1", "g1", "b1"), tie("e2", "b1", "n1"), tie("e3", "n1", "n2"), tie("e4", "g2", "n1")},
	}
}

func TestReachAnswersInGroups(t *testing.T) {
	s := analytics.New(analytics.NewMemoryLoader(tinyNetwork()), 0)
	ctx := context.Background()
	r, err := s.Reach(ctx, domain.NetworkFilter{}, domain.BySector, "g1", 2)
	if err != nil {
		t.Fatal(err)
	}
	// Within two hops of g1: b1 (business) and n1 (civil society), both outside government.
	want := []analytics.GroupShare{{Group: analytics.Group{Key: "business", Label: "Business"}, Count: 1, Share: 0.5},
		{Group: analytics.Group{Key: "civil_society", Label: "Civil society"}, Count: 1, Share: 0.5}}
	if r.Total != 2 || r.CrossGroup != 2 || r.GroupsReached != 2 || r.Diversity != 0.5 || len(r.ByGroup) != 2 ||
		r.ByGroup[0] != want[0] || r.ByGroup[1] != want[1] || len(r.ByHop) != 2 || r.ByHop[0] != 1 || r.ByHop[1] != 1 {
		t.Errorf("reach of g1 in 2 hops = %+v", r)
	}
	r, err = s.Reach(ctx, domain.NetworkFilter{}, domain.BySector, "g1", 3)
	if err != nil {
		t.Fatal(err)
	}
	// Three hops add n2 and g2: business 1, civil society 2, government 1 → 1 − (1+4+1)/16.
	if r.Total != 4 || r.CrossGroup != 3 || math.Abs(r.Diversity-0.625) > 1e-12 || r.ByGroup[0].Key != "civil_society" {
		t.Errorf("reach of g1 in 3 hops = %+v", r)
	}
	if _, err := s.Reach(ctx, domain.NetworkFilter{}, domain.BySector, "ghost", 2); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("reach of a missing actor: %v", err)
	}
}

// TestIntermediariesExplicitPairWithNoneGroup: "" is the real group of actors without the
// attribute, so between ["", "firm"] means that pair, in either order, not all pairs.
func TestIntermediariesExplicitPairWithNoneGroup(t *testing.T) {
	s := analytics.New(analytics.NewMemoryLoader(tinyNetwork()), 0)
	ctx := context.Background()
	pair, err := s.Intermediaries(ctx, domain.NetworkFilter{}, domain.ByType, []string{"", "firm"}, 5)
	if err != nil {
		t.Fatal(err)
	}
	reversed, err := s.Intermediaries(ctx, domain.NetworkFilter{}, domain.ByType, []string{"firm", ""}, 5)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Intermediaries(ctx, domain.NetworkFilter{}, domain.ByType, nil, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Shortest paths from {g1, g2, n2} to {b1} pass through n1 only (g2–n1–b1, n2–n1–b1).
	if pair[0].ActorID != "n1" || pair[0].GroupPairBetweenness <= 0 || pair[1].GroupPairBetweenness != 0 {
		t.Fatalf("between [\"\", firm]: %+v", pair)
	}
	if pair[0].GroupPairBetweenness != reversed[0].GroupPairBetweenness {
		t.Errorf("the pair's order changed the undirected score: %v vs %v", pair[0].GroupPairBetweenness, reversed[0].GroupPairBetweenness)
	}
	if all[0].GroupPairBetweenness == pair[0].GroupPairBetweenness {
		t.Errorf("an explicit pair scored like all pairs (%v)", all[0].GroupPairBetweenness)
	}
	for _, c := range pair[0].Connects {
		if !(c.A.Key == "" && c.B.Key == "firm") {
			t.Errorf("connects lists %q–%q outside the asked pair", c.A.Key, c.B.Key)
		}
		if c.A.Label != analytics.NoneLabel || c.B.Label != "firm" {
			t.Errorf("labels %q, %q", c.A.Label, c.B.Label)
		}
	}
	if _, err := s.Intermediaries(ctx, domain.NetworkFilter{}, domain.ByType, []string{"firm", "firm"}, 5); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a pair of one group: %v", err)
	}
}

func TestCommunitiesAndMixingCarryLabels(t *testing.T) {
	s := analytics.New(analytics.NewMemoryLoader(tinyNetwork()), 0)
	ctx := context.Background()
	c, err := s.Communities(ctx, domain.NetworkFilter{}, 1, 1, domain.BySector)
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for i, com := range c.Communities {
		if com.ID != i || (i > 0 && len(com.MemberIDs) > len(c.Communities[i-1].MemberIDs)) {
			t.Errorf("communities not ranked by size: %+v", c.Communities)
		}
		n, share := 0, 0.0
		for _, g := range com.Composition {
			n += g.Count
			share += g.Share
			if g.Label == g.Key {
				t.Errorf("sector %q labelled with its code", g.Key)
			}
		}
		if n != len(com.MemberIDs) || math.Abs(share-1) > 1e-12 {
			t.Errorf("composition of community %d does not add up: %+v", i, com)
		}
		members = append(members, com.MemberIDs...)
	}
	sort.Strings(members)
	if len(members) != 5 || members[0] != "b1" || members[4] != "n2" {
		t.Errorf("members %v, want every actor once", members)
	}
	m, err := s.Mixing(ctx, domain.NetworkFilter{}, domain.BySector)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Pairs {
		if p.A.Label == "" || p.A.Label == p.A.Key || p.B.Label == p.B.Key {
			t.Errorf("pair %+v lacks sector labels", p)
		}
	}
}

func TestNeighborhoodKeepsSeedsAndTruncates(t *testing.T) {
	s := analytics.New(analytics.NewMemoryLoader(tinyNetwork()), 0)
	ctx := context.Background()
	r, err := s.Neighborhood(ctx, domain.NetworkFilter{}, []string{"g1"}, 2, 1, domain.Degree, &analytics.LayoutOptions{Algorithm: analytics.LayoutByGroup})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Nodes) != 1 || r.Nodes[0].ActorID != "g1" || r.Total != 3 || !r.Truncated {
		t.Fatalf("neighbourhood of g1 cut at 1 = %+v", r)
	}
	n := r.Nodes[0]
	if n.Label != "Name of g1" || n.Group.Label != "Government" || n.Color != domain.DefaultSectors[0].Color || n.X == nil {
		t.Errorf("node = %+v", n)
	}
	r, err = s.Neighborhood(ctx, domain.NetworkFilter{}, []string{"g1"}, 2, 10, domain.Degree, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Seeds first, then by degree: n1 (3) before b1 (2).
	if len(r.Nodes) != 3 || r.Nodes[1].ActorID != "n1" || r.Nodes[2].ActorID != "b1" || r.Truncated {
		t.Errorf("neighbourhood of g1 = %+v", r.Nodes)
	}
	// The partnerships among them: g1–b1 and b1–n1, not n1–n2 or g2–n1.
	if len(r.Edges) != 2 || r.Edges[0].ID != "e1" || r.Edges[0].Source != "g1" || r.Edges[0].Target != "b1" ||
		r.Edges[1].ID != "e2" || r.Edges[1].Type != "grant" || r.Edges[1].Weight != 1 {
		t.Errorf("edges = %+v", r.Edges)
	}
	if _, err := s.Neighborhood(ctx, domain.NetworkFilter{}, []string{"g1"}, 9, 10, domain.Degree, nil); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("hops 9: %v", err)
	}
}

// TestOperationPinsVersion: under one operation every call sees the version the first read,
// even after the data changes; a new operation sees the change.
func TestOperationPinsVersion(t *testing.T) {
	l := analytics.NewMemoryLoader(tinyNetwork())
	s := analytics.New(l, 0)
	op := analytics.WithOperation(context.Background())
	first, _, err := s.Stats(op, domain.NetworkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	grown := tinyNetwork()
	grown.Actors = append(grown.Actors, domain.Actor{ID: "m1", Name: "Media", Sector: "media", Kind: domain.KindOrganization})
	l.Set(grown)
	again, sn, err := s.Stats(op, domain.NetworkFilter{Sectors: []string{"government", "media"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := analytics.OperationVersion(op); v != 1 || sn.Version != 1 || again.Actors != 2 {
		t.Errorf("within the operation: version %d, snapshot %d, %d actors; want version 1 without m1", v, sn.Version, again.Actors)
	}
	fresh, sn, err := s.Stats(analytics.WithOperation(context.Background()), domain.NetworkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if sn.Version != 2 || fresh.Actors != first.Actors+1 {
		t.Errorf("a new operation: version %d, %d actors", sn.Version, fresh.Actors)
	}
}

// TestFilterMatchesInMemory checks the in-memory slice against the NetworkFilter semantics on
// dates, kinds, tags and search.
func TestFilterMatchesInMemory(t *testing.T) {
	net := tinyNetwork()
	d := func(s string) *time.Time {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	net.Partnerships[0].Since, net.Partnerships[0].Until = d("2015-01-01"), d("2015-12-31")
	net.Partnerships[1].Since = d("2017-01-01")
	net.Actors[0].Tags = []string{"youth"}
	net.Actors[3].Kind = domain.KindPerson
	s := analytics.New(analytics.NewMemoryLoader(net), 0)
	ctx := context.Background()
	edges := func(f domain.NetworkFilter) (int, int) {
		st, _, err := s.Stats(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return st.Actors, st.Edges
	}
	for _, tc := range []struct {
		name          string
		f             domain.NetworkFilter
		actors, edges int
	}{
		{"asOf 2016", domain.NetworkFilter{AsOf: d("2016-06-01")}, 5, 2},
		{"window 2014–2015", domain.NetworkFilter{From: d("2014-01-01"), To: d("2015-06-01")}, 5, 3},
		{"window 2018", domain.NetworkFilter{From: d("2018-01-01"), To: d("2018-12-31")}, 5, 3},
		{"kinds PERSON", domain.NetworkFilter{Kinds: []domain.ActorKind{domain.KindPerson}}, 1, 0},
		{"tags youth", domain.NetworkFilter{Tags: []string{"youth"}}, 1, 0},
		{"search 'OF N'", domain.NetworkFilter{Search: "of n"}, 2, 1},
		{"types", domain.NetworkFilter{PartnershipTypes: []string{"loan"}}, 5, 0},
	} {
		if a, e := edges(tc.f); a != tc.actors || e != tc.edges {
			t.Errorf("%s: %d actors, %d edges; want %d, %d", tc.name, a, e, tc.actors, tc.edges)
		}
	}
}

// TestWeightedScoresStayFinite: the largest accepted weights beside small ones keep weighted
// PageRank and eigenvector finite (two weights of 1e308 once broke them for everyone).
func TestWeightedScoresStayFinite(t *testing.T) {
	net := tinyNetwork()
	net.Partnerships[0].Weight, net.Partnerships[1].Weight = domain.MaxWeight, domain.MaxWeight
	net.Partnerships[2].Weight = 1
	s := analytics.New(analytics.NewMemoryLoader(net), 0)
	for _, m := range []domain.Metric{domain.PageRank, domain.Eigenvector, domain.Strength, domain.Closeness} {
		res, err := s.Compute(context.Background(), domain.NetworkFilter{Weighted: true}, m, analytics.Options{Normalized: true})
		if m == domain.Eigenvector && domain.ErrorCode(err) == domain.EINVALID {
			// On this bipartite tree with weights 10⁶ apart the power iteration (NetworkX's too)
			// converges too slowly: a clear answer for the client, not an internal error.
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		res.Each(func(id string, x float64) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Errorf("%s of %s = %v", m, id, x)
			}
		})
	}
}

// TestNotInSliceIsOneAnswer: every per-actor analysis answers an actor its slice leaves out
// the same way — a NOT_FOUND error that NotInSlice recognises (GraphQL fields on an actor turn
// it into null) — and the actors in the slice get answers.
func TestNotInSliceIsOneAnswer(t *testing.T) {
	s := analytics.New(analytics.NewMemoryLoader(tinyNetwork()), 0)
	ctx := context.Background()
	gov := domain.NetworkFilter{Sectors: []string{"government", "business"}}
	for name, ask := range map[string]func(actor string) error{
		"brokerage":   func(a string) error { _, err := s.ActorBrokerage(ctx, gov, domain.BySector, a); return err },
		"cut vertex":  func(a string) error { _, err := s.IsCutVertex(ctx, gov, a); return err },
		"removal":     func(a string) error { _, err := s.Removal(ctx, gov, a); return err },
		"reach":       func(a string) error { _, err := s.Reach(ctx, gov, domain.BySector, a, 2); return err },
		"E-I":         func(a string) error { _, err := s.ActorEI(ctx, gov, domain.BySector, a); return err },
		"path":        func(a string) error { _, err := s.ShortestPath(ctx, gov, a, "g1"); return err },
		"nearest one": func(a string) error { _, err := s.NearestInGroup(ctx, gov, domain.BySector, a, "business"); return err },
	} {
		if err := ask("n1"); !analytics.NotInSlice(err) || domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("%s of an actor outside the slice: %v; want NOT_FOUND, not in the slice", name, err)
		}
		if err := ask("b1"); err != nil {
			t.Errorf("%s of an actor in the slice: %v", name, err)
		}
	}
}
