package network_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"stakegraph/network"
)

// The oracle files are written by testdata/oracle/make_golden.py from NetworkX.
const oracleDir = "../testdata/oracle"

type oracleGraph struct {
	Nodes        []string `json:"nodes"`
	Partnerships []struct {
		Source, Target string
		Weight         float64
		Directed       bool
	} `json:"partnerships"`
}

type oracleView struct {
	Metrics map[string]map[string]*float64 `json:"metrics"`
	Stats   map[string]*float64            `json:"stats"`
}

type oracleGolden struct {
	Views map[string]oracleView `json:"views"`
}

func readJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

// loadOracle returns every oracle graph's name, sorted node ids, and both views.
func loadOracle(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(oracleDir, "graphs", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no oracle graphs in %s (%v)", oracleDir, err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	sort.Strings(names)
	return names
}

func oracleViews(tb testing.TB, name string) ([]string, *network.Graph, *network.Graph) {
	var g oracleGraph
	readJSON(tb, filepath.Join(oracleDir, "graphs", name+".json"), &g)
	ids := append([]string(nil), g.Nodes...)
	sort.Strings(ids)
	index := map[string]int32{}
	for i, id := range ids {
		index[id] = int32(i)
	}
	ties := make([]network.Tie, len(g.Partnerships))
	for i, p := range g.Partnerships {
		ties[i] = network.Tie{U: index[p.Source], V: index[p.Target], W: p.Weight, Directed: p.Directed}
	}
	u, d := network.Views(len(ids), ties)
	return ids, u, d
}

// tolerances: exact algorithms 1e-9, iterative ones 1e-6 (design.md).
var tolerance = map[string]float64{"pagerank": 1e-9, "eigenvector": 1e-6}

func compare(t *testing.T, metric string, ids []string, got []float64, want map[string]*float64) {
	t.Helper()
	tol := 1e-9
	if x, ok := tolerance[metric]; ok {
		tol = x
	}
	if len(want) != len(ids) {
		t.Fatalf("%s: golden has %d nodes, graph %d", metric, len(want), len(ids))
	}
	bad := 0
	for i, id := range ids {
		w := want[id]
		if w == nil {
			t.Fatalf("%s: no golden value for %s", metric, id)
		}
		if diff := math.Abs(got[i] - *w); diff > tol*math.Max(1, math.Abs(*w)) {
			if bad < 5 {
				t.Errorf("%s[%s] = %.12g, NetworkX %.12g (diff %.3g)", metric, id, got[i], *w, diff)
			}
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d values differ in all", metric, bad)
	}
}

func TestOracle(t *testing.T) {
	ctx := context.Background()
	for _, name := range loadOracle(t) {
		ids, und, dir := oracleViews(t, name)
		var golden oracleGolden
		readJSON(t, filepath.Join(oracleDir, "golden", name+".json"), &golden)
		for key, view := range golden.Views {
			t.Run(name+"/"+key, func(t *testing.T) {
				g := und
				if strings.HasPrefix(key, "DIRECTED") {
					g = dir
				}
				weighted := strings.HasSuffix(key, "/weighted")
				checkMetrics(ctx, t, ids, g, und, weighted, view)
			})
		}
	}
}

// checkMetrics computes every metric on g (und is the undirected view, for eigenvector and
// clustering) and compares with the golden view.
func checkMetrics(ctx context.Context, t *testing.T, ids []string, g, und *network.Graph, weighted bool, view oracleView) {
	t.Helper()
	m := view.Metrics
	compare(t, "degree", ids, network.Degree(context.Background(), g, true), m["degree"])
	compare(t, "in_degree", ids, network.InDegree(context.Background(), g, true), m["in_degree"])
	compare(t, "out_degree", ids, network.OutDegree(context.Background(), g, true), m["out_degree"])
	compare(t, "strength", ids, network.Strength(context.Background(), g), m["strength"])
	bc, err := network.Betweenness(ctx, g, network.BetweennessOptions{Weighted: weighted, Normalized: true})
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "betweenness", ids, bc, m["betweenness"])
	raw, _ := network.Betweenness(ctx, g, network.BetweennessOptions{Weighted: weighted, Workers: 1})
	compare(t, "betweenness_raw", ids, raw, m["betweenness_raw"])
	cl, err := network.Closeness(ctx, g, weighted)
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "closeness", ids, cl, m["closeness"])
	h, _ := network.Harmonic(ctx, g, weighted, false)
	compare(t, "harmonic", ids, h, m["harmonic"])
	pr, _, err := network.PageRank(ctx, g, network.PageRankOptions{Weighted: weighted, Tolerance: 1e-14})
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "pagerank", ids, pr, m["pagerank"])
	ev, err := network.Eigenvector(ctx, und, weighted, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	compare(t, "eigenvector", ids, ev, m["eigenvector"])
	compare(t, "core_number", ids, ok(network.CoreNumber(context.Background(), g)), m["core_number"])
	compare(t, "clustering", ids, ok(network.Clustering(context.Background(), und, weighted)), m["clustering"])

	st := ok(network.Summarize(context.Background(), g))
	s := view.Stats
	checkStat(t, "actors", float64(st.Actors), s["actors"])
	checkStat(t, "edges", float64(st.Edges), s["edges"])
	checkStat(t, "density", st.Density, s["density"])
	checkStat(t, "components", float64(st.Components), s["components"])
	checkStat(t, "largest_component", float64(st.LargestComponent), s["largest_component"])
	checkStat(t, "average_degree", st.AverageDegree, s["average_degree"])
	checkStat(t, "average_clustering", st.AverageClustering, s["average_clustering"])
	checkStat(t, "diameter", float64(st.Diameter), s["diameter"])
	if !st.DiameterExact {
		t.Errorf("diameter of a small graph should be exact")
	}
	checkStat(t, "assortativity", st.Assortativity, s["assortativity"])
	checkStat(t, "transitivity", st.Transitivity, s["transitivity"])
	tr, err := network.GraphStatistic(context.Background(), g, network.StatTransitivity) // the CUG test's triangle count
	if err != nil {
		t.Fatal(err)
	}
	checkStat(t, "transitivity (CUG statistic)", tr, s["transitivity"])
	checkStat(t, "reciprocity", st.Reciprocity, s["reciprocity"])
	checkStat(t, "fragmentation", st.Fragmentation, s["fragmentation"])
	apl, defined, err := network.AveragePathLength(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if !defined {
		apl = math.NaN()
	}
	checkStat(t, "average_path_length", apl, s["average_path_length"])
}

func checkStat(t *testing.T, name string, got float64, want *float64) {
	t.Helper()
	if want == nil {
		if !math.IsNaN(got) {
			t.Errorf("stat %s = %v, NetworkX undefined", name, got)
		}
		return
	}
	if math.Abs(got-*want) > 1e-9*math.Max(1, math.Abs(*want)) {
		t.Errorf("stat %s = %.12g, NetworkX %.12g", name, got, *want)
	}
}
