package resolvers_test

import (
	"strings"
	"testing"
)

// TestSuggestPartnershipsMatchBruteForce loads the first 40 actors of the dated oracle network
// (and the partnerships among them) and checks suggestPartnerships for every goal kind against
// a brute-force greedy search (make_weaving_golden.py: each step tries every pair not tied),
// to 1e-9: the same picks in the same order, each gain the best single addition given the
// earlier picks, the gains adding up to cumulative, an explanation for each; and bad input.
func TestSuggestPartnershipsMatchBruteForce(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	var net dynamicsOracle
	readFile(t, "../testdata/oracle/dynamics/network.json", &net)
	var golden struct {
		Suggest struct {
			Actors []string
			Cases  map[string]struct {
				Goal struct {
					Kind, From, To, ActorID string
					MaxHops                 int
					PartnershipTypes        []string
				}
				Candidates *struct{ Between []string }
				Picks      []struct {
					Source, Target   string
					Gain, Cumulative float64
				}
			}
		}
	}
	readFile(t, "../testdata/oracle/weaving/golden.json", &golden)
	keep := map[string]bool{}
	for _, id := range golden.Suggest.Actors {
		keep[id] = true
	}
	c.mustImportRows(net.rows(func(id string) bool { return keep[id] }))

	for name, tc := range golden.Suggest.Cases {
		goal := map[string]any{"kind": tc.Goal.Kind}
		if tc.Goal.From != "" {
			goal["from"], goal["to"] = tc.Goal.From, tc.Goal.To
		}
		if tc.Goal.ActorID != "" {
			goal["actorId"] = tc.Goal.ActorID
		}
		if tc.Goal.MaxHops != 0 {
			goal["maxHops"] = tc.Goal.MaxHops
		}
		vars := map[string]any{"goal": goal, "n": map[string]any{}}
		if len(tc.Goal.PartnershipTypes) > 0 {
			vars["n"] = map[string]any{"partnershipTypes": tc.Goal.PartnershipTypes}
		}
		if tc.Candidates != nil {
			vars["c"] = map[string]any{"between": tc.Candidates.Between}
		}
		var r struct {
			SuggestPartnerships []struct {
				Source, Target   struct{ ID string }
				Gain, Cumulative float64
				Explanation      string
			}
		}
		c.must(`query($n: NetworkFilter, $goal: WeavingGoal!, $c: CandidateFilter) {
			suggestPartnerships(network: $n, goal: $goal, k: 4, candidates: $c) { source { id } target { id } gain cumulative explanation } }`, vars, &r)
		got := r.SuggestPartnerships
		if len(got) != len(tc.Picks) {
			t.Errorf("%s: %d picks, brute force %d (%+v)", name, len(got), len(tc.Picks), got)
		}
		sum := 0.0
		for i := range min(len(got), len(tc.Picks)) {
			g, w := got[i], tc.Picks[i]
			sum += g.Gain
			if g.Source.ID != w.Source || g.Target.ID != w.Target || !near(g.Gain, w.Gain) || !near(g.Cumulative, w.Cumulative) || !near(g.Cumulative, sum) {
				t.Errorf("%s pick %d: %s–%s gain %v (cumulative %v); brute force %s–%s gain %v (cumulative %v)", name, i,
					g.Source.ID, g.Target.ID, g.Gain, g.Cumulative, w.Source, w.Target, w.Gain, w.Cumulative)
			}
			if len(g.Explanation) < 20 {
				t.Errorf("%s pick %d: explanation %q", name, i, g.Explanation)
			}
		}
	}

	for _, bad := range []struct{ query, mention string }{
		{`{ suggestPartnerships(goal: {kind: CONNECTIVITY}, k: 0) { gain } }`, "k"},
		{`{ suggestPartnerships(goal: {kind: CONNECTIVITY}, k: 51) { gain } }`, "k"},
		{`{ suggestPartnerships(goal: {kind: GROUP_REACH, from: "government"}) { gain } }`, "from"},
		{`{ suggestPartnerships(goal: {kind: GROUP_REACH, from: "government", to: "nowhere"}) { gain } }`, "nowhere"},
		{`{ suggestPartnerships(goal: {kind: ACTOR_REACH}) { gain } }`, "actorId"},
		{`{ suggestPartnerships(goal: {kind: CONNECTIVITY}, candidates: {between: ["government"]}) { gain } }`, "between"},
		{`{ suggestPartnerships(goal: {kind: CONNECTIVITY}, candidates: {actorIds: ["ghost"]}) { gain } }`, "ghost"},
		{`{ suggestPartnerships(goal: {kind: CONNECTIVITY}, candidates: {maxDistance: 1}) { gain } }`, "maxDistance"},
	} {
		r := c.ask(bad.query, nil)
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, bad.mention) {
			t.Errorf("%s: %s %+v; want BAD_USER_INPUT mentioning %q", bad.query, r.Code(), r.Errors, bad.mention)
		}
	}
}
