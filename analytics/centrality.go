package analytics

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"stakegraph/domain"
)

// Metric names a centrality measure (the enum lives in domain, each metric's entry in the
// registry).
type Metric = domain.Metric

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
	if m != domain.Betweenness {
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

// convergence reports an iteration that did not converge with a message a user may see.
func convergence(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return domain.Errorf(domain.EINVALID, "%v on this network slice (its weights or shape leave the power iteration without a unique limit); try it unweighted or on another slice", err)
}
