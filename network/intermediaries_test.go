package network_test

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"stakegraph/network"
)

// oracleGroups assigns the oracle's groups: g0, g1, g2 by position among the sorted ids
// (make_golden.py's groups_of).
func oracleGroups(n int) []int32 {
	g := make([]int32, n)
	for i := range g {
		g[i] = int32(i % 3)
	}
	return g
}

type intermediaryGolden struct {
	Constraint           map[string]*float64 `json:"constraint"`
	EffectiveSize        map[string]*float64 `json:"effective_size"`
	PairBetweenness      map[string]*float64 `json:"pair_betweenness_g0_g1"`
	GroupPairBetweenness map[string]*float64 `json:"group_pair_betweenness"`
	ArticulationPoints   []string            `json:"articulation_points"`
	Bridges              [][2]string         `json:"bridges"`
	Assortativity        *float64            `json:"assortativity"`
}

func TestIntermediariesOracle(t *testing.T) {
	ctx := context.Background()
	for _, name := range loadOracle(t) {
		ids, und, dir := oracleViews(t, name)
		var golden struct {
			Views map[string]struct {
				Intermediaries *intermediaryGolden `json:"intermediaries"`
			} `json:"views"`
		}
		readJSON(t, filepath.Join(oracleDir, "golden", name+".json"), &golden)
		groups := oracleGroups(len(ids))
		for key, view := range golden.Views {
			want := view.Intermediaries
			if want == nil {
				continue
			}
			t.Run(name+"/"+key, func(t *testing.T) {
				g := und
				if strings.HasPrefix(key, "DIRECTED") {
					g = dir
				}
				weighted := strings.HasSuffix(key, "/weighted")
				h := ok(network.Holes(context.Background(), g, weighted))
				compareNaN(t, "constraint", ids, h.Constraint, want.Constraint)
				compareNaN(t, "effective_size", ids, h.EffectiveSize, want.EffectiveSize)
				pair, err := network.GroupPairBetweenness(ctx, g, groups, 0, 1, weighted)
				if err != nil {
					t.Fatal(err)
				}
				compare(t, "pair_betweenness", ids, pair, want.PairBetweenness)
				all, _ := network.GroupPairBetweenness(ctx, g, groups, -1, -1, weighted)
				compare(t, "group_pair_betweenness", ids, all, want.GroupPairBetweenness)

				isCut, bridges, err := network.CutPoints(context.Background(), und)
				if err != nil {
					t.Fatal(err)
				}
				var cuts []string
				for i, c := range isCut {
					if c {
						cuts = append(cuts, ids[i])
					}
				}
				sort.Strings(cuts)
				if fmt.Sprint(cuts) != fmt.Sprint(nonNilStrings(want.ArticulationPoints)) {
					t.Errorf("articulation points %v, NetworkX %v", cuts, want.ArticulationPoints)
				}
				var br [][2]string
				for _, b := range bridges {
					br = append(br, [2]string{ids[b[0]], ids[b[1]]})
				}
				sort.Slice(br, func(i, j int) bool { return br[i][0] < br[j][0] || (br[i][0] == br[j][0] && br[i][1] < br[j][1]) })
				if fmt.Sprint(br) != fmt.Sprint(want.Bridges) && !(len(br) == 0 && len(want.Bridges) == 0) {
					t.Errorf("bridges %v, NetworkX %v", br, want.Bridges)
				}
				mix := ok(network.GroupMixing(context.Background(), und, groups, 3))
				checkStat(t, "assortativity", mix.Assortativity, want.Assortativity)
			})
		}
	}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// compareNaN is compare for measures NetworkX leaves NaN (null) for isolates.
func compareNaN(t *testing.T, metric string, ids []string, got []float64, want map[string]*float64) {
	t.Helper()
	for i, id := range ids {
		w := want[id]
		if w == nil {
			if !math.IsNaN(got[i]) {
				t.Errorf("%s[%s] = %v, NetworkX undefined", metric, id, got[i])
			}
			continue
		}
		if math.Abs(got[i]-*w) > 1e-9*math.Max(1, math.Abs(*w)) {
			t.Errorf("%s[%s] = %.12g, NetworkX %.12g", metric, id, got[i], *w)
		}
	}
}

// TestBrokerageOracle compares Gould–Fernandez roles and the census with R sna::brokerage
// (testdata/oracle/make_brokerage_golden.R).
func TestBrokerageOracle(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(oracleDir, "brokerage", "*.golden.tsv"))
	if len(files) == 0 {
		t.Fatal("no brokerage golden files")
	}
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".golden.tsv")
		name, view, _ := strings.Cut(base, ".")
		t.Run(base, func(t *testing.T) {
			ids, und, dir := oracleViews(t, name)
			g := und
			if view == "DIRECTED" {
				g = dir
			}
			groups := oracleGroups(len(ids))
			want := readGoldenTSV(t, f)
			roles := ok(network.BrokerageRoles(context.Background(), g, groups))
			census, per, err := network.Census(context.Background(), g, groups, 3, roles)
			if err != nil {
				t.Fatal(err)
			}
			for i, id := range ids {
				for k, role := range network.RoleNames {
					if got, w := roles[i][k], want[id][k]; got != w {
						t.Errorf("%s %s = %v, sna %v", id, role, got, w)
					}
					closeTo(t, "exp."+id+"."+role, per[groups[i]].Expected[k], want["exp."+id][k])
					closeTo(t, "sd."+id+"."+role, per[groups[i]].SD[k], want["sd."+id][k])
				}
			}
			for k, role := range network.RoleNames {
				closeTo(t, "census.raw."+role, census.Observed[k], want["census.raw"][k])
				closeTo(t, "census.exp."+role, census.Expected[k], want["census.exp"][k])
				closeTo(t, "census.sd."+role, census.SD[k], want["census.sd"][k])
				closeTo(t, "census.z."+role, census.Z[k], want["census.z"][k])
			}
		})
	}
}

func closeTo(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.IsNaN(want) && math.IsNaN(got) {
		return
	}
	if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.12g, sna %.12g", what, got, want)
	}
}

func readGoldenTSV(t *testing.T, path string) map[string][6]float64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][6]float64{}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		var row [6]float64
		for k := 0; k < 6; k++ {
			s := strings.TrimSpace(fields[k+1])
			if s == "NaN" || s == "NA" {
				row[k] = math.NaN()
				continue
			}
			if row[k], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		out[strings.TrimSpace(fields[0])] = row
	}
	return out
}

// Hand-checkable cases for reach, mixing and E-I (design.md defines them; no oracle needed).
//
//	0(A) — 1(A) — 2(B) — 3(C)     and 4(B) isolated; 1 — 4? no.
//	          \___ 5(B)
func smallGroupsGraph() (*network.Graph, []int32) {
	u, _ := network.Views(6, []network.Tie{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}, {U: 2, V: 3, W: 1}, {U: 1, V: 5, W: 1}})
	return u, []int32{0, 0, 1, 2, 1, 1}
}

func TestReachByHand(t *testing.T) {
	g, groups := smallGroupsGraph()
	r := network.ReachFrom(context.Background(), g, 0, 2, groups, 3)
	// 1 hop: {1}; 2 hops: {2, 5}. Groups reached: A:1, B:2, C:0.
	if r.Total != 3 || fmt.Sprint(r.ByHop) != "[1 2]" || fmt.Sprint(r.ByGroup) != "[1 2 0]" {
		t.Errorf("reach from 0 within 2 = %+v", r)
	}
	r = network.ReachFrom(context.Background(), g, 0, 6, groups, 3)
	if r.Total != 4 || fmt.Sprint(r.ByHop) != "[1 2 1 0 0 0]" {
		t.Errorf("reach from 0 within 6 = %+v", r)
	}
	reached, size := network.GroupReach(context.Background(), g, groups, 2, 1, 1) // from C within 1 hop: B members {2}
	if reached != 1 || size != 3 {
		t.Errorf("group reach C→B in 1 hop = %d of %d, want 1 of 3", reached, size)
	}
}

func TestMixingByHand(t *testing.T) {
	g, groups := smallGroupsGraph()
	m := ok(network.GroupMixing(context.Background(), g, groups, 3))
	// Edges: 0–1 (A,A), 1–2 (A,B), 2–3 (B,C), 1–5 (A,B).
	if m.Ties[0][0] != 1 || m.Ties[0][1] != 2 || m.Ties[1][2] != 1 || m.Ties[1][1] != 0 {
		t.Errorf("ties %v", m.Ties)
	}
	// A: E = 2 (1–2, 1–5), I = 1 → 1/3. B: E = 3, I = 0 → 1. C: E = 1 → 1. Network: E 3, I 1 → 0.5.
	want := []float64{1.0 / 3, 1, 1}
	for i, w := range want {
		if math.Abs(m.GroupEI[i]-w) > 1e-12 {
			t.Errorf("E-I of group %d = %v, want %v", i, m.GroupEI[i], w)
		}
	}
	if math.Abs(m.EI-0.5) > 1e-12 {
		t.Errorf("network E-I %v, want 0.5", m.EI)
	}
	// Densities: A–A 1 of 1 pair; A–B 2 of 2·3; B–B 0 of 3.
	if m.Density[0][0] != 1 || math.Abs(m.Density[0][1]-2.0/6) > 1e-12 || m.Density[1][1] != 0 {
		t.Errorf("densities %v", m.Density)
	}
	// Actor 1: neighbours 0 (A), 2 (B), 5 (B): (2 − 1)/3.
	if e := network.ActorEI(context.Background(), g, 1, groups); math.Abs(e-1.0/3) > 1e-12 {
		t.Errorf("actor E-I of 1 = %v", e)
	}
	if e := network.ActorEI(context.Background(), g, 4, groups); !math.IsNaN(e) {
		t.Errorf("isolate's E-I = %v, want undefined", e)
	}
}

func TestPathsByHand(t *testing.T) {
	g, groups := smallGroupsGraph()
	p, d := network.ShortestPath(context.Background(), g, 0, 3, false)
	if fmt.Sprint(p) != "[0 1 2 3]" || d != 3 {
		t.Errorf("path 0→3 = %v (%v)", p, d)
	}
	if p, _ := network.ShortestPath(context.Background(), g, 0, 4, false); p != nil {
		t.Errorf("path to an isolate = %v", p)
	}
	p, d = network.NearestInGroup(context.Background(), g, 0, groups, 1, false)
	if fmt.Sprint(p) != "[0 1 2]" || d != 2 {
		t.Errorf("nearest B from 0 = %v (%v); want 2 (lower id than 5)", p, d)
	}
	imp := network.Removal(context.Background(), g, 1)
	// Components before: {0,1,2,3,5}, {4}. Removing 1 leaves {0}, {2,3}, {5}, {4}.
	if imp.ComponentsBefore != 2 || imp.ComponentsAfter != 4 || imp.Disconnected != 2 {
		t.Errorf("removal of 1 = %+v; want 2 → 4 components and 2 actors cut off", imp)
	}
}
