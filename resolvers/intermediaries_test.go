package resolvers_test

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// sectorGolden is make_golden.py's sector_golden for a filtered slice.
type sectorGolden struct {
	GroupPairBetweenness map[string]float64            `json:"group_pair_betweenness"`
	PairGovCivil         map[string]float64            `json:"pair_betweenness_gov_civil"`
	BrokerageTotal       map[string]float64            `json:"brokerage_total"`
	GroupReach           *struct{ Reached, Total int } `json:"group_reach_gov_civil_2"`
	Distances            struct {
		From string
		To   map[string]float64
	}
	Constraint         map[string]*float64
	EffectiveSize      map[string]*float64 `json:"effective_size"`
	ArticulationPoints []string            `json:"articulation_points"`
	Assortativity      *float64
	PairTies           map[string]int      `json:"pair_ties"`
	GroupEI            map[string]*float64 `json:"group_ei"`
	EI                 *float64
	Reach2             map[string]struct {
		Total     int
		ByGroup   map[string]int `json:"by_group"`
		Cross     int
		Diversity float64
		ByHop     []int `json:"by_hop"`
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestIntermediaryQueriesOnSlices runs the intermediary and reach queries through GraphQL on
// the real Neo4j for the whole network, a sector slice and a time window, and compares with
// NetworkX and design.md's definitions computed by make_golden.py.
func TestIntermediaryQueriesOnSlices(t *testing.T) {
	c, store := newClient(t)
	g, golden := loadStakeholders(t, store)
	for _, name := range []string{"all", "gov_civil", "asof_2016", "window_2012_2014_directed"} {
		t.Run(name, func(t *testing.T) {
			filter := g.Filters[name]
			var gf struct {
				Nodes    []string
				BySector sectorGolden `json:"by_sector"`
			}
			if err := json.Unmarshal(golden[name], &gf); err != nil {
				t.Fatal(err)
			}
			want := gf.BySector
			vars := map[string]any{"n": filter}

			// Structural holes through Actor.metrics, for every actor in the slice.
			d := c.mustOK(`query($n: NetworkFilter) { centrality(metric: CONSTRAINT, network: $n, first: 500) { edges { node { score actor { id } } } }
				es: centrality(metric: EFFECTIVE_SIZE, network: $n, first: 500) { edges { node { score actor { id } } } } }`, vars)
			for key, gold := range map[string]map[string]*float64{"centrality": want.Constraint, "es": want.EffectiveSize} {
				for _, e := range d[key].(map[string]any)["edges"].([]any) {
					node := e.(map[string]any)["node"].(map[string]any)
					id := node["actor"].(map[string]any)["id"].(string)
					w := gold[id]
					got, isNum := node["score"].(float64)
					if (w == nil) != !isNum || (w != nil && !near(got, *w)) {
						t.Errorf("%s[%s] = %v, NetworkX %v", key, id, node["score"], fmtPtr(w))
					}
				}
			}

			// Cut points.
			d = c.mustOK(`query($n: NetworkFilter) { cutPoints(network: $n) { cutVertices { id } bridges { id } } }`, vars)
			var cuts []string
			for _, a := range d["cutPoints"].(map[string]any)["cutVertices"].([]any) {
				cuts = append(cuts, a.(map[string]any)["id"].(string))
			}
			sort.Strings(cuts)
			if fmt.Sprint(cuts) != fmt.Sprint(want.ArticulationPoints) && !(len(cuts) == 0 && len(want.ArticulationPoints) == 0) {
				t.Errorf("cut vertices %v, NetworkX %v", cuts, want.ArticulationPoints)
			}

			// Mixing by sector.
			d = c.mustOK(`query($n: NetworkFilter) { sectorMixing(network: $n) { pairs { a b ties density } groups { key label size eiIndex } eiIndex assortativity } }`, vars)
			mix := d["sectorMixing"].(map[string]any)
			pairs := map[string]int{}
			for _, p := range mix["pairs"].([]any) {
				pm := p.(map[string]any)
				if pm["a"].(string) > pm["b"].(string) {
					t.Errorf("pair %v not ordered a ≤ b", pm)
				}
				pairs[pm["a"].(string)+"|"+pm["b"].(string)] = int(pm["ties"].(float64))
			}
			if fmt.Sprint(pairs) != fmt.Sprint(want.PairTies) {
				t.Errorf("pair ties %v, want %v", pairs, want.PairTies)
			}
			for _, gr := range mix["groups"].([]any) {
				gm := gr.(map[string]any)
				w := want.GroupEI[gm["key"].(string)]
				if got, ok := gm["eiIndex"].(float64); (w == nil) != !ok || (w != nil && !near(got, *w)) {
					t.Errorf("E-I of %v = %v, want %v", gm["key"], gm["eiIndex"], fmtPtr(w))
				}
			}
			if got, ok := mix["eiIndex"].(float64); (want.EI == nil) != !ok || (want.EI != nil && !near(got, *want.EI)) {
				t.Errorf("network E-I %v, want %v", mix["eiIndex"], fmtPtr(want.EI))
			}
			if got, ok := mix["assortativity"].(float64); (want.Assortativity == nil) != !ok || (want.Assortativity != nil && !near(got, *want.Assortativity)) {
				t.Errorf("assortativity %v, NetworkX %v", mix["assortativity"], fmtPtr(want.Assortativity))
			}

			// Intermediaries by sector: all pairs, and government → civil society.
			for _, tc := range []struct {
				between []string
				want    map[string]float64
			}{{nil, want.GroupPairBetweenness}, {[]string{"government", "civil_society"}, want.PairGovCivil}} {
				if tc.between != nil && len(tc.want) == 0 {
					continue
				}
				d = c.mustOK(`query($n: NetworkFilter, $b: [String!]) { intermediaries(network: $n, between: $b, first: 500) {
					actor { id } groupPairBetweenness brokerage { total } } }`, map[string]any{"n": filter, "b": tc.between})
				list := d["intermediaries"].([]any)
				if len(list) != len(gf.Nodes) {
					t.Errorf("intermediaries %v: %d actors, slice has %d", tc.between, len(list), len(gf.Nodes))
				}
				for _, it := range list {
					m := it.(map[string]any)
					id := m["actor"].(map[string]any)["id"].(string)
					if !near(m["groupPairBetweenness"].(float64), tc.want[id]) {
						t.Errorf("intermediaries %v: %s = %v, NetworkX %v", tc.between, id, m["groupPairBetweenness"], tc.want[id])
					}
					if got := m["brokerage"].(map[string]any)["total"].(float64); got != want.BrokerageTotal[id] {
						t.Errorf("brokerage total of %s = %v, want %v", id, got, want.BrokerageTotal[id])
					}
				}
			}
			d = c.mustOK(`query($n: NetworkFilter) { brokerageCensus(network: $n) { roles { role observed } } }`, vars)
			sum := 0.0
			for _, x := range want.BrokerageTotal {
				sum += x
			}
			for _, r := range d["brokerageCensus"].(map[string]any)["roles"].([]any) {
				if rm := r.(map[string]any); rm["role"] == "total" && rm["observed"].(float64) != sum {
					t.Errorf("census total %v, want %v", rm["observed"], sum)
				}
			}
			if want.GroupReach != nil {
				d = c.mustOK(`query($n: NetworkFilter) { groupReach(from: "government", to: "civil_society", maxHops: 2, network: $n) { reached total } }`, vars)
				gr := d["groupReach"].(map[string]any)
				if int(gr["reached"].(float64)) != want.GroupReach.Reached || int(gr["total"].(float64)) != want.GroupReach.Total {
					t.Errorf("group reach %v, want %+v", gr, *want.GroupReach)
				}
			}
			// Shortest paths from the first actor of the slice to a few others.
			checked := 0
			for to, dist := range want.Distances.To {
				if to == want.Distances.From || checked == 5 {
					continue
				}
				checked++
				d = c.mustOK(`query($a: ID!, $b: ID!, $n: NetworkFilter) { shortestPath(from: $a, to: $b, network: $n) { hops distance partnerships { id } } }`,
					map[string]any{"a": want.Distances.From, "b": to, "n": filter})
				p := d["shortestPath"].(map[string]any)
				if !near(p["distance"].(float64), dist) {
					t.Errorf("path %s→%s distance %v, NetworkX %v", want.Distances.From, to, p["distance"], dist)
				}
			}

			// Nearest civil-society actor from the first actor, and that actor's own fields.
			from := want.Distances.From
			best := math.Inf(1)
			for id, dd := range want.Distances.To {
				if id != from && g.Attrs[id].Sector == "civil_society" {
					best = math.Min(best, dd)
				}
			}
			d = c.mustOK(`query($a: ID!, $n: NetworkFilter) { nearestInGroup(actorId: $a, group: "civil_society", network: $n) { distance }
				actor(id: $a) { brokerage(network: $n) { total } isCutVertex(network: $n) reach(maxHops: 2, network: $n) { total } } }`,
				map[string]any{"a": from, "n": filter})
			if np, ok := d["nearestInGroup"].(map[string]any); ok != !math.IsInf(best, 1) || (ok && !near(np["distance"].(float64), best)) {
				t.Errorf("nearest civil-society actor from %s: %v, NetworkX distance %v", from, d["nearestInGroup"], best)
			}
			act := d["actor"].(map[string]any)
			if got := act["brokerage"].(map[string]any)["total"].(float64); got != want.BrokerageTotal[from] {
				t.Errorf("Actor.brokerage of %s = %v, want %v", from, got, want.BrokerageTotal[from])
			}
			isCut := false
			for _, id := range want.ArticulationPoints {
				isCut = isCut || id == from
			}
			if act["isCutVertex"] != isCut {
				t.Errorf("Actor.isCutVertex of %s = %v, NetworkX %v", from, act["isCutVertex"], isCut)
			}
			if r, ok := want.Reach2[from]; ok && int(act["reach"].(map[string]any)["total"].(float64)) != r.Total {
				t.Errorf("Actor.reach of %s = %v, want %d", from, act["reach"], r.Total)
			}

			// Reach within 2 hops, for a few actors.
			for src, r := range want.Reach2 {
				d = c.mustOK(`query($id: ID!, $n: NetworkFilter) { crossSectorReach(actorId: $id, maxHops: 2, network: $n) {
					total crossGroup groupsReached diversity byGroup { key count share } byHop { hops count } } }`,
					map[string]any{"id": src, "n": filter})
				got := d["crossSectorReach"].(map[string]any)
				if int(got["total"].(float64)) != r.Total || int(got["crossGroup"].(float64)) != r.Cross ||
					int(got["groupsReached"].(float64)) != len(r.ByGroup) || !near(got["diversity"].(float64), r.Diversity) {
					t.Errorf("reach of %s = %v, want %+v", src, got, r)
				}
				for i, h := range got["byHop"].([]any) {
					if int(h.(map[string]any)["count"].(float64)) != r.ByHop[i] {
						t.Errorf("reach of %s at %d hops = %v, want %d", src, i+1, h, r.ByHop[i])
					}
				}
				for _, bg := range got["byGroup"].([]any) {
					m := bg.(map[string]any)
					if int(m["count"].(float64)) != r.ByGroup[m["key"].(string)] {
						t.Errorf("reach of %s in %v = %v, want %d", src, m["key"], m["count"], r.ByGroup[m["key"].(string)])
					}
				}
			}
		})
	}
}

// TestBrokerageAndIntermediariesMatchOracles checks brokerage (R sna) and group-pair
// betweenness (NetworkX) through GraphQL: the stakeholder graph's regions are exactly the
// oracle's three groups (north, south, east = g0, g1, g2 by id order).
func TestBrokerageAndIntermediariesMatchOracles(t *testing.T) {
	c, store := newClient(t)
	loadStakeholders(t, store)
	want := readBrokerageGolden(t, "stakeholders.UNDIRECTED")
	d := c.mustOK(`{ actors(first: 100, orderBy: {field: ID}) { edges { node { id brokerage(groupBy: REGION) {
		coordinator itinerant representative gatekeeper liaison total } } } }
		brokerageCensus(groupBy: REGION) { roles { role observed expected sd z } } }`, nil)
	roles := []string{"coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"}
	for _, e := range d["actors"].(map[string]any)["edges"].([]any) {
		n := e.(map[string]any)["node"].(map[string]any)
		b := n["brokerage"].(map[string]any)
		for k, role := range roles {
			if b[role].(float64) != want[n["id"].(string)][k] {
				t.Errorf("%s %s = %v, sna %v", n["id"], role, b[role], want[n["id"].(string)][k])
			}
		}
	}
	for k, r := range d["brokerageCensus"].(map[string]any)["roles"].([]any) {
		rm := r.(map[string]any)
		for field, row := range map[string]string{"observed": "census.raw", "expected": "census.exp", "sd": "census.sd", "z": "census.z"} {
			if !near(rm[field].(float64), want[row][k]) {
				t.Errorf("census %s %s = %v, sna %v", rm["role"], field, rm[field], want[row][k])
			}
		}
	}

	var golden struct {
		Views map[string]struct {
			Intermediaries struct {
				Pair map[string]float64 `json:"pair_betweenness_g0_g1"`
				All  map[string]float64 `json:"group_pair_betweenness"`
			}
		}
	}
	readFile(t, "../testdata/oracle/golden/stakeholders.json", &golden)
	gold := golden.Views["UNDIRECTED/unweighted"].Intermediaries
	for _, tc := range []struct {
		between []string
		want    map[string]float64
	}{{nil, gold.All}, {[]string{"north", "south"}, gold.Pair}} {
		d = c.mustOK(`query($b: [String!]) { intermediaries(groupBy: REGION, between: $b, first: 500) {
			actor { id } betweenness groupPairBetweenness constraint isCutVertex brokerage { total } connects { a b count } } }`,
			map[string]any{"b": tc.between})
		list := d["intermediaries"].([]any)
		if len(list) != 60 {
			t.Fatalf("%d intermediaries, want all 60", len(list))
		}
		prev := math.Inf(1)
		for _, it := range list {
			m := it.(map[string]any)
			id := m["actor"].(map[string]any)["id"].(string)
			got := m["groupPairBetweenness"].(float64)
			if !near(got, tc.want[id]) {
				t.Errorf("between %v: %s group-pair betweenness %v, NetworkX %v", tc.between, id, got, tc.want[id])
			}
			if got > prev {
				t.Errorf("intermediaries not ranked by group-pair betweenness")
			}
			prev = got
			for _, cn := range m["connects"].([]any) {
				cm := cn.(map[string]any)
				if tc.between != nil && !(cm["a"] == "north" && cm["b"] == "south") {
					t.Errorf("connects %v outside the between pair", cm)
				}
			}
		}
	}
}

func readBrokerageGolden(t *testing.T, name string) map[string][6]float64 {
	t.Helper()
	raw, err := readText(filepath.Join("../testdata/oracle/brokerage", name+".golden.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][6]float64{}
	for i, line := range strings.Split(strings.TrimSpace(raw), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		var row [6]float64
		for k := 0; k < 6; k++ {
			fmt.Sscan(strings.TrimSpace(f[k+1]), &row[k])
		}
		out[strings.TrimSpace(f[0])] = row
	}
	return out
}

func TestPathsAndValidation(t *testing.T) {
	c, store := newClient(t)
	loadStakeholders(t, store)
	d := c.mustOK(`{ shortestPath(from: "sh00", to: "sh30") { hops distance actors { id } partnerships { id source { id } target { id } } } }`, nil)
	p := d["shortestPath"].(map[string]any)
	actors := p["actors"].([]any)
	parts := p["partnerships"].([]any)
	if len(actors) != int(p["hops"].(float64))+1 || len(parts) != len(actors)-1 {
		t.Fatalf("path %v", p)
	}
	for i, pt := range parts {
		pm := pt.(map[string]any)
		a := actors[i].(map[string]any)["id"]
		b := actors[i+1].(map[string]any)["id"]
		s, tg := pm["source"].(map[string]any)["id"], pm["target"].(map[string]any)["id"]
		if !((s == a && tg == b) || (s == b && tg == a)) {
			t.Errorf("partnership %v does not join %v and %v", pm["id"], a, b)
		}
	}
	d = c.mustOK(`{ nearestInGroup(actorId: "sh00", group: "business") { hops actors { id sector { code } } } }`, nil)
	np := d["nearestInGroup"].(map[string]any)
	as := np["actors"].([]any)
	if last := as[len(as)-1].(map[string]any); last["sector"].(map[string]any)["code"] != "business" {
		t.Errorf("nearest business actor is %v", last)
	}
	d = c.mustOK(`{ groupReach(from: "government", to: "business", maxHops: 6) { reached total share }
		actor(id: "sh00") { isCutVertex removalImpact { disconnected componentsBefore componentsAfter } eiIndex reach(maxHops: 1) { total } } }`, nil)
	gr := d["groupReach"].(map[string]any)
	if gr["total"].(float64) != 12 || gr["share"].(float64) <= 0 {
		t.Errorf("group reach %v", gr)
	}
	for _, q := range []string{
		`{ crossSectorReach(actorId: "sh00", maxHops: 7) { total } }`,
		`{ crossSectorReach(actorId: "sh00", maxHops: 0) { total } }`,
		`{ intermediaries(between: ["government"]) { groupPairBetweenness } }`,
		`{ intermediaries(between: ["government", "nope"]) { groupPairBetweenness } }`,
		`{ groupReach(from: "government", to: "nope") { share } }`,
		`{ sectorMixing(network: {sectors: ["nope"]}) { eiIndex } }`,
		`{ intermediaries(first: 0) { groupPairBetweenness } }`,
	} {
		r := c.do(q, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: got %+v, want BAD_USER_INPUT", q, r.Errors)
		}
	}
	for _, q := range []string{
		`{ crossSectorReach(actorId: "ghost") { total } }`,
		`{ shortestPath(from: "sh00", to: "ghost") { hops } }`,
	} {
		r := c.do(q, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "NOT_FOUND" {
			t.Errorf("%s: got %+v, want NOT_FOUND", q, r.Errors)
		}
	}
}
