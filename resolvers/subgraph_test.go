package resolvers_test

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestNeighborhoodAndSubgraph checks truncation at the limit (the hub's neighbourhood has
// as many actors as NetworkX says the hub has neighbours, plus itself), that edges only join
// returned nodes, and that layouts are deterministic.
func TestNeighborhoodAndSubgraph(t *testing.T) {
	c, _, golden := stakeholderClient(t)
	var gf struct {
		View goldenView `json:"UNDIRECTED/unweighted"`
	}
	mustUnmarshal(t, golden["all"], &gf)
	var top struct {
		Centrality struct {
			Edges []struct {
				Node struct{ Actor struct{ ID string } }
			}
		}
	}
	c.must(`{ centrality(metric: DEGREE, first: 1) { edges { node { score actor { id } } } } }`, nil, &top)
	hub := top.Centrality.Edges[0].Node.Actor.ID
	neighbours := int(math.Round(*gf.View.Metrics["degree"][hub] * 59))

	type rendering struct {
		Truncated  bool
		TotalNodes int
		Nodes      []struct {
			ID, Label, Group string
			Color            *string
			Score            *float64
			Community        int
			X, Y             *float64
			Actor            struct{ ID string }
		}
		Edges []struct {
			ID, Source, Target, Type string
			Weight                   float64
			Directed                 bool
		}
	}
	type vars struct {
		ID    string `json:"id"`
		Limit int    `json:"limit"`
	}
	q := `query($id: ID!, $limit: Int) { neighborhood(actorIds: [$id], hops: 1, limit: $limit, layout: {algorithm: BY_GROUP}) {
		truncated totalNodes nodes { id label group color score community x y actor { id } } edges { id source target weight type directed } } }`
	var d, again struct{ Neighborhood rendering }
	c.must(q, vars{hub, 3}, &d)
	nb := d.Neighborhood
	if !nb.Truncated || len(nb.Nodes) != 3 || nb.TotalNodes != neighbours+1 {
		t.Fatalf("neighborhood of hub %s with limit 3: truncated %v, %d nodes, total %v; want true, 3, %d",
			hub, nb.Truncated, len(nb.Nodes), nb.TotalNodes, neighbours+1)
	}
	if nb.Nodes[0].ID != hub {
		t.Errorf("the seed is not the first node")
	}
	inNodes := map[string]bool{}
	for _, n := range nb.Nodes {
		inNodes[n.ID] = true
		if n.X == nil || n.Actor.ID != n.ID {
			t.Errorf("node %+v", n)
		}
	}
	for _, e := range nb.Edges {
		if !inNodes[e.Source] || !inNodes[e.Target] {
			t.Errorf("edge %+v leaves the subgraph", e)
		}
	}
	c.must(q, vars{hub, 3}, &again)
	if !reflect.DeepEqual(d, again) {
		t.Errorf("the same request gave a different layout")
	}
	var full struct{ Neighborhood rendering }
	c.must(q, vars{hub, 500}, &full)
	if full.Neighborhood.Truncated || len(full.Neighborhood.Nodes) != neighbours+1 {
		t.Errorf("untruncated neighbourhood: %v nodes, truncated %v", len(full.Neighborhood.Nodes), full.Neighborhood.Truncated)
	}
	fa2 := `{ subgraph(limit: 40, layout: {algorithm: FORCE_ATLAS2, seed: 3, iterations: 50}) { nodes { id x y } } }`
	var a, b, a2 struct{ Subgraph rendering }
	c.must(fa2, nil, &a)
	c.must(fa2, nil, &b)
	c.must(strings.Replace(fa2, "seed: 3", "seed: 4", 1), nil, &a2)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("FORCE_ATLAS2 with the same seed gave different layouts")
	} else if reflect.DeepEqual(a, a2) {
		t.Errorf("FORCE_ATLAS2 ignores the seed")
	}
	var sg struct{ Subgraph rendering }
	c.must(`{ subgraph(limit: 10, orderBy: PAGE_RANK, layout: {algorithm: CIRCULAR}) { truncated totalNodes nodes { id } edges { id } } }`, nil, &sg)
	if !sg.Subgraph.Truncated || sg.Subgraph.TotalNodes != 60 || len(sg.Subgraph.Nodes) != 10 {
		t.Errorf("subgraph limit 10 = %+v", sg.Subgraph)
	}
	for _, bad := range []string{`{ neighborhood(actorIds: ["sh00"], hops: 9) { totalNodes } }`, `{ subgraph(limit: 0) { totalNodes } }`} {
		if r := c.ask(bad, nil); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %v", bad, r.Errors)
		}
	}
	if r := c.ask(`{ neighborhood(actorIds: ["ghost"]) { totalNodes } }`, nil); r.Code() != "NOT_FOUND" {
		t.Errorf("unknown seed: %v", r.Errors)
	}
}
