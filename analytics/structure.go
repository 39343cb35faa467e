package analytics

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"

	"stakegraph/domain"
	"stakegraph/network"
)

// centralizationMetrics are the metrics Centralization takes.
var centralizationMetrics = []domain.Metric{domain.Degree, domain.InDegree, domain.OutDegree, domain.Betweenness, domain.Closeness, domain.Eigenvector}

// Centralization is Freeman's centralization of a metric on f's binary view (weights are not
// used), as R's sna::centralization(…, normalize = TRUE) computes it with sna's own scores
// and their theoretical maxima (tmaxdev), n actors:
//
//	DEGREE      undirected: degree, (n−1)(n−2); directed: in + out arcs, 2(n−1)(n−2)
//	IN_DEGREE, OUT_DEGREE   undirected: as DEGREE; directed: in (out) arcs, (n−1)²
//	BETWEENNESS undirected: pairs counted once, (n−1)²(n−2)/2; directed: ordered pairs, (n−1)²(n−2)
//	CLOSENESS   (n−1)/Σ_j d(i, j) over outgoing distances, 0 for an actor that does not reach
//	            every other; directed: (n−1)(1 − 1/n), undirected: (n−1)(n−2)/(2n−3)
//	EIGENVECTOR on the undirected view (as the metric is), unit length: √2/2 (n−2)
//
// NaN when undefined (fewer than three actors). Errors: EINVALID for another metric, those of
// the slice and the metric.
func (s *Service) Centralization(ctx context.Context, f domain.NetworkFilter, m domain.Metric) (float64, error) {
	if !slices.Contains(centralizationMetrics, m) {
		return 0, domain.FieldErrorf("metric", domain.EINVALID, "centralization takes DEGREE, IN_DEGREE, OUT_DEGREE, BETWEENNESS, CLOSENESS or EIGENVECTOR, got %s", m)
	}
	f.Weighted = false
	if m == domain.Eigenvector {
		f.Direction = domain.Undirected
	}
	var scores []float64
	var n float64
	if m == domain.Closeness {
		c, sn, err := cached(ctx, s, f, "sna-closeness", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*[]float64, int64, error) {
			c, err := network.ReachClosenessOut(ctx, sn.view(f.Direction))
			return &c, int64(len(c)) * 8, err
		})
		if err != nil {
			return 0, err
		}
		scores, n = *c, float64(sn.ActorCount())
	} else {
		res, err := s.Compute(ctx, f, m, Options{Normalized: false})
		if err != nil {
			return 0, err
		}
		scores, n = res.scores, float64(res.Snapshot.ActorCount())
	}
	directed := f.Direction == domain.Directed
	var tmax float64
	switch {
	case m == domain.Degree && directed:
		tmax = 2 * (n - 1) * (n - 2)
	case (m == domain.InDegree || m == domain.OutDegree) && directed:
		tmax = (n - 1) * (n - 1)
	case m == domain.Degree || m == domain.InDegree || m == domain.OutDegree:
		tmax = (n - 1) * (n - 2)
	case m == domain.Betweenness && directed:
		tmax = (n - 1) * (n - 1) * (n - 2)
	case m == domain.Betweenness:
		tmax = (n - 1) * (n - 1) * (n - 2) / 2
	case m == domain.Closeness && directed:
		tmax = (n - 1) * (1 - 1/n)
	case m == domain.Closeness:
		tmax = (n - 1) * (n - 2) / (2*n - 3)
	case m == domain.Eigenvector:
		tmax = math.Sqrt2 / 2 * (n - 2)
	}
	if n < 3 {
		return math.NaN(), nil
	}
	return network.Centralization(scores, tmax), nil
}

// AveragePathLength is the mean shortest-path length in hops over the largest component of
// f's view (strongly connected when DIRECTED), as network.AveragePathLength; ok is false when
// it is not computed (a component of fewer than two or more than network.ExactPathLengthLimit
// actors).
func (s *Service) AveragePathLength(ctx context.Context, f domain.NetworkFilter) (mean float64, ok bool, err error) {
	f.Weighted = false
	type apl struct {
		mean float64
		ok   bool
	}
	r, _, err := cached(ctx, s, f, "path-length", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*apl, int64, error) {
		m, ok, err := network.AveragePathLength(ctx, sn.view(f.Direction))
		return &apl{m, ok}, 32, err
	})
	if err != nil {
		return 0, false, err
	}
	return r.mean, r.ok, nil
}

// CorePeripheryResult is a slice's core/periphery structure by actor id.
type CorePeripheryResult struct {
	Core     []string // the discrete core's actors, by id
	Fit      float64
	Coreness []Ranked // every actor's continuous coreness, highest first (ties by id)
	Version  int64
}

// corePeripheryStarts is how many random partitions the discrete search starts from.
const corePeripheryStarts = 10

// CorePeriphery is the Borgatti–Everett core/periphery structure of f's undirected binary view
// (network.CorePeripheryOf), its search seeded. Errors: EINVALID (seed), those of the slice.
func (s *Service) CorePeriphery(ctx context.Context, f domain.NetworkFilter, seed int64) (*CorePeripheryResult, error) {
	if err := checkSeed(seed); err != nil {
		return nil, err
	}
	f.Direction, f.Weighted = domain.Undirected, false
	res, _, err := cached(ctx, s, f, "core-periphery", strconv.FormatInt(seed, 10), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*CorePeripheryResult, int64, error) {
		cp, err := network.CorePeripheryOf(ctx, sn.undirected, uint64(seed), corePeripheryStarts)
		if err != nil {
			return nil, 0, err
		}
		out := &CorePeripheryResult{Fit: cp.Fit, Version: sn.Version}
		for v, in := range cp.Core {
			if in {
				out.Core = append(out.Core, sn.ids[v])
			}
		}
		order := make([]int32, len(cp.Coreness))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(cp.Coreness[b], cp.Coreness[a]) })
		out.Coreness = make([]Ranked, len(order))
		for pos, v := range order {
			out.Coreness[pos] = Ranked{ActorID: sn.ids[v], Score: cp.Coreness[v], Rank: pos + 1}
		}
		return out, int64(len(order))*48 + int64(len(out.Core))*16, nil
	})
	return res, err
}
