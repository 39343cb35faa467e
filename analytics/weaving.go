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

// LinkMethods are the link-prediction indices by their GraphQL names.
var LinkMethods = map[string]network.LinkMethod{
	"COMMON_NEIGHBORS":    network.CommonNeighbors,
	"JACCARD":             network.Jaccard,
	"ADAMIC_ADAR":         network.AdamicAdar,
	"RESOURCE_ALLOCATION": network.ResourceAllocation,
}

// Partner is a suggested partner of an actor: an actor of the slice not tied to it, its
// link-prediction score, and the shared partners that make the score (largest contribution
// first).
type Partner struct {
	ActorID string
	Score   float64
	Via     []string
}

// SuggestedPartners scores the actors of f's slice not tied to actorID by a link-prediction
// index on the undirected view (network.PredictLinks; NetworkX's common_neighbors,
// jaccard_coefficient, adamic_adar_index and resource_allocation_index), best first (score
// descending, then actor id), at most first of them. With crossGroup only actors outside
// actorID's group by `by` are candidates. Errors: EINVALID (a bad filter or grouping),
// ENOTFOUND (an actor outside the slice), ETIMEOUT.
func (s *Service) SuggestedPartners(ctx context.Context, f domain.NetworkFilter, actorID string, method network.LinkMethod,
	crossGroup bool, by domain.ActorAttribute, first int) ([]Partner, int64, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, 0, err
	}
	sn, vs, err := s.sliceAt(ctx, &f, actorID)
	if err != nil {
		return nil, 0, err
	}
	u := vs[0]
	var keep func(int32) bool
	if crossGroup {
		of := sn.group(by).of
		keep = func(x int32) bool { return of[x] != of[u] }
	}
	var cands []network.Candidate
	err = s.admission.run(ctx, func() error {
		cands, err = network.PredictLinks(ctx, sn.undirected, u, method, keep)
		return err
	})
	if err != nil {
		return nil, 0, timeout(err)
	}
	out := make([]Partner, 0, min(first, len(cands)))
	for _, c := range cands[:min(first, len(cands))] {
		p := Partner{ActorID: sn.ids[c.V], Score: c.Score, Via: make([]string, len(c.Via))}
		for i, w := range c.Via {
			p.Via[i] = sn.ids[w]
		}
		out = append(out, p)
	}
	return out, sn.Version, nil
}

// Goal kinds of network weaving: what a new partnership should achieve.
const (
	// GoalGroupReach counts the actors of group To within MaxHops of some actor of group From
	// (GroupReach's reached): more is better.
	GoalGroupReach = "GROUP_REACH"
	// GoalConnectivity counts the unordered actor pairs joined by a path (in the weak
	// components of the undirected view): more is better, fewer components, less fragmentation.
	GoalConnectivity = "CONNECTIVITY"
	// GoalActorReach counts the actors within MaxHops of ActorID outside its own group (Reach's
	// crossGroup): more is better.
	GoalActorReach = "ACTOR_REACH"
	// GoalBrokerDependence is the largest group-pair betweenness between From and To (the
	// dependence on one broker): lower is better.
	GoalBrokerDependence = "BROKER_DEPENDENCE"
)

// Goal is what a weaving question asks to improve.
type Goal struct {
	Kind     string
	From, To string
	ActorID  string
	MaxHops  int
	By       domain.ActorAttribute
}

// Lower reports whether the goal improves as its value falls.
func (g Goal) Lower() bool { return g.Kind == GoalBrokerDependence }

// Check validates a goal: its kind and the groups or actor it needs. Errors: EINVALID.
func (g Goal) Check() error {
	switch g.Kind {
	case GoalGroupReach, GoalBrokerDependence:
		if g.From == "" || g.To == "" {
			return domain.FieldErrorf("goal", domain.EINVALID, "a %s goal needs `from` and `to` groups", g.Kind)
		}
		if g.Kind == GoalBrokerDependence && g.From == g.To {
			return domain.FieldErrorf("goal", domain.EINVALID, "a %s goal needs two different groups", g.Kind)
		}
	case GoalActorReach:
		if g.ActorID == "" {
			return domain.FieldErrorf("goal.actorId", domain.EINVALID, "an %s goal needs `actorId`", g.Kind)
		}
	case GoalConnectivity:
	default:
		return domain.FieldErrorf("goal.kind", domain.EINVALID, "unknown goal kind %q", g.Kind)
	}
	if g.Kind != GoalConnectivity && g.Kind != GoalBrokerDependence && (g.MaxHops < 1 || g.MaxHops > MaxHops) {
		return domain.FieldErrorf("goal.maxHops", domain.EINVALID, "maxHops must be between 1 and %d, got %d", MaxHops, g.MaxHops)
	}
	return nil
}

// GoalValue is the goal's value on f's slice (with its overlay, when it has one). Errors:
// EINVALID (a bad goal, or groups not in the slice), ENOTFOUND (the goal's actor), ETIMEOUT.
func (s *Service) GoalValue(ctx context.Context, f domain.NetworkFilter, g Goal) (float64, error) {
	if err := g.Check(); err != nil {
		return 0, err
	}
	switch g.Kind {
	case GoalGroupReach:
		reached, _, err := s.GroupReach(ctx, f, g.By, g.From, g.To, g.MaxHops)
		return float64(reached), err
	case GoalActorReach:
		r, err := s.Reach(ctx, f, g.By, g.ActorID, g.MaxHops)
		if err != nil {
			return 0, err
		}
		return float64(r.CrossGroup), nil
	case GoalBrokerDependence:
		by, err := s.checkGroupBy(ctx, g.By)
		if err != nil {
			return 0, err
		}
		scores, _, err := s.groupPairBetweenness(ctx, f, by, &[2]string{g.From, g.To})
		if err != nil {
			return 0, err
		}
		best := 0.0
		for _, x := range scores {
			best = max(best, x)
		}
		return best, nil
	default: // GoalConnectivity
		sn, err := s.slice(ctx, &f)
		if err != nil {
			return 0, err
		}
		labels, count := network.Components(sn.undirected)
		size := make([]float64, count)
		for _, c := range labels {
			size[c]++
		}
		pairs := 0.0
		for _, k := range size {
			pairs += k * (k - 1) / 2
		}
		return pairs, nil
	}
}

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
		adj, _ := sn.undirected.Out(u)
		if _, tied := slices.BinarySearch(adj, v); tied {
			return domain.FieldErrorf(field, domain.EINVALID, "%s and %s are already tied: add a partnership between actors that are not", t.Source, t.Target)
		}
		if k := pairKey(u, v); seen[k] {
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
