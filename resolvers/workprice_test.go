package resolvers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/gqltest"
	"stakegraph/httpapi"
	"stakegraph/memstore"
	"stakegraph/resolvers"
)

// workFactor is how many times its price in steps (analytics.PointSteps a point) a computation
// may count: prices are calibrated by time on M (BenchmarkPointsToSecondsM), steps count the
// kernels' elementary operations, and the two agree within this factor on every input below.
const workFactor = 8

// workCase is one registered computation asked through GraphQL. In its query, {N} is a
// network filter, {G} a grouping's arguments, {A} and {B} two actors of the slice, {S} and {T}
// two sectors, {R} the test's replications.
type workCase struct {
	family, field, query string
}

// workCases ask every computation the API offers (TestWorkWithinPrice checks that every Query
// field and every Actor field with a network argument has one or is a plain read).
var workCases = []workCase{
	{"metrics", "centrality", `{ centrality(metric: %s, network: {N}, first: 5) { edges { node { score } } } }`},
	{"metrics", "centrality (sampled)", `{ centrality(metric: BETWEENNESS, network: {N}, sampling: {epsilon: 0.05, delta: 0.1}, first: 5) { edges { node { score } } } }`},
	{"metrics", "networkStats", `{ networkStats(network: {N}) { actors diameter transitivity } }`},
	{"metrics", "Actor.metrics", `{ actors(first: 20) { edges { node { metrics(network: {N}) { degree betweenness closeness pageRank eigenvector constraint clustering coreNumber } } } } }`},
	{"structure", "corePeriphery", `{ corePeriphery(network: {N}) { fit } }`},
	{"structure", "communities", `{ communities(network: {N}) { modularity communities(first: 3) { size } } }`},
	{"structure", "cutPoints", `{ cutPoints(network: {N}) { cutVertices { id } } }`},
	{"structure", "shortestPath", `{ shortestPath(from: "{A}", to: "{B}", network: {N}) { hops } }`},
	{"structure", "Actor.isCutVertex", `{ actors(first: 20) { edges { node { isCutVertex(network: {N}) removalImpact(network: {N}) { disconnected } } } } }`},
	{"groupings", "sectorMixing", `{ sectorMixing(network: {N}, {G}) { eiIndex assortativity } }`},
	{"groupings", "attributeAssortativity", `{ a: attributeAssortativity(attribute: "uid", network: {N}) b: attributeAssortativity(attribute: "budget", network: {N}) }`},
	{"groupings", "crossSectorReach", `{ crossSectorReach(actorId: "{A}", maxHops: 3, network: {N}, {G}) { total } }`},
	{"groupings", "groupReach", `{ groupReach(from: "{S}", to: "{T}", maxHops: 3, network: {N}) { reached } }`},
	{"groupings", "nearestInGroup", `{ nearestInGroup(actorId: "{A}", group: "{T}", network: {N}) { hops } }`},
	{"groupings", "Actor.eiIndex", `{ actors(first: 20) { edges { node { eiIndex(network: {N}, {G}) reach(maxHops: 3, network: {N}, {G}) { total } } } } }`},
	{"brokerage", "brokerageCensus", `{ brokerageCensus(network: {N}, {G}) { roles { observed } } }`},
	{"brokerage", "intermediaries", `{ intermediaries(network: {N}, {G}, first: 5) { groupPairBetweenness } }`},
	{"brokerage", "Actor.brokerage", `{ actors(first: 20) { edges { node { brokerage(network: {N}, {G}) { total } } } } }`},
	{"tests", "eiTest", `{ eiTest(network: {N}, {G}, permutations: {R}) { observed pGreaterOrEqual } }`},
	{"tests", "assortativityTest", `{ a: assortativityTest(network: {N}, attribute: "budget", permutations: {R}) { pGreaterOrEqual } b: assortativityTest(network: {N}, attribute: "uid", permutations: {R}) { pGreaterOrEqual } c: assortativityTest(network: {N}, groupBy: SECTOR, permutations: {R}) { pGreaterOrEqual } }`},
	{"tests", "cugTest", `{ cugTest(network: {N}, statistic: %s, condition: %s, replications: {RC}) { pGreaterOrEqual } }`},
	{"tests", "qapTest", `{ qapTest(network: {N}, x: {}, y: {sameGroup: SECTOR}, replications: {R}) { correlation } }`},
	{"tests", "qapRegression", `{ qapRegression(network: {N}, y: {}, x: [{sameGroup: SECTOR}, {absoluteDifference: "budget"}], replications: {R}) { rSquared } }`},
	{"dynamics", "tieDynamics", `{ tieDynamics(network: {N}, from: "2014-01-01", to: "2025-01-01", {G}) { formed } }`},
	{"dynamics", "tieChanges", `{ tieChanges(network: {N}, from: "2014-01-01", to: "2025-01-01", first: 10) { totalCount } }`},
	{"dynamics", "metricPanel", `{ metricPanel(metric: PAGE_RANK, network: {N}, from: "2014-01-01", to: "2025-01-01", first: 5) { totalCount } }`},
	{"dynamics", "rankStability", `{ rankStability(metric: DEGREE, network: {N}, from: "2014-01-01", to: "2025-01-01") { spearman } }`},
	{"dynamics", "metricHistory", `{ metricHistory(actorId: "{A}", metric: DEGREE, from: "2014-01-01", to: "2025-01-01", network: {N}) { value } }`},
	{"dynamics", "networkStatsHistory", `{ networkStatsHistory(from: "2014-01-01", to: "2025-01-01", network: {N}) { stats { actors } } }`},
	{"dynamics", "layers", `{ layers(network: {N}) { multiplexity } }`},
	{"dynamics", "Actor.multiplexParticipation", `{ actors(first: 20) { edges { node { multiplexParticipation(network: {N}) layerDegrees(network: {N}) { degree } } } } }`},
	{"weaving", "suggestPartnerships", `{ suggestPartnerships(network: {N}, goal: %s, k: 3) { gain } }`},
	{"weaving", "whatIf", `{ whatIf(network: {N}, addTies: [{source: "{A}", target: "{B}"}], metric: %s) { changes { delta } } }`},
	{"weaving", "Actor.suggestedPartners", `{ actors(first: 20) { edges { node { suggestedPartners(network: {N}, first: 5) { score } } } } }`},
	{"layouts", "subgraph", `{ subgraph(network: {N}, limit: 300, layout: {iterations: 100}) { nodes { x } } }`},
	{"layouts", "neighborhood", `{ neighborhood(actorIds: ["{A}"], hops: 2, network: {N}, layout: {iterations: 100}) { nodes { x } } }`},
}

// expand lists a case's queries: one per metric, statistic and condition, goal.
func (c workCase) expand() []string {
	switch c.field {
	case "centrality":
		var out []string
		for _, m := range analytics.Metrics() {
			if m.Metric != domain.Brokerage {
				out = append(out, fmt.Sprintf(c.query, m.Metric))
			}
		}
		return out
	case "cugTest":
		var out []string
		for _, st := range analytics.CUGStatistics() {
			for _, cond := range []string{"SIZE", "EDGES", "DYAD_CENSUS"} {
				out = append(out, fmt.Sprintf(c.query, st, cond))
			}
		}
		return out
	case "suggestPartnerships":
		return []string{
			fmt.Sprintf(c.query, `{kind: GROUP_REACH, from: "{S}", to: "{T}", maxHops: 2}`),
			fmt.Sprintf(c.query, `{kind: CONNECTIVITY}`),
			fmt.Sprintf(c.query, `{kind: ACTOR_REACH, actorId: "{A}", maxHops: 3}`),
			strings.Replace(fmt.Sprintf(c.query, `{kind: BROKER_DEPENDENCE, from: "{S}", to: "{T}"}`), "k: 3)", `k: 2, candidates: {actorIds: ["{A}"]})`, 1),
		}
	case "whatIf":
		return []string{fmt.Sprintf(c.query, "BETWEENNESS"), fmt.Sprintf(c.query, "CONSTRAINT")}
	}
	return []string{c.query}
}

// workShape is a network the property runs every case on.
type workShape struct {
	name string
	net  domain.Network
	reps int // the tests' replications on it (their maximum on the smallest network; 0: no tests)
}

// workShapes: a random network; a star; a dense slice; many small components; a long chain
// (the largest diameter); one giant group; and a small dense network for the tests at their
// maximum replications, and a large random network. Every shape has a value per actor ("uid"), a numeric attribute, dated
// partnerships of three types, some directed, with unequal weights.
func workShapes() []workShape {
	shape := func(name string, n, reps int, ties func(r *rand.Rand, n int) [][2]int, oneGroup bool) workShape {
		net := demodata.Generate(demodata.Options{Actors: n, Seed: 5, Attributes: true})
		net.Attributes = append(net.Attributes, domain.AttributeDefinition{Name: "uid", Target: domain.TargetActor, Type: domain.AttrString})
		for i := range net.Actors {
			a := &net.Actors[i]
			if a.Attributes == nil {
				a.Attributes = domain.Attributes{}
			}
			a.Attributes["uid"] = a.ID
			if oneGroup {
				a.Sector = net.Actors[0].Sector
			}
		}
		if ties != nil {
			r := rand.New(rand.NewPCG(7, uint64(n)))
			var ps []domain.Partnership
			for k, e := range ties(r, n) {
				ps = append(ps, domain.Partnership{ID: fmt.Sprintf("w%d", k), Source: net.Actors[e[0]].ID, Target: net.Actors[e[1]].ID, Type: "grant"})
			}
			net.Partnerships = ps
		}
		types := []string{"grant", "joint_project", "information"}
		for i := range net.Partnerships {
			p := &net.Partnerships[i]
			p.Type = types[i%3]
			p.Weight = 1 + float64(i%5)
			p.Directed = i%4 == 0
			p.ProjectID = ""
			since := time.Date(2015+i%10, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
			p.Since, p.Until = &since, nil
			if i%7 == 0 {
				until := since.AddDate(2, 0, 0)
				p.Until = &until
			}
		}
		net.Projects, net.Participations = nil, nil
		return workShape{name: name, net: net, reps: reps}
	}
	star := func(_ *rand.Rand, n int) (out [][2]int) {
		for v := 1; v < n; v++ {
			out = append(out, [2]int{0, v})
		}
		return out
	}
	dense := func(r *rand.Rand, n int) (out [][2]int) {
		for u := range n {
			for v := u + 1; v < n; v++ {
				if r.IntN(2) == 0 {
					out = append(out, [2]int{u, v})
				}
			}
		}
		return out
	}
	components := func(_ *rand.Rand, n int) (out [][2]int) {
		for v := 0; v+2 < n; v += 3 {
			out = append(out, [2]int{v, v + 1}, [2]int{v + 1, v + 2}, [2]int{v, v + 2})
		}
		return out
	}
	chain := func(_ *rand.Rand, n int) (out [][2]int) {
		for v := 1; v < n; v++ {
			out = append(out, [2]int{v - 1, v})
		}
		return out
	}
	return []workShape{
		shape("random", 300, 500, nil, false),
		shape("star", 200, 500, star, false),
		shape("dense", 80, 500, dense, false),
		shape("components", 201, 500, components, false),
		shape("chain", 200, 500, chain, false),
		shape("one group", 200, 500, nil, true),
		shape("tests at their maximum", 12, 100_000, dense, false),
		// Large enough for the linear kernels' work to be many points (on the small shapes
		// it is one): the whole-slice computations, undirected and directed.
		shape("large", 3000, 0, nil, false),
	}
}

// workRun is one query's price and counted steps.
type workRun struct {
	shape, query string
	price        int
	steps        int64
}

func (r workRun) ratio() float64 { return float64(r.steps) / (float64(r.price) * analytics.PointSteps) }

// TestWorkWithinPrice is the work-versus-price property: every registered computation —
// metrics, significance tests, groupings, brokerage and census, panels and dynamics, weaving
// goals, layouts (exports and imports: TestExportImportWorkWithinPrice) — runs on random and
// adversarial networks (a value per actor, one giant group, dense slices, a star, many
// components, a long chain, directed and weighted views, a slice of two sectors, the tests at
// their maximum replications), each on a fresh service, and the steps its kernels count
// (analytics.Meter) must stay within workFactor × its price, which the cost model gave before it
// ran. Nothing is timed, so it cannot flake. A Query field, or an Actor field taking a
// network, without a case here fails; so does a case whose computation counts no steps (a
// kernel without a counter). The worst ratio per family is logged (go test -v).
func TestWorkWithinPrice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every computation on seven networks")
	}
	t.Parallel()
	checkWorkCoverage(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	worst := map[string]workRun{}
	for _, sh := range workShapes() {
		store := memstore.New()
		if res, err := store.ImportAtomic(context.Background(), sh.net, domain.ImportOptions{DefineAttributes: true}); err != nil || !res.Written {
			t.Fatalf("%s: %v %+v", sh.name, err, res.Rejected[:min(3, len(res.Rejected))])
		}
		// The same sectors and attribute definitions without actors: what the query's fields
		// cost without its computations' work.
		bare := memstore.New()
		if res, err := bare.ImportAtomic(context.Background(), domain.Network{Sectors: sh.net.Sectors, Attributes: sh.net.Attributes},
			domain.ImportOptions{DefineAttributes: true}); err != nil || !res.Written {
			t.Fatalf("%s without actors: %v", sh.name, err)
		}
		actors := sh.net.Actors
		sectors := map[string]bool{}
		for _, a := range actors {
			sectors[a.Sector] = true
		}
		secs := slices.Sorted(func(yield func(string) bool) {
			for s := range sectors {
				if !yield(s) {
					return
				}
			}
		})
		s, tt := secs[0], secs[len(secs)-1]
		filters := []string{`{}`, `{direction: DIRECTED}`, `{weighted: true}`, `{direction: DIRECTED, weighted: true}`,
			fmt.Sprintf(`{sectors: [%q, %q]}`, s, tt)}
		groupings := []string{`groupBy: SECTOR`, `groupByAttribute: "uid"`}
		for _, wc := range workCases {
			if sh.reps == 0 && (wc.family == "tests" || wc.family == "dynamics" || wc.family == "layouts") {
				continue // the large shape is for the whole-slice kernels
			}
			for _, q := range wc.expand() {
				// CUG tests draw a graph a replication: 20 on the small shapes, and their maximum
				// under EDGES on the smallest.
				cug := 20
				if sh.reps == 100_000 {
					if wc.field == "cugTest" && !strings.Contains(q, "EDGES") {
						continue
					}
					cug = sh.reps
				}
				q = strings.NewReplacer("{A}", actors[0].ID, "{B}", actors[len(actors)/2].ID, "{S}", s, "{T}", tt,
					"{R}", fmt.Sprint(sh.reps), "{RC}", fmt.Sprint(cug)).Replace(q)
				for fi, f := range filters {
					if wc.family == "tests" && (fi == 2 || fi == 3 || (fi >= 1 && sh.reps == 100_000 && wc.field == "cugTest") || (fi == 4 && sh.reps == 100_000)) {
						continue // the tests' views are binary: weights change nothing
					}
					if sh.reps == 0 && fi > 1 {
						continue // the large shape: the undirected and directed views
					}
					for gi, g := range groupings {
						if gi > 0 && !strings.Contains(q, "{G}") {
							break
						}
						query := strings.NewReplacer("{N}", f, "{G}", g).Replace(q)
						run, ok := runMetered(t, store, bare, logger, query, wc.family == "dynamics" || wc.family == "layouts" || strings.HasPrefix(wc.field, "Actor."))
						if !ok {
							continue
						}
						run.shape = sh.name
						if run.steps == 0 {
							t.Errorf("%s on %s counted no steps: its kernel has no counter (analytics.Meter)", query, sh.name)
						}
						if r := run.ratio(); r > workFactor {
							t.Errorf("%s on %s: %d steps for a price of %d points (%.1f× its price in steps, at most %d×)", query, sh.name, run.steps, run.price, r, workFactor)
						}
						if w, seen := worst[wc.family]; !seen || run.ratio() > w.ratio() {
							worst[wc.family] = run
						}
					}
				}
			}
		}
	}
	families := slices.Sorted(func(yield func(string) bool) {
		for f := range worst {
			if !yield(f) {
				return
			}
		}
	})
	for _, f := range families {
		w := worst[f]
		t.Logf("worst steps/price in %-10s %.2f (%d steps, %d points) on %s: %s", f, w.ratio(), w.steps, w.price, w.shape, w.query)
	}
}

// runMetered runs query on a fresh service over store (its loaded graph and whole slice built
// beforehand, outside the meter) and returns its computations' price and counted steps; false
// when the query was refused (bad input, too expensive: refused before its work). The
// computations' price is the query's less what the same query costs on bare — the shape's
// sectors and attribute definitions without actors, where every computation costs its least,
// 1 point — plus 1: each field's own point would otherwise hide, on these small networks, a
// kernel priced 100× too low. Computations priced by their arguments — dynamics by their
// dates, layouts by the nodes they may lay out, an actor list's fields by its page — cost as
// much there (at least a point each): with byArguments the whole price is the computations'.
func runMetered(t *testing.T, store, bare *memstore.Store, logger *slog.Logger, query string, byArguments bool) (workRun, bool) {
	t.Helper()
	ask := func(store *memstore.Store, meter *analytics.Meter) gqltest.Reply {
		svc := analytics.New(store, 0)
		if _, err := svc.Snapshot(context.Background(), domain.NetworkFilter{}); err != nil {
			t.Fatal(err)
		}
		h := resolvers.NewGraphQLHandler(store, svc, logger, resolvers.Options{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(analytics.WithMeter(r.Context(), meter)))
		}))
		defer srv.Close()
		return (&gqltest.Client{TB: t, URL: srv.URL}).Do(query, nil)
	}
	meter := &analytics.Meter{}
	r := ask(store, meter)
	if len(r.Errors) > 0 {
		switch r.Code() {
		case "BAD_USER_INPUT", "QUERY_TOO_EXPENSIVE", "NOT_FOUND":
			return workRun{}, false
		case "GRAPHQL_VALIDATION_FAILED":
			t.Fatalf("%s: %s", query, r.Errors[0].Message)
		}
		t.Errorf("%s: %+v", query, r.Errors)
		return workRun{}, false
	}
	if r.Extensions.Cost == nil {
		t.Fatalf("%s: no price reported", query)
	}
	// The computations behind the answer have ended with it (their flights return first).
	run := workRun{query: query, price: r.Extensions.Cost.Requested, steps: meter.Steps()}
	if least := ask(bare, &analytics.Meter{}); least.Extensions.Cost != nil && !byArguments {
		run.price = max(run.price-least.Extensions.Cost.Requested+1, 1)
	}
	return run, true
}

// plainReads are the Query fields that read the store and compute nothing over the network.
var plainReads = []string{"actor", "actors", "apiTokens", "attributeDefinitions", "graphVersion", "importJob", "node",
	"partnership", "partnerships", "project", "projects", "sector", "sectors"}

// checkWorkCoverage fails for a Query field that is neither a case nor a plain read, and for
// an Actor field taking a network that no case asks for.
func checkWorkCoverage(t *testing.T) {
	t.Helper()
	c, _ := newClient(t)
	var schema struct {
		Schema struct {
			Types []struct {
				Name   string
				Fields []struct {
					Name string
					Args []struct{ Name string }
				}
			}
		} `json:"__schema"`
	}
	c.must(`{ __schema { types { name fields { name args { name } } } } }`, nil, &schema)
	covered := map[string]bool{}
	for _, wc := range workCases {
		covered[strings.Fields(wc.field)[0]] = true
		for _, q := range wc.expand() {
			for _, f := range []string{"metrics", "isCutVertex", "removalImpact", "eiIndex", "reach", "brokerage", "multiplexParticipation", "layerDegrees", "suggestedPartners"} {
				if strings.Contains(q, " "+f+"(") {
					covered["Actor."+f] = true
				}
			}
		}
	}
	for _, typ := range schema.Schema.Types {
		for _, f := range typ.Fields {
			switch typ.Name {
			case "Query":
				if !covered[f.Name] && !slices.Contains(plainReads, f.Name) {
					t.Errorf("Query.%s has no case in the work-versus-price property (workCases) and is not a plain read", f.Name)
				}
			case "Actor":
				for _, a := range f.Args {
					if a.Name == "network" && !covered["Actor."+f.Name] {
						t.Errorf("Actor.%s takes a network and has no case in the work-versus-price property", f.Name)
					}
				}
			}
		}
	}
}

// TestExportImportWorkWithinPrice is the property for exports and imports: every export
// format, plain, laid out and with a timeline, on the random and adversarial networks, and
// the CSV and JSON imports of their rows, count at most workFactor × their price in steps
// (the export's price is the one ExportAdmission charges; an import's is its rows').
func TestExportImportWorkWithinPrice(t *testing.T) {
	if testing.Short() {
		t.Skip("exports every network in every format")
	}
	t.Parallel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	worst := map[string]workRun{}
	note := func(family string, run workRun) {
		if run.steps == 0 {
			t.Errorf("%s on %s counted no steps", run.query, run.shape)
		}
		if r := run.ratio(); r > workFactor {
			t.Errorf("%s on %s: %d steps for a price of %d points (%.1f× its price in steps, at most %d×)", run.query, run.shape, run.steps, run.price, r, workFactor)
		}
		if w, seen := worst[family]; !seen || run.ratio() > w.ratio() {
			worst[family] = run
		}
	}
	for _, sh := range workShapes()[:6] {
		store := memstore.New()
		if res, err := store.ImportAtomic(context.Background(), sh.net, domain.ImportOptions{DefineAttributes: true}); err != nil || !res.Written {
			t.Fatalf("%s: %v", sh.name, err)
		}
		for _, f := range formats.Formats {
			for _, q := range []string{"", "direction=DIRECTED&weighted=true", "layout=FORCE_ATLAS2&iterations=50",
				"timeline=PAGE_RANK&timelineFrom=2015-01-01&timelineTo=2024-01-01"} {
				if strings.HasPrefix(q, "timeline") && f.File != "gexf" {
					continue
				}
				values, _ := url.ParseQuery(q)
				filter, err := httpapi.ParseFilter(values)
				if err != nil {
					t.Fatal(err)
				}
				opts, err := httpapi.ParseExportOptions(values)
				if err != nil {
					t.Fatal(err)
				}
				svc := analytics.New(store, 0)
				if _, err := svc.Snapshot(context.Background(), domain.NetworkFilter{}); err != nil {
					t.Fatal(err)
				}
				price := resolvers.ExportPrice(svc, filter, opts)
				meter := &analytics.Meter{}
				h := httpapi.ExportHandler(store, httpapi.AnalyticsDecoration(svc), nil, logger)
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					h.ServeHTTP(w, r.WithContext(analytics.WithMeter(r.Context(), meter)))
				}))
				resp, err := http.Get(srv.URL + "/export/" + f.File + "?" + q)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				srv.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("/export/%s?%s: %d %s", f.File, q, resp.StatusCode, body)
				}
				note("exports", workRun{shape: sh.name, query: "/export/" + f.File + "?" + q, price: price, steps: meter.Steps()})
				if f.File == "actors.csv" && q == "" {
					ties := exportOf(t, store, "partnerships.csv")
					query := `mutation($a: String, $p: String) { importNetwork(actorsCsv: $a, partnershipsCsv: $p) { status } }`
					note("imports", importMetered(t, store, logger, query, map[string]any{"a": string(body), "p": ties}, sh.name))
				}
			}
		}
		// The JSON import of the same rows.
		var rows importRows
		for _, a := range sh.net.Actors {
			rows.Actors = append(rows.Actors, actorRow{ID: a.ID, Name: a.Name, Sector: a.Sector})
		}
		for _, p := range sh.net.Partnerships {
			rows.Partnerships = append(rows.Partnerships, tieRow{ID: p.ID, Source: p.Source, Target: p.Target, Weight: fmt.Sprint(p.Weight)})
		}
		query := `mutation($a: [ImportActorRow!], $p: [ImportPartnershipRow!]) { importNetworkJson(actors: $a, partnerships: $p) { status } }`
		note("imports", importMetered(t, store, logger, query, rows, sh.name))
	}
	for _, f := range []string{"exports", "imports"} {
		w := worst[f]
		t.Logf("worst steps/price in %-10s %.2f (%d steps, %d points) on %s: %s", f, w.ratio(), w.steps, w.price, w.shape, w.query)
	}
}

// exportOf is an export of store's whole network in one format.
func exportOf(t *testing.T, store *memstore.Store, file string) string {
	t.Helper()
	srv := httptest.NewServer(httpapi.ExportHandler(store, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/export/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// importMetered runs an import mutation (its rows already stored: each is checked and
// rewritten) with a meter, waits for its job, and returns its price and steps.
func importMetered(t *testing.T, store *memstore.Store, logger *slog.Logger, query string, vars any, shape string) workRun {
	t.Helper()
	meter := &analytics.Meter{}
	h := resolvers.NewGraphQLHandler(store, analytics.New(store, 0), logger, resolvers.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(analytics.WithMeter(domain.WithIdentity(r.Context(), domain.Identity{Name: "test", Role: domain.RoleAdmin}), meter)))
	}))
	defer srv.Close()
	c := &gqltest.Client{TB: t, URL: srv.URL}
	var out map[string]struct {
		ID     string
		Status string
	}
	r := c.Do(strings.Replace(query, "{ status }", "{ id status }", 1), vars)
	if len(r.Errors) > 0 || r.Extensions.Cost == nil {
		t.Fatalf("%s: %+v", query, r.Errors)
	}
	r.Decode(t, &out)
	for _, job := range out {
		for i := 0; job.Status == "RUNNING" || job.Status == "QUEUED"; i++ {
			if i == 3000 {
				t.Fatalf("the import job %s did not end", job.ID)
			}
			time.Sleep(10 * time.Millisecond)
			var j struct{ ImportJob struct{ Status string } }
			c.Must(`query($id: ID!) { importJob(id: $id) { status } }`, map[string]any{"id": job.ID}, &j)
			job.Status = j.ImportJob.Status
		}
		if job.Status != "SUCCEEDED" {
			t.Fatalf("%s: the import job ended %s", query, job.Status)
		}
	}
	name := "importNetwork (CSV)"
	if strings.Contains(query, "importNetworkJson") {
		name = "importNetworkJson"
	}
	return workRun{shape: shape, query: name, price: r.Extensions.Cost.Requested, steps: meter.Steps()}
}
