package resolvers_test

import (
	"math"
	"reflect"
	"testing"
)

// TestCommunitiesThroughGraphQL loads the stakeholder graph into the real Neo4j and checks the
// communities query: a partition of the slice, largest first, compositions that add up, the
// same answer for the same seed, and Louvain's best modularity over ten seeds within 3% of
// NetworkX's (testdata/oracle).
func TestCommunitiesThroughGraphQL(t *testing.T) {
	c, store := newClient(t)
	loadStakeholders(t, store)
	var golden struct {
		Views map[string]struct {
			Communities struct {
				LouvainBest float64 `json:"louvain_best"`
			}
		}
	}
	readFile(t, "../testdata/oracle/golden/stakeholders.json", &golden)
	q := `query($s: Int, $n: NetworkFilter) { communities(seed: $s, network: $n) { modularity count graphVersion
		communities(first: 500) { id size members(first: 500) { id } composition { key count share } } } }`
	best := -1.0
	for seed := 1; seed <= 10; seed++ {
		d := c.mustOK(q, map[string]any{"s": seed})
		res := d["communities"].(map[string]any)
		best = math.Max(best, res["modularity"].(float64))
		if seed == 1 {
			again := c.mustOK(q, map[string]any{"s": seed})
			if !reflect.DeepEqual(d, again) {
				t.Errorf("the same seed gave different communities")
			}
			seen := map[string]bool{}
			prev := math.MaxInt
			for _, cm := range res["communities"].([]any) {
				m := cm.(map[string]any)
				size := int(m["size"].(float64))
				if size > prev {
					t.Errorf("communities not largest first")
				}
				prev = size
				members := m["members"].([]any)
				if len(members) != size {
					t.Errorf("community %v lists %d members, size %d", m["id"], len(members), size)
				}
				for _, a := range members {
					id := a.(map[string]any)["id"].(string)
					if seen[id] {
						t.Errorf("%s in two communities", id)
					}
					seen[id] = true
				}
				total, share := 0, 0.0
				for _, g := range m["composition"].([]any) {
					total += int(g.(map[string]any)["count"].(float64))
					share += g.(map[string]any)["share"].(float64)
				}
				if total != size || math.Abs(share-1) > 1e-9 {
					t.Errorf("composition of %v: %d actors, shares sum %v", m["id"], total, share)
				}
			}
			if len(seen) != 60 {
				t.Errorf("communities cover %d actors, want 60", len(seen))
			}
		}
	}
	want := golden.Views["UNDIRECTED/unweighted"].Communities.LouvainBest
	t.Logf("best modularity over ten seeds %.4f, NetworkX %.4f", best, want)
	if best < want*0.97 {
		t.Errorf("best modularity %.4f more than 3%% below NetworkX's %.4f", best, want)
	}
	// A time slice partitions only its actors, and bad input is refused.
	d := c.mustOK(q, map[string]any{"s": 1, "n": map[string]any{"sectors": []string{"government", "civil_society"}}})
	n := 0
	for _, cm := range d["communities"].(map[string]any)["communities"].([]any) {
		n += int(cm.(map[string]any)["size"].(float64))
	}
	if n != 24 {
		t.Errorf("sector slice communities cover %d actors, want 24", n)
	}
	for _, bad := range []string{`{ communities(resolution: 0) { count } }`, `{ communities(network: {sectors: ["nope"]}) { count } }`,
		`{ communities { communities(first: 0) { id } } }`} {
		r := c.do(bad, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: got %v, want BAD_USER_INPUT", bad, r.Errors)
		}
	}
}
