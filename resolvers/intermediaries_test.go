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
// the stakeholder graph (memstore) for the whole network, a sector slice and a time window, and compares with
// NetworkX and design.md's definitions computed by make_golden.py.
func TestIntermediaryQueriesOnSlices(t *testing.T) {
	c, g, golden := stakeholderClient(t)
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
			type args struct {
				Network any      `json:"n"`
				Between []string `json:"b,omitempty"`
				A       string   `json:"a,omitempty"`
				B       string   `json:"b2,omitempty"`
				ID      string   `json:"id,omitempty"`
			}
			vars := args{Network: filter}
			type ranking struct {
				Edges []struct {
					Node struct {
						Score *float64
						Actor struct{ ID string }
					}
				}
			}

			// Structural holes through Actor.metrics, for every actor in the slice.
			var holes struct{ Centrality, Es ranking }
			c.must(`query($n: NetworkFilter) { centrality(metric: CONSTRAINT, network: $n, first: 500) { edges { node { score actor { id } } } }
				es: centrality(metric: EFFECTIVE_SIZE, network: $n, first: 500) { edges { node { score actor { id } } } } }`, vars, &holes)
			for key, r := range map[string]struct {
				got  ranking
				gold map[string]*float64
			}{"constraint": {holes.Centrality, want.Constraint}, "effective size": {holes.Es, want.EffectiveSize}} {
				for _, e := range r.got.Edges {
					id, got, w := e.Node.Actor.ID, e.Node.Score, r.gold[e.Node.Actor.ID]
					if (w == nil) != (got == nil) || (w != nil && !near(*got, *w)) {
						t.Errorf("%s[%s] = %v, NetworkX %v", key, id, fmtPtr(got), fmtPtr(w))
					}
				}
			}

			// Cut points.
			var cp struct {
				CutPoints struct{ CutVertices []struct{ ID string } }
			}
			c.must(`query($n: NetworkFilter) { cutPoints(network: $n) { cutVertices { id } bridges { id } } }`, vars, &cp)
			var cuts []string
			for _, a := range cp.CutPoints.CutVertices {
				cuts = append(cuts, a.ID)
			}
			sort.Strings(cuts)
			if fmt.Sprint(cuts) != fmt.Sprint(want.ArticulationPoints) && !(len(cuts) == 0 && len(want.ArticulationPoints) == 0) {
				t.Errorf("cut vertices %v, NetworkX %v", cuts, want.ArticulationPoints)
			}

			// Mixing by sector.
			var mixing struct {
				SectorMixing struct {
					Pairs []struct {
						A, B    string
						Ties    int
						Density float64
					}
					Groups []struct {
						Key, Label string
						Size       int
						EiIndex    *float64
					}
					EiIndex, Assortativity *float64
				}
			}
			c.must(`query($n: NetworkFilter) { sectorMixing(network: $n) { pairs { a b ties density } groups { key label size eiIndex } eiIndex assortativity } }`, vars, &mixing)
			mix := mixing.SectorMixing
			pairs := map[string]int{}
			for _, pm := range mix.Pairs {
				if pm.A > pm.B {
					t.Errorf("pair %+v not ordered a ≤ b", pm)
				}
				pairs[pm.A+"|"+pm.B] = pm.Ties
			}
			if fmt.Sprint(pairs) != fmt.Sprint(want.PairTies) {
				t.Errorf("pair ties %v, want %v", pairs, want.PairTies)
			}
			same := func(got, w *float64) bool { return (w == nil) == (got == nil) && (w == nil || near(*got, *w)) }
			for _, gm := range mix.Groups {
				if w := want.GroupEI[gm.Key]; !same(gm.EiIndex, w) {
					t.Errorf("E-I of %v = %v, want %v", gm.Key, fmtPtr(gm.EiIndex), fmtPtr(w))
				}
			}
			if !same(mix.EiIndex, want.EI) {
				t.Errorf("network E-I %v, want %v", fmtPtr(mix.EiIndex), fmtPtr(want.EI))
			}
			if !same(mix.Assortativity, want.Assortativity) {
				t.Errorf("assortativity %v, NetworkX %v", fmtPtr(mix.Assortativity), fmtPtr(want.Assortativity))
			}

			// Intermediaries by sector: all pairs, and government → civil society.
			for _, tc := range []struct {
				between []string
				want    map[string]float64
			}{{nil, want.GroupPairBetweenness}, {[]string{"government", "civil_society"}, want.PairGovCivil}} {
				if tc.between != nil && len(tc.want) == 0 {
					continue
				}
				var im struct {
					Intermediaries []struct {
						Actor                struct{ ID string }
						GroupPairBetweenness float64
						Brokerage            struct{ Total float64 }
					}
				}
				c.must(`query($n: NetworkFilter, $b: [String!]) { intermediaries(network: $n, between: $b, first: 500) {
					actor { id } groupPairBetweenness brokerage { total } } }`, args{Network: filter, Between: tc.between}, &im)
				if len(im.Intermediaries) != len(gf.Nodes) {
					t.Errorf("intermediaries %v: %d actors, slice has %d", tc.between, len(im.Intermediaries), len(gf.Nodes))
				}
				for _, m := range im.Intermediaries {
					id := m.Actor.ID
					if !near(m.GroupPairBetweenness, tc.want[id]) {
						t.Errorf("intermediaries %v: %s = %v, NetworkX %v", tc.between, id, m.GroupPairBetweenness, tc.want[id])
					}
					if m.Brokerage.Total != want.BrokerageTotal[id] {
						t.Errorf("brokerage total of %s = %v, want %v", id, m.Brokerage.Total, want.BrokerageTotal[id])
					}
				}
			}
			var census struct {
				BrokerageCensus struct {
					Roles []struct {
						Role     string
						Observed float64
					}
				}
			}
			c.must(`query($n: NetworkFilter) { brokerageCensus(network: $n) { roles { role observed } } }`, vars, &census)
			sum := 0.0
			for _, x := range want.BrokerageTotal {
				sum += x
			}
			for _, rm := range census.BrokerageCensus.Roles {
				if rm.Role == "total" && rm.Observed != sum {
					t.Errorf("census total %v, want %v", rm.Observed, sum)
				}
			}
			if want.GroupReach != nil {
				var gr struct{ GroupReach struct{ Reached, Total int } }
				c.must(`query($n: NetworkFilter) { groupReach(from: "government", to: "civil_society", maxHops: 2, network: $n) { reached total } }`, vars, &gr)
				if gr.GroupReach.Reached != want.GroupReach.Reached || gr.GroupReach.Total != want.GroupReach.Total {
					t.Errorf("group reach %+v, want %+v", gr.GroupReach, *want.GroupReach)
				}
			}
			// Shortest paths from the first actor of the slice to a few others.
			checked := 0
			for to, dist := range want.Distances.To {
				if to == want.Distances.From || checked == 5 {
					continue
				}
				checked++
				var sp struct{ ShortestPath *struct{ Distance float64 } }
				c.must(`query($a: ID!, $b2: ID!, $n: NetworkFilter) { shortestPath(from: $a, to: $b2, network: $n) { hops distance partnerships { id } } }`,
					args{A: want.Distances.From, B: to, Network: filter}, &sp)
				if sp.ShortestPath == nil || !near(sp.ShortestPath.Distance, dist) {
					t.Errorf("path %s→%s %+v, NetworkX distance %v", want.Distances.From, to, sp.ShortestPath, dist)
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
			var near1 struct {
				NearestInGroup *struct{ Distance float64 }
				Actor          struct {
					Brokerage   struct{ Total float64 }
					IsCutVertex bool
					Reach       *struct{ Total int }
				}
			}
			c.must(`query($a: ID!, $n: NetworkFilter) { nearestInGroup(actorId: $a, group: "civil_society", network: $n) { distance }
				actor(id: $a) { brokerage(network: $n) { total } isCutVertex(network: $n) reach(maxHops: 2, network: $n) { total } } }`,
				args{A: from, Network: filter}, &near1)
			if np := near1.NearestInGroup; (np != nil) != !math.IsInf(best, 1) || (np != nil && !near(np.Distance, best)) {
				t.Errorf("nearest civil-society actor from %s: %+v, NetworkX distance %v", from, np, best)
			}
			act := near1.Actor
			if act.Brokerage.Total != want.BrokerageTotal[from] {
				t.Errorf("Actor.brokerage of %s = %v, want %v", from, act.Brokerage.Total, want.BrokerageTotal[from])
			}
			isCut := false
			for _, id := range want.ArticulationPoints {
				isCut = isCut || id == from
			}
			if act.IsCutVertex != isCut {
				t.Errorf("Actor.isCutVertex of %s = %v, NetworkX %v", from, act.IsCutVertex, isCut)
			}
			if r, ok := want.Reach2[from]; ok && (act.Reach == nil || act.Reach.Total != r.Total) {
				t.Errorf("Actor.reach of %s = %+v, want %d", from, act.Reach, r.Total)
			}

			// Reach within 2 hops, for a few actors.
			for src, r := range want.Reach2 {
				var reach struct {
					CrossSectorReach struct {
						Total, CrossGroup, GroupsReached int
						Diversity                        float64
						ByGroup                          []struct {
							Key   string
							Count int
							Share float64
						}
						ByHop []struct{ Hops, Count int }
					}
				}
				c.must(`query($id: ID!, $n: NetworkFilter) { crossSectorReach(actorId: $id, maxHops: 2, network: $n) {
					total crossGroup groupsReached diversity byGroup { key count share } byHop { hops count } } }`,
					args{ID: src, Network: filter}, &reach)
				got := reach.CrossSectorReach
				if got.Total != r.Total || got.CrossGroup != r.Cross || got.GroupsReached != len(r.ByGroup) || !near(got.Diversity, r.Diversity) {
					t.Errorf("reach of %s = %+v, want %+v", src, got, r)
				}
				for i, h := range got.ByHop {
					if h.Count != r.ByHop[i] {
						t.Errorf("reach of %s at %d hops = %+v, want %d", src, i+1, h, r.ByHop[i])
					}
				}
				for _, m := range got.ByGroup {
					if m.Count != r.ByGroup[m.Key] {
						t.Errorf("reach of %s in %v = %v, want %d", src, m.Key, m.Count, r.ByGroup[m.Key])
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
	c, _, _ := stakeholderClient(t)
	want := readBrokerageGolden(t, "stakeholders.UNDIRECTED")
	var d brokerageAnswer
	c.must(`{ actors(first: 100, orderBy: {field: ID}) { edges { node { id brokerage(groupBy: REGION) {
		coordinator itinerant representative gatekeeper liaison total } } } }
		brokerageCensus(groupBy: REGION) { roles { role observed expected sd z } } }`, nil, &d)
	checkBrokerage(t, "by region", d, want)

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
		var im struct {
			Intermediaries []struct {
				Actor                struct{ ID string }
				GroupPairBetweenness float64
				Connects             []struct {
					A, B  string
					Count int
				}
			}
		}
		c.must(`query($b: [String!]) { intermediaries(groupBy: REGION, between: $b, first: 500) {
			actor { id } betweenness groupPairBetweenness constraint isCutVertex brokerage { total } connects { a b count } } }`,
			struct {
				Between []string `json:"b"`
			}{tc.between}, &im)
		if len(im.Intermediaries) != 60 {
			t.Fatalf("%d intermediaries, want all 60", len(im.Intermediaries))
		}
		prev := math.Inf(1)
		for _, m := range im.Intermediaries {
			id, got := m.Actor.ID, m.GroupPairBetweenness
			if !near(got, tc.want[id]) {
				t.Errorf("between %v: %s group-pair betweenness %v, NetworkX %v", tc.between, id, got, tc.want[id])
			}
			if got > prev {
				t.Errorf("intermediaries not ranked by group-pair betweenness")
			}
			prev = got
			for _, cm := range m.Connects {
				if tc.between != nil && !(cm.A == "north" && cm.B == "south") {
					t.Errorf("connects %+v outside the between pair", cm)
				}
			}
		}
	}
}

// brokerageAnswer is every actor's brokerage roles and the census, as the oracle tests ask.
type brokerageAnswer struct {
	Actors struct {
		Edges []struct {
			Node struct {
				ID        string
				Brokerage map[string]float64
			}
		}
	}
	BrokerageCensus struct {
		Roles []struct {
			Role                      string
			Observed, Expected, Sd, Z float64
		}
	}
}

// checkBrokerage compares brokerage roles (exactly) and the census (to 1e-9) with R sna's
// golden rows (readBrokerageGolden).
func checkBrokerage(t *testing.T, what string, d brokerageAnswer, want map[string][6]float64) {
	t.Helper()
	roles := []string{"coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"}
	for _, e := range d.Actors.Edges {
		for k, role := range roles {
			if got := e.Node.Brokerage[role]; got != want[e.Node.ID][k] {
				t.Errorf("%s: %s %s = %v, sna %v", what, e.Node.ID, role, got, want[e.Node.ID][k])
			}
		}
	}
	for k, rm := range d.BrokerageCensus.Roles {
		for _, f := range []struct {
			name, row string
			got       float64
		}{{"observed", "census.raw", rm.Observed}, {"expected", "census.exp", rm.Expected}, {"sd", "census.sd", rm.Sd}, {"z", "census.z", rm.Z}} {
			if !near(f.got, want[f.row][k]) {
				t.Errorf("%s: census %s %s = %v, sna %v", what, rm.Role, f.name, f.got, want[f.row][k])
			}
		}
	}
}

func readBrokerageGolden(t *testing.T, name string) map[string][6]float64 {
	t.Helper()
	return readBrokerageGoldenIn(t, "brokerage", name)
}

// readBrokerageGoldenIn reads make_brokerage_golden.R's output for name from a directory of
// testdata/oracle.
func readBrokerageGoldenIn(t *testing.T, dir, name string) map[string][6]float64 {
	t.Helper()
	raw, err := readText(filepath.Join("../testdata/oracle", dir, name+".golden.tsv"))
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
	c, _, _ := stakeholderClient(t)
	type ref struct{ ID string }
	var path struct {
		ShortestPath struct {
			Hops         int
			Distance     float64
			Actors       []ref
			Partnerships []struct {
				ID             string
				Source, Target ref
			}
		}
	}
	c.must(`{ shortestPath(from: "sh00", to: "sh30") { hops distance actors { id } partnerships { id source { id } target { id } } } }`, nil, &path)
	p := path.ShortestPath
	if len(p.Actors) != p.Hops+1 || len(p.Partnerships) != len(p.Actors)-1 {
		t.Fatalf("path %+v", p)
	}
	for i, pm := range p.Partnerships {
		a, b, s, tg := p.Actors[i].ID, p.Actors[i+1].ID, pm.Source.ID, pm.Target.ID
		if !((s == a && tg == b) || (s == b && tg == a)) {
			t.Errorf("partnership %v does not join %v and %v", pm.ID, a, b)
		}
	}
	var nearest struct {
		NearestInGroup struct {
			Actors []struct {
				ID     string
				Sector struct{ Code string }
			}
		}
	}
	c.must(`{ nearestInGroup(actorId: "sh00", group: "business") { hops actors { id sector { code } } } }`, nil, &nearest)
	as := nearest.NearestInGroup.Actors
	if last := as[len(as)-1]; last.Sector.Code != "business" {
		t.Errorf("nearest business actor is %+v", last)
	}
	var gr struct {
		GroupReach struct {
			Reached, Total int
			Share          float64
		}
	}
	c.must(`{ groupReach(from: "government", to: "business", maxHops: 6) { reached total share }
		actor(id: "sh00") { isCutVertex removalImpact { disconnected componentsBefore componentsAfter } eiIndex reach(maxHops: 1) { total } } }`, nil, &gr)
	if gr.GroupReach.Total != 12 || gr.GroupReach.Share <= 0 {
		t.Errorf("group reach %+v", gr.GroupReach)
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
		if r := c.ask(q, nil); r.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: got %+v, want BAD_USER_INPUT", q, r.Errors)
		}
	}
	for _, q := range []string{
		`{ crossSectorReach(actorId: "ghost") { total } }`,
		`{ shortestPath(from: "sh00", to: "ghost") { hops } }`,
	} {
		if r := c.ask(q, nil); r.Code() != "NOT_FOUND" {
			t.Errorf("%s: got %+v, want NOT_FOUND", q, r.Errors)
		}
	}
}
