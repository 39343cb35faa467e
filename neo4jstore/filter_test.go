package neo4jstore_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/neo4jstore/neo4jtest"
)

// TestCypherFilterMatchesMatcher: the store's Cypher filter clauses and the in-memory
// NetworkMatcher (which the analytics snapshots use) select the same actors and the same
// partnerships on 120 random network filters over a generated network — every actor field,
// partnership types, asOf, from–to windows and minWeight, alone and together, with values that
// exist and values that do not.
func TestCypherFilterMatchesMatcher(t *testing.T) {
	net := demodata.Generate(demodata.Options{Actors: 400, Seed: 11})
	store := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), net)
	ctx := context.Background()
	g := analytics.GraphDataOf(net, 1)
	for i, f := range randomFilters(t, net, 120, 7) {
		m := f.Matcher()
		var wantActors, wantTies, gotActors, gotTies []string
		kept := make([]bool, len(g.Actors))
		for k := range g.Actors {
			if kept[k] = m.Actor(&g.Actors[k]); kept[k] {
				wantActors = append(wantActors, g.Actors[k].ID)
			}
		}
		for k := range g.Ties {
			tie := &g.Ties[k]
			if kept[tie.U] && kept[tie.V] && m.Tie(tie, g.TieTypes[tie.Type]) {
				wantTies = append(wantTies, tie.ID)
			}
		}
		err := store.StreamNetwork(ctx, f, func(a *domain.Actor) error { gotActors = append(gotActors, a.ID); return nil },
			func(p *domain.Partnership) error { gotTies = append(gotTies, p.ID); return nil })
		if err != nil {
			t.Fatalf("filter %d: %v", i, err)
		}
		for _, l := range [][]string{wantActors, wantTies, gotActors, gotTies} {
			slices.Sort(l)
		}
		if !slices.Equal(wantActors, gotActors) || !slices.Equal(wantTies, gotTies) {
			t.Errorf("filter %d %+v: Cypher keeps %d actors and %d partnerships, the matcher %d and %d",
				i, f, len(gotActors), len(gotTies), len(wantActors), len(wantTies))
		}
	}
}

// randomFilters draws n valid network filters over net's values (and values it lacks): every
// actor field, partnership types, asOf, from–to windows and minWeight, alone and together.
func randomFilters(t *testing.T, net domain.Network, n int, seed uint64) []domain.NetworkFilter {
	pool := func(get func(a *domain.Actor) []string) []string {
		var out []string
		for i := range net.Actors {
			out = append(out, get(&net.Actors[i])...)
		}
		slices.Sort(out)
		return append(slices.Compact(out), "no-such-value")
	}
	sectors := pool(func(a *domain.Actor) []string { return []string{a.Sector} })
	regions := pool(func(a *domain.Actor) []string { return []string{a.Region} })
	types := pool(func(a *domain.Actor) []string { return []string{a.Type} })
	tags := pool(func(a *domain.Actor) []string { return a.Tags })
	tieTypes := append(slices.Clone(analytics.GraphDataOf(net, 1).TieTypes), "no-such-type")
	rng := rand.New(rand.NewPCG(seed, 11))
	some := func(values []string) []string {
		if rng.IntN(3) != 0 {
			return nil
		}
		var out []string
		for range 1 + rng.IntN(3) {
			out = append(out, values[rng.IntN(len(values))])
		}
		return out
	}
	date := func() *time.Time {
		d := time.Date(2005+rng.IntN(22), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		return &d
	}
	out := make([]domain.NetworkFilter, n)
	for i := range out {
		f := domain.NetworkFilter{Sectors: some(sectors), Regions: some(regions), ActorTypes: some(types), Tags: some(tags),
			PartnershipTypes: some(tieTypes)}
		if rng.IntN(4) == 0 {
			f.Kinds = []domain.ActorKind{[]domain.ActorKind{domain.KindOrganization, domain.KindPerson}[rng.IntN(2)]}
		}
		if rng.IntN(4) == 0 {
			name := net.Actors[rng.IntN(len(net.Actors))].Name
			at := rng.IntN(max(len(name)-2, 1))
			f.Search = strings.ToUpper(name[at:min(at+2, len(name))])
		}
		switch rng.IntN(4) {
		case 0:
			f.AsOf = date()
		case 1:
			f.From, f.To = date(), date()
			if f.To.Before(*f.From) {
				f.From, f.To = f.To, f.From
			}
		case 2:
			f.From = date()
		}
		if rng.IntN(4) == 0 {
			w := []float64{0.5, 1, 1.5, 2, 3}[rng.IntN(5)]
			f.MinWeight = &w
		}
		if err := f.Validate(); err != nil {
			t.Fatalf("filter %d: %v", i, err)
		}
		out[i] = f
	}
	return out
}
