package analytics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"stakegraph/analytics"
	"stakegraph/domain"
)

// TestCentralizationMatchesSna compares Freeman centralization of every metric, on both views
// of every oracle graph, with R sna's centralization(…, normalize = TRUE)
// (testdata/oracle/make_structure_golden.R): to 1e-9, eigenvector (iterative) to 1e-6.
func TestCentralizationMatchesSna(t *testing.T) {
	files, _ := filepath.Glob("../testdata/oracle/graphs/*.json")
	if len(files) == 0 {
		t.Fatal("no oracle graphs")
	}
	ctx := context.Background()
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		var g struct {
			Nodes        []string
			Partnerships []struct {
				Source, Target string
				Weight         float64
				Directed       bool
			}
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatal(err)
		}
		var net domain.Network
		for _, n := range g.Nodes {
			net.Actors = append(net.Actors, domain.Actor{ID: n, Name: n, Sector: "other", Kind: domain.KindOrganization})
		}
		for i, p := range g.Partnerships {
			net.Partnerships = append(net.Partnerships, domain.Partnership{ID: fmt.Sprintf("p%d", i), Source: p.Source, Target: p.Target,
				Weight: p.Weight, Directed: p.Directed, Type: "tie"})
		}
		svc := analytics.New(analytics.NewMemoryLoader(net), 0)
		for _, view := range []domain.Direction{domain.Undirected, domain.Directed} {
			want := readSnaTSV(t, filepath.Join("../testdata/oracle/structure", name+"."+string(view)+".tsv"))
			for _, m := range []domain.Metric{domain.Degree, domain.InDegree, domain.OutDegree, domain.Betweenness, domain.Closeness, domain.Eigenvector} {
				w, ok := want[string(m)]
				if !ok {
					t.Fatalf("%s %s: no sna value for %s", name, view, m)
				}
				if math.IsNaN(w) {
					continue // sna's is not unique (eigenvector of a disconnected graph)
				}
				got, err := svc.Centralization(ctx, domain.NetworkFilter{Direction: view}, m)
				if err != nil {
					t.Fatal(err)
				}
				tol := 1e-9
				if m == domain.Eigenvector {
					tol = 1e-6
				}
				if math.Abs(got-w) > tol*math.Max(1, math.Abs(w)) {
					t.Errorf("%s %s centralization(%s) = %.12g, sna %.12g", name, view, m, got, w)
				}
			}
			st, _, err := svc.Stats(ctx, domain.NetworkFilter{Direction: view})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(st.Transitivity-want["transitivity"]) > 1e-9 {
				t.Errorf("%s %s transitivity %v, sna gtrans %v", name, view, st.Transitivity, want["transitivity"])
			}
			if r := want["reciprocity"]; math.IsNaN(r) != math.IsNaN(st.Reciprocity) || math.Abs(st.Reciprocity-r) > 1e-9 {
				t.Errorf("%s %s reciprocity %v, sna grecip %v", name, view, st.Reciprocity, r)
			}
		}
	}
	if _, err := analytics.New(analytics.NewMemoryLoader(domain.Network{}), 0).Centralization(ctx, domain.NetworkFilter{}, domain.PageRank); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("centralization of PageRank: %v, want BAD_USER_INPUT", err)
	}
}

// readSnaTSV reads make_structure_golden.R's measure → value table (NA as NaN).
func readSnaTSV(t *testing.T, path string) map[string]float64 {
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
