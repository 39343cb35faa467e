package analytics

import (
	"context"
	"strconv"

	"stakegraph/domain"
	"stakegraph/network"
)

// Significance tests against null models, the way R sna and UCINET define them (design.md):
// label permutations (E-I, assortativity), conditional uniform graphs (CUG) and QAP. Every
// test is one entry of the tests table below — its GraphQL field, its replication argument,
// the views it runs on and the work of one replication — and its service method here (QAP's
// relations in qap.go). The cost model prices a test from its entry (Estimate.Test), the
// GraphQL adapter wires every entry's price by its field name, and TestTestsMatchSchema keeps
// the table and the schema equal. CONTRIBUTING.md lists the steps to add one.

// Replications is a test's replication count and the seed its draws come from (replication r
// draws from PCG(Seed, r), so answers are identical on any replica).
type Replications struct {
	N    int
	Seed int64
}

// Check validates a test's replications: N in 1..network.MaxReplications (field names the
// argument: "permutations" or "replications"), Seed ≥ 0. Errors: EINVALID.
func (r Replications) Check(field string) error {
	if r.N < 1 || r.N > network.MaxReplications {
		return domain.FieldErrorf(field, domain.EINVALID, "%s must be from 1 to %d, got %d", field, network.MaxReplications, r.N)
	}
	return checkSeed(r.Seed)
}

// key is the replications' part of a cached test result's key.
func (r Replications) key() string { return strconv.Itoa(r.N) + "|" + strconv.FormatInt(r.Seed, 10) }

// checkSeed validates a seed. Errors: EINVALID.
func checkSeed(seed int64) error {
	if seed < 0 {
		return domain.FieldErrorf("seed", domain.EINVALID, "seed must be ≥ 0, got %d", seed)
	}
	return nil
}

// TestParams are what, besides its slice and replications, changes a test's work: the CUG
// test's statistic and condition, the relations of a QAP test (y and the xs).
type TestParams struct {
	Statistic, Condition string
	Relations            int
}

// SignificanceTest is one test's entry in the tests table.
type SignificanceTest struct {
	// Field is the test's field on Query in the GraphQL schema.
	Field string
	// ReplicationsArg is the field's argument that counts replications; its default lives in
	// the schema.
	ReplicationsArg string
	// Views says which view of the slice the test runs on.
	Views string
	// perReplication is the elementary steps of one replication on a slice of n actors and m
	// ties (the cost model's price is replications × this / PointSteps).
	perReplication func(n, m float64, p TestParams) float64
}

// significanceTests is the tests table. The work of one replication is calibrated by
// BenchmarkPointsToSecondsM against the metrics' rates (about half a millisecond a point on
// two cores, as exact betweenness).
var significanceTests = []SignificanceTest{
	// A permutation relabels the vertices and recounts the ties: O(n + m).
	{Field: "eiTest", ReplicationsArg: "permutations", Views: "undirected, binary", perReplication: linearReplication},
	// The same, and Newman's assortativity over the ties' ends: about twice the steps.
	{Field: "assortativityTest", ReplicationsArg: "permutations", Views: "the filter's direction, binary",
		perReplication: func(n, m float64, p TestParams) float64 { return 2 * linearReplication(n, m, p) }},
	{Field: "cugTest", ReplicationsArg: "replications", Views: "the filter's direction, binary", perReplication: cugReplication},
	// A replication relabels a relation over the n² actor pairs and, in a regression, solves
	// it for each coefficient.
	{Field: "qapTest", ReplicationsArg: "replications", Views: "the filter's direction", perReplication: qapReplication},
	{Field: "qapRegression", ReplicationsArg: "replications", Views: "the filter's direction", perReplication: qapReplication},
}

func linearReplication(n, m float64, _ TestParams) float64 { return n + m }

// cugReplication draws a uniform graph — n² dyads for SIZE, m ties otherwise, built into CSR
// rows: about 20 steps a vertex and tie — and computes the statistic on it by its class of
// work, single-threaded (replications run in parallel instead): n + m, 3·m·(m/n + 1) for pairs
// of neighbours (a uniform graph's degrees are even), 4·n·m for a search from every vertex.
func cugReplication(n, m float64, p TestParams) float64 {
	if p.Condition == network.CondSize {
		m = n * n / 4
	}
	per := 20 * (n + m)
	s, err := network.LookupStatistic(p.Statistic)
	switch {
	case err != nil: // refused before it runs
	case s.Work == network.StatAllPairs:
		per += 4 * n * m
	case s.Work == network.StatNeighbourPairs:
		per += 3 * m * (m/max(n, 1) + 1)
	default:
		per += n + m
	}
	return per
}

func qapReplication(n, _ float64, p TestParams) float64 {
	r := float64(max(p.Relations, 2))
	return n * n * r * max(r-1, 1)
}

// CUGStatistics are the names of the graph statistics a CUG test takes (network's statistics
// table), in the order of the GraphQL enum GraphStatistic.
func CUGStatistics() []string {
	var out []string
	for _, x := range network.GraphStatistics() {
		out = append(out, x.Name)
	}
	return out
}

// Tests returns the tests table.
func Tests() []SignificanceTest { return append([]SignificanceTest(nil), significanceTests...) }

// LookupTest returns the entry of the test at GraphQL field, and false for none.
func LookupTest(field string) (SignificanceTest, bool) {
	for _, t := range significanceTests {
		if t.Field == field {
			return t, true
		}
	}
	return SignificanceTest{}, false
}

// Test prices test t with reps replications on f (and deriving f's slice).
func (e *Estimate) Test(t SignificanceTest, f domain.NetworkFilter, reps int, p TestParams) int {
	e.Slice(f)
	n, m := e.svc.sliceSize(f)
	return Points(float64(max(reps, 1)) * t.perReplication(n, m, p))
}

// PermutationSummary is a test statistic's observed value and its null distribution
// (network.PermutationSummary).
type PermutationSummary = network.PermutationSummary

// EITestResult is an E-I test with its groups' keys and labels.
type EITestResult struct {
	*network.EITestResult
	GroupKeys []Group // aligned with Groups
	Version   int64
}

// EITest runs the E-I test (network.EITest) on f's undirected binary view by `by`, as
// sectorMixing's E-I index is computed, with r.N label permutations. Errors: EINVALID
// (permutations, seed, groupBy), those of the slice.
func (s *Service) EITest(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, r Replications) (*EITestResult, error) {
	if err := r.Check("permutations"); err != nil {
		return nil, err
	}
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, err
	}
	f.Direction, f.Weighted = domain.Undirected, false
	res, _, err := cached(ctx, s, f, "ei-test", string(by)+"|"+r.key(), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*EITestResult, int64, error) {
		if sn.EdgeCount(domain.Undirected) == 0 {
			return nil, 0, domain.Errorf(domain.EINVALID, "the E-I test needs ties: this slice has none")
		}
		gr := sn.group(by)
		res, err := network.EITest(ctx, sn.undirected, gr.of, len(gr.keys), r.N, uint64(r.Seed))
		if err != nil {
			return nil, 0, err
		}
		out := &EITestResult{EITestResult: res, Version: sn.Version, GroupKeys: make([]Group, len(gr.keys))}
		for i, key := range gr.keys {
			out.GroupKeys[i] = sn.groupOf(by, key)
		}
		return out, int64(len(gr.keys))*64 + 128, nil
	})
	return res, err
}

// AssortativityTest tests attribute assortativity on f's view (AttributeAssortativity's
// statistic) against r.N permutations of the values among the actors that have one: of a
// custom actor attribute (STRING, BOOLEAN or NUMBER), or of a built-in grouping (actors without
// a value left out). Give exactly one of attribute and by. Errors: EINVALID.
func (s *Service) AssortativityTest(ctx context.Context, f domain.NetworkFilter, attribute string, by domain.ActorAttribute, r Replications) (PermutationSummary, error) {
	var none PermutationSummary
	if err := r.Check("permutations"); err != nil {
		return none, err
	}
	if (attribute == "") == (by == "") {
		return none, domain.Errorf(domain.EINVALID, "give either attribute (an actor attribute of your own) or groupBy (SECTOR, REGION, TYPE or KIND), not both or neither")
	}
	if by != "" {
		var err error
		if by, err = s.checkGroupBy(ctx, by); err != nil {
			return none, err
		}
	}
	f.Weighted = false
	extra := attribute + "|" + string(by) + "|" + r.key()
	res, _, err := cached(ctx, s, f, "assortativity-test", extra, func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*PermutationSummary, int64, error) {
		var vv vertexValues
		if by != "" {
			gr := sn.group(by)
			vv.class = make([]int32, len(gr.of))
			for v, c := range gr.of {
				vv.class[v] = c
				if gr.keys[c] == "" {
					vv.class[v] = -1
				}
			}
		} else {
			var err error
			if vv, err = sn.attributeValues("attribute", attribute, "the test"); err != nil {
				return nil, 0, err
			}
		}
		res, err := network.AssortativityTest(ctx, sn.view(f.Direction), vv.class, vv.x, r.N, uint64(r.Seed))
		return &res, 64, err
	})
	if err != nil {
		return none, err
	}
	return *res, nil
}

// CUGTest runs a conditional uniform graph test (network.CUGTest, R sna's cug.test) of a
// graph statistic (network.GraphStatistics) of f's binary view. Errors: EINVALID (statistic,
// condition, replications, seed, a directed statistic on the undirected view), those of the
// slice.
func (s *Service) CUGTest(ctx context.Context, f domain.NetworkFilter, stat, cond string, r Replications) (PermutationSummary, error) {
	var none PermutationSummary
	if err := r.Check("replications"); err != nil {
		return none, err
	}
	info, err := network.LookupStatistic(stat)
	if err != nil {
		return none, domain.FieldErrorf("statistic", domain.EINVALID, "unknown statistic %q", stat)
	}
	switch cond {
	case network.CondSize, network.CondEdges, network.CondDyadCensus:
	default:
		return none, domain.FieldErrorf("condition", domain.EINVALID, "condition must be SIZE, EDGES or DYAD_CENSUS, got %q", cond)
	}
	if f.Direction == "" {
		f.Direction = domain.Undirected
	}
	if info.Directed && f.Direction != domain.Directed {
		return none, domain.FieldErrorf("statistic", domain.EINVALID, "%s is defined on the DIRECTED view: send network: {direction: DIRECTED}", stat)
	}
	f.Weighted = false
	extra := stat + "|" + cond + "|" + r.key()
	res, _, err := cached(ctx, s, f, "cug-test", extra, func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*PermutationSummary, int64, error) {
		res, err := network.CUGTest(ctx, sn.view(f.Direction), stat, cond, r.N, uint64(r.Seed))
		return &res, 64, err
	})
	if err != nil {
		return none, err
	}
	return *res, nil
}
