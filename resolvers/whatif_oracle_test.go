package resolvers_test

import (
	"fmt"
	"strings"
	"testing"
)

// whatIfSide is what the oracle computed on one side of a scenario.
type whatIfSide struct {
	Stats  map[string]*float64
	Mixing struct {
		Pairs         map[string]int
		GroupEI       map[string]*float64
		EI            *float64
		Assortativity *float64
	}
	Metrics map[string]map[string]*float64
	Goals   map[string]float64
}

type whatIfScenario struct {
	Scenario struct {
		Direction    string
		AddTies      []map[string]any
		RemoveTies   []string
		RemoveActors []string
	}
	Before, After whatIfSide
}

// mixingAnswer is a Mixing as the whatIf oracle test reads it.
type mixingAnswer struct {
	Pairs []struct {
		A, B string
		Ties int
	}
	Groups []struct {
		Key     string
		EiIndex *float64
	}
	EiIndex, Assortativity *float64
}

// statFields maps NetworkStats fields to make_golden.stats' keys.
var statFields = map[string]string{"actors": "actors", "partnerships": "edges", "density": "density", "components": "components",
	"largestComponentSize": "largest_component", "averageDegree": "average_degree", "averageClustering": "average_clustering",
	"diameter": "diameter", "degreeAssortativity": "assortativity", "transitivity": "transitivity", "reciprocity": "reciprocity",
	"fragmentation": "fragmentation", "averagePathLength": "average_path_length"}

// TestWhatIfMatchesNetworkX asks whatIf for each committed scenario (ties added between
// existing actors, partnerships and an actor removed, on both views) and checks against
// NetworkX recomputed on the original and on the changed graph (make_weaving_golden.py), to
// 1e-9: the statistics before and after, the sector mixing, every centrality metric's changes
// for every actor, and each goal's value; and that nothing was written (the graph version
// stays, the partnerships are as they were).
func TestWhatIfMatchesNetworkX(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	net, _ := loadDynamicsOracle(t, c)
	var golden struct{ WhatIf map[string]whatIfScenario }
	readFile(t, "../testdata/oracle/weaving/golden.json", &golden)
	var v0 struct {
		GraphVersion int
		Partnerships struct{ TotalCount int }
	}
	c.must(`{ graphVersion partnerships { totalCount } }`, nil, &v0)

	stats := "actors partnerships density components largestComponentSize averageDegree averageClustering diameter degreeAssortativity transitivity reciprocity fragmentation averagePathLength"
	mixing := "pairs { a b ties } groups { key eiIndex } eiIndex assortativity"
	for name, sc := range golden.WhatIf {
		vars := map[string]any{"n": map[string]any{"direction": sc.Scenario.Direction}, "add": sc.Scenario.AddTies,
			"rt": sc.Scenario.RemoveTies, "ra": sc.Scenario.RemoveActors}
		// One operation per metric and goal: aliases of one operation run at once, and the
		// service admits a bounded number of computations at a time.
		fields := map[string]string{}
		for m := range sc.After.Metrics {
			fields[m] = fmt.Sprintf("whatIf(network: $n, addTies: $add, removeTies: $rt, removeActors: $ra, metric: %s, first: 500) { changes { actor { id } before after delta } graphVersion }", m)
		}
		fields["GROUP_REACH"] = `whatIf(network: $n, addTies: $add, removeTies: $rt, removeActors: $ra, goal: {kind: GROUP_REACH, from: "government", to: "civil_society", maxHops: 2}) { goalBefore goalAfter }`
		fields["CONNECTIVITY"] = `whatIf(network: $n, addTies: $add, removeTies: $rt, removeActors: $ra, goal: {kind: CONNECTIVITY}) { goalBefore goalAfter }`
		fields["ACTOR_REACH"] = `whatIf(network: $n, addTies: $add, removeTies: $rt, removeActors: $ra, goal: {kind: ACTOR_REACH, actorId: "a00"}) { goalBefore goalAfter }`
		fields["BROKER_DEPENDENCE"] = `whatIf(network: $n, addTies: $add, removeTies: $rt, removeActors: $ra, goal: {kind: BROKER_DEPENDENCE, from: "government", to: "civil_society"}) { goalBefore goalAfter }`
		fields["all"] = `whatIf(network: $n, addTies: $add, removeTies: $rt, removeActors: $ra) { before { ` + stats + ` } after { ` + stats + ` }
				mixingBefore { ` + mixing + ` } mixingAfter { ` + mixing + ` } graphVersion }`
		type whatIfAnswer = struct {
			Before, After             map[string]*float64
			MixingBefore, MixingAfter mixingAnswer
			Changes                   []struct {
				Actor                struct{ ID string }
				Before, After, Delta *float64
			}
			GoalBefore, GoalAfter *float64
			GraphVersion          int
		}
		r := map[string]whatIfAnswer{}
		for alias, field := range fields {
			var one map[string]whatIfAnswer
			c.must(`query($n: NetworkFilter, $add: [HypotheticalTie!], $rt: [ID!], $ra: [ID!]) { `+alias+`: `+field+` }`, vars, &one)
			r[alias] = one[alias]
		}
		all := r["all"]
		if all.GraphVersion != v0.GraphVersion {
			t.Errorf("%s: graphVersion %d, the network's %d", name, all.GraphVersion, v0.GraphVersion)
		}
		for side, pair := range map[string]struct {
			stats  map[string]*float64
			mixing mixingAnswer
			want   whatIfSide
		}{"before": {all.Before, all.MixingBefore, sc.Before}, "after": {all.After, all.MixingAfter, sc.After}} {
			for field, key := range statFields {
				if !nearOpt(pair.stats[field], pair.want.Stats[key]) {
					t.Errorf("%s %s %s = %s, NetworkX %s", name, side, field, optFloat(pair.stats[field]), optFloat(pair.want.Stats[key]))
				}
			}
			got, want := pair.mixing, pair.want.Mixing
			if len(got.Pairs) != len(want.Pairs) {
				t.Errorf("%s %s mixing: %d pairs, NetworkX %d", name, side, len(got.Pairs), len(want.Pairs))
			}
			for _, p := range got.Pairs {
				if want.Pairs[p.A+"|"+p.B] != p.Ties {
					t.Errorf("%s %s mixing %s|%s: %d ties, NetworkX %d", name, side, p.A, p.B, p.Ties, want.Pairs[p.A+"|"+p.B])
				}
			}
			for _, g := range got.Groups {
				if !nearOpt(g.EiIndex, want.GroupEI[g.Key]) {
					t.Errorf("%s %s E-I of %s = %s, NetworkX %s", name, side, g.Key, optFloat(g.EiIndex), optFloat(want.GroupEI[g.Key]))
				}
			}
			if !nearOpt(got.EiIndex, want.EI) || !nearOpt(got.Assortativity, want.Assortativity) {
				t.Errorf("%s %s E-I %s, assortativity %s; NetworkX %s, %s", name, side, optFloat(got.EiIndex), optFloat(got.Assortativity), optFloat(want.EI), optFloat(want.Assortativity))
			}
		}
		removed := map[string]bool{}
		for _, id := range sc.Scenario.RemoveActors {
			removed[id] = true
		}
		for m, after := range sc.After.Metrics {
			changes := r[m].Changes
			if len(changes) != len(net.Actors)-len(removed) {
				t.Errorf("%s %s: %d changes, want every remaining actor (%d)", name, m, len(changes), len(net.Actors)-len(removed))
			}
			prev := 1e300
			for _, ch := range changes {
				id := ch.Actor.ID
				b, a := sc.Before.Metrics[m][id], after[id]
				if !nearOpt(ch.Before, b) || !nearOpt(ch.After, a) {
					t.Errorf("%s %s of %s: %s → %s, NetworkX %s → %s", name, m, id, optFloat(ch.Before), optFloat(ch.After), optFloat(b), optFloat(a))
				}
				want := 0.0
				if a != nil && b != nil {
					want = *a - *b
				}
				if ch.Delta == nil || !near(*ch.Delta, want) {
					t.Errorf("%s %s of %s: delta %s, NetworkX %v", name, m, id, optFloat(ch.Delta), want)
				} else {
					if d := abs(*ch.Delta); d > prev+1e-12 {
						t.Errorf("%s %s: |delta| %v after %v", name, m, d, prev)
					} else {
						prev = d
					}
				}
			}
		}
		for goal, want := range sc.After.Goals {
			got := r[goal]
			if got.GoalBefore == nil || got.GoalAfter == nil || !near(*got.GoalBefore, sc.Before.Goals[goal]) || !near(*got.GoalAfter, want) {
				t.Errorf("%s goal %s: %s → %s, NetworkX %v → %v", name, goal, optFloat(got.GoalBefore), optFloat(got.GoalAfter), sc.Before.Goals[goal], want)
			}
		}
	}
	var v1 struct {
		GraphVersion int
		Partnerships struct{ TotalCount int }
	}
	c.must(`{ graphVersion partnerships { totalCount } }`, nil, &v1)
	if v1 != v0 {
		t.Errorf("whatIf wrote: before %+v, after %+v", v0, v1)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestWhatIfBadInput: a hypothetical tie to an unknown actor or to itself, one joining actors
// already tied, a goal without the groups or actor it needs, an unknown partnership or actor to
// remove — each BAD_USER_INPUT naming the problem, and nothing written.
func TestWhatIfBadInput(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	seedBasics(t, store) // gov → ngo (p1)
	c.must(`mutation { createActor(input: {id: "biz", name: "Mill", sector: "business"}) { id } }`, nil, nil)
	var v0 struct{ GraphVersion int }
	c.must(`{ graphVersion }`, nil, &v0)
	for _, bad := range []struct{ query, mention string }{
		{`{ whatIf(addTies: [{source: "gov", target: "ghost"}]) { graphVersion } }`, "ghost"},
		{`{ whatIf(addTies: [{source: "gov", target: "gov"}]) { graphVersion } }`, "two different actors"},
		{`{ whatIf(addTies: [{source: "ngo", target: "gov"}]) { graphVersion } }`, "already tied"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov"}, {source: "gov", target: "biz"}]) { graphVersion } }`, "twice"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov", weight: 0}]) { graphVersion } }`, "weight"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov"}], removeActors: ["biz"]) { graphVersion } }`, "biz"},
		{`{ whatIf(removeTies: ["nope"]) { graphVersion } }`, "nope"},
		{`{ whatIf(removeActors: ["ghost"]) { graphVersion } }`, "ghost"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov"}], goal: {kind: GROUP_REACH, from: "government"}) { goalAfter } }`, "from"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov"}], goal: {kind: BROKER_DEPENDENCE, from: "government", to: "government"}) { goalAfter } }`, "different"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov"}], goal: {kind: ACTOR_REACH}) { goalAfter } }`, "actorId"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov"}], goal: {kind: ACTOR_REACH, actorId: "gov", maxHops: 0}) { goalAfter } }`, "maxHops"},
		{`{ whatIf(addTies: [{source: "biz", target: "gov"}], first: 0) { graphVersion } }`, "first"},
	} {
		r := c.ask(bad.query, nil)
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, bad.mention) {
			t.Errorf("%s: %s %+v; want BAD_USER_INPUT mentioning %q", bad.query, r.Code(), r.Errors, bad.mention)
		}
	}
	var ok struct {
		WhatIf struct {
			Before, After         struct{ Partnerships, Components int }
			GoalBefore, GoalAfter float64
		}
		GraphVersion int
	}
	c.must(`{ whatIf(addTies: [{source: "biz", target: "ngo"}], goal: {kind: CONNECTIVITY}) { before { partnerships components } after { partnerships components } goalBefore goalAfter } graphVersion }`, nil, &ok)
	w := ok.WhatIf
	if w.Before.Partnerships != 1 || w.After.Partnerships != 2 || w.Before.Components != 2 || w.After.Components != 1 || w.GoalBefore != 1 || w.GoalAfter != 3 || ok.GraphVersion != v0.GraphVersion {
		t.Errorf("joining the mill to the charity: %+v (version %d, was %d)", w, ok.GraphVersion, v0.GraphVersion)
	}
}
