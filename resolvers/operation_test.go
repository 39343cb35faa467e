package resolvers_test

import (
	"bytes"
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/gqltest"
	"stakegraph/metrics"
	"stakegraph/neo4jstore"
	"stakegraph/neo4jstore/neo4jtest"
	"stakegraph/resolvers"
)

// seedDemo loads the article network and a generated one with projects.
func seedDemo(tb testing.TB, store domain.Store, actors int) {
	tb.Helper()
	ctx := context.Background()
	if _, err := store.ImportNetwork(ctx, demodata.Article(), 0, nil); err != nil {
		tb.Fatal(err)
	}
	if _, err := store.ImportNetwork(ctx, demodata.Generate(demodata.Options{Actors: actors, Seed: 3}), 0, nil); err != nil {
		tb.Fatal(err)
	}
}

// queries returns how many Cypher statements run sent.
func queries(tb testing.TB, store *neo4jstore.Store, run func()) int64 {
	tb.Helper()
	before := store.QueryCount()
	run()
	return store.QueryCount() - before
}

// writeAfterLoad is a Loader that commits a write right after the first whole-graph load, so
// that the write lands between the analytics fields of one operation.
type writeAfterLoad struct {
	*neo4jstore.Store
	once  sync.Once
	write func()
}

func (l *writeAfterLoad) LoadGraph(ctx context.Context) (*domain.GraphData, error) {
	g, err := l.Store.LoadGraph(ctx)
	l.once.Do(l.write)
	return g, err
}

func (l *writeAfterLoad) LoadGraphStructure(ctx context.Context) (*domain.GraphData, error) {
	g, err := l.Store.LoadGraphStructure(ctx)
	l.once.Do(l.write)
	return g, err
}

// TestOneVersionPerOperation commits a write while an operation's analytics fields run: every
// field of the operation answers on the version the first one read, and says so in
// extensions.graphVersion; the next operation sees the write.
func TestOneVersionPerOperation(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	seedBasics(t, store)
	loader := &writeAfterLoad{Store: store}
	loader.write = func() {
		neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "late", Name: "Late Ministry", Sector: "government"})
	}
	srv := httptest.NewServer(resolvers.NewGraphQLHandler(store, analytics.New(loader, 0), slog.New(slog.NewTextHandler(io.Discard, nil)), resolvers.Options{}))
	t.Cleanup(srv.Close)
	c := &client{tb: t, srv: srv}
	const q = `{
		a: networkStats(network: { sectors: ["government"] }) { actors graphVersion }
		b: networkStats { actors graphVersion }
		c: centrality(metric: DEGREE, network: { sectors: ["government", "civil_society"] }) { actorCount graphVersion }
		v: graphVersion
	}`
	type stats struct {
		Actors       int   `json:"actors"`
		ActorCount   int   `json:"actorCount"`
		GraphVersion int64 `json:"graphVersion"`
	}
	var first struct {
		A, B, C stats
		V       int64
	}
	r := c.mustQuery(q, nil, &first)
	if r.Extensions.GraphVersion == nil {
		t.Fatal("no extensions.graphVersion")
	}
	v := *r.Extensions.GraphVersion
	for name, got := range map[string]int64{"a": first.A.GraphVersion, "b": first.B.GraphVersion, "c": first.C.GraphVersion, "graphVersion": first.V} {
		if got != v {
			t.Errorf("field %s computed on version %d, the operation on %d", name, got, v)
		}
	}
	// The write ("late") committed during the operation; no field may see it.
	if first.A.Actors != 1 || first.B.Actors != 2 || first.C.ActorCount != 2 {
		t.Errorf("fields saw the write made during the operation: %+v", first)
	}
	var second struct{ A, B stats }
	r = c.mustQuery(q, nil, &second)
	if *r.Extensions.GraphVersion != v+1 || second.A.Actors != 2 || second.B.Actors != 3 {
		t.Errorf("the next operation: version %d (want %d), %+v", *r.Extensions.GraphVersion, v+1, second)
	}
}

// TestNoNPlusOne counts the Neo4j statements of list-shaped queries once their analytics are
// cached: each costs a constant number (the operation's version read and one batch per kind of
// object), however long its lists.
func TestNoNPlusOne(t *testing.T) {
	c, store := newNeo4jClient(t)
	seedDemo(t, store, 300)
	var proj struct {
		Projects struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	c.mustQuery(`{ projects(first: 1) { edges { node { id } } } }`, nil, &proj)
	projectID := proj.Projects.Edges[0].Node.ID
	cases := []struct {
		name, query string
		max         int64
	}{
		{"communities members", `{ communities { communities(first: 20) { members(first: 100) { name } } } }`, 2},
		{"cutPoints", `{ cutPoints { cutVertices { name } bridges { name } } }`, 3},
		{"shortestPath", `{ shortestPath(from: "asi-rspp", to: "asi-monotowns") { actors { name } partnerships { type } } }`, 3},
		{"nearestInGroup", `{ nearestInGroup(actorId: "asi-system", group: "business") { actors { name } } }`, 2},
		{"Project.graph", `query($id: ID!) { project(id: $id) { graph { nodes { id label group } } } }`, 3},
		{"actors metrics", `{ actors(first: 300) { edges { node { name metrics { degree betweenness pageRank } } } } }`, 2},
		{"intermediaries", `{ intermediaries(first: 50) { actor { name } connects { a aLabel } } }`, 2},
		{"graphVersion ×1000", "{ " + aliases("graphVersion", 1000) + " }", 1},
		// One statement per page: the page with its count and sectors, an actor with its partners.
		{"actors page with count and sectors", `{ actors(first: 50, filter: {sectors: ["civil_society"]}) { totalCount edges { node { name sector { label } } } } }`, 1},
		{"actor with partners", `{ actor(id: "asi-system") { name partners(first: 5) { edges { node { name } } } } }`, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vars := gqltest.ID{ID: projectID}
			c.mustQuery(tc.query, vars, nil) // warm the analytics cache
			n := queries(t, store, func() { c.mustQuery(tc.query, vars, nil) })
			if n > tc.max {
				t.Errorf("%d Neo4j statements, want at most %d", n, tc.max)
			}
		})
	}
}

func aliases(field string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "f%d: %s ", i, field)
	}
	return b.String()
}

// TestMutationResultsAreHonest runs the README's mutation example twice: the second time the
// actor exists (CONFLICT), yet the partnership is created, and the response says both.
func TestMutationResultsAreHonest(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	if _, err := store.ImportNetwork(context.Background(), demodata.Article(), 0, nil); err != nil {
		t.Fatal(err)
	}
	const mutation = `mutation {
		a: createActor(input: { id: "perm-youth", name: "Perm Youth Charity", sector: "civil_society",
		                        type: "charity", region: "Perm", tags: ["youth"] }) { id }
		p: createPartnership(input: { source: "asi-perspektiva", target: "perm-youth", type: "grant",
		                              directed: true, weight: 2, since: "2017-03-01",
		                              citations: ["https://example.org/annual-report"] }) { id }
	}`
	type result struct {
		A *struct{ ID string }
		P *struct{ ID string }
	}
	var once result
	c.mustQuery(mutation, nil, &once)
	var twice result
	r := c.query(mutation, nil, &twice)
	if twice.A != nil || len(r.Errors) != 1 || r.Errors[0].Code() != domain.ECONFLICT || fmt.Sprint(r.Errors[0].Path) != "[a]" {
		t.Errorf("second run: a = %+v, errors %+v; want a null with one CONFLICT at a", twice.A, r.Errors)
	}
	if twice.P == nil || twice.P.ID == "" || twice.P.ID == once.P.ID {
		t.Errorf("second run: p = %+v; want the second partnership's id beside a's error", twice.P)
	}
	var count struct{ Partnerships struct{ TotalCount int } }
	c.mustQuery(`{ partnerships(filter: { actors: ["perm-youth"] }) { totalCount } }`, nil, &count)
	if count.Partnerships.TotalCount != 2 {
		t.Errorf("%d partnerships of perm-youth, want 2", count.Partnerships.TotalCount)
	}
}

// TestMetricsEndpoint parses /metrics with the Prometheus text parser and checks that it
// counts GraphQL operations and Neo4j statements.
func TestMetricsEndpoint(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	seedBasics(t, store)
	svc := analytics.New(store, 0)
	reg := metrics.New(metrics.Sources{Neo4jQueries: store.QueryCounts, Cache: svc.CacheStats})
	mux := http.NewServeMux()
	mux.Handle("/graphql", resolvers.NewGraphQLHandler(store, svc, slog.New(slog.NewTextHandler(io.Discard, nil)), resolvers.Options{Observe: reg.ObserveGraphQL}))
	mux.Handle("/metrics", reg.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c := &client{tb: t, srv: &httptest.Server{URL: srv.URL + "/graphql"}}
	c.mustQuery(`query Ranking { centrality(metric: DEGREE) { totalCount } }`, nil, nil)
	c.query(`query Broken { actors(first: 0) { totalCount } }`, nil, nil)

	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	value := func(name string, labels map[string]string) float64 {
		fam, ok := families[name]
		if !ok {
			t.Fatalf("no metric %s", name)
		}
		for _, m := range fam.Metric {
			match := true
			for _, lp := range m.Label {
				if want, ok := labels[lp.GetName()]; ok && want != lp.GetValue() {
					match = false
				}
			}
			if match {
				if m.Counter != nil {
					return m.Counter.GetValue()
				}
				if m.Gauge != nil {
					return m.Gauge.GetValue()
				}
				if m.Histogram != nil {
					return float64(m.Histogram.GetSampleCount())
				}
			}
		}
		return 0
	}
	if v := value("stakegraph_graphql_requests_total", map[string]string{"operation": "Ranking", "outcome": "ok"}); v != 1 {
		t.Errorf("requests{Ranking,ok} = %v, want 1", v)
	}
	if v := value("stakegraph_graphql_requests_total", map[string]string{"operation": "Broken", "outcome": domain.EINVALID}); v != 1 {
		t.Errorf("requests{Broken,BAD_USER_INPUT} = %v, want 1", v)
	}
	if v := value("stakegraph_graphql_request_duration_seconds", map[string]string{"operation": "Ranking"}); v != 1 {
		t.Errorf("duration samples for Ranking = %v, want 1", v)
	}
	if v := value("stakegraph_neo4j_queries_total", map[string]string{"kind": "read"}); v != float64(store.QueryCounts()["read"]) || v == 0 {
		t.Errorf("neo4j read queries = %v, store counted %d", v, store.QueryCounts()["read"])
	}
	if v := value("stakegraph_analytics_cache_misses_total", nil); v == 0 {
		t.Error("no analytics cache misses counted after a centrality request")
	}
	for _, name := range []string{"stakegraph_analytics_cache_hits_total", "stakegraph_analytics_cache_bytes", "stakegraph_analytics_running_computations"} {
		if _, ok := families[name]; !ok {
			t.Errorf("no metric %s", name)
		}
	}
}

// TestNodeAndBackwardPaging fetches objects of every type by id and pages actors backwards.
func TestNodeAndBackwardPaging(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	seedBasics(t, store)
	for i := range 5 {
		neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "x" + strconv.Itoa(i), Name: "X" + strconv.Itoa(i), Sector: "media"})
	}
	var nodes struct {
		A, P, J, S, None *struct {
			Typename string `json:"__typename"`
			ID       string
		}
	}
	c.mustQuery(`{ a: node(id: "gov") { __typename id } p: node(id: "p1") { __typename id }
		j: node(id: "proj") { __typename id } s: node(id: "media") { __typename id } none: node(id: "ghost") { id } }`, nil, &nodes)
	if nodes.A == nil || nodes.A.Typename != "Actor" || nodes.P == nil || nodes.P.Typename != "Partnership" ||
		nodes.J == nil || nodes.J.Typename != "Project" || nodes.S == nil || nodes.S.Typename != "Sector" || nodes.S.ID != "media" || nodes.None != nil {
		t.Errorf("node() = %+v", nodes)
	}
	type page struct {
		Actors struct {
			Edges []struct {
				Cursor string
				Node   struct{ ID string }
			}
			PageInfo struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       *string
			}
		}
	}
	ids := func(p page) string {
		var out []string
		for _, e := range p.Actors.Edges {
			out = append(out, e.Node.ID)
		}
		return strings.Join(out, ",")
	}
	var last page
	c.mustQuery(`{ actors(last: 3, orderBy: { field: ID }) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, nil, &last)
	if got := ids(last); got != "x2,x3,x4" || last.Actors.PageInfo.HasNextPage || !last.Actors.PageInfo.HasPreviousPage {
		t.Fatalf("last 3 = %s %+v", got, last.Actors.PageInfo)
	}
	var before page
	c.mustQuery(`query($after: String) { actors(last: 3, before: $after, orderBy: { field: ID }) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
		afterVars{After: last.Actors.PageInfo.StartCursor}, &before)
	if got := ids(before); got != "ngo,x0,x1" || !before.Actors.PageInfo.HasNextPage || !before.Actors.PageInfo.HasPreviousPage {
		t.Errorf("3 before x2 = %s %+v", got, before.Actors.PageInfo)
	}
	var ranked page
	c.mustQuery(`{ actors(last: 2, orderBy: { metric: DEGREE, direction: DESC }) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, nil, &ranked)
	if len(ranked.Actors.Edges) != 2 || ranked.Actors.PageInfo.HasNextPage || !ranked.Actors.PageInfo.HasPreviousPage {
		t.Errorf("last 2 by degree = %s %+v", ids(ranked), ranked.Actors.PageInfo)
	}
}

// TestResolversDoNotImportNetwork keeps vertex indices behind the analytics boundary: the
// GraphQL layer maps types and never imports the algorithm package.
func TestResolversDoNotImportNetwork(t *testing.T) {
	t.Parallel()
	const algorithms = "stakegraph/" + "network" // split so a text search for the import finds only real ones
	for _, dir := range []string{".", "../graph", "../graph/model"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, file := range files {
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if path, _ := strconv.Unquote(imp.Path.Value); path == algorithms {
					t.Errorf("%s imports stakegraph/network: analytics owns vertex indices", file)
				}
			}
		}
	}
	if _, err := os.Stat("../network"); err != nil {
		t.Fatalf("the network package moved (%v): update this test", err)
	}
}

// TestImportReportsAtMost100BadRows: an import with many bad rows reports the first 100 and
// counts them all, so the answer stays small.
func TestImportReportsAtMost100BadRows(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	rows := make([]actorRow, 150)
	for i := range rows {
		rows[i] = actorRow{fmt.Sprintf("bad%d", i), "Bad", "no_such_sector"}
	}
	var out struct {
		ImportNetworkJSON struct {
			Written    bool
			ErrorCount int
			Errors     []struct{ Line int }
		} `json:"importNetworkJson"`
	}
	c.mustQuery(`mutation($a: [ImportActorRow!]) { importNetworkJson(actors: $a) { written errorCount errors { line } } }`,
		importRows{Actors: rows}, &out)
	if r := out.ImportNetworkJSON; r.Written || r.ErrorCount != 150 || len(r.Errors) != 100 || r.Errors[0].Line != 1 {
		t.Errorf("written %v, errorCount %d, %d errors reported", r.Written, r.ErrorCount, len(r.Errors))
	}
}

// TestImportSurvivesClientGoingAway: a client that disconnects mid-import does not stop it:
// the whole import becomes visible, and its job can be looked up.
func TestImportSurvivesClientGoingAway(t *testing.T) {
	c, store := newNeo4jClient(t) // the import must take long enough for the client to leave

	gen := demodata.Generate(demodata.Options{Actors: 4000, Seed: 8})
	var rows importRows
	for _, a := range gen.Actors {
		rows.Actors = append(rows.Actors, actorRow{a.ID, a.Name, a.Sector})
	}
	for _, p := range gen.Partnerships {
		rows.Partnerships = append(rows.Partnerships, tieRow{ID: p.ID, Source: p.Source, Target: p.Target, Weight: fmt.Sprint(p.Weight)})
	}
	body := gqltest.Body(`mutation($a: [ImportActorRow!], $p: [ImportPartnershipRow!]) {
		importNetworkJson(actors: $a, partnerships: $p) { id status } }`, rows)
	// The client gives up after a second: long after the server has the body on a loaded
	// machine (300 ms was not, under -race), and before a 4,000-actor import is written.
	client := &http.Client{Timeout: time.Second}
	if resp, err := client.Post(c.srv.URL, "application/json", bytes.NewReader(body)); err == nil {
		resp.Body.Close()
		t.Log("the import finished before the client gave up; the test still checks the result")
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		n, err := store.CountPartnerships(context.Background(), domain.PartnershipFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n == len(gen.Partnerships) {
			break
		}
		if n != 0 {
			t.Fatalf("%d of %d partnerships visible: the import is not all or nothing", n, len(gen.Partnerships))
		}
		if time.Now().After(deadline) {
			t.Fatal("the import never completed after its client went away")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A job started by a client that stays can be polled.
	var started struct {
		ImportNetworkJSON struct{ ID, Status string } `json:"importNetworkJson"`
	}
	c.mustQuery(`mutation { importNetworkJson(actors: [{id: "late-one", name: "Late", sector: "media"}]) { id status } }`, nil, &started)
	var polled struct {
		ImportJob struct {
			Status string
			Actors int
		}
	}
	c.mustQuery(`query($id: ID!) { importJob(id: $id) { status actors } }`, gqltest.ID{ID: started.ImportNetworkJSON.ID}, &polled)
	if started.ImportNetworkJSON.ID == "" || polled.ImportJob.Status != "SUCCEEDED" || polled.ImportJob.Actors != 1 {
		t.Errorf("job %+v polled as %+v", started, polled)
	}
}

// afterVars are the variables $id and $after of a page after a cursor.
type afterVars struct {
	ID    string  `json:"id,omitempty"`
	After *string `json:"after"`
}

// TestActorWithPartnersMatchesPartners: Query.actor reads the actor and its page of partners in
// one statement; the pages (first, then after its cursor) equal those Actor.partners reads on
// its own (through actors, aliases, or node), and their counts agree.
func TestActorWithPartnersMatchesPartners(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	seedDemo(t, store, 300)
	var hub struct {
		Centrality struct {
			Edges []struct {
				Node struct{ Actor struct{ ID string } }
			}
		}
	}
	c.mustQuery(`{ centrality(metric: DEGREE, first: 1) { edges { node { actor { id } } } } }`, nil, &hub)
	id := hub.Centrality.Edges[0].Node.Actor.ID
	type page struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Edges []struct {
			Cursor string
			Node   struct{ ID string }
		}
	}
	var one struct {
		Actor struct{ Partners page }
	}
	c.mustQuery(`query($id: ID!) { actor(id: $id) { partners(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }`,
		gqltest.ID{ID: id}, &one)
	var next struct {
		Actor struct{ Partners page }
	}
	c.mustQuery(`query($id: ID!, $after: String) { actor(id: $id) { partners(first: 3, after: $after) { totalCount edges { node { id } } } } }`,
		afterVars{id, one.Actor.Partners.PageInfo.EndCursor}, &next)
	// Two partners fields under one actor take the separate path.
	var both struct {
		Actor struct{ A, B page }
	}
	c.mustQuery(`query($id: ID!, $after: String) { actor(id: $id) { a: partners(first: 3) { totalCount edges { node { id } } }
		b: partners(first: 3, after: $after) { edges { node { id } } } } }`, afterVars{id, one.Actor.Partners.PageInfo.EndCursor}, &both)
	ids := func(p page) string {
		var s []string
		for _, e := range p.Edges {
			s = append(s, e.Node.ID)
		}
		return strings.Join(s, ",")
	}
	if len(one.Actor.Partners.Edges) != 3 || !one.Actor.Partners.PageInfo.HasNextPage {
		t.Fatalf("%s's first page: %+v", id, one.Actor.Partners)
	}
	if ids(one.Actor.Partners) != ids(both.Actor.A) || ids(next.Actor.Partners) != ids(both.Actor.B) ||
		one.Actor.Partners.TotalCount != both.Actor.A.TotalCount || next.Actor.Partners.TotalCount != both.Actor.A.TotalCount {
		t.Errorf("one statement: %s then %s (of %d); separately: %s then %s (of %d)", ids(one.Actor.Partners), ids(next.Actor.Partners),
			one.Actor.Partners.TotalCount, ids(both.Actor.A), ids(both.Actor.B), both.Actor.A.TotalCount)
	}
	var missing struct{ Actor *struct{ ID string } }
	c.mustQuery(`{ actor(id: "no-such-actor") { id partners { totalCount } } }`, nil, &missing)
	if missing.Actor != nil {
		t.Errorf("a missing actor answered %+v", missing.Actor)
	}
}
