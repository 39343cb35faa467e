package network

import (
	"context"
	"errors"
	"math"
	"testing"
)

// TestGraphStatisticUnknown: an unknown statistic is an error, not NaN — from GraphStatistic
// and from CUGTest, which used to run every replication of it and answer NaN.
func TestGraphStatisticUnknown(t *testing.T) {
	g := Build(4, []Edge{{U: 0, V: 1, W: 1}, {U: 1, V: 2, W: 1}}, false)
	if x, err := GraphStatistic(context.Background(), g, "NOPE"); err == nil {
		t.Errorf("GraphStatistic(NOPE) = %v without an error", x)
	}
	if r, err := CUGTest(context.Background(), g, "NOPE", CondEdges, 10, 1); err == nil {
		t.Errorf("CUGTest(NOPE) = %+v without an error", r)
	}
	if r, err := CUGTest(context.Background(), g, StatDensity, "NOPE", 10, 1); err == nil {
		t.Errorf("CUGTest(condition NOPE) = %+v without an error", r)
	}
}

// TestCUGTestReportsStatisticErrors: a statistic that fails on a replication's random graph
// fails the test with its error; it used to count as NaN (neither ≥ nor ≤) and the test
// answered as if nothing had happened.
func TestCUGTestReportsStatisticErrors(t *testing.T) {
	broken := errors.New("statistic failed")
	saved := graphStatistics
	t.Cleanup(func() { graphStatistics = saved })
	g := Build(5, []Edge{{U: 0, V: 1, W: 1}, {U: 2, V: 3, W: 1}, {U: 3, V: 4, W: 1}}, false)
	graphStatistics = append(append([]GraphStatisticInfo(nil), saved...), GraphStatisticInfo{Name: "FAILS_ON_REPLICATIONS",
		Compute: func(_ context.Context, h *Graph) (float64, error) {
			if h == g { // the observed graph: defined; every random one fails
				return 1, nil
			}
			return math.NaN(), broken
		}})
	if _, err := CUGTest(context.Background(), g, "FAILS_ON_REPLICATIONS", CondEdges, 50, 1); !errors.Is(err, broken) {
		t.Errorf("CUGTest with a failing statistic: error %v, want %v", err, broken)
	}
}

// TestStatisticNames: each statistic's Go name spells its GraphQL name (the betweenness
// centralization's was StatCentralizationBetweeness), and the table holds each once.
func TestStatisticNames(t *testing.T) {
	for name, want := range map[string]string{StatCentralizationBetweenness: "CENTRALIZATION_BETWEENNESS",
		StatCentralizationDegree: "CENTRALIZATION_DEGREE", StatAveragePathLength: "AVERAGE_PATH_LENGTH"} {
		if name != want {
			t.Errorf("%q, want %q", name, want)
		}
	}
	seen := map[string]bool{}
	for _, s := range GraphStatistics() {
		if seen[s.Name] {
			t.Errorf("%s is in the table twice", s.Name)
		}
		seen[s.Name] = true
		if _, err := LookupStatistic(s.Name); err != nil {
			t.Error(err)
		}
	}
}
