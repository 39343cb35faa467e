package neo4jstore_test

// The store's in-memory twins, checked against it on the same data: the NetworkMatcher that
// analytics filter with, and memstore, which the resolver, guard and cost tests run on.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/auth"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/memstore"
	"stakegraph/neo4jstore/neo4jtest"
)

// TestCypherFilterMatchesMatcher: the store's Cypher filter clauses and the in-memory
// NetworkMatcher (which the analytics snapshots use) select the same actors and the same
// partnerships on 120 random network filters over a generated network — every actor field,
// partnership types, asOf, from–to windows, minWeight, attribute conditions on actors and
// partnerships of every type and weight attributes, alone and together, with values that
// exist and values that do not.
func TestCypherFilterMatchesMatcher(t *testing.T) {
	net := demodata.Generate(demodata.Options{Actors: 400, Seed: 11, Attributes: true})
	store := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), net)
	ctx := context.Background()
	g := analytics.GraphDataOf(net, 1)
	for i, f := range randomFilters(t, net, 120, 7) {
		m := f.Matcher()
		var wantActors, wantTies, gotActors, gotTies []string
		kept := make([]bool, len(g.Actors))
		for k := range g.Actors {
			if kept[k] = m.ActorRow(g, k); kept[k] {
				wantActors = append(wantActors, g.Actors[k].ID)
			}
		}
		for k := range g.Ties {
			tie := &g.Ties[k]
			if _, ok := m.TieRow(g, k); kept[tie.U] && kept[tie.V] && ok {
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
		if len(net.Attributes) > 0 {
			f.ActorAttributes, f.TieAttributes = randomConditions(rng, true), randomConditions(rng, false)
			if rng.IntN(5) == 0 {
				f.WeightAttribute = []string{"amount", "trust"}[rng.IntN(2)]
			}
			if err := f.CheckAttributes(net.Attributes); err != nil {
				t.Fatalf("filter %d: %v", i, err)
			}
		}
		if err := f.Validate(); err != nil {
			t.Fatalf("filter %d: %v", i, err)
		}
		out[i] = f
	}
	return out
}

// randomConditions draws up to two attribute conditions on demodata's actor (or partnership)
// attributes, one time in three: equals over values that exist and do not, bounds, dates and
// exists.
func randomConditions(rng *rand.Rand, actor bool) []domain.AttributeCondition {
	if rng.IntN(3) != 0 {
		return nil
	}
	num := func(lo, hi float64) *float64 { x := lo + rng.Float64()*(hi-lo); return &x }
	yes := rng.IntN(2) == 0
	var pool []domain.AttributeCondition
	if actor {
		d := time.Date(1950+rng.IntN(70), 1, 1, 0, 0, 0, 0, time.UTC)
		pool = []domain.AttributeCondition{
			{Name: "legal_form", Equals: []string{"ngo", "llc", "no-such-form"}[:1+rng.IntN(3)]},
			{Name: "budget", Min: num(10, 100)},
			{Name: "budget", Max: num(20, 200), Exists: &yes},
			{Name: "staff", Min: num(0, 100), Max: num(100, 200)},
			{Name: "formal", Equals: []string{[]string{"true", "false"}[rng.IntN(2)]}},
			{Name: "founded", After: &d},
			{Name: "founded", Before: &d},
			{Name: "legal_form", Exists: &yes},
		}
	} else {
		pool = []domain.AttributeCondition{
			{Name: "trust", Min: num(1, 4)},
			{Name: "trust", Equals: []string{"3", "5"}},
			{Name: "form", Equals: []string{"informal", "memorandum"}[:1+rng.IntN(2)]},
			{Name: "amount", Exists: &yes},
			{Name: "amount", Max: num(10, 1000)},
		}
	}
	out := []domain.AttributeCondition{pool[rng.IntN(len(pool))]}
	if rng.IntN(2) == 0 {
		out = append(out, pool[rng.IntN(len(pool))])
	}
	return out
}

// both runs one operation on the Neo4j store and on the in-memory store and fails the test
// when their answers (with their error codes and messages) differ; norm, when given, drops
// what may differ (timestamps).
func both[T any](t *testing.T, what string, stores [2]domain.Store, op func(domain.Store) (T, error), norm ...func(*T)) T {
	t.Helper()
	var got [2]T
	var errs [2]string
	for i, s := range stores {
		v, err := op(s)
		for _, n := range norm {
			n(&v)
		}
		got[i] = v
		if err != nil {
			errs[i] = domain.ErrorCode(err) + ": " + domain.ErrorMessage(err)
		}
	}
	if errs[0] != errs[1] {
		t.Errorf("%s: Neo4j answers error %q, memstore %q", what, errs[0], errs[1])
	} else if a, b := show(got[0]), show(got[1]); a != b {
		at := 0
		for at < min(len(a), len(b)) && a[at] == b[at] {
			at++
		}
		from := max(0, at-150)
		t.Errorf("%s: answers differ at byte %d:\n Neo4j    …%s\n memstore …%s", what, at, a[from:min(len(a), at+150)], b[from:min(len(b), at+150)])
	}
	return got[0]
}

// show is v as JSON, pointers followed, to compare and print.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// unstamp drops an actor's timestamps, which each store sets from its own clock.
func unstamp(a *domain.Actor) {
	if a != nil {
		a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
	}
}

func unstampAll(actors []*domain.Actor) {
	for _, a := range actors {
		unstamp(a)
	}
}

func unstampPage(p *domain.ActorPage) { unstampAll(p.Items) }

// TestMemoryStoreAgreesWithNeo4j keeps memstore (which the resolver, guard and cost tests run
// on) to the Neo4j store's contract: the same network imported into both, then the same reads
// — pages in every order forwards and backwards, counts, partners, 60 random actor,
// partnership and network filters — and the same writes, good and bad, answer alike, error
// codes and messages included, and move the graph version alike.
func TestMemoryStoreAgreesWithNeo4j(t *testing.T) {
	ctx := context.Background()
	neo := neo4jtest.MustOpen(t)
	stores := [2]domain.Store{neo, memstore.New()}
	net := demodata.Generate(demodata.Options{Actors: 150, Seed: 21, Attributes: true})
	net.Sectors = append(net.Sectors, domain.Sector{Code: "guilds", Label: "Guilds"})
	both(t, "import", stores, func(s domain.Store) (domain.ImportStats, error) { return s.ImportNetwork(ctx, net, 0, nil) },
		func(st *domain.ImportStats) { st.Batches = 0 }) // Neo4j writes batch by batch, memstore at once
	versions := func() [2]int64 {
		var v [2]int64
		for i, s := range stores {
			v[i], _ = s.GraphVersion(ctx)
		}
		return v
	}
	v0 := versions()
	both(t, "import again", stores, func(s domain.Store) (domain.ImportStats, error) { return s.ImportNetwork(ctx, net, 0, nil) },
		func(st *domain.ImportStats) { st.Batches = 0 })
	if v := versions(); v != v0 {
		t.Errorf("a repeated import moved the versions %v → %v", v0, v)
	}

	// Reads: every order, forwards through every page and back from the end.
	both(t, "sectors", stores, func(s domain.Store) ([]domain.Sector, error) { return s.Sectors(ctx) })
	both(t, "sector counts", stores, func(s domain.Store) (map[string]int, error) {
		return s.SectorActorCounts(ctx, []string{"business", "guilds", "none"})
	})
	for _, o := range []domain.ActorOrder{{}, {Field: domain.OrderByID, Desc: true}, {Field: domain.OrderByName, Desc: true}, {Field: domain.OrderByCreatedAt}} {
		for _, backward := range []bool{false, true} {
			cursor := ""
			for page := 0; ; page++ {
				p := domain.PageArgs{First: 40, After: cursor}
				if backward {
					p = domain.PageArgs{Last: 40, Before: cursor}
				}
				got := both(t, fmt.Sprintf("actors %+v backward=%v page %d", o, backward, page), stores, func(s domain.Store) (domain.ActorPage, error) {
					page, err := s.FindActors(ctx, domain.ActorFilter{Sectors: []string{"business", "civil_society"}}, o, p, domain.ActorPageWith{Count: true, Sectors: true})
					if o.Field == domain.OrderByCreatedAt {
						page.Cursors = nil // they hold each store's clock
					}
					return page, err
				}, unstampPage)
				more := got.HasNext
				if backward {
					more = got.HasPrev
				}
				if !more || len(got.Items) == 0 || o.Field == domain.OrderByCreatedAt {
					break
				}
				if backward {
					cursor = got.Cursors[0]
				} else {
					cursor = got.Cursors[len(got.Cursors)-1]
				}
			}
		}
	}
	for i, f := range randomFilters(t, net, 60, 3) {
		af := domain.ActorFilter{Sectors: f.Sectors, Regions: f.Regions, Kinds: f.Kinds, Types: f.ActorTypes, Tags: f.Tags, Search: f.Search,
			Attributes: f.ActorAttributes}
		both(t, fmt.Sprintf("actor ids %d", i), stores, func(s domain.Store) (map[string]bool, error) { return s.ActorIDs(ctx, af) })
		both(t, fmt.Sprintf("count actors %d", i), stores, func(s domain.Store) (int, error) { return s.CountActors(ctx, af) })
		pf := domain.PartnershipFilter{Types: f.PartnershipTypes, AsOf: f.AsOf, From: f.From, To: f.To, MinWeight: f.MinWeight}
		if i%3 == 0 {
			pf.Actors = []string{net.Actors[i].ID, net.Actors[i+1].ID}
		}
		if i%4 == 1 {
			pf.Directed = &[]bool{true, false}[i%2]
		}
		both(t, fmt.Sprintf("partnerships %d", i), stores, func(s domain.Store) (domain.Page[*domain.Partnership], error) {
			return s.FindPartnerships(ctx, pf, domain.PageArgs{First: 25})
		})
		both(t, fmt.Sprintf("count partnerships %d", i), stores, func(s domain.Store) (int, error) { return s.CountPartnerships(ctx, pf) })
		both(t, fmt.Sprintf("stream %d", i), stores, func(s domain.Store) ([]string, error) {
			var ids []string
			err := s.(formats.Source).StreamNetwork(ctx, f, func(a *domain.Actor) error { ids = append(ids, a.ID); return nil },
				func(p *domain.Partnership) error { ids = append(ids, p.ID); return nil })
			slices.Sort(ids)
			return ids, err
		})
		var pairs [][2]string
		for _, p := range net.Partnerships[i : i+5] {
			pairs = append(pairs, [2]string{p.Target, p.Source}, [2]string{p.Source, p.Target})
		}
		f.Direction = []domain.Direction{domain.Undirected, domain.Directed}[i%2]
		both(t, fmt.Sprintf("partnerships between %d", i), stores, func(s domain.Store) (map[string]*domain.Partnership, error) {
			between, err := s.PartnershipsBetween(ctx, pairs, f)
			out := map[string]*domain.Partnership{}
			for pair, p := range between {
				out[pair[0]+"→"+pair[1]] = p
			}
			return out, err
		})
	}
	for _, a := range net.Actors[:10] {
		both(t, "partners of "+a.ID, stores, func(s domain.Store) (domain.Page[*domain.Actor], error) {
			return s.FindPartners(ctx, a.ID, domain.PageArgs{First: 3})
		}, func(p *domain.Page[*domain.Actor]) { unstampAll(p.Items) })
		both(t, "count partners of "+a.ID, stores, func(s domain.Store) (int, error) { return s.CountPartners(ctx, a.ID) })
		both(t, "participations of "+a.ID, stores, func(s domain.Store) ([]domain.Participation, error) { return s.ActorParticipations(ctx, a.ID) })
	}
	both(t, "projects", stores, func(s domain.Store) (domain.Page[*domain.Project], error) {
		return s.FindProjects(ctx, domain.PageArgs{First: 5})
	})
	both(t, "participants", stores, func(s domain.Store) ([]domain.Participation, error) {
		return s.ProjectParticipants(ctx, net.Projects[0].ID)
	})
	both(t, "node", stores, func(s domain.Store) (any, error) { return s.Node(ctx, net.Partnerships[0].ID) })
	both(t, "no node", stores, func(s domain.Store) (any, error) { return s.Node(ctx, "nothing") })
	both(t, "bad cursor", stores, func(s domain.Store) (domain.Page[*domain.Project], error) {
		return s.FindProjects(ctx, domain.PageArgs{First: 5, After: "garbage"})
	})

	// Writes, good and bad, in the same order on both.
	w := 2.5
	a0, a1 := net.Actors[0].ID, net.Actors[1].ID
	actor := func(what string, op func(domain.Store) (*domain.Actor, error)) {
		t.Helper()
		both(t, what, stores, op, func(a **domain.Actor) { unstamp(*a) })
	}
	actor("create actor", func(s domain.Store) (*domain.Actor, error) {
		return s.CreateActor(ctx, domain.ActorInput{ID: "new-1", Name: "New", Sector: "guilds", Kind: domain.KindPerson, Tags: []string{"x"}})
	})
	actor("create taken id", func(s domain.Store) (*domain.Actor, error) {
		return s.CreateActor(ctx, domain.ActorInput{ID: a0, Name: "Dup", Sector: "business", Kind: domain.KindPerson})
	})
	actor("create in unknown sector", func(s domain.Store) (*domain.Actor, error) {
		return s.CreateActor(ctx, domain.ActorInput{ID: "new-2", Name: "New", Sector: "nowhere", Kind: domain.KindPerson})
	})
	actor("update actor", func(s domain.Store) (*domain.Actor, error) {
		name, region := "Renamed", ""
		return s.UpdateActor(ctx, "new-1", domain.ActorPatch{Name: &name, Region: &region, Tags: []string{}})
	})
	actor("update missing actor", func(s domain.Store) (*domain.Actor, error) {
		name := "x"
		return s.UpdateActor(ctx, "ghost", domain.ActorPatch{Name: &name})
	})
	partnership := func(what string, op func(domain.Store) (*domain.Partnership, error)) {
		t.Helper()
		both(t, what, stores, op)
	}
	partnership("create partnership", func(s domain.Store) (*domain.Partnership, error) {
		return s.CreatePartnership(ctx, domain.PartnershipInput{ID: "p-new", Source: "new-1", Target: a0, Weight: &w, Directed: true})
	})
	partnership("create to a missing actor", func(s domain.Store) (*domain.Partnership, error) {
		return s.CreatePartnership(ctx, domain.PartnershipInput{Source: "new-1", Target: "ghost", Weight: &w})
	})
	partnership("create in a missing project", func(s domain.Store) (*domain.Partnership, error) {
		return s.CreatePartnership(ctx, domain.PartnershipInput{Source: "new-1", Target: a1, Weight: &w, ProjectID: "ghost"})
	})
	partnership("create a taken id", func(s domain.Store) (*domain.Partnership, error) {
		return s.CreatePartnership(ctx, domain.PartnershipInput{ID: "p-new", Source: "new-1", Target: a1, Weight: &w})
	})
	partnership("update partnership", func(s domain.Store) (*domain.Partnership, error) {
		typ := "grant"
		return s.UpdatePartnership(ctx, "p-new", domain.PartnershipPatch{Type: &typ})
	})
	both(t, "create project", stores, func(s domain.Store) (*domain.Project, error) {
		return s.CreateProject(ctx, domain.ProjectInput{ID: "pr-new", Name: "Project"})
	})
	both(t, "create a taken project", stores, func(s domain.Store) (*domain.Project, error) {
		return s.CreateProject(ctx, domain.ProjectInput{ID: "pr-new", Name: "Project"})
	})
	for _, step := range []struct {
		what string
		op   func(domain.Store) error
	}{
		{"add participant", func(s domain.Store) error { return s.AddParticipant(ctx, "pr-new", "new-1", "lead") }},
		{"add to a missing project", func(s domain.Store) error { return s.AddParticipant(ctx, "ghost", "new-1", "") }},
		{"add a missing actor", func(s domain.Store) error { return s.AddParticipant(ctx, "pr-new", "ghost", "") }},
		{"remove a non-participant", func(s domain.Store) error { return s.RemoveParticipant(ctx, "pr-new", a1) }},
		{"remove participant", func(s domain.Store) error { return s.RemoveParticipant(ctx, "pr-new", "new-1") }},
		{"delete missing partnership", func(s domain.Store) error { return s.DeletePartnership(ctx, "ghost") }},
		{"revoke missing token", func(s domain.Store) error { return s.RevokeToken(ctx, "ghost") }},
	} {
		both(t, step.what, stores, func(s domain.Store) (bool, error) { return true, step.op(s) })
	}
	both(t, "create sector", stores, func(s domain.Store) (*domain.Sector, error) {
		return s.CreateSector(ctx, domain.SectorInput{Code: "unions", Label: "Unions"})
	})
	both(t, "create a taken sector", stores, func(s domain.Store) (*domain.Sector, error) {
		return s.CreateSector(ctx, domain.SectorInput{Code: "unions", Label: "Unions"})
	})
	both(t, "update missing sector", stores, func(s domain.Store) (*domain.Sector, error) {
		label := "x"
		return s.UpdateSector(ctx, "ghost", domain.SectorPatch{Label: &label})
	})
	both(t, "delete actor", stores, func(s domain.Store) (int, error) { return s.DeleteActor(ctx, "new-1") })
	both(t, "delete missing actor", stores, func(s domain.Store) (int, error) { return s.DeleteActor(ctx, "new-1") })
	both(t, "token", stores, func(s domain.Store) (bool, error) {
		_, err := s.CreateToken(ctx, "ci", domain.RoleReader)
		return true, err
	})
	secret, err := stores[1].CreateToken(ctx, "hashed", domain.RoleEditor)
	if tok, _ := stores[1].(auth.TokenLookup).TokenByHash(ctx, domain.HashToken(secret)); err != nil || tok == nil || tok.Role != domain.RoleEditor {
		t.Errorf("memstore does not find its token by the Neo4j store's hash: %+v, %v", tok, err)
	}
	both(t, "taken token", stores, func(s domain.Store) (bool, error) {
		_, err := s.CreateToken(ctx, "ci", domain.RoleReader)
		return true, err
	})
	bad := domain.Network{Actors: []domain.Actor{{ID: "z", Name: "Z", Sector: "nowhere", Kind: domain.KindPerson}},
		Partnerships: []domain.Partnership{{ID: "zp", Source: "z", Target: "ghost", Weight: 1}}}
	both(t, "bad import", stores, func(s domain.Store) (domain.ImportResult, error) {
		return s.ImportAtomic(ctx, bad, domain.ImportOptions{SkipInvalid: true})
	})
	if v := versions(); v[0] == v0[0] || v[1] == v0[1] {
		t.Errorf("writes left a version where it was: %v → %v", v0, v)
	}
}
