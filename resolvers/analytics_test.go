package resolvers_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"sort"
	"testing"
	"time"

	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// The stakeholder oracle graph (testdata/oracle/graphs/stakeholders.json) with golden values
// for filtered slices computed by NetworkX (testdata/oracle/make_golden.py).
type stakeholderGraph struct {
	Nodes        []string
	Attrs        map[string]struct{ Sector, Region, Type string }
	Partnerships []struct {
		ID, Source, Target, Type string
		Weight                   float64
		Directed                 bool
		Since, Until             *string
	}
	Projects []struct {
		ID, Since, Until string
		Participants     []string
	}
	Filters map[string]json.RawMessage // NetworkFilter inputs, sent as they are
}

type goldenView struct {
	Metrics map[string]map[string]*float64
	Stats   map[string]*float64
}

func date(s *string) *time.Time {
	if s == nil {
		return nil
	}
	t, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		panic(err)
	}
	return &t
}

func loadStakeholders(t *testing.T, store domain.Store) (stakeholderGraph, map[string]json.RawMessage) {
	t.Helper()
	var g stakeholderGraph
	readFile(t, "../testdata/oracle/graphs/stakeholders.json", &g)
	var golden struct{ Filters map[string]json.RawMessage }
	readFile(t, "../testdata/oracle/golden/stakeholders.json", &golden)
	net := domain.Network{}
	for _, id := range g.Nodes {
		a := g.Attrs[id]
		net.Actors = append(net.Actors, domain.Actor{ID: id, Name: "Actor " + id, Sector: a.Sector, Region: a.Region, Type: a.Type, Kind: domain.KindOrganization})
	}
	for _, p := range g.Partnerships {
		net.Partnerships = append(net.Partnerships, domain.Partnership{ID: p.ID, Source: p.Source, Target: p.Target, Type: p.Type,
			Weight: p.Weight, Directed: p.Directed, Since: date(p.Since), Until: date(p.Until)})
	}
	for _, pr := range g.Projects {
		s, u := pr.Since, pr.Until
		net.Projects = append(net.Projects, domain.Project{ID: pr.ID, Name: pr.ID, Since: date(&s), Until: date(&u)})
		for _, m := range pr.Participants {
			net.Participations = append(net.Participations, domain.Participation{ProjectID: pr.ID, ActorID: m})
		}
	}
	if _, err := store.ImportNetwork(context.Background(), net, 0, nil); err != nil {
		t.Fatal(err)
	}
	return g, golden.Filters
}

// stakeholderClient marks the test parallel and serves GraphQL over a memstore holding the
// stakeholder oracle graph.
func stakeholderClient(t *testing.T) (*client, stakeholderGraph, map[string]json.RawMessage) {
	t.Parallel()
	c, store := newClient(t)
	g, golden := loadStakeholders(t, store)
	return c, g, golden
}

func readFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

var metricGolden = map[string]string{
	"DEGREE": "degree", "IN_DEGREE": "in_degree", "OUT_DEGREE": "out_degree", "STRENGTH": "strength",
	"BETWEENNESS": "betweenness", "CLOSENESS": "closeness", "HARMONIC": "harmonic", "PAGE_RANK": "pagerank",
	"EIGENVECTOR": "eigenvector", "CORE_NUMBER": "core_number", "CLUSTERING": "clustering",
}

// TestCentralityMatchesOracleOnSlices loads the stakeholder graph into the real Neo4j and
// checks, for every filtered slice (sector slice, time windows, types, weights, project ties,
// directed view), that every metric served through GraphQL equals NetworkX's on the
// corresponding subgraph, and so do the network statistics.
func TestCentralityMatchesOracleOnSlices(t *testing.T) {
	c, store := newNeo4jClient(t)
	g, golden := loadStakeholders(t, store)
	for name, filter := range g.Filters {
		t.Run(name, func(t *testing.T) {
			var gf map[string]json.RawMessage
			if err := json.Unmarshal(golden[name], &gf); err != nil {
				t.Fatal(err)
			}
			var nodes []string
			_ = json.Unmarshal(gf["nodes"], &nodes)
			var view goldenView
			for k, raw := range gf {
				if k != "nodes" {
					_ = json.Unmarshal(raw, &view)
				}
			}
			type vars struct {
				Metric     string `json:"m,omitempty"`
				Network    any    `json:"n"`
				Normalized bool   `json:"norm"`
			}
			for metric, key := range metricGolden {
				var d struct {
					Centrality struct {
						TotalCount int
						Edges      []struct {
							Node struct {
								Score *float64
								Rank  int
								Actor struct{ ID string }
							}
						}
					}
				}
				c.must(`query($m: CentralityMetric!, $n: NetworkFilter, $norm: Boolean) {
					centrality(metric: $m, network: $n, normalized: $norm, first: 500) {
						totalCount actorCount edgeCount graphVersion edges { node { score rank actor { id } } } } }`,
					vars{metric, filter, metric != "HARMONIC"}, &d)
				edges := d.Centrality.Edges
				if d.Centrality.TotalCount != len(nodes) || len(edges) != len(nodes) {
					t.Fatalf("%s: %v actors, NetworkX slice has %d", metric, d.Centrality.TotalCount, len(nodes))
				}
				want := view.Metrics[key]
				tol := 1e-9
				if metric == "PAGE_RANK" || metric == "EIGENVECTOR" {
					tol = 1e-6
				}
				prev := math.Inf(1)
				for i, e := range edges {
					id := e.Node.Actor.ID
					if e.Node.Score == nil {
						t.Errorf("%s[%s] = null, NetworkX %v", metric, id, fmtPtr(want[id]))
						continue
					}
					got := *e.Node.Score
					if w := want[id]; w == nil || math.Abs(got-*w) > tol*math.Max(1, math.Abs(*w)) {
						t.Errorf("%s[%s] = %.12g, NetworkX %v", metric, id, got, fmtPtr(w))
					}
					if e.Node.Rank != i+1 || got > prev {
						t.Errorf("%s: ranking out of order at %d", metric, i)
					}
					prev = got
				}
			}
			var d struct{ NetworkStats map[string]*float64 }
			c.must(`query($n: NetworkFilter) { networkStats(network: $n) {
				actors partnerships density components largestComponentSize averageDegree averageClustering
				diameter degreeAssortativity } }`, vars{Network: filter}, &d)
			st := d.NetworkStats
			for gqlName, key := range map[string]string{"actors": "actors", "partnerships": "edges", "density": "density",
				"components": "components", "largestComponentSize": "largest_component", "averageDegree": "average_degree",
				"averageClustering": "average_clustering", "diameter": "diameter", "degreeAssortativity": "assortativity"} {
				w, got := view.Stats[key], st[gqlName]
				if w == nil {
					if got != nil {
						t.Errorf("stat %s = %v, NetworkX undefined", gqlName, *got)
					}
					continue
				}
				if got == nil || math.Abs(*got-*w) > 1e-9*math.Max(1, math.Abs(*w)) {
					t.Errorf("stat %s = %v, NetworkX %v", gqlName, fmtPtr(got), *w)
				}
			}
		})
	}
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "missing"
	}
	return *p
}

// TestActorMetricsAndMetricOrdering checks Actor.metrics and actors(orderBy: {metric}) against
// the centrality ranking on the same slice.
func TestActorMetricsAndMetricOrdering(t *testing.T) {
	c, _, _ := stakeholderClient(t)
	type vars struct {
		ID      string               `json:"id,omitempty"`
		Network *model.NetworkFilter `json:"n"`
	}
	filter := vars{Network: &model.NetworkFilter{Sectors: []string{"government", "civil_society"}}}
	var top struct {
		Centrality struct {
			Edges []struct {
				Node struct {
					Score *float64
					Actor struct{ ID string }
				}
			}
		}
	}
	c.must(`query($n: NetworkFilter) { centrality(metric: BETWEENNESS, network: $n, first: 10) { edges { node { score actor { id } } } } }`, filter, &top)
	first := top.Centrality.Edges[0].Node

	type metrics struct {
		Actor struct {
			Metrics *struct {
				Betweenness, Degree, PageRank *float64
				GraphVersion                  int
			}
		}
	}
	var m metrics
	c.must(`query($id: ID!, $n: NetworkFilter) { actor(id: $id) { metrics(network: $n) { betweenness degree pageRank graphVersion } } }`,
		vars{first.Actor.ID, filter.Network}, &m)
	if m.Actor.Metrics == nil || *m.Actor.Metrics.Betweenness != *first.Score {
		t.Errorf("Actor.metrics %+v, centrality %v", m.Actor.Metrics, *first.Score)
	}
	// An actor outside the slice has no metrics there.
	var outside metrics
	c.must(`query($n: NetworkFilter) { actor(id: "sh01") { metrics(network: $n) { degree } } }`, filter, &outside)
	if outside.Actor.Metrics != nil {
		t.Errorf("sh01 (business) has metrics in a government/civil-society slice")
	}

	var ordered struct {
		Actors struct {
			Edges []struct {
				Node struct {
					ID     string
					Sector struct{ Code string }
				}
			}
		}
	}
	c.must(`query($n: NetworkFilter) { actors(orderBy: {metric: BETWEENNESS, direction: DESC, network: $n}, first: 10) {
		totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`, filter, &ordered)
	for i, e := range ordered.Actors.Edges {
		if want := top.Centrality.Edges[i].Node.Actor.ID; e.Node.ID != want {
			t.Errorf("actors ordered by betweenness: position %d is %v, centrality has %v", i+1, e.Node.ID, want)
		}
	}
	// With an actor filter too: only civil-society actors, still in betweenness order.
	c.must(`query($n: NetworkFilter) { actors(filter: {sectors: ["civil_society"]}, orderBy: {metric: BETWEENNESS, direction: DESC, network: $n}, first: 100) {
		totalCount edges { node { sector { code } } } } }`, filter, &ordered)
	for _, e := range ordered.Actors.Edges {
		if e.Node.Sector.Code != "civil_society" {
			t.Errorf("actor filter ignored: got sector %v", e.Node.Sector.Code)
		}
	}
}

// TestCentralityCacheAndVersion checks that a repeated request is served from the cache (one
// version query, no projection load) and that a write makes the next request recompute.
func TestCentralityCacheAndVersion(t *testing.T) {
	c, store := newNeo4jClient(t)
	loadStakeholders(t, store)
	q := `{ centrality(metric: PAGE_RANK, first: 3) { graphVersion edgeCount edges { node { actor { id } } } } }`
	type ranking struct {
		Centrality struct{ GraphVersion, EdgeCount int }
	}
	var d1, d2, d3 ranking
	c.must(q, nil, &d1)
	before := store.QueryCount()
	c.must(q, nil, &d2)
	if n := store.QueryCount() - before; n > 2 {
		t.Errorf("a cached request cost %d queries; want the version check and the page's actors only", n)
	}
	if d1.Centrality.GraphVersion != d2.Centrality.GraphVersion {
		t.Errorf("graph version changed without a write")
	}
	c.must(`mutation { createPartnership(input: {source: "sh00", target: "sh59"}) { id } }`, nil, nil)
	c.must(q, nil, &d3)
	if v1, v3, e1, e3 := d1.Centrality.GraphVersion, d3.Centrality.GraphVersion, d1.Centrality.EdgeCount, d3.Centrality.EdgeCount; v3 <= v1 || e3 != e1+1 {
		t.Errorf("after a write: version %v → %v, edges %v → %v; want a newer version and one more edge", v1, v3, e1, e3)
	}
}

func TestCentralityValidation(t *testing.T) {
	c, _, _ := stakeholderClient(t)
	cases := []struct{ name, query string }{
		{"ErrUnknownSector", `{ centrality(metric: DEGREE, network: {sectors: ["nope"]}) { totalCount } }`},
		{"ErrFromAfterTo", `{ centrality(metric: DEGREE, network: {from: "2016-01-01", to: "2015-01-01"}) { totalCount } }`},
		{"ErrAsOfAndWindow", `{ centrality(metric: DEGREE, network: {asOf: "2016-01-01", from: "2015-01-01"}) { totalCount } }`},
		{"ErrNegativeMinWeight", `{ centrality(metric: DEGREE, network: {minWeight: -1}) { totalCount } }`},
		{"ErrFirst", `{ centrality(metric: DEGREE, first: 501) { totalCount } }`},
		{"ErrSamplingOnDegree", `{ centrality(metric: DEGREE, sampling: {epsilon: 0.05}) { totalCount } }`},
		{"ErrEpsilon", `{ centrality(metric: BETWEENNESS, sampling: {epsilon: 2}) { totalCount } }`},
		{"ErrStatsFilter", `{ networkStats(network: {sectors: ["nope"]}) { actors } }`},
		{"ErrBadCursor", `{ centrality(metric: DEGREE, after: "zzz") { totalCount } }`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if r := c.ask(tc.query, nil); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("got %+v, want BAD_USER_INPUT", r.Errors)
			}
		})
	}
}

// TestApproximateCentralityThroughGraphQL checks that sampled betweenness reports its
// guarantee and stays within it of the exact scores.
func TestApproximateCentralityThroughGraphQL(t *testing.T) {
	c, _, _ := stakeholderClient(t)
	type ranking struct {
		Centrality struct {
			Approximation struct {
				Samples                    int
				ErrorBound, Epsilon, Delta float64
			}
			Edges []struct {
				Node struct {
					Score float64
					Actor struct{ ID string }
				}
			}
		}
	}
	var exact, approx ranking
	c.must(`{ centrality(metric: BETWEENNESS, first: 500) { edges { node { score actor { id } } } } }`, nil, &exact)
	c.must(`{ centrality(metric: BETWEENNESS, sampling: {epsilon: 0.03, delta: 0.1, seed: 7}, first: 500) {
		approximation { samples errorBound epsilon delta } edges { node { score actor { id } } } } }`, nil, &approx)
	info := approx.Centrality.Approximation
	bound := info.ErrorBound
	if info.Samples < 1000 || bound <= 0 {
		t.Fatalf("approximation info %+v", info)
	}
	scores := func(d ranking) map[string]float64 {
		out := map[string]float64{}
		for _, e := range d.Centrality.Edges {
			out[e.Node.Actor.ID] = e.Node.Score
		}
		return out
	}
	ex, ap := scores(exact), scores(approx)
	ids := make([]string, 0, len(ex))
	for id := range ex {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if diff := math.Abs(ex[id] - ap[id]); diff > bound {
			t.Errorf("%s: |exact − approx| = %.4f > bound %.4f", id, diff, bound)
		}
	}
}

// BenchmarkCachedCentralityRequest measures a whole GraphQL centrality request (HTTP, version
// check, cached ranking, a page of 20 actors) on the generated M network once its result is
// cached.
func BenchmarkCachedCentralityRequest(b *testing.B) {
	c, store := newClient(b)
	if _, err := store.ImportNetwork(context.Background(), demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42}), 10_000, nil); err != nil {
		b.Fatal(err)
	}
	q := `{ centrality(metric: PAGE_RANK, first: 20) { graphVersion edges { node { score rank actor { id name } } } } }`
	start := time.Now()
	c.must(q, nil, nil)
	b.Logf("first request (snapshot load + PageRank on M): %v", time.Since(start))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.must(q, nil, nil)
	}
}

func readText(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

// TestHistories checks metricHistory and networkStatsHistory: the point on 2016-06-01 equals
// NetworkX's values for the network as of that date (the asof_2016 oracle slice).
func TestHistories(t *testing.T) {
	c, _, golden := stakeholderClient(t)
	var gf struct {
		View goldenView `json:"UNDIRECTED/unweighted"`
	}
	if err := json.Unmarshal(golden["asof_2016"], &gf); err != nil {
		t.Fatal(err)
	}
	var d struct {
		MetricHistory []struct {
			Date   string
			Value  float64
			Rank   int
			Actors int
		}
		NetworkStatsHistory []struct {
			Date  string
			Stats struct {
				Actors, Partnerships int
				Density              float64
			}
		}
	}
	c.must(`{ metricHistory(actorId: "sh05", metric: DEGREE, from: "2012-06-01", to: "2016-06-01", step: YEAR) { date value rank actors }
		networkStatsHistory(from: "2015-06-01", to: "2016-06-01", step: QUARTER) { date stats { actors partnerships density } } }`, nil, &d)
	if len(d.MetricHistory) != 5 {
		t.Fatalf("%d yearly points from 2012 to 2016, want 5", len(d.MetricHistory))
	}
	if last := d.MetricHistory[4]; last.Date != "2016-06-01" || !near(last.Value, *gf.View.Metrics["degree"]["sh05"]) {
		t.Errorf("degree of sh05 on 2016-06-01 = %v, NetworkX %v", last.Value, *gf.View.Metrics["degree"]["sh05"])
	}
	if len(d.NetworkStatsHistory) != 5 {
		t.Fatalf("%d quarterly points over a year, want 5", len(d.NetworkStatsHistory))
	}
	if st := d.NetworkStatsHistory[4].Stats; float64(st.Partnerships) != *gf.View.Stats["edges"] || !near(st.Density, *gf.View.Stats["density"]) {
		t.Errorf("stats on 2016-06-01 = %+v, NetworkX edges %v density %v", st, *gf.View.Stats["edges"], *gf.View.Stats["density"])
	}
	for q, code := range map[string]string{
		`{ metricHistory(actorId: "sh05", metric: DEGREE, from: "2016-01-01", to: "2015-01-01") { value } }`:                                "BAD_USER_INPUT",
		`{ metricHistory(actorId: "sh05", metric: DEGREE, from: "1990-01-01", to: "2020-01-01", step: MONTH) { value } }`:                   "BAD_USER_INPUT",
		`{ metricHistory(actorId: "sh05", metric: DEGREE, from: "2015-01-01", to: "2016-01-01", network: {asOf: "2015-01-01"}) { value } }`: "BAD_USER_INPUT",
		`{ metricHistory(actorId: "ghost", metric: DEGREE, from: "2015-01-01", to: "2016-01-01") { value } }`:                               "NOT_FOUND",
	} {
		if r := c.ask(q, nil); r.Code() != code {
			t.Errorf("%s: got %+v, want %s", q, r.Errors, code)
		}
	}
}

func mustUnmarshal(t *testing.T, raw json.RawMessage, v any) {
	t.Helper()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}
