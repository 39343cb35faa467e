package analytics

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"stakegraph/domain"
	"stakegraph/network"
)

// What-if: a hypothetical change (ties added, partnerships and actors removed) is an overlay
// carried by the network filter (domain.Overlay), so the changed slice is derived in memory
// from the version's cached graph like any other slice and never written. Here: the overlay's
// check against its slice, and the metric's changes between the two slices; the goals'
// values are the goals table's (goals.go).

// CheckOverlay checks f's overlay against f's slice without it: removed actors and
// partnerships must be in the slice, hypothetical ties must join two of its actors (not
// removed) that are not tied in it, each pair once. Errors: EINVALID.
func (s *Service) CheckOverlay(ctx context.Context, f domain.NetworkFilter) error {
	o := f.Overlay
	if o == nil {
		return nil
	}
	if err := o.Validate(); err != nil {
		return err
	}
	f.Overlay = nil
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return err
	}
	removed := map[string]bool{}
	for _, id := range o.RemoveActors {
		if !sn.Has(id) {
			return domain.FieldErrorf("removeActors", domain.EINVALID, "actor %q is not in this network slice", id)
		}
		removed[id] = true
	}
	if len(o.RemoveTies) > 0 {
		g, err := s.detailed(ctx, sn.base)
		if err != nil {
			return err
		}
		m := f.Matcher()
		inSlice := map[string]bool{}
		want := map[string]bool{}
		for _, id := range o.RemoveTies {
			want[id] = true
		}
		for i := range g.Ties {
			t := &g.Ties[i]
			if !want[t.ID] || !sn.Has(g.Actors[t.U].ID) || !sn.Has(g.Actors[t.V].ID) {
				continue
			}
			if _, ok := m.TieRow(g, i); ok {
				inSlice[t.ID] = true
			}
		}
		for _, id := range o.RemoveTies {
			if !inSlice[id] {
				return domain.FieldErrorf("removeTies", domain.EINVALID, "partnership %q is not in this network slice", id)
			}
		}
	}
	seen := map[uint64]bool{}
	for i, t := range o.AddTies {
		field := fmt.Sprintf("addTies[%d]", i)
		for _, id := range []string{t.Source, t.Target} {
			if !sn.Has(id) || removed[id] {
				return domain.FieldErrorf(field, domain.EINVALID, "actor %q is not in this network slice (hypothetical ties join existing actors)", id)
			}
		}
		u, v := sn.index[t.Source], sn.index[t.Target]
		if sn.undirected.Tied(u, v) {
			return domain.FieldErrorf(field, domain.EINVALID, "%s and %s are already tied: add a partnership between actors that are not", t.Source, t.Target)
		}
		if k := network.PairKey(u, v); seen[k] {
			return domain.FieldErrorf(field, domain.EINVALID, "%s and %s are tied twice among the hypothetical ties", t.Source, t.Target)
		} else {
			seen[k] = true
		}
	}
	return nil
}

// MetricChange is an actor's metric before and after a hypothetical change (NaN where
// undefined); Delta is after − before, 0 where either is undefined.
type MetricChange struct {
	ActorID       string
	Before, After float64
	Delta         float64
}

// MetricChanges computes metric m on the slices of before and after and lists the actors of
// both whose score changes most, largest |delta| first (ties by actor id), at most first.
func (s *Service) MetricChanges(ctx context.Context, before, after domain.NetworkFilter, m domain.Metric, o Options, first int) ([]MetricChange, error) {
	b, err := s.Compute(ctx, before, m, o)
	if err != nil {
		return nil, err
	}
	a, err := s.Compute(ctx, after, m, o)
	if err != nil {
		return nil, err
	}
	var out []MetricChange
	a.Each(func(id string, x float64) {
		y, _, ok := b.Score(id)
		if !ok {
			return
		}
		c := MetricChange{ActorID: id, Before: y, After: x}
		if !math.IsNaN(x) && !math.IsNaN(y) {
			c.Delta = x - y
		}
		out = append(out, c)
	})
	slices.SortStableFunc(out, func(p, q MetricChange) int {
		return cmp.Compare(math.Abs(q.Delta), math.Abs(p.Delta))
	})
	return out[:min(first, len(out))], nil
}
