package analytics

import (
	"context"
	"errors"
	"testing"

	"stakegraph/demodata"
	"stakegraph/domain"
)

// staticLoader serves one generated network at version 1.
type staticLoader struct{ data *domain.GraphData }

func (l staticLoader) GraphVersion(context.Context) (int64, error) { return 1, nil }
func (l staticLoader) LoadGraph(context.Context) (*domain.GraphData, error) {
	g := *l.data
	return &g, nil
}

func newStaticService(tb testing.TB, actors int) *Service {
	tb.Helper()
	return New(staticLoader{GraphDataOf(demodata.Generate(demodata.Options{Actors: actors, Seed: 7}), 1)}, 0)
}

// TestOneSliceKeyPerRequest: a request builds its slice's key once — the snapshot carries it
// and its results' keys take it from there (they used to build it again) — and a QAP test
// looks its slice up once (it used to derive it to check its size, then again to compute).
func TestOneSliceKeyPerRequest(t *testing.T) {
	s := newStaticService(t, 200)
	ctx := context.Background()
	f := domain.NetworkFilter{Sectors: []string{"government", "business", "civil_society"}}
	if _, err := s.Compute(ctx, f, domain.Degree, Options{}); err != nil { // warm the slice
		t.Fatal(err)
	}
	count := func(what string, run func() error) {
		t.Helper()
		before := sliceIDs.Load()
		if err := run(); err != nil {
			t.Fatal(err)
		}
		if n := sliceIDs.Load() - before; n != 1 {
			t.Errorf("%s built its slice's key %d times, want 1", what, n)
		}
	}
	count("a metric", func() error { _, err := s.Compute(ctx, f, domain.PageRank, Options{}); return err })
	count("a QAP test", func() error {
		_, err := s.QAPTest(ctx, f, RelationSpec{}, RelationSpec{SameGroup: domain.BySector}, Replications{N: 10, Seed: 1})
		return err
	})
	count("an E-I test", func() error {
		_, err := s.EITest(ctx, f, domain.BySector, Replications{N: 10, Seed: 1})
		return err
	})
}

// TestQAPValidationOrder: with both relations invalid the error always names x — the checks
// used to range over a map, so which came back varied.
func TestQAPValidationOrder(t *testing.T) {
	s := newStaticService(t, 50)
	bad := RelationSpec{SameGroup: domain.BySector, AbsoluteDifference: "budget"}
	for range 50 {
		_, err := s.QAPTest(context.Background(), domain.NetworkFilter{}, bad, bad, Replications{N: 10, Seed: 1})
		var e *domain.Error
		if !errors.As(err, &e) || e.Field != "x" {
			t.Fatalf("QAPTest with x and y invalid: %v, want the error about x", err)
		}
	}
}

// TestCandidateRuleSearchesOncePerVertex: the maxDistance rule keeps its last search, and
// the greedy scans ask it from the vertex they scan from, so a pass over all pairs searches
// once per vertex — it used to be asked (min, max), which missed the kept search for every
// pair with v < u, and searched again.
func TestCandidateRuleSearchesOncePerVertex(t *testing.T) {
	s := newStaticService(t, 300)
	sn, err := s.slice(context.Background(), &domain.NetworkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	two := 2
	allowed, search, err := candidateRule(sn, sn.group(domain.BySector), CandidateFilter{MaxDistance: &two})
	if err != nil {
		t.Fatal(err)
	}
	n := int32(sn.ActorCount())
	// network.Weave's lower-bound pass: every ordered pair, from u.
	for u := range n {
		for v := range n {
			if u != v {
				allowed(u, v)
			}
		}
	}
	// Its exact pass: each unordered pair once, from the smaller.
	for u := range n {
		for v := u + 1; v < n; v++ {
			allowed(u, v)
		}
	}
	if got := search.Searches(); got > 2*int(n) {
		t.Errorf("two passes over %d vertices' pairs ran %d searches, want at most %d", n, got, 2*n)
	}
}

// TestMaxDistanceZeroRefused: maxDistance 0 is a bad value, refused by the analytics like any
// other outside 2..MaxHops — it used to mean "no limit" here, so only the resolver refused it.
func TestMaxDistanceZeroRefused(t *testing.T) {
	s := newStaticService(t, 50)
	zero := 0
	_, err := s.SuggestPartnerships(context.Background(), domain.NetworkFilter{}, Goal{Kind: GoalConnectivity}, 1, CandidateFilter{MaxDistance: &zero})
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != domain.EINVALID || e.Field != "candidates.maxDistance" {
		t.Errorf("maxDistance 0: %v, want EINVALID on candidates.maxDistance", err)
	}
}
