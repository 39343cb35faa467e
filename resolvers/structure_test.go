package resolvers_test

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestNetworkMeasuresThroughGraphQL asks networkStats for the whole-network measures of the
// stakeholder oracle graph on both views and compares them with R sna (centralization of every
// metric, transitivity, reciprocity: make_structure_golden.R) and NetworkX (mean path length
// and fragmentation: make_golden.py); networkStatsHistory answers them per date too.
func TestNetworkMeasuresThroughGraphQL(t *testing.T) {
	c, _, _ := stakeholderClient(t)
	var golden struct {
		Views map[string]struct {
			Stats map[string]*float64
		}
	}
	readFile(t, "../testdata/oracle/golden/stakeholders.json", &golden)
	for _, view := range []string{"UNDIRECTED", "DIRECTED"} {
		sna := readTSV(t, "../testdata/oracle/structure/stakeholders."+view+".tsv")
		var r struct {
			NetworkStats map[string]*float64
		}
		c.must(fmt.Sprintf(`{ networkStats(network: {direction: %s}) {
			DEGREE: centralization(metric: DEGREE) IN_DEGREE: centralization(metric: IN_DEGREE)
			OUT_DEGREE: centralization(metric: OUT_DEGREE) BETWEENNESS: centralization(metric: BETWEENNESS)
			CLOSENESS: centralization(metric: CLOSENESS) EIGENVECTOR: centralization(metric: EIGENVECTOR)
			transitivity reciprocity averagePathLength fragmentation } }`, view), nil, &r)
		for k, want := range sna {
			got := r.NetworkStats[k]
			tol := 1e-9
			if k == "EIGENVECTOR" {
				tol = 1e-6
			}
			if (got == nil) != math.IsNaN(want) || (got != nil && math.Abs(*got-want) > tol) {
				t.Errorf("%s %s = %v, sna %v", view, k, deref(got), want)
			}
		}
		nx := golden.Views[view+"/unweighted"].Stats
		for field, key := range map[string]string{"averagePathLength": "average_path_length", "fragmentation": "fragmentation"} {
			got, want := r.NetworkStats[field], nx[key]
			if (got == nil) != (want == nil) || (got != nil && math.Abs(*got-*want) > 1e-9) {
				t.Errorf("%s %s = %v, NetworkX %v", view, field, deref(got), deref(want))
			}
		}
	}
	var h struct {
		NetworkStatsHistory []struct {
			Stats struct {
				Centralization *float64
				Transitivity   float64
			}
		}
	}
	c.must(`{ networkStatsHistory(from: "2015-01-01", to: "2020-01-01", step: YEAR) { stats { centralization(metric: DEGREE) transitivity } } }`, nil, &h)
	if len(h.NetworkStatsHistory) != 6 {
		t.Errorf("%d yearly points", len(h.NetworkStatsHistory))
	}
	r := c.ask(`{ networkStats { centralization(metric: PAGE_RANK) } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "DEGREE, IN_DEGREE") {
		t.Errorf("centralization of PageRank: %+v", r.Errors)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// readTSV reads a measure → value table (NA as NaN).
func readTSV(t *testing.T, path string) map[string]float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for i, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i == 0 {
			continue
		}
		f := strings.Split(line, "\t")
		v, err := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
		if err != nil {
			v = math.NaN()
		}
		out[strings.TrimSpace(f[0])] = v
	}
	return out
}

// TestEITestReproducibleAndValidated: two services (each with its own store and cache, as
// two API processes) answer the same E-I test with the same seed identically, to the last
// bit; another seed answers otherwise; bad input is refused saying what to send.
func TestEITestReproducibleAndValidated(t *testing.T) {
	c1, _, _ := stakeholderClient(t)
	c2, store2 := newClient(t)
	loadStakeholders(t, store2)
	q := `{ eiTest(groupBy: REGION, permutations: 3000, seed: 42) { observed expected sd pGreaterOrEqual pLessOrEqual groups { key expected pGreaterOrEqual pLessOrEqual } } }`
	a, b := c1.ask(q, nil), c2.ask(q, nil)
	if len(a.Errors)+len(b.Errors) > 0 || string(a.Data) != string(b.Data) {
		t.Errorf("the same seed answered\n%s\nand\n%s (%+v %+v)", a.Data, b.Data, a.Errors, b.Errors)
	}
	if other := c1.ask(strings.Replace(q, "seed: 42", "seed: 43", 1), nil); string(other.Data) == string(a.Data) {
		t.Errorf("seeds 42 and 43 answered alike: %s", other.Data)
	}
	for q, mention := range map[string]string{
		`{ eiTest(permutations: 0) { observed } }`:                                   "permutations must be from 1 to 100000",
		`{ eiTest(permutations: 100001) { observed } }`:                              "permutations must be from 1 to 100000",
		`{ eiTest(seed: -1) { observed } }`:                                          "seed must be ≥ 0",
		`{ eiTest(groupByAttribute: "nope") { observed } }`:                          "nope",
		`{ eiTest(network: {sectors: ["media"], asOf: "1900-01-01"}) { observed } }`: "needs ties",
	} {
		r := c1.ask(q, nil)
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, mention) {
			t.Errorf("%s: %+v, want BAD_USER_INPUT saying %q", q, r.Errors, mention)
		}
	}
}

// TestCUGTestsMatchSna runs cugTest for every statistic and condition on both views of the
// stakeholder oracle graph (1,000 replications) and compares it with R sna's cug.test (2,000
// replications, make_cug_golden.R): the observed statistic to 1e-9, the replications' mean and
// the p-values within Monte-Carlo error.
func TestCUGTestsMatchSna(t *testing.T) {
	c, _, _ := stakeholderClient(t)
	const reps = 1000
	for _, view := range []string{"UNDIRECTED", "DIRECTED"} {
		b, err := os.ReadFile("../testdata/oracle/cug/stakeholders." + view + ".tsv")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
		if len(lines) < 18 {
			t.Fatalf("%d golden rows", len(lines))
		}
		for _, line := range lines {
			f := strings.Split(line, "\t")
			num := func(i int) float64 {
				x, err := strconv.ParseFloat(strings.TrimSpace(f[i]), 64)
				if err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				return x
			}
			stat, cond := strings.TrimSpace(f[0]), strings.TrimSpace(f[1])
			obs, mean, sd, pge, ple, rreps := num(2), num(3), num(4), num(5), num(6), int(num(7))
			var r struct {
				CugTest struct {
					Observed                      *float64
					Expected, Sd                  float64
					PGreaterOrEqual, PLessOrEqual float64
				}
			}
			c.must(fmt.Sprintf(`{ cugTest(network: {direction: %s}, statistic: %s, condition: %s, replications: %d, seed: 5) {
				observed expected sd pGreaterOrEqual pLessOrEqual } }`, view, stat, cond, reps), nil, &r)
			got, what := r.CugTest, view+" "+stat+" "+cond
			if got.Observed == nil || math.Abs(*got.Observed-obs) > 1e-9 {
				t.Errorf("%s: observed %v, sna %v", what, deref(got.Observed), obs)
			}
			if math.Abs(got.Expected-mean) > 4*sd*math.Sqrt(1.0/reps+1.0/float64(rreps))+1e-9 {
				t.Errorf("%s: mean over replications %v, sna %v (sd %v)", what, got.Expected, mean, sd)
			}
			if !withinMonteCarlo(got.PGreaterOrEqual, pge, reps, rreps) || !withinMonteCarlo(got.PLessOrEqual, ple, reps, rreps) {
				t.Errorf("%s: p ≥ %v, p ≤ %v; sna %v, %v", what, got.PGreaterOrEqual, got.PLessOrEqual, pge, ple)
			}
		}
	}
	for q, mention := range map[string]string{
		`{ cugTest(statistic: RECIPROCITY) { observed } }`:                   "DIRECTED",
		`{ cugTest(statistic: DENSITY, replications: 0) { observed } }`:      "replications must be from 1 to 100000",
		`{ cugTest(statistic: DENSITY, replications: 100001) { observed } }`: "replications must be from 1 to 100000",
	} {
		r := c.ask(q, nil)
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, mention) {
			t.Errorf("%s: %+v, want BAD_USER_INPUT saying %q", q, r.Errors, mention)
		}
	}
}

// TestCorePeripheryThroughGraphQL: the stakeholder graph's core/periphery split fits at least
// as well as cpnet's (make_core_golden.py), lists its core, and ranks coreness highest first.
func TestCorePeripheryThroughGraphQL(t *testing.T) {
	c, _, _ := stakeholderClient(t)
	var golden struct {
		CpnetFit float64 `json:"cpnet_fit"`
	}
	readFile(t, "../testdata/oracle/core/stakeholders.json", &golden)
	var r struct {
		CorePeriphery struct {
			Core     []struct{ ID string }
			CoreSize int
			Fit      float64
			Coreness []struct {
				Actor struct{ ID string }
				Score float64
				Rank  int
			}
		}
	}
	c.must(`{ corePeriphery(seed: 3) { core { id } coreSize fit coreness(first: 60) { actor { id } score rank } } }`, nil, &r)
	cp := r.CorePeriphery
	if cp.Fit < golden.CpnetFit-1e-12 || cp.CoreSize != len(cp.Core) || cp.CoreSize == 0 || len(cp.Coreness) != 60 {
		t.Errorf("fit %v (cpnet %v), core of %d listing %d, %d coreness scores", cp.Fit, golden.CpnetFit, cp.CoreSize, len(cp.Core), len(cp.Coreness))
	}
	for i := 1; i < len(cp.Coreness); i++ {
		if cp.Coreness[i].Score > cp.Coreness[i-1].Score || cp.Coreness[i].Rank != i+1 {
			t.Fatalf("coreness not ranked: %+v", cp.Coreness[i-1:i+1])
		}
	}
}
