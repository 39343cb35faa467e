package analytics

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"stakegraph/domain"
	"stakegraph/network"
)

// Metric names a centrality measure; the list lives in domain.
type Metric = domain.Metric

// Centrality metrics, re-exported from domain for the algorithm dispatch below.
const (
	Degree        = domain.Degree
	InDegree      = domain.InDegree
	OutDegree     = domain.OutDegree
	Strength      = domain.Strength
	Betweenness   = domain.Betweenness
	Closeness     = domain.Closeness
	Harmonic      = domain.Harmonic
	PageRank      = domain.PageRank
	Eigenvector   = domain.Eigenvector
	CoreNumber    = domain.CoreNumber
	Clustering    = domain.Clustering
	Constraint    = domain.Constraint
	EffectiveSize = domain.EffectiveSize
	Brokerage     = domain.Brokerage
)

// Options tune a computation.
type Options struct {
	Normalized bool                  // NetworkX normalisation where the metric has one
	Sampling   *Sampling             // approximate betweenness; nil means exact
	GroupBy    domain.ActorAttribute // groups for BROKERAGE (SECTOR when empty)
}

// Sampling asks for approximate betweenness with an (ε, δ) guarantee.
type Sampling struct {
	Epsilon float64
	Delta   float64
	Seed    uint64
}

func (o Options) key() string {
	if o.Sampling == nil {
		return "n=" + strconv.FormatBool(o.Normalized) + "|g=" + string(o.GroupBy)
	}
	return fmt.Sprintf("n=%v|g=%s|e=%v|d=%v|s=%d", o.Normalized, o.GroupBy, o.Sampling.Epsilon, o.Sampling.Delta, o.Sampling.Seed)
}

func (o Options) validate(m Metric) error {
	if o.GroupBy != "" && !o.GroupBy.Valid() {
		return domain.FieldErrorf("groupBy", domain.EINVALID, "groupBy must be SECTOR, REGION, TYPE or KIND, got %q", o.GroupBy)
	}
	if o.Sampling == nil {
		return nil
	}
	if m != Betweenness {
		return domain.FieldErrorf("sampling", domain.EINVALID, "sampling applies to BETWEENNESS only")
	}
	sm := o.Sampling
	if !(sm.Epsilon >= 0.001 && sm.Epsilon < 1) {
		return domain.FieldErrorf("sampling.epsilon", domain.EINVALID, "epsilon must be in [0.001, 1), got %v", sm.Epsilon)
	}
	if !(sm.Delta > 0 && sm.Delta < 1) {
		return domain.FieldErrorf("sampling.delta", domain.EINVALID, "delta must be in (0, 1), got %v", sm.Delta)
	}
	return nil
}

// compute runs metric m on the snapshot's view. Eigenvector and clustering always use the
// undirected view (design.md).
func compute(ctx context.Context, sn *Snapshot, f domain.NetworkFilter, m Metric, o Options) ([]float64, *network.ApproxInfo, error) {
	g := sn.view(f.Direction)
	w := f.Weighted
	switch m {
	case Degree:
		return network.Degree(g, o.Normalized), nil, nil
	case InDegree:
		return network.InDegree(g, o.Normalized), nil, nil
	case OutDegree:
		return network.OutDegree(g, o.Normalized), nil, nil
	case Strength:
		return network.Strength(g), nil, nil
	case Betweenness:
		if o.Sampling != nil {
			scores, info, err := network.ApproxBetweenness(ctx, g, network.ApproxOptions{Epsilon: o.Sampling.Epsilon,
				Delta: o.Sampling.Delta, Seed: o.Sampling.Seed, Weighted: w, Normalized: o.Normalized})
			return scores, &info, err
		}
		scores, err := network.Betweenness(ctx, g, network.BetweennessOptions{Weighted: w, Normalized: o.Normalized})
		return scores, nil, err
	case Closeness:
		scores, err := network.Closeness(ctx, g, w)
		return scores, nil, err
	case Harmonic:
		scores, err := network.Harmonic(ctx, g, w, o.Normalized)
		return scores, nil, err
	case PageRank:
		scores, _, err := network.PageRank(ctx, g, network.PageRankOptions{Weighted: w})
		return scores, nil, convergence(err)
	case Eigenvector:
		scores, err := network.Eigenvector(ctx, sn.undirected, w, 1e-10, 100000)
		return scores, nil, convergence(err)
	case CoreNumber:
		scores, err := network.CoreNumber(ctx, g)
		return scores, nil, err
	case Clustering:
		scores, err := network.Clustering(ctx, sn.undirected, w)
		return scores, nil, err
	case Constraint:
		h, err := network.Holes(ctx, g, w)
		return h.Constraint, nil, err
	case EffectiveSize:
		h, err := network.Holes(ctx, g, w)
		return h.EffectiveSize, nil, err
	case Brokerage:
		gr := sn.group(o.GroupBy)
		roles, err := network.BrokerageRoles(ctx, g, gr.of)
		if err != nil {
			return nil, nil, err
		}
		scores := make([]float64, len(roles))
		for i, r := range roles {
			scores[i] = r[network.Total]
		}
		return scores, nil, nil
	}
	return nil, nil, domain.Errorf(domain.EINVALID, "unknown metric %q", m)
}

// convergence reports an iteration that did not converge with a message a user may see.
func convergence(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return domain.Errorf(domain.EINVALID, "%v on this network slice (its weights or shape leave the power iteration without a unique limit); try it unweighted or on another slice", err)
}
