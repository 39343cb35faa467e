package resolvers_test

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// dynamicsOracle is testdata/oracle/dynamics/network.json (make_dynamics_golden.py).
type dynamicsOracle struct {
	Actors       []struct{ ID, Name, Sector string }
	Partnerships []struct {
		ID, Source, Target, Type string
		Weight                   float64
		Directed                 bool
		Since, Until             *string
	}
}

type tieStepGolden struct {
	From, To                     string
	Formed, Dissolved, Persisted int
	Jaccard                      *float64
	ActorsEntered, ActorsLeft    int
	ByGroupPair                  map[string]struct{ Formed, Dissolved, Persisted int }
}

type layersGolden struct {
	Layers []struct {
		Type                     string
		Actors, Ties, Components int
		Density                  float64
	}
	Overlaps []struct {
		A, B        string
		Jaccard     float64
		Correlation *float64
	}
	Multiplexity  float64
	Degrees       map[string]map[string]int
	Participation map[string]*float64
}

// dynamicsGolden is testdata/oracle/dynamics/golden.json.
type dynamicsGolden struct {
	Steps          []string
	Window         int
	Dynamics       []tieStepGolden
	DynamicsWindow []tieStepGolden
	Changes        []struct{ Date, ID, Change string }
	Panel          map[string]map[string]map[string]map[string]float64 // view → metric → date → actor → value
	Stability      map[string][]struct {
		From, To             string
		Spearman, KendallTau *float64
		TopOverlap           float64
	}
	Layers, LayersAsOf layersGolden
	LayerDate          string
}

// loadDynamicsOracle imports the dated multi-type oracle network through importNetworkJson.
func loadDynamicsOracle(t *testing.T, c *client) (dynamicsOracle, dynamicsGolden) {
	t.Helper()
	var net dynamicsOracle
	readFile(t, "../testdata/oracle/dynamics/network.json", &net)
	var golden dynamicsGolden
	readFile(t, "../testdata/oracle/dynamics/golden.json", &golden)
	c.mustImportRows(net.rows(nil))
	return net, golden
}

// rows are the network's import rows: the actors keep accepts (nil: all) and the partnerships
// among them.
func (net dynamicsOracle) rows(keep func(id string) bool) (actors, ties []map[string]any) {
	for _, a := range net.Actors {
		if keep == nil || keep(a.ID) {
			actors = append(actors, map[string]any{"id": a.ID, "name": a.Name, "sector": a.Sector})
		}
	}
	for _, p := range net.Partnerships {
		if keep != nil && (!keep(p.Source) || !keep(p.Target)) {
			continue
		}
		row := map[string]any{"id": p.ID, "source": p.Source, "target": p.Target, "type": p.Type,
			"weight": strconv.FormatFloat(p.Weight, 'g', -1, 64), "directed": strconv.FormatBool(p.Directed)}
		if p.Since != nil {
			row["since"] = *p.Since
		}
		if p.Until != nil {
			row["until"] = *p.Until
		}
		ties = append(ties, row)
	}
	return actors, ties
}

// mustImportRows imports rows through importNetworkJson, which must succeed with every row.
func (c *client) mustImportRows(actors, ties []map[string]any) {
	c.tb.Helper()
	var imp struct {
		ImportNetworkJSON struct {
			Status               string
			Actors, Partnerships int
		} `json:"importNetworkJson"`
	}
	c.must(`mutation($a: [ImportActorRow!], $p: [ImportPartnershipRow!]) { importNetworkJson(actors: $a, partnerships: $p) { status actors partnerships } }`,
		map[string]any{"a": actors, "p": ties}, &imp)
	if imp.ImportNetworkJSON.Status != "SUCCEEDED" || imp.ImportNetworkJSON.Partnerships != len(ties) {
		c.tb.Fatalf("import %+v", imp.ImportNetworkJSON)
	}
}

// TestDynamicsMatchOracles loads the dated multi-type oracle network into Neo4j and checks, to
// 1e-9: tieDynamics with and without a window against set differences (formed, dissolved,
// persisted, Jaccard, actors entered and left, the split by sector pair), tieChanges against
// the partnerships' dates, metricPanel against NetworkX on each step date's views, rankStability
// against SciPy's spearmanr and kendalltau (τ-b) and the top-5 overlap, and layers (on the whole
// network and as of a date), layerDegrees and multiplexParticipation against their definitions.
func TestDynamicsMatchOracles(t *testing.T) {
	c, _ := newNeo4jClient(t)
	net, golden := loadDynamicsOracle(t, c)
	from, to := golden.Steps[0], golden.Steps[len(golden.Steps)-1]

	checkSteps := func(name string, got []tieStepResult, want []tieStepGolden) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d steps, golden %d", name, len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.From != w.From || g.To != w.To || g.Formed != w.Formed || g.Dissolved != w.Dissolved || g.Persisted != w.Persisted ||
				g.ActorsEntered != w.ActorsEntered || g.ActorsLeft != w.ActorsLeft || !nearOpt(g.Jaccard, w.Jaccard) {
				t.Errorf("%s step %d: %+v (jaccard %s), golden %+v (jaccard %s)", name, i, g, optFloat(g.Jaccard), w, optFloat(w.Jaccard))
			}
			pairs := map[string]bool{}
			for _, p := range g.ByGroupPair {
				key := p.A + "|" + p.B
				pairs[key] = true
				wp, ok := w.ByGroupPair[key]
				if !ok || p.Formed != wp.Formed || p.Dissolved != wp.Dissolved || p.Persisted != wp.Persisted {
					t.Errorf("%s step %d pair %s: %+v, golden %+v (present %v)", name, i, key, p, wp, ok)
				}
				if p.ALabel == "" || p.BLabel == "" {
					t.Errorf("%s step %d pair %s without labels", name, i, key)
				}
			}
			for key := range w.ByGroupPair {
				if !pairs[key] {
					t.Errorf("%s step %d: pair %s missing", name, i, key)
				}
			}
		}
	}
	const stepFields = `from to formed dissolved persisted jaccard actorsEntered actorsLeft byGroupPair { a b aLabel bLabel formed dissolved persisted }`
	var dyn struct{ TieDynamics []tieStepResult }
	c.must(`query($f: Date!, $t: Date!) { tieDynamics(from: $f, to: $t) { `+stepFields+` } }`, map[string]any{"f": from, "t": to}, &dyn)
	checkSteps("tieDynamics", dyn.TieDynamics, golden.Dynamics)
	c.must(`query($f: Date!, $t: Date!, $w: Int) { tieDynamics(network: {window: $w}, from: $f, to: $t, step: YEAR, groupBy: SECTOR) { `+stepFields+` } }`,
		map[string]any{"f": from, "t": to, "w": golden.Window}, &dyn)
	checkSteps("tieDynamics with window", dyn.TieDynamics, golden.DynamicsWindow)

	// tieChanges, paged by 50.
	var events []string
	after := ""
	for page := 0; page < 10; page++ {
		var r struct {
			TieChanges struct {
				Edges []struct {
					Node struct {
						Partnership  struct{ ID string }
						Change, Date string
					}
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
				TotalCount int
			}
		}
		vars := map[string]any{"f": "2017-01-01", "t": "2020-01-01"}
		if after != "" {
			vars["a"] = after
		}
		c.must(`query($f: Date!, $t: Date!, $a: String) { tieChanges(from: $f, to: $t, first: 50, after: $a) { edges { node { partnership { id } change date } } pageInfo { hasNextPage endCursor } totalCount } }`, vars, &r)
		if r.TieChanges.TotalCount != len(golden.Changes) {
			t.Errorf("tieChanges totalCount %d, golden %d", r.TieChanges.TotalCount, len(golden.Changes))
		}
		for _, e := range r.TieChanges.Edges {
			events = append(events, e.Node.Date+" "+e.Node.Change+" "+e.Node.Partnership.ID)
		}
		if !r.TieChanges.PageInfo.HasNextPage {
			break
		}
		after = r.TieChanges.PageInfo.EndCursor
	}
	var want []string
	for _, e := range golden.Changes {
		want = append(want, e.Date+" "+e.Change+" "+e.ID)
	}
	if strings.Join(events, "\n") != strings.Join(want, "\n") {
		t.Errorf("tieChanges:\n%s\ngolden:\n%s", strings.Join(events, "\n"), strings.Join(want, "\n"))
	}

	// metricPanel on both views, every actor on every date, all pages.
	for view, metrics := range golden.Panel {
		for metric, byDate := range metrics {
			seen := 0
			after := ""
			for page := 0; page < 10; page++ {
				var r struct {
					MetricPanel struct {
						Edges []struct {
							Node struct {
								Actor  struct{ ID string }
								Points []struct {
									Date  string
									Score *float64
								}
							}
						}
						PageInfo struct {
							HasNextPage bool
							EndCursor   string
						}
						TotalCount int
						Dates      []string
					}
				}
				vars := map[string]any{"m": metric, "d": view, "f": from, "t": to}
				if after != "" {
					vars["a"] = after
				}
				c.must(`query($m: CentralityMetric!, $d: Direction, $f: Date!, $t: Date!, $a: String) {
					metricPanel(metric: $m, network: {direction: $d}, from: $f, to: $t, first: 25, after: $a) {
						edges { node { actor { id } points { date score } } } pageInfo { hasNextPage endCursor } totalCount dates } }`, vars, &r)
				p := r.MetricPanel
				if strings.Join(p.Dates, ",") != strings.Join(golden.Steps, ",") || p.TotalCount != len(net.Actors) {
					t.Fatalf("%s %s panel: dates %v, %d actors; golden %v, %d", view, metric, p.Dates, p.TotalCount, golden.Steps, len(net.Actors))
				}
				for _, e := range p.Edges {
					seen++
					if len(e.Node.Points) != len(golden.Steps) {
						t.Fatalf("%s %s panel: %s has %d points", view, metric, e.Node.Actor.ID, len(e.Node.Points))
					}
					for _, pt := range e.Node.Points {
						w, ok := byDate[pt.Date][e.Node.Actor.ID]
						if !ok || pt.Score == nil || !near(*pt.Score, w) {
							t.Errorf("%s %s of %s on %s = %s, NetworkX %v", view, metric, e.Node.Actor.ID, pt.Date, optFloat(pt.Score), w)
						}
					}
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			if seen != len(net.Actors) {
				t.Errorf("%s %s panel: %d series, want %d", view, metric, seen, len(net.Actors))
			}
		}
	}

	for metric, rows := range golden.Stability {
		var r struct {
			RankStability []struct {
				From, To             string
				Spearman, KendallTau *float64
				TopOverlap           *float64
			}
		}
		c.must(`query($m: CentralityMetric!, $f: Date!, $t: Date!) { rankStability(metric: $m, from: $f, to: $t, top: 5) { from to spearman kendallTau topOverlap } }`,
			map[string]any{"m": metric, "f": from, "t": to}, &r)
		if len(r.RankStability) != len(rows) {
			t.Fatalf("rankStability %s: %d steps, golden %d", metric, len(r.RankStability), len(rows))
		}
		for i, w := range rows {
			g := r.RankStability[i]
			if g.From != w.From || g.To != w.To || !nearOpt(g.Spearman, w.Spearman) || !nearOpt(g.KendallTau, w.KendallTau) || g.TopOverlap == nil || !near(*g.TopOverlap, w.TopOverlap) {
				t.Errorf("rankStability %s step %d: %s→%s ρ %s τ %s top %s; SciPy %s→%s ρ %s τ %s top %v", metric, i, g.From, g.To,
					optFloat(g.Spearman), optFloat(g.KendallTau), optFloat(g.TopOverlap), w.From, w.To, optFloat(w.Spearman), optFloat(w.KendallTau), w.TopOverlap)
			}
		}
	}

	checkLayers(t, c, "whole network", "{}", golden.Layers)
	checkLayers(t, c, "as of "+golden.LayerDate, fmt.Sprintf(`{asOf: "%s"}`, golden.LayerDate), golden.LayersAsOf)
}

type tieStepResult struct {
	From, To                     string
	Formed, Dissolved, Persisted int
	Jaccard                      *float64
	ActorsEntered, ActorsLeft    int
	ByGroupPair                  []struct {
		A, B, ALabel, BLabel         string
		Formed, Dissolved, Persisted int
	}
}

func checkLayers(t *testing.T, c *client, name, network string, want layersGolden) {
	t.Helper()
	var r struct {
		Layers struct {
			Layers []struct {
				Type                     string
				Actors, Ties, Components int
				Density                  float64
			}
			Overlaps []struct {
				A, B        string
				Jaccard     float64
				Correlation *float64
			}
			Multiplexity float64
			GraphVersion int
		}
		Actors struct {
			Edges []struct {
				Node struct {
					ID                     string
					MultiplexParticipation *float64
					LayerDegrees           []struct {
						Type   string
						Degree int
					}
				}
			}
		}
	}
	c.must(`{ layers(network: `+network+`) { layers { type actors ties density components } overlaps { a b jaccard correlation } multiplexity graphVersion }
		actors(first: 500) { edges { node { id multiplexParticipation(network: `+network+`) layerDegrees(network: `+network+`) { type degree } } } } }`, nil, &r)
	l := r.Layers
	if len(l.Layers) != len(want.Layers) {
		t.Fatalf("%s: %d layers, golden %d", name, len(l.Layers), len(want.Layers))
	}
	for i, w := range want.Layers {
		g := l.Layers[i]
		if g.Type != w.Type || g.Actors != w.Actors || g.Ties != w.Ties || g.Components != w.Components || !near(g.Density, w.Density) {
			t.Errorf("%s layer %d: %+v, golden %+v", name, i, g, w)
		}
	}
	if len(l.Overlaps) != len(want.Overlaps) {
		t.Fatalf("%s: %d overlaps, golden %d", name, len(l.Overlaps), len(want.Overlaps))
	}
	for i, w := range want.Overlaps {
		g := l.Overlaps[i]
		if g.A != w.A || g.B != w.B || !near(g.Jaccard, w.Jaccard) || !nearOpt(g.Correlation, w.Correlation) {
			t.Errorf("%s overlap %s/%s: %s/%s jaccard %v correlation %s; golden jaccard %v, NumPy %s", name, w.A, w.B, g.A, g.B, g.Jaccard, optFloat(g.Correlation), w.Jaccard, optFloat(w.Correlation))
		}
	}
	if !near(l.Multiplexity, want.Multiplexity) || l.GraphVersion == 0 {
		t.Errorf("%s: multiplexity %v (version %d), golden %v", name, l.Multiplexity, l.GraphVersion, want.Multiplexity)
	}
	if len(r.Actors.Edges) != len(want.Participation) {
		t.Fatalf("%s: %d actors, golden %d", name, len(r.Actors.Edges), len(want.Participation))
	}
	for _, e := range r.Actors.Edges {
		id := e.Node.ID
		if !nearOpt(e.Node.MultiplexParticipation, want.Participation[id]) {
			t.Errorf("%s: participation of %s = %s, golden %s", name, id, optFloat(e.Node.MultiplexParticipation), optFloat(want.Participation[id]))
		}
		got := map[string]int{}
		var types []string
		for _, d := range e.Node.LayerDegrees {
			got[d.Type] = d.Degree
			types = append(types, d.Type)
		}
		if !sort.StringsAreSorted(types) {
			t.Errorf("%s: layerDegrees of %s not by type: %v", name, id, types)
		}
		for typ, k := range want.Degrees[id] {
			if got[typ] != k {
				t.Errorf("%s: %s degree of %s = %d, golden %d", name, typ, id, got[typ], k)
			}
		}
	}
}

// nearOpt compares optional values: both null, or both present and near.
func nearOpt(got, want *float64) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return near(*got, *want)
}
