package resolvers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/memstore"
	"stakegraph/neo4jstore/neo4jtest"
	"stakegraph/resolvers"
)

// TestTestsPricedFromTable: every significance test is priced from its entry in analytics'
// tests table (wired by field name, the defaults read from the schema): the price grows with
// replications as the entry says, a statistic's class of work and a regression's relations
// change it, and the schema's default is what an omitted argument costs.
func TestTestsPricedFromTable(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	const n = 60
	for i := range n {
		neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: fmt.Sprintf("a%02d", i), Name: fmt.Sprintf("Actor %d", i), Sector: []string{"government", "business"}[i%2]})
	}
	for i := range n {
		for _, d := range []int{1, 7} {
			neo4jtest.MustCreatePartnership(t, store, domain.PartnershipInput{ID: fmt.Sprintf("p%02d-%d", i, d), Source: fmt.Sprintf("a%02d", i), Target: fmt.Sprintf("a%02d", (i+d)%n), Type: "grant"})
		}
	}
	price := func(q string) int { return c.cost(q, false) }
	// seed: -1 is refused when the test runs, after it is priced: prices without the work.
	tests := []struct{ name, call string }{
		{"eiTest", `eiTest(permutations: %d, seed: -1) { observed }`},
		{"assortativityTest", `assortativityTest(groupBy: SECTOR, permutations: %d, seed: -1) { observed }`},
		{"cugTest", `cugTest(statistic: DENSITY, replications: %d, seed: -1) { observed }`},
		{"qapTest", `qapTest(x: {}, y: {sameGroup: SECTOR}, replications: %d, seed: -1) { correlation }`},
		{"qapRegression", `qapRegression(y: {}, x: [{sameGroup: SECTOR}], replications: %d, seed: -1) { rSquared }`},
	}
	for _, tc := range tests {
		at := func(reps int) int { return price("{ " + fmt.Sprintf(tc.call, reps) + " }") }
		a, b, c := at(20_000), at(60_000), at(100_000)
		if ratio := float64(c-b) / float64(b-a); b <= a || ratio < 0.95 || ratio > 1.05 {
			t.Errorf("%s: 20k, 60k, 100k replications are priced %d, %d, %d: not linear in replications", tc.name, a, b, c)
		}
	}
	// An omitted count costs the schema's default: 5,000 permutations, 1,000 replications.
	if def, explicit := price(`{ eiTest(seed: -1) { observed } }`), price(`{ eiTest(permutations: 5000, seed: -1) { observed } }`); def != explicit {
		t.Errorf("eiTest with the schema's default is priced %d, with 5,000 permutations %d", def, explicit)
	}
	if def, explicit := price(`{ cugTest(statistic: TRANSITIVITY, seed: -1) { observed } }`), price(`{ cugTest(statistic: TRANSITIVITY, condition: EDGES, replications: 1000, seed: -1) { observed } }`); def != explicit {
		t.Errorf("cugTest with the schema's defaults is priced %d, with 1,000 replications under EDGES %d", def, explicit)
	}
	// The statistic's class of work: a search from every actor costs more than counting ties.
	if d, p := price(`{ cugTest(statistic: DENSITY, seed: -1) { observed } }`), price(`{ cugTest(statistic: AVERAGE_PATH_LENGTH, seed: -1) { observed } }`); p <= d {
		t.Errorf("cugTest DENSITY is priced %d, AVERAGE_PATH_LENGTH %d", d, p)
	}
	// More relations in a regression, more work per replication.
	if one, three := price(`{ qapRegression(y: {}, x: [{sameGroup: SECTOR}], seed: -1) { rSquared } }`),
		price(`{ qapRegression(y: {}, x: [{sameGroup: SECTOR}, {sameGroup: REGION}, {sameGroup: TYPE}], seed: -1) { rSquared } }`); three <= one {
		t.Errorf("qapRegression with 1 relation is priced %d, with 3 %d", one, three)
	}
}

// TestImportAdmittedBeforeParsing: a CSV import is held against the analytics memory budget
// by its line count before a row is parsed (it was parsed first: a 700k-row CSV under the body
// cap took 5 s of CPU and 725 MB before it was refused). Here the budget holds 2,048 rows: a
// CSV of 5,000 lines is refused with QUERY_TOO_EXPENSIVE — not with its 5,000 bad rows, which
// parsing would have found — and writes nothing; one of 100 lines is parsed and reported.
func TestImportAdmittedBeforeParsing(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	srv := httptest.NewServer(resolvers.NewGraphQLHandler(store, analytics.New(store, 8<<20), slog.New(slog.NewTextHandler(io.Discard, nil)), resolvers.Options{}))
	t.Cleanup(srv.Close)
	c := &client{tb: t, srv: srv}
	csv := func(lines int) string {
		var b strings.Builder
		b.WriteString("id,name,sector\n")
		for i := range lines - 1 {
			fmt.Fprintf(&b, "a%d,Actor %d,no_such_sector\n", i, i)
		}
		return b.String()
	}
	const q = `mutation($a: String) { importNetwork(actorsCsv: $a) { status errorCount } }`
	r := c.ask(q, map[string]any{"a": csv(5000)})
	if r.Code() != "QUERY_TOO_EXPENSIVE" || !strings.Contains(r.Errors[0].Message, "in parts") {
		t.Errorf("a 5,000-line CSV on a 2,048-row budget: %s %+v", r.Code(), r.Errors)
	}
	if n, _ := store.CountActors(context.Background(), domain.ActorFilter{}); n != 0 {
		t.Errorf("%d actors written by a refused import", n)
	}
	var ok struct {
		ImportNetwork struct {
			Status     string
			ErrorCount int
		}
	}
	c.must(q, map[string]any{"a": csv(100)}, &ok)
	if ok.ImportNetwork.ErrorCount != 99 {
		t.Errorf("a 100-line CSV of bad rows: %+v", ok.ImportNetwork)
	}
}

// TestBadInputBeforePrice: arguments are checked before the operation is priced, so bad
// input answers as bad input even when the price would be over the limit (k: 51 with a
// misspelt sector used to answer only QUERY_TOO_EXPENSIVE).
func TestBadInputBeforePrice(t *testing.T) {
	t.Parallel()
	store := neo4jtest.MustLoad(t, memstore.New(), demodata.Article())
	svc := analytics.New(store, 0)
	srv := httptest.NewServer(resolvers.NewGraphQLHandler(store, svc, slog.New(slog.NewTextHandler(io.Discard, nil)), resolvers.Options{Limits: resolvers.Limits{MaxCost: 2}}))
	t.Cleanup(srv.Close)
	c := &client{tb: t, srv: srv}
	if _, err := svc.Snapshot(context.Background(), domain.NetworkFilter{}); err != nil { // the version loaded: its sectors are known to the pricing
		t.Fatal(err)
	}
	for _, tc := range []struct{ query, field string }{
		{`{ suggestPartnerships(goal: {kind: CONNECTIVITY}, k: 51) { gain } }`, "k"},
		{`{ suggestPartnerships(network: {sectors: ["goverment"]}, goal: {kind: CONNECTIVITY}) { gain } }`, "network.sectors"},
		{`{ centrality(metric: BETWEENNESS, network: {sectors: ["goverment"]}) { totalCount } }`, "network.sectors"},
		{`{ centrality(metric: BETWEENNESS, network: {minWeight: -1}) { totalCount } }`, ""},
	} {
		r := c.ask(tc.query, nil)
		if r.Code() != "BAD_USER_INPUT" || (tc.field != "" && r.Errors[0].Extensions.Field != tc.field) {
			t.Errorf("%s: %s %+v, want BAD_USER_INPUT on %q", tc.query, r.Code(), r.Errors, tc.field)
		}
	}
	if r := c.ask(`{ centrality(metric: BETWEENNESS) { totalCount } }`, nil); r.Code() != "QUERY_TOO_EXPENSIVE" {
		t.Errorf("a valid operation over the limit: %s", r.Code())
	}
}

// TestPricesFollowTheArguments: a price counts what the arguments select — attributeDefinitions
// the definitions there are (its values were priced for the 400 there may be: 42,002 points),
// and BROKER_DEPENDENCE suggestions the candidates a candidate filter leaves (it ignored them,
// so a single candidate actor was still refused).
func TestPricesFollowTheArguments(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	for i := range 200 {
		neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: fmt.Sprintf("a%03d", i), Name: fmt.Sprintf("A %d", i), Sector: []string{"government", "business", "academia"}[i%3]})
	}
	for i := range 200 {
		neo4jtest.MustCreatePartnership(t, store, domain.PartnershipInput{ID: fmt.Sprintf("p%03d", i), Source: fmt.Sprintf("a%03d", i), Target: fmt.Sprintf("a%03d", (i*7+1)%200)})
	}
	c.must(`mutation { defineAttribute(input: {name: "budget", target: ACTOR, type: NUMBER}) { name } }`, nil, nil)
	c.must(`{ networkStats { actors } }`, nil, nil) // the version loaded
	price := func(q string) int { return c.cost(q, false) }
	if p := price(`{ attributeDefinitions { name values { key count } } }`); p > 500 {
		t.Errorf("attributeDefinitions with one definition is priced %d", p)
	}
	goal := `goal: {kind: BROKER_DEPENDENCE, from: "government", to: "business"}, k: 1`
	all, one := price(`{ suggestPartnerships(`+goal+`) { gain } }`), price(`{ suggestPartnerships(`+goal+`, candidates: {actorIds: ["a000"]}) { gain } }`)
	if one*10 > all {
		t.Errorf("BROKER_DEPENDENCE priced %d for every pair, %d for the pairs of one actor", all, one)
	}
}

// TestUncachedSlicePricedBySize: once the version is loaded, an uncached slice is priced by
// its own size, counted from the loaded graph — not the whole graph's — so a query's price
// does not swing with whether another query cached its slice first (a region's betweenness
// was priced 641,456 points uncached and 502 cached).
func TestUncachedSlicePricedBySize(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	if _, err := store.ImportNetwork(context.Background(), demodata.Generate(demodata.Options{Actors: 3000, Seed: 9}), 0, nil); err != nil {
		t.Fatal(err)
	}
	neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "p1", Name: "P1", Sector: "government", Region: "Perm"})
	neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "p2", Name: "P2", Sector: "business", Region: "Perm"})
	neo4jtest.MustCreatePartnership(t, store, domain.PartnershipInput{ID: "pp", Source: "p1", Target: "p2"})
	c.must(`{ networkStats { actors } }`, nil, nil) // the version loaded
	price := func(q string) int { return c.cost(q, true) }
	const q = `{ centrality(metric: BETWEENNESS, network: {regions: ["Perm"]}, first: 1) { totalCount } }`
	whole := price(`{ centrality(metric: CLOSENESS, first: 1) { totalCount } }`)
	uncached := price(q) // runs it: its slice is cached now
	cached := price(q)
	if uncached > cached+whole/10 || uncached*2 > whole {
		t.Errorf("the Perm slice's betweenness: %d points uncached, %d cached; the whole graph's closeness %d", uncached, cached, whole)
	}
}

// TestQAPErrorsNameTheirArgument: an unknown attribute in a QAP relation is reported on the
// argument that names it (x[1].sameGroupAttribute), not on groupByAttribute, which
// qapRegression does not take.
func TestQAPErrorsNameTheirArgument(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	neo4jtest.MustLoad(t, store, demodata.Article())
	r := c.ask(`{ qapRegression(y: {}, x: [{sameGroup: SECTOR}, {sameGroupAttribute: "location"}]) { rSquared } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions.Field != "x[1].sameGroupAttribute" ||
		strings.Contains(r.Errors[0].Message, "groupByAttribute") {
		t.Errorf("answered %s %+v", r.Code(), r.Errors)
	}
}
