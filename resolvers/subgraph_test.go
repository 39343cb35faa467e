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
	c, store := newClient(t)
	_, golden := loadStakeholders(t, store)
	var gf struct {
		View goldenView `json:"UNDIRECTED/unweighted"`
	}
	mustUnmarshal(t, golden["all"], &gf)
	d := c.mustOK(`{ centrality(metric: DEGREE, first: 1) { edges { node { score actor { id } } } } }`, nil)
	top := d["centrality"].(map[string]any)["edges"].([]any)[0].(map[string]any)["node"].(map[string]any)
	hub := top["actor"].(map[string]any)["id"].(string)
	neighbours := int(math.Round(*gf.View.Metrics["degree"][hub] * 59))

	q := `query($id: ID!, $limit: Int) { neighborhood(actorIds: [$id], hops: 1, limit: $limit, layout: {algorithm: BY_GROUP}) {
		truncated totalNodes nodes { id label group color score community x y actor { id } } edges { id source target weight type directed } } }`
	d = c.mustOK(q, map[string]any{"id": hub, "limit": 3})
	nb := d["neighborhood"].(map[string]any)
	nodes := nb["nodes"].([]any)
	if nb["truncated"] != true || len(nodes) != 3 || int(nb["totalNodes"].(float64)) != neighbours+1 {
		t.Fatalf("neighborhood of hub %s with limit 3: truncated %v, %d nodes, total %v; want true, 3, %d",
			hub, nb["truncated"], len(nodes), nb["totalNodes"], neighbours+1)
	}
	if nodes[0].(map[string]any)["id"] != hub {
		t.Errorf("the seed is not the first node")
	}
	inNodes := map[string]bool{}
	for _, n := range nodes {
		nm := n.(map[string]any)
		inNodes[nm["id"].(string)] = true
		if nm["x"] == nil || nm["actor"].(map[string]any)["id"] != nm["id"] {
			t.Errorf("node %v", nm)
		}
	}
	for _, e := range nb["edges"].([]any) {
		em := e.(map[string]any)
		if !inNodes[em["source"].(string)] || !inNodes[em["target"].(string)] {
			t.Errorf("edge %v leaves the subgraph", em)
		}
	}
	again := c.mustOK(q, map[string]any{"id": hub, "limit": 3})
	if !reflect.DeepEqual(d, again) {
		t.Errorf("the same request gave a different layout")
	}
	d = c.mustOK(q, map[string]any{"id": hub, "limit": 500})
	if nb := d["neighborhood"].(map[string]any); nb["truncated"] != false || len(nb["nodes"].([]any)) != neighbours+1 {
		t.Errorf("untruncated neighbourhood: %v nodes, truncated %v", len(nb["nodes"].([]any)), nb["truncated"])
	}
	fa2 := `{ subgraph(limit: 40, layout: {algorithm: FORCE_ATLAS2, seed: 3, iterations: 50}) { nodes { id x y } } }`
	if a, b := c.mustOK(fa2, nil), c.mustOK(fa2, nil); !reflect.DeepEqual(a, b) {
		t.Errorf("FORCE_ATLAS2 with the same seed gave different layouts")
	} else if a2 := c.mustOK(strings.Replace(fa2, "seed: 3", "seed: 4", 1), nil); reflect.DeepEqual(a, a2) {
		t.Errorf("FORCE_ATLAS2 ignores the seed")
	}
	d = c.mustOK(`{ subgraph(limit: 10, orderBy: PAGE_RANK, layout: {algorithm: CIRCULAR}) { truncated totalNodes nodes { id } edges { id } } }`, nil)
	sg := d["subgraph"].(map[string]any)
	if sg["truncated"] != true || sg["totalNodes"] != 60.0 || len(sg["nodes"].([]any)) != 10 {
		t.Errorf("subgraph limit 10 = %v", sg)
	}
	for _, bad := range []string{`{ neighborhood(actorIds: ["sh00"], hops: 9) { totalNodes } }`, `{ subgraph(limit: 0) { totalNodes } }`} {
		if r := c.do(bad, nil); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: %v", bad, r.Errors)
		}
	}
	if r := c.do(`{ neighborhood(actorIds: ["ghost"]) { totalNodes } }`, nil); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("unknown seed: %v", r.Errors)
	}
}
