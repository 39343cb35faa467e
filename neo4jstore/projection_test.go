package neo4jstore_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/neo4jstore/neo4jtest"
)

// tieRows lists a GraphData's ties as comparable rows, sorted (the order of ties is the
// store's and may differ between loads).
func tieRows(g *domain.GraphData) []string {
	rows := make([]string, len(g.Ties))
	for i, t := range g.Ties {
		rows[i] = fmt.Sprintf("%s %s→%s w=%g d=%v type=%q %d–%d", t.ID, g.Actors[t.U].ID, g.Actors[t.V].ID, t.W, t.Directed,
			g.TieTypes[t.Type], t.Since, t.Until)
	}
	sort.Strings(rows)
	return rows
}

// TestLoadGraphStructureThenDetails: the structure-only load plus its details, read later at
// the same version, equal the whole load; after a write the details are refused (CONFLICT)
// rather than mixed with the newer state.
func TestLoadGraphStructureThenDetails(t *testing.T) {
	s := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), demodata.Article(), demodata.Generate(demodata.Options{Actors: 300, Seed: 3}))
	ctx := context.Background()
	full, err := s.LoadGraph(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.LoadGraphStructure(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Version != full.Version || len(st.Ties) != len(full.Ties) || len(st.TieRefs) != len(st.Ties) {
		t.Fatalf("structure: version %d, %d ties, %d refs; whole load: version %d, %d ties", st.Version, len(st.Ties), len(st.TieRefs), full.Version, len(full.Ties))
	}
	if !reflect.DeepEqual(st.TieTypes, []string{""}) || st.Ties[0].ID != "" || st.Ties[0].Since != domain.NoSince {
		t.Errorf("the structure carries details: types %v, first tie %+v", st.TieTypes, st.Ties[0])
	}
	if !reflect.DeepEqual(st.Actors, full.Actors) || !reflect.DeepEqual(st.Sectors, full.Sectors) || len(st.Projects) != len(full.Projects) {
		t.Error("the structure's actors, sectors or projects differ from the whole load's")
	}
	d, err := s.LoadTieDetails(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	got, want := tieRows(st.WithTieDetails(d)), tieRows(full)
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("tie %d: %s, want %s", i, got[i], want[i])
			}
		}
	}
	if len(full.TieTypes) < 3 {
		t.Errorf("the test network has %d partnership types; want several", len(full.TieTypes))
	}

	neo4jtest.MustCreateActor(t, s, domain.ActorInput{ID: "after-structure", Name: "Later", Sector: "media"})
	if _, err := s.LoadTieDetails(ctx, st); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("details after a write: %v, want %s", err, domain.ECONFLICT)
	}
}

// TestStructureFirstAnalytics: a service that loaded a version's structure for an unfiltered
// request answers a request filtered by partnership type and date on that version (adding
// the details) exactly as a fresh service whose first request it is (one whole load).
func TestStructureFirstAnalytics(t *testing.T) {
	net := demodata.Generate(demodata.Options{Actors: 300, Seed: 5})
	s := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), net)
	ctx := context.Background()
	asOf := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	filtered := domain.NetworkFilter{PartnershipTypes: []string{net.Partnerships[0].Type, net.Partnerships[1].Type}, AsOf: &asOf}
	lazy := analytics.New(s, 0)
	if _, err := lazy.Compute(ctx, domain.NetworkFilter{}, domain.PageRank, analytics.Options{Normalized: true}); err != nil {
		t.Fatal(err)
	}
	a, err := lazy.Compute(ctx, filtered, domain.Betweenness, analytics.Options{Normalized: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := analytics.New(s, 0).Compute(ctx, filtered, domain.Betweenness, analytics.Options{Normalized: true})
	if err != nil {
		t.Fatal(err)
	}
	ea, eb := a.Snapshot.EdgeCount(domain.Undirected), b.Snapshot.EdgeCount(domain.Undirected)
	if ea != eb || ea == 0 || ea >= len(net.Partnerships)/2 {
		t.Fatalf("filtered slice: %d edges after the structure, %d from a whole load (of %d partnerships)", ea, eb, len(net.Partnerships))
	}
	for _, actor := range net.Actors {
		x, _, okA := a.Score(actor.ID)
		y, _, okB := b.Score(actor.ID)
		if okA != okB || math.Abs(x-y) > 1e-12 { // parallel sums: the last bits may differ
			t.Fatalf("%s: %v (%v) after the structure, %v (%v) from a whole load", actor.ID, x, okA, y, okB)
		}
	}
}

// TestLoadGraphUnderWrites loads the network again and again while six clients keep creating
// actors (bounded in count and time): every load answers, versions never go back, every
// actor acknowledged before a load began is in it, and so is every actor whose write's
// version is at most the load's — whether the load was one state or, with writes landing
// throughout, the fallback labelled with the oldest version it read.
func TestLoadGraphUnderWrites(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	if _, err := s.ImportNetwork(ctx, demodata.Generate(demodata.Options{Actors: 2_000, Seed: 9}), 0, nil); err != nil {
		t.Fatal(err)
	}
	for _, load := range []func(context.Context) (*domain.GraphData, error){s.LoadGraph, s.LoadGraphStructure} {
		if _, err := load(ctx); err != nil { // plans the queries before the load begins
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var acked []string
	seenAt := map[string]int64{} // actor id → a version read after its write was acknowledged
	var stop atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2_000 && !stop.Load(); i++ {
				id := fmt.Sprintf("under-writes-%d-%d", w, i)
				if _, err := s.CreateActor(ctx, domain.ActorInput{ID: id, Name: "Written meanwhile", Sector: "media"}); err != nil {
					t.Error(err)
					return
				}
				v, err := s.GraphVersion(ctx) // at least the version this write made
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, id)
				seenAt[id] = v
				mu.Unlock()
			}
		}()
	}
	defer func() { stop.Store(true); wg.Wait() }()
	var last int64
	loads := 0
	// Three seconds of loads, and at least three (each takes about a second under this load).
	for deadline, limit := time.Now().Add(3*time.Second), time.Now().Add(90*time.Second); (loads < 3 || time.Now().Before(deadline)) && time.Now().Before(limit); loads++ {
		mu.Lock()
		before := append([]string(nil), acked...)
		mu.Unlock()
		load := s.LoadGraph
		if loads%2 == 1 {
			load = s.LoadGraphStructure
		}
		g, err := load(ctx)
		if err != nil {
			t.Fatalf("load %d: %v", loads, err)
		}
		if g.Version < last {
			t.Fatalf("load %d: version %d after %d", loads, g.Version, last)
		}
		last = g.Version
		has := func(id string) bool {
			k := sort.Search(len(g.Actors), func(i int) bool { return g.Actors[i].ID >= id })
			return k < len(g.Actors) && g.Actors[k].ID == id
		}
		for _, id := range before {
			if !has(id) {
				t.Fatalf("load %d (version %d) lacks %s, acknowledged before it began", loads, g.Version, id)
			}
		}
		// A write whose version is at most the load's must be in it: the label never runs
		// ahead of the data.
		mu.Lock()
		for id, v := range seenAt {
			if v <= g.Version && !has(id) {
				mu.Unlock()
				t.Fatalf("load %d (version %d) lacks %s, whose write was at version %d or before", loads, g.Version, id, v)
			}
		}
		mu.Unlock()
	}
	mu.Lock()
	n := len(acked)
	mu.Unlock()
	if loads < 3 || n < 50 {
		t.Errorf("%d loads while %d writes landed; want more of both", loads, n)
	}
	t.Logf("%d loads while %d writes landed", loads, n)
}
