package neo4jstore_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/neo4jstore"
	"stakegraph/neo4jstore/neo4jtest"
	"stakegraph/network"
)

func importActors(tb testing.TB, s *neo4jstore.Store, n int, prefix string) {
	tb.Helper()
	net := domain.Network{}
	for i := 0; i < n; i++ {
		net.Actors = append(net.Actors, domain.Actor{
			ID: fmt.Sprintf("%s%04d", prefix, i),
			// Few distinct names, so keyset pagination by name must break ties by id.
			Name: fmt.Sprintf("Actor %02d", i%17), Sector: "business", Kind: domain.KindOrganization,
		})
	}
	if _, err := s.ImportNetwork(context.Background(), net, 300, nil); err != nil {
		tb.Fatal(err)
	}
}

// TestKeysetPagination walks 1,000 actors 37 at a time in every ordering while new actors are
// inserted between pages, and checks that every original actor appears exactly once.
func TestKeysetPagination(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	importActors(t, s, 1000, "orig-")
	orders := []domain.ActorOrder{
		{Field: domain.OrderByName}, {Field: domain.OrderByName, Desc: true},
		{Field: domain.OrderByID}, {Field: domain.OrderByID, Desc: true},
		{Field: domain.OrderByCreatedAt}, {Field: domain.OrderByCreatedAt, Desc: true},
	}
	inserted := 0
	for _, o := range orders {
		t.Run(fmt.Sprintf("%s_desc=%v", o.Field, o.Desc), func(t *testing.T) {
			seen := map[string]int{}
			after := ""
			pages := 0
			for {
				page, err := s.FindActors(ctx, domain.ActorFilter{}, o, domain.PageArgs{First: 37, After: after}, domain.ActorPageWith{})
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, a := range page.Items {
					seen[a.ID]++
				}
				// Insert actors that sort before, inside and after the current position.
				for _, name := range []string{"Actor 00", "Actor 08", "ZZZ", "AAA"} {
					inserted++
					neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: fmt.Sprintf("new-%05d", inserted), Name: name, Sector: "media"})
				}
				if !page.HasNext {
					break
				}
				if len(page.Items) != 37 {
					t.Fatalf("a page before the last has %d items", len(page.Items))
				}
				after = page.Cursors[len(page.Cursors)-1]
				if pages > 200 {
					t.Fatal("pagination does not end")
				}
			}
			for i := 0; i < 1000; i++ {
				id := fmt.Sprintf("orig-%04d", i)
				if seen[id] != 1 {
					t.Errorf("%s seen %d times", id, seen[id])
				}
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("%s seen %d times", id, n)
				}
			}
		})
	}
}

func TestFindActorsFilters(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: "a", Name: "Perm Youth Charity", Sector: "civil_society", Region: "Perm", Type: "charity", Tags: []string{"youth"}})
	neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: "b", Name: "Perm Steel", Sector: "business", Region: "Perm", Type: "corporation"})
	neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: "c", Name: "Elena Topoleva", Sector: "civil_society", Kind: domain.KindPerson, Region: "Moscow"})
	cases := []struct {
		name string
		f    domain.ActorFilter
		want []string
	}{
		{"OK_All", domain.ActorFilter{}, []string{"c", "b", "a"}},
		{"OK_Sector", domain.ActorFilter{Sectors: []string{"civil_society"}}, []string{"c", "a"}},
		{"OK_RegionAndType", domain.ActorFilter{Regions: []string{"Perm"}, Types: []string{"corporation"}}, []string{"b"}},
		{"OK_Kind", domain.ActorFilter{Kinds: []domain.ActorKind{domain.KindPerson}}, []string{"c"}},
		{"OK_Tags", domain.ActorFilter{Tags: []string{"youth", "elderly"}}, []string{"a"}},
		{"OK_SearchCaseInsensitive", domain.ActorFilter{Search: "PERM"}, []string{"b", "a"}},
		{"OK_NoMatch", domain.ActorFilter{Sectors: []string{"media"}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.FindActors(ctx, tc.f, domain.ActorOrder{Field: domain.OrderByName}, domain.PageArgs{First: 10}, domain.ActorPageWith{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range page.Items {
				got = append(got, a.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			n, err := s.CountActors(ctx, tc.f)
			if err != nil || n != len(tc.want) {
				t.Errorf("count = %d (%v), want %d", n, err, len(tc.want))
			}
			// The same page with its count and sectors from one statement; a page of one
			// keeps the count of all matching actors.
			with, err := s.FindActors(ctx, tc.f, domain.ActorOrder{Field: domain.OrderByName}, domain.PageArgs{First: 1},
				domain.ActorPageWith{Count: true, Sectors: true})
			if err != nil {
				t.Fatal(err)
			}
			if with.Total != len(tc.want) || len(with.Items) != min(1, len(tc.want)) {
				t.Errorf("with count: total %d, %d items; want %d, %d", with.Total, len(with.Items), len(tc.want), min(1, len(tc.want)))
			}
			for _, a := range with.Items {
				if sec := with.Sectors[a.Sector]; sec == nil || sec.Code != a.Sector || sec.Label == "" {
					t.Errorf("actor %s: sector %+v, want %s", a.ID, sec, a.Sector)
				}
			}
			if len(with.Items) == 0 && len(with.Sectors) != 0 {
				t.Errorf("an empty page with sectors %v", with.Sectors)
			}
		})
	}
}

func TestPartnershipFilters(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	for _, id := range []string{"a", "b", "c"} {
		neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: id, Name: id, Sector: "business"})
	}
	d := func(y int) *time.Time { t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); return &t }
	neo4jtest.MustCreatePartnership(t, s, domain.PartnershipInput{ID: "ab", Source: "a", Target: "b", Type: "grant", Directed: true, Since: d(2010), Until: d(2014)})
	neo4jtest.MustCreatePartnership(t, s, domain.PartnershipInput{ID: "bc", Source: "b", Target: "c", Type: "joint_project", Since: d(2015)})
	neo4jtest.MustCreatePartnership(t, s, domain.PartnershipInput{ID: "ca", Source: "c", Target: "a", Type: "joint_project"})
	yes := true
	cases := []struct {
		name string
		f    domain.PartnershipFilter
		want string
	}{
		{"OK_All", domain.PartnershipFilter{}, "[ab bc ca]"},
		{"OK_Type", domain.PartnershipFilter{Types: []string{"joint_project"}}, "[bc ca]"},
		{"OK_Actor", domain.PartnershipFilter{Actors: []string{"a"}}, "[ab ca]"},
		{"OK_Directed", domain.PartnershipFilter{Directed: &yes}, "[ab]"},
		{"OK_AsOf2012", domain.PartnershipFilter{AsOf: d(2012)}, "[ab ca]"},
		{"OK_AsOf2016", domain.PartnershipFilter{AsOf: d(2016)}, "[bc ca]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.FindPartnerships(ctx, tc.f, domain.PageArgs{First: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range page.Items {
				got = append(got, p.ID)
			}
			if fmt.Sprint(got) != tc.want {
				t.Errorf("got %v, want %s", got, tc.want)
			}
		})
	}
}

// TestImportIsIdempotent imports the article network twice: the second import changes no
// object, and the counts match the network.
func TestImportIsIdempotent(t *testing.T) {
	net := demodata.Article()
	s := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), net)
	ctx := context.Background()
	first := neo4jtest.MustSnapshot(t, s)
	before, err := s.ActorsByID(ctx, []string{"asi-perspektiva"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportNetwork(ctx, net, 0, nil); err != nil {
		t.Fatal(err)
	}
	second := neo4jtest.MustSnapshot(t, s)
	if first.Actors != len(net.Actors) || first.Partnerships != len(net.Partnerships) || first.Projects != len(net.Projects) {
		t.Errorf("counts after import %+v, want %d actors, %d partnerships", first, len(net.Actors), len(net.Partnerships))
	}
	second.Version = first.Version
	if first != second {
		t.Errorf("second import changed counts: %+v then %+v", first, second)
	}
	after, _ := s.ActorsByID(ctx, []string{"asi-perspektiva"})
	if !after["asi-perspektiva"].UpdatedAt.Equal(before["asi-perspektiva"].UpdatedAt) {
		t.Errorf("second import touched updatedAt")
	}
	page, err := s.FindPartnerships(ctx, domain.PartnershipFilter{}, domain.PageArgs{First: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if len(p.Citations) == 0 {
			t.Errorf("partnership %s cites no source", p.ID)
		}
	}
}

// TestImportRejectsBadNetworkWithoutWriting checks that a network with a dangling endpoint
// writes nothing.
func TestImportRejectsBadNetworkWithoutWriting(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	net := demodata.Article()
	net.Partnerships = append(net.Partnerships, domain.Partnership{ID: "bad", Source: "asi-rspp", Target: "ghost", Weight: 1, Type: "grant"})
	before := neo4jtest.MustSnapshot(t, s)
	_, err := s.ImportNetwork(context.Background(), net, 0, nil)
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("code %q, want %s (%v)", domain.ErrorCode(err), domain.ENOTFOUND, err)
	}
	if after := neo4jtest.MustSnapshot(t, s); after != before {
		t.Errorf("database changed: %+v → %+v", before, after)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	before := neo4jtest.MustSnapshot(t, s)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if after := neo4jtest.MustSnapshot(t, s); after != before {
		t.Errorf("second migration changed the database: %+v → %+v", before, after)
	}
	if before.Sectors != len(domain.DefaultSectors) {
		t.Errorf("%d sectors, want the %d defaults", before.Sectors, len(domain.DefaultSectors))
	}
}

// BenchmarkImportM measures the batched import of the generated M network (10k actors, 50k
// partnerships) into an empty database and reports partnerships per second.
func BenchmarkImportM(b *testing.B) {
	s := neo4jtest.MustOpen(b)
	ctx := context.Background()
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := s.DeleteAll(ctx); err != nil {
			b.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := s.ImportNetwork(ctx, net, 5000, nil); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(len(net.Partnerships)*b.N)/total.Seconds(), "partnerships/s")
}

// BenchmarkLoadGraphM and BenchmarkLoadGraphL import a generated network (M: 10k actors, 50k
// partnerships; L: 100k, 500k) once, then measure loading the whole graph from Neo4j and
// building both CSR views — what the analytics service does on a cache miss — and report the
// load rate and the views' bytes per edge.
func BenchmarkLoadGraphM(b *testing.B) { benchmarkLoadGraph(b, 10_000, false) }

// BenchmarkLoadGraphL: see BenchmarkLoadGraphM.
func BenchmarkLoadGraphL(b *testing.B) { benchmarkLoadGraph(b, 100_000, false) }

// BenchmarkLoadGraphStructureM is BenchmarkLoadGraphM without the partnerships' ids, types
// and dates (LoadGraphStructure: what a request that does not filter on them waits for).
func BenchmarkLoadGraphStructureM(b *testing.B) { benchmarkLoadGraph(b, 10_000, true) }

// BenchmarkLoadGraphStructureL: see BenchmarkLoadGraphStructureM.
func BenchmarkLoadGraphStructureL(b *testing.B) { benchmarkLoadGraph(b, 100_000, true) }

func benchmarkLoadGraph(b *testing.B, actors int, structure bool) {
	s := neo4jtest.MustOpen(b)
	ctx := context.Background()
	net := demodata.Generate(demodata.Options{Actors: actors, Seed: 42})
	start := time.Now()
	if _, err := s.ImportNetwork(ctx, net, 10_000, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("imported in %v (%.0f partnerships/s)", time.Since(start), float64(len(net.Partnerships))/time.Since(start).Seconds())
	b.ResetTimer()
	var bytes int64
	var edges int
	for i := 0; i < b.N; i++ {
		load := s.LoadGraph
		if structure {
			load = s.LoadGraphStructure
		}
		g, err := load(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ties := make([]network.Tie, len(g.Ties))
		for j, t := range g.Ties {
			ties[j] = network.Tie{U: t.U, V: t.V, W: t.W, Directed: t.Directed}
		}
		u, d := network.Views(len(g.Actors), ties)
		bytes, edges = u.Bytes()+d.Bytes(), u.EdgeCount()
	}
	b.ReportMetric(float64(bytes)/float64(edges), "bytes/edge")
	b.ReportMetric(float64(len(net.Partnerships)*b.N)/b.Elapsed().Seconds(), "partnerships/s")
}

// TestNoOpWritesKeepVersion: a write that changes nothing (an import of what is stored, an
// update to the same values) leaves the graph version, and so every analytics cache, alone.
func TestNoOpWritesKeepVersion(t *testing.T) {
	net := demodata.Generate(demodata.Options{Actors: 50, Seed: 9})
	s := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), net)
	ctx := context.Background()
	v0, err := s.GraphVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportNetwork(ctx, net, 0, nil); err != nil {
		t.Fatal(err)
	}
	a := net.Actors[0]
	if _, err := s.UpdateActor(ctx, a.ID, domain.ActorPatch{Name: &a.Name, Sector: &a.Sector}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.GraphVersion(ctx); v != v0 {
		t.Errorf("no-op import and update moved the version from %d to %d", v0, v)
	}
	name := a.Name + " (renamed)"
	if _, err := s.UpdateActor(ctx, a.ID, domain.ActorPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.GraphVersion(ctx); v != v0+1 {
		t.Errorf("a real update moved the version from %d to %d, want %d", v0, v, v0+1)
	}
}

// TestDeleteRacesCreate deletes an actor while a partnership to it is being created, many
// times: the create either succeeds (and the delete counts that partnership) or answers
// NOT_FOUND — never driver text, never a panic — and the delete's count is exact.
func TestDeleteRacesCreate(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: "stay", Name: "Stays", Sector: "business"})
	for i := range 40 {
		id := fmt.Sprintf("gone%d", i)
		neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: id, Name: "Goes", Sector: "media"})
		var wg sync.WaitGroup
		var createErr, deleteErr error
		var deleted int
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, createErr = s.CreatePartnership(ctx, domain.PartnershipInput{Source: "stay", Target: id})
		}()
		go func() {
			defer wg.Done()
			deleted, deleteErr = s.DeleteActor(ctx, id)
		}()
		wg.Wait()
		if deleteErr != nil {
			t.Fatalf("delete %s: %v", id, deleteErr)
		}
		if createErr != nil && domain.ErrorCode(createErr) != domain.ENOTFOUND {
			t.Fatalf("create racing delete: %v (code %s)", createErr, domain.ErrorCode(createErr))
		}
		if (createErr == nil) != (deleted == 1) {
			t.Fatalf("create error %v, yet the delete counted %d partnerships", createErr, deleted)
		}
	}
}

// TestImportAtomicAllOrNothing: an import cancelled midway leaves nothing of itself visible
// (batched ImportNetwork would have kept the batches before the cancellation).
func TestImportAtomicAllOrNothing(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	net := demodata.Generate(demodata.Options{Actors: 3000, Seed: 4})
	before := neo4jtest.MustSnapshot(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := s.ImportAtomic(ctx, net, domain.ImportOptions{BatchSize: 500, Progress: func(done, total int) {
		if done >= 2000 { // well into the partnerships
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("the cancelled import reported success")
	}
	if after := neo4jtest.MustSnapshot(t, s); after != before {
		t.Errorf("a cancelled import left data behind: %+v → %+v", before, after)
	}
	st, err := s.ImportAtomic(context.Background(), net, domain.ImportOptions{BatchSize: 500})
	if err != nil || !st.Written || st.Partnerships != len(net.Partnerships) {
		t.Fatalf("the full import: %+v %v", st, err)
	}
	if after := neo4jtest.MustSnapshot(t, s); after.Actors != before.Actors+len(net.Actors) || after.Version != before.Version+1 {
		t.Errorf("after the import: %+v (one version bump expected)", after)
	}
}

// TestImportChecksReferencesInItsTransaction: ImportAtomic's one reference check names each
// rejected row by its list and index — an unknown sector, an actor twice, an endpoint neither
// imported nor stored (nor one whose actor was rejected), an unknown project — and writes
// nothing unless SkipInvalid, which writes the rest; CheckOnly writes nothing; endpoints and
// projects already stored resolve.
func TestImportChecksReferencesInItsTransaction(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: "old", Name: "Stored", Sector: "media"})
	if _, err := s.CreateProject(ctx, domain.ProjectInput{ID: "stored-proj", Name: "Stored project"}); err != nil {
		t.Fatal(err)
	}
	net := domain.Network{
		Actors: []domain.Actor{
			{ID: "a", Name: "A", Sector: "business", Kind: domain.KindOrganization},
			{ID: "b", Name: "B", Sector: "nowhere", Kind: domain.KindOrganization},        // 1: unknown sector
			{ID: "a", Name: "A again", Sector: "business", Kind: domain.KindOrganization}, // 2: twice
		},
		Partnerships: []domain.Partnership{
			{ID: "t0", Source: "a", Target: "old", Weight: 1, ProjectID: "stored-proj"},
			{ID: "t1", Source: "a", Target: "ghost", Weight: 1},                     // 1: endpoint nowhere
			{ID: "t2", Source: "a", Target: "b", Weight: 1},                         // 2: endpoint rejected
			{ID: "t3", Source: "old", Target: "a", Weight: 1, ProjectID: "no-proj"}, // 3: project nowhere
		},
	}
	want := []string{"actor 1 EINVALID", "actor 2 EINVALID", "partnership 1 ENOTFOUND", "partnership 2 ENOTFOUND", "partnership 3 ENOTFOUND"}
	codes := map[string]string{domain.EINVALID: "EINVALID", domain.ENOTFOUND: "ENOTFOUND"}
	got := func(res domain.ImportResult) []string {
		var out []string
		for _, r := range res.Rejected {
			out = append(out, fmt.Sprintf("%s %d %s", r.Kind, r.Index, codes[r.Code]))
		}
		return out
	}
	before := neo4jtest.MustSnapshot(t, s)
	for _, o := range []domain.ImportOptions{{}, {CheckOnly: true}, {SkipInvalid: true, CheckOnly: true}} {
		res, err := s.ImportAtomic(ctx, net, o)
		if err != nil || res.Written || !reflect.DeepEqual(got(res), want) {
			t.Errorf("%+v: written %v, rejected %v, want %v (%v)", o, res.Written, got(res), want, err)
		}
		if after := neo4jtest.MustSnapshot(t, s); after != before {
			t.Errorf("%+v: the database changed: %+v → %+v", o, before, after)
		}
	}
	res, err := s.ImportAtomic(ctx, net, domain.ImportOptions{SkipInvalid: true})
	if err != nil || !res.Written || res.Actors != 1 || res.Partnerships != 1 || !reflect.DeepEqual(got(res), want) {
		t.Fatalf("skip-invalid: %+v %v", res, err)
	}
	ps, err := s.PartnershipsByID(ctx, []string{"t0"})
	if p := ps["t0"]; err != nil || p == nil || p.Target != "old" || p.ProjectID != "stored-proj" {
		t.Errorf("the good partnership: %+v %v", ps, err)
	}
}
