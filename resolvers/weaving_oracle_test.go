package resolvers_test

import (
	"sort"
	"strings"
	"testing"
)

// weavingGolden is testdata/oracle/weaving/golden.json (make_weaving_golden.py).
type weavingGolden struct {
	LinkPrediction map[string]map[string]map[string]float64 // method → actor → candidate → score
	CrossSector    map[string]map[string]float64
	Via            map[string]map[string][]string
}

// TestSuggestedPartnersMatchNetworkX loads the dated multi-type oracle network and checks every
// actor's suggestedPartners under each method against NetworkX's common_neighbors,
// jaccard_coefficient, adamic_adar_index and resource_allocation_index to 1e-9: the same
// candidates (not tied, positive score), best first with ties by id, the shared partners as
// `via`, and crossGroupOnly by sector keeping only other sectors.
func TestSuggestedPartnersMatchNetworkX(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	net, _ := loadDynamicsOracle(t, c)
	var golden weavingGolden
	readFile(t, "../testdata/oracle/weaving/golden.json", &golden)
	type partner struct {
		Actor struct{ ID string }
		Score float64
		Via   []struct{ ID string }
	}
	check := func(name, u string, got []partner, want map[string]float64, via bool) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s of %s: %d candidates, NetworkX %d", name, u, len(got), len(want))
		}
		for i, p := range got {
			w, ok := want[p.Actor.ID]
			if !ok || !near(p.Score, w) {
				t.Errorf("%s of %s: %s scores %v, NetworkX %v (candidate %v)", name, u, p.Actor.ID, p.Score, w, ok)
			}
			if i > 0 {
				prev := got[i-1]
				if prev.Score < p.Score-1e-12 || (near(prev.Score, p.Score) && prev.Score == p.Score && prev.Actor.ID > p.Actor.ID) {
					t.Errorf("%s of %s: %s (%v) after %s (%v)", name, u, p.Actor.ID, p.Score, prev.Actor.ID, prev.Score)
				}
			}
			if via {
				ids := make([]string, len(p.Via))
				for j, v := range p.Via {
					ids[j] = v.ID
				}
				sort.Strings(ids)
				if strings.Join(ids, ",") != strings.Join(golden.Via[u][p.Actor.ID], ",") {
					t.Errorf("%s of %s: %s via %v, NetworkX common neighbours %v", name, u, p.Actor.ID, ids, golden.Via[u][p.Actor.ID])
				}
			}
		}
	}
	for _, a := range net.Actors {
		var r struct {
			Actor map[string][]partner
		}
		c.must(`query($id: ID!) { actor(id: $id) {
			COMMON_NEIGHBORS: suggestedPartners(method: COMMON_NEIGHBORS, first: 100) { actor { id } score via(first: 60) { id } }
			JACCARD: suggestedPartners(method: JACCARD, first: 100) { actor { id } score }
			ADAMIC_ADAR: suggestedPartners(first: 100) { actor { id } score }
			RESOURCE_ALLOCATION: suggestedPartners(method: RESOURCE_ALLOCATION, first: 100) { actor { id } score }
			cross: suggestedPartners(method: ADAMIC_ADAR, crossGroupOnly: true, groupBy: SECTOR, first: 100) { actor { id } score } } }`,
			map[string]any{"id": a.ID}, &r)
		for method, byActor := range golden.LinkPrediction {
			check(method, a.ID, r.Actor[method], byActor[a.ID], method == "COMMON_NEIGHBORS")
		}
		check("ADAMIC_ADAR across sectors", a.ID, r.Actor["cross"], golden.CrossSector[a.ID], false)
	}

	var top struct {
		Actor struct {
			SuggestedPartners []partner
		}
	}
	c.must(`{ actor(id: "a00") { suggestedPartners(first: 2) { actor { id } score } } }`, nil, &top)
	if len(top.Actor.SuggestedPartners) != min(2, len(golden.LinkPrediction["ADAMIC_ADAR"]["a00"])) {
		t.Errorf("first: 2 gave %d partners", len(top.Actor.SuggestedPartners))
	}
	for _, bad := range []struct{ query, mention string }{
		{`{ actor(id: "a00") { suggestedPartners(first: 0) { score } } }`, "first"},
		{`{ actor(id: "a00") { suggestedPartners(method: SIMRANK) { score } } }`, "SIMRANK"},
		{`{ actor(id: "a00") { suggestedPartners(crossGroupOnly: true, groupByAttribute: "nope") { score } } }`, "nope"},
		{`{ actor(id: "a00") { suggestedPartners(network: {sectors: ["media"]}) { score } } }`, "a00"},
	} {
		r := c.ask(bad.query, nil)
		if r.Code() != "BAD_USER_INPUT" && r.Code() != "NOT_FOUND" || len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, bad.mention) {
			t.Errorf("%s: %s %+v", bad.query, r.Code(), r.Errors)
		}
	}
}
