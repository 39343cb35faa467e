package resolvers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/neo4jstore/neo4jtest"
)

// seedWindowEdges stores four ties around the window (asOf − window, asOf] of
// windowAsOf/windowDays: one ending exactly at asOf − window (out), one ending the day after
// (in), one starting at asOf (in) and one starting the day after (out).
func seedWindowEdges(tb testing.TB, s domain.Store) {
	tb.Helper()
	day := func(d string) *time.Time {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			tb.Fatal(err)
		}
		return &t
	}
	for _, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		neo4jtest.MustCreateActor(tb, s, domain.ActorInput{ID: id, Name: "Actor " + id, Sector: "government"})
	}
	neo4jtest.MustCreatePartnership(tb, s, domain.PartnershipInput{ID: "ends-at-edge", Source: "a", Target: "b", Type: "grant", Since: day("2019-01-01"), Until: day("2020-01-01")})
	neo4jtest.MustCreatePartnership(tb, s, domain.PartnershipInput{ID: "ends-inside", Source: "c", Target: "d", Type: "grant", Since: day("2019-01-01"), Until: day("2020-01-02")})
	neo4jtest.MustCreatePartnership(tb, s, domain.PartnershipInput{ID: "starts-at-asof", Source: "e", Target: "f", Type: "grant", Since: day("2020-01-11")})
	neo4jtest.MustCreatePartnership(tb, s, domain.PartnershipInput{ID: "starts-after", Source: "g", Target: "h", Type: "grant", Since: day("2020-01-12")})
}

// checkWindowEdges asks for the ties of asOf 2020-01-11 with a window of 10 days, so that
// asOf − window is 2020-01-01: the tie ending there is out, the one starting at asOf is in. The
// same window applies to tieDynamics and to the panel.
func checkWindowEdges(t *testing.T, c *client) {
	t.Helper()
	var r struct {
		Partnerships struct{ TotalCount int }
		NetworkStats struct{ Partnerships int }
		Centrality   struct {
			Edges []struct {
				Node struct {
					Actor struct{ ID string }
					Score float64
				}
			}
		}
		TieDynamics []struct{ Formed, Dissolved, Persisted int }
	}
	c.must(`{ networkStats(network: {asOf: "2020-01-11", window: 10}) { partnerships }
		centrality(metric: DEGREE, normalized: false, network: {asOf: "2020-01-11", window: 10}) { edges { node { actor { id } score } } }
		tieDynamics(network: {window: 10}, from: "2019-12-11", to: "2020-01-11", step: MONTH) { formed dissolved persisted } }`, nil, &r)
	if r.NetworkStats.Partnerships != 2 {
		t.Errorf("ties in (2020-01-01, 2020-01-11] = %d, want 2 (ends-inside and starts-at-asof)", r.NetworkStats.Partnerships)
	}
	tied := map[string]bool{}
	for _, e := range r.Centrality.Edges {
		if e.Node.Score > 0 {
			tied[e.Node.Actor.ID] = true
		}
	}
	for id, want := range map[string]bool{"a": false, "b": false, "c": true, "d": true, "e": true, "f": true, "g": false, "h": false} {
		if tied[id] != want {
			t.Errorf("actor %s tied = %v, want %v", id, tied[id], want)
		}
	}
	// On 2019-12-11 the window (2019-12-01, 2019-12-11] holds ends-at-edge and ends-inside; on
	// 2020-01-11 it holds ends-inside and starts-at-asof.
	if len(r.TieDynamics) != 1 || r.TieDynamics[0].Formed != 1 || r.TieDynamics[0].Dissolved != 1 || r.TieDynamics[0].Persisted != 1 {
		t.Errorf("tieDynamics over the window edge = %+v, want one step formed 1, dissolved 1, persisted 1", r.TieDynamics)
	}
}

func TestWindowEdges(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	seedWindowEdges(t, store)
	checkWindowEdges(t, c)
}

// TestWindowEdgesNeo4j is TestWindowEdges on the real store, whose projection filters the
// window in Cypher.
func TestWindowEdgesNeo4j(t *testing.T) {
	c, store := newNeo4jClient(t)
	seedWindowEdges(t, store)
	checkWindowEdges(t, c)
}

// TestDynamicsBadInput sends the dynamics queries bad arguments: each is refused with
// BAD_USER_INPUT and a message naming the problem.
func TestDynamicsBadInput(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	seedBasics(t, store)
	cases := []struct{ name, query, mention string }{
		{"ToBeforeFrom", `{ tieDynamics(from: "2020-01-01", to: "2019-01-01") { formed } }`, "to"},
		{"TieChangesToBeforeFrom", `{ tieChanges(from: "2020-01-01", to: "2019-01-01") { totalCount } }`, "to"},
		{"PanelToBeforeFrom", `{ metricPanel(metric: DEGREE, from: "2020-01-01", to: "2019-01-01") { totalCount } }`, "to"},
		{"TooManySteps", `{ metricPanel(metric: DEGREE, from: "2000-01-01", to: "2020-01-01", step: MONTH) { totalCount } }`, "200"},
		{"TooManyDynamicsSteps", `{ tieDynamics(from: "2000-01-01", to: "2020-01-01", step: MONTH) { formed } }`, "200"},
		{"TooManyStabilitySteps", `{ rankStability(metric: DEGREE, from: "1900-01-01", to: "2101-01-01") { spearman } }`, "200"},
		{"UnknownMetric", `{ metricPanel(metric: NOT_A_METRIC, from: "2019-01-01", to: "2020-01-01") { totalCount } }`, "NOT_A_METRIC"},
		{"UnknownMetricVariable", `query($m: CentralityMetric!) { rankStability(metric: $m, from: "2019-01-01", to: "2020-01-01") { spearman } }`, "NOPE"},
		{"UnknownAttribute", `{ tieDynamics(from: "2019-01-01", to: "2020-01-01", groupByAttribute: "nope") { formed } }`, "nope"},
		{"UnknownFilterAttribute", `{ layers(network: {actorAttributes: [{name: "nope", exists: true}]}) { multiplexity } }`, "nope"},
		{"WindowZero", `{ layers(network: {asOf: "2020-01-01", window: 0}) { multiplexity } }`, "window"},
		{"WindowNegative", `{ tieDynamics(network: {window: -5}, from: "2019-01-01", to: "2020-01-01") { formed } }`, "window"},
		{"WindowWithoutAsOf", `{ networkStats(network: {window: 30}) { actors } }`, "asOf"},
		{"TopZero", `{ rankStability(metric: DEGREE, from: "2019-01-01", to: "2020-01-01", top: 0) { spearman } }`, "top"},
		{"PanelFirstTooLarge", `{ metricPanel(metric: DEGREE, from: "2019-01-01", to: "2020-01-01", first: 501) { totalCount } }`, "first"},
		{"TieChangesWindow", `{ tieChanges(network: {asOf: "2020-01-01", window: 30}, from: "2019-01-01", to: "2020-01-01") { totalCount } }`, "asOf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.ask(tc.query, map[string]any{"m": "NOPE"})
			if len(r.Errors) == 0 {
				t.Fatalf("expected an error, got data %s", r.Data)
			}
			if got := r.Code(); got != "BAD_USER_INPUT" {
				t.Errorf("extensions.code = %v, want BAD_USER_INPUT (message %q)", got, r.Errors[0].Message)
			}
			if !strings.Contains(r.Errors[0].Message, tc.mention) {
				t.Errorf("message %q does not mention %q", r.Errors[0].Message, tc.mention)
			}
		})
	}
}

// TestDynamicsPricing: a series is priced by its steps — a panel's points by the panel's steps,
// not by the most any panel could have — so a full page of a small network's panel is
// affordable, and twice the steps cost more.
func TestDynamicsPricing(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	seedWindowEdges(t, store)
	price := func(q string) int { return c.cost(q, true) }
	const panel = `{ metricPanel(metric: BETWEENNESS, from: "2012-01-01", to: "%s", first: 500) { edges { node { actor { id } points { date score } } } } }`
	eight, sixteen := price(fmt.Sprintf(panel, "2019-01-01")), price(fmt.Sprintf(panel, "2027-01-01"))
	if sixteen <= eight || eight > 50_000 {
		t.Errorf("a panel of 8 steps is priced %d, of 16 steps %d", eight, sixteen)
	}
	dyn := `{ tieDynamics(from: "2012-01-01", to: "%s") { formed byGroupPair { a b formed } } }`
	if a, b := price(fmt.Sprintf(dyn, "2019-01-01")), price(fmt.Sprintf(dyn, "2027-01-01")); b <= a {
		t.Errorf("tieDynamics over 8 steps is priced %d, over 16 steps %d", a, b)
	}
}

// TestLayersBounded: partnership types are free text, so layers refuses a slice with more
// than analytics.MaxLayers of them (their overlaps grow as L²) and answers once the filter
// chooses fewer.
func TestLayersBounded(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "a", Name: "A", Sector: "government"})
	neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "b", Name: "B", Sector: "business"})
	for i := 0; i <= analytics.MaxLayers; i++ {
		neo4jtest.MustCreatePartnership(t, store, domain.PartnershipInput{ID: fmt.Sprintf("p%d", i), Source: "a", Target: "b", Type: fmt.Sprintf("type_%03d", i)})
	}
	r := c.ask(`{ layers { multiplexity } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "partnershipTypes") {
		t.Errorf("layers over %d types: %s %+v", analytics.MaxLayers+1, r.Code(), r.Errors)
	}
	var ok struct {
		Layers struct {
			Multiplexity float64
			Layers       []struct{ Ties int }
		}
	}
	c.must(`{ layers(network: {partnershipTypes: ["type_000", "type_001"]}) { multiplexity layers { ties } } }`, nil, &ok)
	if len(ok.Layers.Layers) != 2 || ok.Layers.Multiplexity != 1 {
		t.Errorf("two layers tying the same pair: %+v", ok.Layers)
	}
}

// TestTieDynamicsGroupsBounded: tieDynamics by an attribute with more values than
// analytics.MaxDynamicsGroups is refused (each step would hold a count per pair of values).
func TestTieDynamicsGroupsBounded(t *testing.T) {
	t.Parallel()
	c := clientWithWebsites(t, analytics.MaxDynamicsGroups+1)
	r := c.ask(`{ tieDynamics(from: "2019-01-01", to: "2020-01-01", groupByAttribute: "website") { formed } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "at most") {
		t.Errorf("tieDynamics by %d values: %s %+v", analytics.MaxDynamicsGroups+1, r.Code(), r.Errors)
	}
	c.must(`{ tieDynamics(from: "2019-01-01", to: "2020-01-01", groupBy: SECTOR) { formed } }`, nil, nil)
}

// TestMixingGroupsBounded: sectorMixing by an attribute with more values than
// analytics.MaxMixingGroups is refused before its G × G matrix is built.
func TestMixingGroupsBounded(t *testing.T) {
	t.Parallel()
	c := clientWithWebsites(t, analytics.MaxMixingGroups+1)
	r := c.ask(`{ sectorMixing(groupByAttribute: "website") { eiIndex } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "at most") {
		t.Errorf("mixing by %d values: %s %+v", analytics.MaxMixingGroups+1, r.Code(), r.Errors)
	}
}

// clientWithWebsites serves n actors, each with its own value of the STRING attribute
// "website": a grouping with a group per actor.
func clientWithWebsites(t *testing.T, n int) *client {
	t.Helper()
	c, store := newClient(t)
	c.must(`mutation { defineAttribute(input: {name: "website", target: ACTOR, type: STRING}) { name } }`, nil, nil)
	for i := range n {
		neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: fmt.Sprintf("a%d", i), Name: fmt.Sprintf("A%d", i), Sector: "government",
			Attributes: domain.Attributes{"website": fmt.Sprintf("https://a%d.example", i)}})
	}
	return c
}
