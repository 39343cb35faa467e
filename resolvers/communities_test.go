package resolvers_test

import (
	"math"
	"reflect"
	"testing"

	"stakegraph/graph/model"
)

// TestCommunitiesThroughGraphQL loads the stakeholder graph (in memstore) and checks the
// communities query: a partition of the slice, largest first, compositions that add up, the
// same answer for the same seed, and Louvain's best modularity over ten seeds within 3% of
// NetworkX's (testdata/oracle).
func TestCommunitiesThroughGraphQL(t *testing.T) {
	c, _, _ := stakeholderClient(t)
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
	type partition struct {
		Communities struct {
			Modularity   float64
			Count        int
			GraphVersion int
			Communities  []struct {
				ID, Size    int
				Members     []struct{ ID string }
				Composition []struct {
					Key   string
					Count int
					Share float64
				}
			}
		}
	}
	type vars struct {
		Seed    int                  `json:"s"`
		Network *model.NetworkFilter `json:"n,omitempty"`
	}
	best := -1.0
	for seed := 1; seed <= 10; seed++ {
		var d, again partition
		c.must(q, vars{Seed: seed}, &d)
		res := d.Communities
		best = math.Max(best, res.Modularity)
		if seed != 1 {
			continue
		}
		c.must(q, vars{Seed: seed}, &again)
		if !reflect.DeepEqual(d, again) {
			t.Errorf("the same seed gave different communities")
		}
		seen := map[string]bool{}
		prev := math.MaxInt
		for _, m := range res.Communities {
			if m.Size > prev {
				t.Errorf("communities not largest first")
			}
			prev = m.Size
			if len(m.Members) != m.Size {
				t.Errorf("community %d lists %d members, size %d", m.ID, len(m.Members), m.Size)
			}
			for _, a := range m.Members {
				if seen[a.ID] {
					t.Errorf("%s in two communities", a.ID)
				}
				seen[a.ID] = true
			}
			total, share := 0, 0.0
			for _, g := range m.Composition {
				total += g.Count
				share += g.Share
			}
			if total != m.Size || math.Abs(share-1) > 1e-9 {
				t.Errorf("composition of %d: %d actors, shares sum %v", m.ID, total, share)
			}
		}
		if len(seen) != 60 {
			t.Errorf("communities cover %d actors, want 60", len(seen))
		}
	}
	want := golden.Views["UNDIRECTED/unweighted"].Communities.LouvainBest
	t.Logf("best modularity over ten seeds %.4f, NetworkX %.4f", best, want)
	if best < want*0.97 {
		t.Errorf("best modularity %.4f more than 3%% below NetworkX's %.4f", best, want)
	}
	// A time slice partitions only its actors, and bad input is refused.
	var d partition
	c.must(q, vars{Seed: 1, Network: &model.NetworkFilter{Sectors: []string{"government", "civil_society"}}}, &d)
	n := 0
	for _, cm := range d.Communities.Communities {
		n += cm.Size
	}
	if n != 24 {
		t.Errorf("sector slice communities cover %d actors, want 24", n)
	}
	for _, bad := range []string{`{ communities(resolution: 0) { count } }`, `{ communities(network: {sectors: ["nope"]}) { count } }`,
		`{ communities { communities(first: 0) { id } } }`} {
		if r := c.ask(bad, nil); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: got %v, want BAD_USER_INPUT", bad, r.Errors)
		}
	}
}
