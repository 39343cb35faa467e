package analytics

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

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
		return largest(scores), err
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
		if sn.undirected.Tied(u, v) {
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

// CandidateFilter restricts the ties suggestPartnerships may suggest: with Between (two
// groups of the goal's grouping) one end in each; with ActorIDs at least one end among them;
// with MaxDistance ends at most that many hops apart now (2: an introduction through a common
// partner). Zero values: no restriction.
type CandidateFilter struct {
	Between     []string
	ActorIDs    []string
	MaxDistance int
}

// Suggestion is a suggested partnership: its ends (U < V by actor id), the goal's improvement
// it adds given the suggestions before it, the running total, and an explanation.
type Suggestion struct {
	U, V        string
	Gain        float64
	Cumulative  float64
	Explanation string
}

// Weaving bounds.
const (
	MaxSuggestions = 50
	// maxWeavePairs bounds the vertex pairs one greedy step scans (n ≤ ~14,000 without a
	// candidate filter).
	maxWeavePairs = 100_000_000
	// maxBrokerEvaluations bounds the candidate ties a BROKER_DEPENDENCE step evaluates (each
	// a group-pair betweenness run).
	maxBrokerEvaluations = 5_000
)

// SuggestPartnerships picks up to k new ties (pairs not tied in the undirected view) greedily
// for goal g on f's slice: each pick is the candidate with the largest marginal gain given the
// earlier picks, ties broken by actor ids (network.Weave). It stops early when no candidate
// improves the goal. Guarantees per goal: every pick equals the best single addition; the
// (1 − 1/e) bound on the k-set holds only for reach goals with maxHops 1 (coverage), not for
// maxHops ≥ 2 or CONNECTIVITY (not submodular) nor BROKER_DEPENDENCE (not monotone). Errors:
// EINVALID (k outside 1..50, a bad goal or filter, too many candidate pairs), ENOTFOUND,
// ETIMEOUT.
func (s *Service) SuggestPartnerships(ctx context.Context, f domain.NetworkFilter, g Goal, k int, cf CandidateFilter) ([]Suggestion, error) {
	if k < 1 || k > MaxSuggestions {
		return nil, domain.FieldErrorf("k", domain.EINVALID, "k must be between 1 and %d, got %d", MaxSuggestions, k)
	}
	if err := g.Check(); err != nil {
		return nil, err
	}
	by, err := s.checkGroupBy(ctx, g.By)
	if err != nil {
		return nil, err
	}
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return nil, err
	}
	gr := sn.group(by)
	groupOf := func(key, field string) (int32, error) {
		i, ok := gr.index[key]
		if !ok {
			return 0, domain.FieldErrorf(field, domain.EINVALID, "no actor of group %q in this network slice", key)
		}
		return i, nil
	}
	allowed, err := candidateRule(sn, gr, cf, groupOf)
	if err != nil {
		return nil, err
	}
	var from, to int32 // the goal's groups, for the goals between two
	if g.Kind == GoalGroupReach || g.Kind == GoalBrokerDependence {
		if from, err = groupOf(g.From, "goal.from"); err != nil {
			return nil, err
		}
		if to, err = groupOf(g.To, "goal.to"); err != nil {
			return nil, err
		}
	}
	view := sn.view(f.Direction)
	var picks []network.Pick
	var explain func(p network.Pick) string
	label := func(key string) string { return sn.groupOf(by, key).Label }
	name := func(v int32) string { return sn.base.data.Actors[sn.actors[v]].Name }
	err = s.admission.run(ctx, func() error {
		switch g.Kind {
		case GoalGroupReach, GoalActorReach:
			spec := network.WeaveSpec{Kind: network.WeaveReach, Hops: g.MaxHops}
			if g.Kind == GoalGroupReach {
				for v, x := range gr.of {
					if x == from {
						spec.Sources = append(spec.Sources, int32(v))
					}
				}
				spec.Target = func(v int32) bool { return gr.of[v] == to }
				explain = func(p network.Pick) string {
					return fmt.Sprintf("brings %s more %s %s within %d hops of %s; ties %s to %s",
						fmtGain(p.Gain), label(g.To), actorsWord(p.Gain), g.MaxHops, label(g.From), name(p.U), name(p.V))
				}
			} else {
				a, ok := sn.index[g.ActorID]
				if !ok {
					return domain.Errorf(domain.ENOTFOUND, "actor %q is not in this network slice", g.ActorID)
				}
				spec.Sources = []int32{a}
				spec.Target = func(v int32) bool { return gr.of[v] != gr.of[a] }
				explain = func(p network.Pick) string {
					how := fmt.Sprintf("ties %s to %s", name(p.U), name(p.V))
					if p.U == a || p.V == a {
						how = "by partnering with " + name(p.U+p.V-a)
					}
					return fmt.Sprintf("brings %s more %s outside %s within %d hops of %s %s",
						fmtGain(p.Gain), actorsWord(p.Gain), label(gr.keys[gr.of[a]]), g.MaxHops, name(a), how)
				}
			}
			picks, err = network.Weave(ctx, view, spec, k, allowed, maxWeavePairs)
		case GoalConnectivity:
			picks, err = network.Weave(ctx, sn.undirected, network.WeaveSpec{Kind: network.WeaveConnectivity}, k, allowed, maxWeavePairs)
			explain = func(p network.Pick) string {
				return fmt.Sprintf("joins %s's part of the network to %s's: %s more pairs of actors can reach each other", name(p.U), name(p.V), fmtGain(p.Gain))
			}
		default: // GoalBrokerDependence
			explain = func(p network.Pick) string {
				return fmt.Sprintf("lowers the largest %s–%s brokerage (group-pair betweenness) by %s; ties %s to %s",
					label(g.From), label(g.To), fmtGain(p.Gain), name(p.U), name(p.V))
			}
			picks, err = brokerWeave(ctx, view, sn.undirected, gr.of, from, to, k, allowed)
		}
		return err
	})
	if errors.Is(err, network.ErrTooManyCandidates) {
		return nil, domain.FieldErrorf("candidates", domain.EINVALID,
			"too many candidate ties on a slice of %d actors: restrict them with candidates (between, actorIds or maxDistance) or narrow the network", sn.ActorCount())
	}
	if err != nil {
		return nil, timeout(err)
	}
	out := make([]Suggestion, len(picks))
	total := 0.0
	for i, p := range picks {
		total += p.Gain
		out[i] = Suggestion{U: sn.ids[p.U], V: sn.ids[p.V], Gain: p.Gain, Cumulative: total, Explanation: explain(p)}
	}
	return out, nil
}

// actorsWord is "actor" or "actors" for a count.
func actorsWord(n float64) string {
	if n == 1 {
		return "actor"
	}
	return "actors"
}

// fmtGain writes a gain: whole numbers as integers, others to four significant digits.
func fmtGain(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// candidateRule is a CandidateFilter as a rule on vertex pairs (nil: any pair).
func candidateRule(sn *Snapshot, gr *grouping, cf CandidateFilter, groupOf func(key, field string) (int32, error)) (network.Candidates, error) {
	var rules []network.Candidates
	switch len(cf.Between) {
	case 0:
	case 2:
		a, err := groupOf(cf.Between[0], "candidates.between")
		if err != nil {
			return nil, err
		}
		b, err := groupOf(cf.Between[1], "candidates.between")
		if err != nil {
			return nil, err
		}
		rules = append(rules, func(u, v int32) bool {
			return (gr.of[u] == a && gr.of[v] == b) || (gr.of[u] == b && gr.of[v] == a)
		})
	default:
		return nil, domain.FieldErrorf("candidates.between", domain.EINVALID, "between takes two groups, got %d", len(cf.Between))
	}
	if len(cf.ActorIDs) > 0 {
		ends := make([]bool, len(sn.ids))
		for _, id := range cf.ActorIDs {
			v, ok := sn.index[id]
			if !ok {
				return nil, domain.FieldErrorf("candidates.actorIds", domain.EINVALID, "actor %q is not in this network slice", id)
			}
			ends[v] = true
		}
		rules = append(rules, func(u, v int32) bool { return ends[u] || ends[v] })
	}
	if d := cf.MaxDistance; d != 0 {
		if d < 2 || d > MaxHops {
			return nil, domain.FieldErrorf("candidates.maxDistance", domain.EINVALID, "maxDistance must be between 2 and %d, got %d", MaxHops, d)
		}
		// Distances now, on the undirected view, from each u as the scan reaches it.
		g := sn.undirected
		dist := make([]int32, g.N)
		from := int32(-1)
		var queue []int32
		rules = append(rules, func(u, v int32) bool {
			if u != from {
				from = u
				for i := range dist {
					dist[i] = -1
				}
				dist[u] = 0
				queue = append(queue[:0], u)
				for head := 0; head < len(queue); head++ {
					x := queue[head]
					if int(dist[x]) >= d {
						continue
					}
					adj, _ := g.Out(x)
					for _, y := range adj {
						if dist[y] < 0 {
							dist[y] = dist[x] + 1
							queue = append(queue, y)
						}
					}
				}
			}
			return dist[v] >= 0
		})
	}
	if len(rules) == 0 {
		return nil, nil
	}
	return func(u, v int32) bool {
		for _, r := range rules {
			if !r(u, v) {
				return false
			}
		}
		return true
	}, nil
}

// brokerWeave picks ties greedily to lower the largest group-pair betweenness between groups
// a and b: each step evaluates every allowed candidate by recomputing the group-pair
// betweenness with it (network.GroupPairBetweenness), at most maxBrokerEvaluations of them.
// The goal is neither monotone nor submodular: each pick is exact, the k-set has no bound.
func brokerWeave(ctx context.Context, view, undirected *network.Graph, group []int32, a, b int32, k int, allowed network.Candidates) ([]network.Pick, error) {
	directed := view.Directed
	var base []network.Edge
	for u := int32(0); u < int32(view.N); u++ {
		adj, w := view.Out(u)
		for i, v := range adj {
			if directed || u < v {
				base = append(base, network.Edge{U: u, V: v, W: w[i]})
			}
		}
	}
	value := func(edges []network.Edge) (float64, error) {
		g := network.Build(view.N, edges, directed)
		scores, err := network.GroupPairBetweenness(ctx, g, group, a, b, false)
		return largest(scores), err
	}
	var picks []network.Pick
	picked := map[[2]int32]bool{}
	edges := base
	for len(picks) < k {
		current, err := value(edges)
		if err != nil {
			return nil, err
		}
		var cands [][2]int32
		for u := int32(0); u < int32(view.N); u++ {
			for v := u + 1; v < int32(view.N); v++ {
				if !picked[[2]int32{u, v}] && !undirected.Tied(u, v) && (allowed == nil || allowed(u, v)) {
					if len(cands) == maxBrokerEvaluations {
						return nil, network.ErrTooManyCandidates
					}
					cands = append(cands, [2]int32{u, v})
				}
			}
		}
		best := network.Pick{}
		for _, c := range cands {
			add := []network.Edge{{U: c[0], V: c[1], W: 1}}
			if directed {
				add = append(add, network.Edge{U: c[1], V: c[0], W: 1})
			}
			after, err := value(append(slices.Clip(edges), add...))
			if err != nil {
				return nil, err
			}
			if gain := current - after; gain > best.Gain+1e-12 {
				best = network.Pick{U: c[0], V: c[1], Gain: gain}
			}
		}
		if !(best.Gain > 0) {
			break
		}
		picks = append(picks, best)
		picked[[2]int32{best.U, best.V}] = true
		edges = append(slices.Clip(edges), network.Edge{U: best.U, V: best.V, W: 1})
		if directed {
			edges = append(edges, network.Edge{U: best.V, V: best.U, W: 1})
		}
	}
	return picks, nil
}

// largest is the largest of scores, 0 for none (group-pair betweenness is never negative):
// the dependence on one broker.
func largest(scores []float64) float64 {
	best := 0.0
	for _, x := range scores {
		best = max(best, x)
	}
	return best
}
