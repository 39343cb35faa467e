package resolvers_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// attributeOracle is testdata/oracle/attributes/network.json (make_attribute_golden.py).
type attributeOracle struct {
	Definitions []struct{ Name, Target, Type string }
	Actors      []struct {
		ID, Name, Sector string
		Attributes       map[string]any
	}
	Partnerships []struct {
		ID, Source, Target, Type string
		Weight                   float64
		Directed                 bool
		Attributes               map[string]any
	}
}

// attributeGolden is testdata/oracle/attributes/golden.json.
type attributeGolden struct {
	Assortativity map[string]*float64
	Slices        map[string]struct {
		Nodes      []string
		UNDIRECTED sliceGolden
		DIRECTED   sliceGolden
	}
	Weighted map[string]map[string]map[string]map[string]float64 // attribute → view → measure → actor → value
}

type sliceGolden struct {
	Density     float64
	Edges       int
	Betweenness map[string]float64
}

// TestAttributeAnalyticsMatchOracles loads the attribute oracle network into Neo4j through the
// API (definitions by defineAttribute, rows by importNetworkJson) and checks, on both views, to
// 1e-9: attribute and numeric assortativity against NetworkX, slices by attribute conditions
// against NetworkX subgraphs (actors, density, ties, betweenness), weighted views from a tie
// attribute against NetworkX with that weight (strength, closeness, PageRank), and brokerage by
// a custom attribute against R sna's brokerage with that partition.
func TestAttributeAnalyticsMatchOracles(t *testing.T) {
	c, _ := newNeo4jClient(t)
	var net attributeOracle
	readFile(t, "../testdata/oracle/attributes/network.json", &net)
	var golden attributeGolden
	readFile(t, "../testdata/oracle/attributes/golden.json", &golden)
	for _, d := range net.Definitions {
		c.must(`mutation($n: ID!, $t: AttributeTarget!, $ty: AttributeType!) { defineAttribute(input: {name: $n, target: $t, type: $ty}) { name } }`,
			map[string]any{"n": d.Name, "t": d.Target, "ty": d.Type}, nil)
	}
	actors := make([]map[string]any, len(net.Actors))
	for i, a := range net.Actors {
		actors[i] = map[string]any{"id": a.ID, "name": a.Name, "sector": a.Sector, "attributes": a.Attributes}
	}
	ties := make([]map[string]any, len(net.Partnerships))
	for i, p := range net.Partnerships {
		ties[i] = map[string]any{"id": p.ID, "source": p.Source, "target": p.Target, "type": p.Type,
			"weight": strconv.FormatFloat(p.Weight, 'g', -1, 64), "directed": strconv.FormatBool(p.Directed), "attributes": p.Attributes}
	}
	c.mustImportRows(actors, ties)

	for _, view := range []string{"UNDIRECTED", "DIRECTED"} {
		for _, attr := range []string{"location", "size", "formal", "budget"} {
			var r struct{ AttributeAssortativity *float64 }
			c.must(`query($a: ID!, $d: Direction) { attributeAssortativity(attribute: $a, network: {direction: $d}) }`,
				map[string]any{"a": attr, "d": view}, &r)
			want := golden.Assortativity[view+"/"+attr]
			if (r.AttributeAssortativity == nil) != (want == nil) || (want != nil && !near(*r.AttributeAssortativity, *want)) {
				t.Errorf("%s assortativity by %s = %v, NetworkX %v", view, attr, optFloat(r.AttributeAssortativity), optFloat(want))
			}
		}
	}

	filters := map[string]string{
		"large_or_medium":      `actorAttributes: [{name: "size", equals: ["large", "medium"]}]`,
		"budget_20_200":        `actorAttributes: [{name: "budget", min: 20, max: 200}]`,
		"formal_after_1990":    `actorAttributes: [{name: "formal", equals: ["true"]}, {name: "founded", after: "1990-01-01"}]`,
		"no_location":          `actorAttributes: [{name: "location", exists: false}]`,
		"trusted_ties":         `tieAttributes: [{name: "trust", min: 3}]`,
		"formal_ties_in_north": `tieAttributes: [{name: "form", equals: ["formal_agreement"]}], actorAttributes: [{name: "location", equals: ["north", "centre"]}]`,
	}
	for name, flt := range filters {
		want := golden.Slices[name]
		for view, wv := range map[string]sliceGolden{"UNDIRECTED": want.UNDIRECTED, "DIRECTED": want.DIRECTED} {
			var r struct {
				NetworkStats struct {
					Actors, Partnerships int
					Density              float64
				}
				Centrality struct {
					Edges []struct {
						Node struct {
							Actor struct{ ID string }
							Score float64
						}
					}
				}
			}
			network := fmt.Sprintf(`{direction: %s, %s}`, view, flt)
			c.must(`{ networkStats(network: `+network+`) { actors partnerships density }
				centrality(metric: BETWEENNESS, network: `+network+`, first: 500) { edges { node { actor { id } score } } } }`, nil, &r)
			if r.NetworkStats.Actors != len(want.Nodes) || r.NetworkStats.Partnerships != wv.Edges || !near(r.NetworkStats.Density, wv.Density) {
				t.Errorf("%s %s: stats %+v, NetworkX %d actors, %d ties, density %v", name, view, r.NetworkStats, len(want.Nodes), wv.Edges, wv.Density)
			}
			if len(r.Centrality.Edges) != len(wv.Betweenness) {
				t.Errorf("%s %s: %d actors ranked, NetworkX %d", name, view, len(r.Centrality.Edges), len(wv.Betweenness))
			}
			for _, e := range r.Centrality.Edges {
				if w, ok := wv.Betweenness[e.Node.Actor.ID]; !ok || !near(e.Node.Score, w) {
					t.Errorf("%s %s: betweenness of %s = %v, NetworkX %v (in slice %v)", name, view, e.Node.Actor.ID, e.Node.Score, w, ok)
				}
			}
		}
	}

	for attr, views := range golden.Weighted {
		for view, measures := range views {
			for metric, want := range map[string]map[string]float64{"STRENGTH": measures["strength"], "CLOSENESS": measures["closeness"], "PAGE_RANK": measures["pagerank"]} {
				var r struct {
					Centrality struct {
						Edges []struct {
							Node struct {
								Actor struct{ ID string }
								Score float64
							}
						}
					}
				}
				c.must(fmt.Sprintf(`{ centrality(metric: %s, network: {direction: %s, weighted: true, weightAttribute: %q}, first: 500) {
					edges { node { actor { id } score } } } }`, metric, view, attr), nil, &r)
				if len(r.Centrality.Edges) != len(want) {
					t.Fatalf("%s by %s %s: %d actors, NetworkX %d", metric, attr, view, len(r.Centrality.Edges), len(want))
				}
				for _, e := range r.Centrality.Edges {
					if !near(e.Node.Score, want[e.Node.Actor.ID]) {
						t.Errorf("%s by %s %s of %s = %v, NetworkX %v", metric, attr, view, e.Node.Actor.ID, e.Node.Score, want[e.Node.Actor.ID])
					}
				}
			}
		}
	}

	checkEITests(t, c)
	checkAssortativityTests(t, c)
	checkQAP(t, c)

	for _, view := range []string{"UNDIRECTED", "DIRECTED"} {
		want := readBrokerageGoldenIn(t, "attributes", "attributes."+view)
		var d brokerageAnswer
		c.must(`query($d: Direction) { actors(first: 100, orderBy: {field: ID}) { edges { node { id
			brokerage(groupByAttribute: "location", network: {direction: $d}) { coordinator itinerant representative gatekeeper liaison total } } } }
			brokerageCensus(groupByAttribute: "location", network: {direction: $d}) { roles { role observed expected sd z } } }`,
			map[string]any{"d": view}, &d)
		if len(d.Actors.Edges) != len(net.Actors) {
			t.Fatalf("%d actors", len(d.Actors.Edges))
		}
		checkBrokerage(t, view+" by location", d, want)
	}
}

// optFloat prints an optional float ("null" for nil).
func optFloat(p *float64) string {
	if p == nil {
		return "null"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

// eiGolden is testdata/oracle/attributes/ei.json (make_permutation_golden.py).
type eiGolden struct {
	Replications int `json:"-"` // the file's, for every partition
	Network      eiSummary
	Rescaled     *float64
	Groups       map[string]eiSummary
}

type eiSummary struct {
	Observed *float64
	PGe      *float64 `json:"p_ge"`
	PLe      *float64 `json:"p_le"`
	Expected float64
	SD       float64
}

// withinMonteCarlo reports whether two permutation p-values agree within sampling error:
// |p − q| ≤ 4·√(p̄(1 − p̄)(1/r1 + 1/r2)) + 1/min(r1, r2).
func withinMonteCarlo(p, q float64, r1, r2 int) bool {
	bar := (p + q) / 2
	return math.Abs(p-q) <= 4*math.Sqrt(bar*(1-bar)*(1/float64(r1)+1/float64(r2)))+1/float64(min(r1, r2))
}

// checkEITests runs eiTest on the attribute oracle network by sector, location and size
// (5,000 permutations) and compares it with make_permutation_golden.py's: observed and
// rescaled E-I to 1e-9, expected values and p-values within Monte-Carlo error.
func checkEITests(t *testing.T, c *client) {
	var golden map[string]json.RawMessage
	readFile(t, "../testdata/oracle/attributes/ei.json", &golden)
	const perms = 5000
	for name, args := range map[string]string{"sector": `groupBy: SECTOR`, "location": `groupByAttribute: "location"`, "size": `groupByAttribute: "size"`} {
		var want eiGolden
		if err := json.Unmarshal(golden[name], &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(golden["replications"], &want.Replications); err != nil || want.Replications == 0 {
			t.Fatalf("replications: %v", err)
		}
		var r struct {
			EiTest struct {
				Observed, Rescaled            *float64
				Expected, Sd                  float64
				PGreaterOrEqual, PLessOrEqual float64
				Permutations, Seed            int
				Groups                        []struct {
					Key                           string
					Observed                      *float64
					Expected                      float64
					PGreaterOrEqual, PLessOrEqual float64
				}
			}
		}
		c.must(fmt.Sprintf(`{ eiTest(%s, permutations: %d, seed: 7) { observed rescaled expected sd pGreaterOrEqual pLessOrEqual permutations seed
			groups { key observed expected pGreaterOrEqual pLessOrEqual } } }`, args, perms), nil, &r)
		got := r.EiTest
		if got.Observed == nil || !near(*got.Observed, *want.Network.Observed) || got.Rescaled == nil || !near(*got.Rescaled, *want.Rescaled) {
			t.Errorf("%s: E-I %v rescaled %v; reference %v, %v", name, optFloat(got.Observed), optFloat(got.Rescaled), *want.Network.Observed, *want.Rescaled)
		}
		if math.Abs(got.Expected-want.Network.Expected) > 4*want.Network.SD/math.Sqrt(perms) || math.Abs(got.Sd-want.Network.SD) > 0.1*want.Network.SD {
			t.Errorf("%s: expected %v sd %v; reference %v, %v", name, got.Expected, got.Sd, want.Network.Expected, want.Network.SD)
		}
		if !withinMonteCarlo(got.PGreaterOrEqual, *want.Network.PGe, perms, want.Replications) || !withinMonteCarlo(got.PLessOrEqual, *want.Network.PLe, perms, want.Replications) {
			t.Errorf("%s: p ≥ %v, p ≤ %v; reference %v, %v", name, got.PGreaterOrEqual, got.PLessOrEqual, *want.Network.PGe, *want.Network.PLe)
		}
		if got.Permutations != perms || got.Seed != 7 || len(got.Groups) != len(want.Groups) {
			t.Errorf("%s: %d permutations, seed %d, %d groups (reference %d)", name, got.Permutations, got.Seed, len(got.Groups), len(want.Groups))
		}
		for _, g := range got.Groups {
			w := want.Groups[g.Key]
			if (g.Observed == nil) != (w.Observed == nil) || (w.Observed != nil && !near(*g.Observed, *w.Observed)) {
				t.Errorf("%s group %q: E-I %v, reference %v", name, g.Key, optFloat(g.Observed), optFloat(w.Observed))
				continue
			}
			if w.Observed != nil && (!withinMonteCarlo(g.PGreaterOrEqual, *w.PGe, perms, want.Replications) || !withinMonteCarlo(g.PLessOrEqual, *w.PLe, perms, want.Replications)) {
				t.Errorf("%s group %q: p ≥ %v, p ≤ %v; reference %v, %v", name, g.Key, g.PGreaterOrEqual, g.PLessOrEqual, *w.PGe, *w.PLe)
			}
		}
	}
}

// checkAssortativityTests runs assortativityTest by location, size and budget (5,000
// permutations, the undirected view) and compares it with make_permutation_golden.py's NetworkX
// replications: observed to 1e-9, expected and p-values within Monte-Carlo error.
func checkAssortativityTests(t *testing.T, c *client) {
	var golden map[string]json.RawMessage
	readFile(t, "../testdata/oracle/attributes/assortativity_test.json", &golden)
	var reps int
	if err := json.Unmarshal(golden["replications"], &reps); err != nil || reps == 0 {
		t.Fatalf("replications: %v", err)
	}
	const perms = 5000
	for _, name := range []string{"location", "size", "budget"} {
		var want eiSummary
		if err := json.Unmarshal(golden[name], &want); err != nil {
			t.Fatal(err)
		}
		var r struct {
			AssortativityTest struct {
				Observed                      *float64
				Expected, Sd                  float64
				PGreaterOrEqual, PLessOrEqual float64
				Replications, Seed            int
			}
		}
		c.must(fmt.Sprintf(`{ assortativityTest(attribute: %q, permutations: %d, seed: 3) { observed expected sd pGreaterOrEqual pLessOrEqual replications seed } }`, name, perms), nil, &r)
		got := r.AssortativityTest
		if got.Observed == nil || !near(*got.Observed, *want.Observed) {
			t.Errorf("%s: assortativity %v, NetworkX %v", name, optFloat(got.Observed), *want.Observed)
		}
		if math.Abs(got.Expected-want.Expected) > 4*want.SD*math.Sqrt(1.0/perms+1.0/float64(reps)) {
			t.Errorf("%s: expected %v, NetworkX replications %v (sd %v)", name, got.Expected, want.Expected, want.SD)
		}
		if !withinMonteCarlo(got.PGreaterOrEqual, *want.PGe, perms, reps) || !withinMonteCarlo(got.PLessOrEqual, *want.PLe, perms, reps) {
			t.Errorf("%s: p ≥ %v, p ≤ %v; NetworkX replications %v, %v", name, got.PGreaterOrEqual, got.PLessOrEqual, *want.PGe, *want.PLe)
		}
		if got.Replications != perms || got.Seed != 3 {
			t.Errorf("%s: %d replications, seed %d", name, got.Replications, got.Seed)
		}
	}
	r := c.ask(`{ assortativityTest(attribute: "budget", groupBy: SECTOR) { observed } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "either attribute") {
		t.Errorf("both attribute and groupBy: %+v", r.Errors)
	}
}

// checkQAP runs qapTest and qapRegression on the slice of the attribute network's actors that
// have a budget, on both views (1,000 replications), and compares them with R sna's qaptest
// and netlm(nullhyp = "qapspp") (2,000 replications, make_qap_golden.R): correlations,
// coefficients and R² to 1e-9, p-values within Monte-Carlo error.
func checkQAP(t *testing.T, c *client) {
	raw, err := readText("../testdata/oracle/attributes/qap.tsv")
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ estimate, pge, ple, pabs float64 }
	want := map[string]row{}
	rreps := 0
	for i, line := range strings.Split(strings.TrimSpace(raw), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		num := func(k int) float64 {
			x, err := strconv.ParseFloat(strings.TrimSpace(f[k]), 64)
			if err != nil {
				return math.NaN()
			}
			return x
		}
		want[strings.Join([]string{f[0], f[1], strings.TrimSpace(f[2])}, "|")] = row{num(3), num(4), num(5), num(6)}
		rreps = int(num(7))
	}
	const reps = 1000
	closeEst := func(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Max(math.Abs(want), 1e-3) }
	for _, view := range []string{"UNDIRECTED", "DIRECTED"} {
		network := fmt.Sprintf(`{direction: %s, actorAttributes: [{name: "budget", exists: true}]}`, view)
		for test, args := range map[string]string{
			"qap:sector:ties":     `x: {sameGroup: SECTOR}, y: {}`,
			"qap:weight:location": `x: {valued: true}, y: {sameGroupAttribute: "location"}`,
		} {
			var r struct {
				QapTest struct{ Correlation, PGreaterOrEqual, PLessOrEqual, PAbsGreaterOrEqual float64 }
			}
			c.must(fmt.Sprintf(`{ qapTest(network: %s, %s, replications: %d, seed: 11) { correlation pGreaterOrEqual pLessOrEqual pAbsGreaterOrEqual } }`,
				network, args, reps), nil, &r)
			w, got := want[view+"|"+test+"|"], r.QapTest
			if !closeEst(got.Correlation, w.estimate) {
				t.Errorf("%s %s: correlation %v, sna %v", view, test, got.Correlation, w.estimate)
			}
			if !withinMonteCarlo(got.PGreaterOrEqual, w.pge, reps, rreps) || !withinMonteCarlo(got.PLessOrEqual, w.ple, reps, rreps) ||
				!withinMonteCarlo(got.PAbsGreaterOrEqual, w.pabs, reps, rreps) {
				t.Errorf("%s %s: p %v %v %v, sna %v %v %v", view, test, got.PGreaterOrEqual, got.PLessOrEqual, got.PAbsGreaterOrEqual, w.pge, w.ple, w.pabs)
			}
		}
		var r struct {
			QapRegression struct {
				Coefficients []struct {
					Term                                                        string
					Estimate, PGreaterOrEqual, PLessOrEqual, PAbsGreaterOrEqual float64
				}
				RSquared, AdjustedRSquared float64
			}
		}
		c.must(fmt.Sprintf(`{ qapRegression(network: %s, y: {}, x: [{sameGroup: SECTOR}, {sameGroupAttribute: "location"}, {absoluteDifference: "budget"}],
			replications: %d, seed: 11) { coefficients { term estimate pGreaterOrEqual pLessOrEqual pAbsGreaterOrEqual } rSquared adjustedRSquared } }`, network, reps), nil, &r)
		got := r.QapRegression
		if len(got.Coefficients) != 4 {
			t.Fatalf("%s: %d coefficients", view, len(got.Coefficients))
		}
		for _, b := range got.Coefficients {
			w, ok := want[view+"|netlm|"+b.Term]
			if !ok {
				t.Errorf("%s: term %q is not sna's", view, b.Term)
				continue
			}
			if !closeEst(b.Estimate, w.estimate) {
				t.Errorf("%s %s: estimate %v, sna %v", view, b.Term, b.Estimate, w.estimate)
			}
			if !withinMonteCarlo(b.PGreaterOrEqual, w.pge, reps, rreps) || !withinMonteCarlo(b.PLessOrEqual, w.ple, reps, rreps) ||
				!withinMonteCarlo(b.PAbsGreaterOrEqual, w.pabs, reps, rreps) {
				t.Errorf("%s %s: p %v %v %v, sna %v %v %v", view, b.Term, b.PGreaterOrEqual, b.PLessOrEqual, b.PAbsGreaterOrEqual, w.pge, w.ple, w.pabs)
			}
		}
		if !closeEst(got.RSquared, want[view+"|netlm|r.squared"].estimate) || !closeEst(got.AdjustedRSquared, want[view+"|netlm|adj.r.squared"].estimate) {
			t.Errorf("%s: R² %v adjusted %v; sna %v, %v", view, got.RSquared, got.AdjustedRSquared, want[view+"|netlm|r.squared"].estimate, want[view+"|netlm|adj.r.squared"].estimate)
		}
	}
	for q, mention := range map[string]string{
		`{ qapTest(x: {sameGroup: SECTOR, absoluteDifference: "budget"}, y: {}) { correlation } }`:                                          "one kind of relation",
		`{ qapTest(x: {sameGroup: SECTOR}, y: {}, replications: 0) { correlation } }`:                                                       "replications must be from 1",
		`{ qapRegression(y: {}, x: [{absoluteDifference: "budget"}]) { rSquared } }`:                                                        "have no budget",
		`{ qapTest(x: {absoluteDifference: "nope"}, y: {}, network: {actorAttributes: [{name: "budget", exists: true}]}) { correlation } }`: "nope",
	} {
		r := c.ask(q, nil)
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, mention) {
			t.Errorf("%s: %+v, want BAD_USER_INPUT saying %q", q, r.Errors, mention)
		}
	}
}
