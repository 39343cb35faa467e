package analytics

import (
	"context"
	"fmt"
	"math"

	"stakegraph/domain"
	"stakegraph/network"
)

// Weaving goals: what a new partnership should achieve. Every goal is one entry of the goals
// table below — the inputs it needs, its value on a slice, its greedy step with the words that
// explain a pick, its price, and the guarantee its picks carry — so whatIf, suggestPartnerships
// and the cost model never switch on a goal's kind, and TestGoalsMatchSchema keeps the table
// and the GraphQL enum WeavingGoalKind equal. CONTRIBUTING.md lists the steps to add one.

// Goal kinds, by their GraphQL names.
const (
	GoalGroupReach       = "GROUP_REACH"
	GoalConnectivity     = "CONNECTIVITY"
	GoalActorReach       = "ACTOR_REACH"
	GoalBrokerDependence = "BROKER_DEPENDENCE"
)

// Goal is what a weaving question asks to improve: a kind of the goals table and its inputs.
// NewGoal checks it; the analytics take it checked.
type Goal struct {
	Kind     string
	From, To string
	ActorID  string
	MaxHops  int
	By       domain.ActorAttribute
	checked  bool
}

// GoalKind is one goal's entry in the goals table.
type GoalKind struct {
	Kind string
	// What the goal needs: two groups (Distinct: different ones), an actor, a hop bound.
	Groups, Distinct, Actor, Hops bool
	// Lower: lower values are better (the others: higher).
	Lower bool
	// Guarantee states what the greedy picks of this goal guarantee.
	Guarantee string
	// value is the goal's value on f's slice (with its overlay, when it has one).
	value func(ctx context.Context, s *Service, f domain.NetworkFilter, g Goal) (float64, error)
	// weave runs the greedy search for the goal on w's slice and explains a pick.
	weave func(ctx context.Context, w *weaveStep, g Goal) ([]network.Pick, func(network.Pick) string, error)
	// valuePrice prices value on f; stepPrice a greedy step's work beyond the pair scans on a
	// slice of n actors and m ties (elementary steps).
	valuePrice func(e *Estimate, f domain.NetworkFilter) int
	stepPrice  func(n, m, candidates float64) float64
}

// reachGuarantee is the guarantee of the reach goals.
const reachGuarantee = "each pick is the best single addition; with maxHops 1 the goal is a coverage function (monotone submodular), so the k picks reach at least (1 − 1/e) of the best k-set's gain (Nemhauser–Wolsey–Fisher 1978); with maxHops ≥ 2 it is not submodular and the k-set has no bound"

// goals is the goals table, in the order of the GraphQL enum WeavingGoalKind.
var goals = []GoalKind{
	// GROUP_REACH counts the actors of group To within MaxHops of some actor of group From
	// (GroupReach's reached): more is better.
	{Kind: GoalGroupReach, Groups: true, Hops: true, Guarantee: reachGuarantee,
		value: func(ctx context.Context, s *Service, f domain.NetworkFilter, g Goal) (float64, error) {
			reached, _, err := s.GroupReach(ctx, f, g.By, g.From, g.To, g.MaxHops)
			return float64(reached), err
		},
		weave: func(ctx context.Context, w *weaveStep, g Goal) ([]network.Pick, func(network.Pick) string, error) {
			spec := network.WeaveSpec{Kind: network.WeaveReach, Hops: g.MaxHops, Target: func(v int32) bool { return w.gr.of[v] == w.to }}
			for v, x := range w.gr.of {
				if x == w.from {
					spec.Sources = append(spec.Sources, int32(v))
				}
			}
			picks, err := network.Weave(ctx, w.view, spec, w.k, w.allowed, maxWeavePairs)
			return picks, func(p network.Pick) string {
				return fmt.Sprintf("brings %s more %s %s within %d hops of %s; ties %s to %s",
					fmtGain(p.Gain), w.label(g.To), actorsWord(p.Gain), g.MaxHops, w.label(g.From), w.name(p.U), w.name(p.V))
			}, err
		},
		valuePrice: searchPrice},
	// CONNECTIVITY counts the unordered actor pairs joined by a path (in the weak components
	// of the undirected view): more is better, fewer components, less fragmentation.
	{Kind: GoalConnectivity,
		Guarantee: "each pick is the best single addition (it joins the two largest components it may); the goal is supermodular, not submodular, so the k-set has no bound",
		value: func(ctx context.Context, s *Service, f domain.NetworkFilter, _ Goal) (float64, error) {
			sn, err := s.slice(ctx, &f)
			if err != nil {
				return 0, err
			}
			labels, count := network.Components(sn.undirected)
			network.MeterOf(ctx).Add(2 * (sn.undirected.N + len(sn.undirected.OutAdj))) // the search, the sizes
			size := make([]float64, count)
			for _, c := range labels {
				size[c]++
			}
			pairs := 0.0
			for _, k := range size {
				pairs += k * (k - 1) / 2
			}
			return pairs, nil
		},
		weave: func(ctx context.Context, w *weaveStep, _ Goal) ([]network.Pick, func(network.Pick) string, error) {
			picks, err := network.Weave(ctx, w.sn.undirected, network.WeaveSpec{Kind: network.WeaveConnectivity}, w.k, w.allowed, maxWeavePairs)
			return picks, func(p network.Pick) string {
				return fmt.Sprintf("joins %s's part of the network to %s's: %s more pairs of actors can reach each other", w.name(p.U), w.name(p.V), fmtGain(p.Gain))
			}, err
		},
		valuePrice: searchPrice},
	// ACTOR_REACH counts the actors within MaxHops of ActorID outside its own group (Reach's
	// crossGroup): more is better.
	{Kind: GoalActorReach, Actor: true, Hops: true, Guarantee: reachGuarantee,
		value: func(ctx context.Context, s *Service, f domain.NetworkFilter, g Goal) (float64, error) {
			r, err := s.Reach(ctx, f, g.By, g.ActorID, g.MaxHops)
			if err != nil {
				return 0, err
			}
			return float64(r.CrossGroup), nil
		},
		weave: func(ctx context.Context, w *weaveStep, g Goal) ([]network.Pick, func(network.Pick) string, error) {
			a, ok := w.sn.index[g.ActorID]
			if !ok {
				return nil, nil, domain.Errorf(domain.ENOTFOUND, "actor %q is not in this network slice", g.ActorID)
			}
			spec := network.WeaveSpec{Kind: network.WeaveReach, Hops: g.MaxHops, Sources: []int32{a},
				Target: func(v int32) bool { return w.gr.of[v] != w.gr.of[a] }}
			picks, err := network.Weave(ctx, w.view, spec, w.k, w.allowed, maxWeavePairs)
			return picks, func(p network.Pick) string {
				how := fmt.Sprintf("ties %s to %s", w.name(p.U), w.name(p.V))
				if p.U == a || p.V == a {
					how = "by partnering with " + w.name(p.U+p.V-a)
				}
				return fmt.Sprintf("brings %s more %s outside %s within %d hops of %s %s",
					fmtGain(p.Gain), actorsWord(p.Gain), w.label(w.gr.keys[w.gr.of[a]]), g.MaxHops, w.name(a), how)
			}, err
		},
		valuePrice: searchPrice},
	// BROKER_DEPENDENCE is the largest group-pair betweenness between From and To (the
	// dependence on one broker): lower is better.
	{Kind: GoalBrokerDependence, Groups: true, Distinct: true, Lower: true,
		Guarantee: "each pick is the best single addition among at most 5,000 candidates a step; the goal is neither monotone nor submodular, so the k-set has no bound",
		value: func(ctx context.Context, s *Service, f domain.NetworkFilter, g Goal) (float64, error) {
			by, err := s.checkGroupBy(ctx, g.By)
			if err != nil {
				return 0, err
			}
			scores, _, err := s.groupPairBetweenness(ctx, f, by, &[2]string{g.From, g.To})
			return network.Largest(scores), err
		},
		weave: func(ctx context.Context, w *weaveStep, g Goal) ([]network.Pick, func(network.Pick) string, error) {
			picks, err := network.WeaveBrokerDependence(ctx, w.view, w.sn.undirected, w.gr.of, w.from, w.to, w.k, w.allowed, maxBrokerEvaluations)
			return picks, func(p network.Pick) string {
				return fmt.Sprintf("lowers the largest %s–%s brokerage (group-pair betweenness) by %s; ties %s to %s",
					w.label(g.From), w.label(g.To), fmtGain(p.Gain), w.name(p.U), w.name(p.V))
			}, err
		},
		valuePrice: func(e *Estimate, f domain.NetworkFilter) int { return e.Metric(f, domain.Betweenness, Options{}) },
		// Up to maxBrokerEvaluations candidates, each a group-pair betweenness run (at most n
		// sources).
		stepPrice: func(n, m, candidates float64) float64 {
			return math.Min(candidates, maxBrokerEvaluations) * n * (n + m)
		}},
}

func searchPrice(e *Estimate, f domain.NetworkFilter) int { return e.Work(WorkSearch, f) }

// Goals returns the goals table, in the order of the GraphQL enum.
func Goals() []GoalKind { return append([]GoalKind(nil), goals...) }

// lookupGoal returns a kind's entry. Errors: EINVALID.
func lookupGoal(kind string) (GoalKind, error) {
	for _, k := range goals {
		if k.Kind == kind {
			return k, nil
		}
	}
	return GoalKind{}, domain.FieldErrorf("goal.kind", domain.EINVALID, "unknown goal kind %q", kind)
}

// NewGoal checks a goal's inputs against its kind's entry: the groups or actor it needs, its
// hop bound (1..MaxHops). Errors: EINVALID.
func NewGoal(g Goal) (Goal, error) {
	k, err := lookupGoal(g.Kind)
	if err != nil {
		return Goal{}, err
	}
	if g.By == "" {
		g.By = domain.BySector
	}
	if k.Groups && (g.From == "" || g.To == "") {
		return Goal{}, domain.FieldErrorf("goal", domain.EINVALID, "a %s goal needs `from` and `to` groups", g.Kind)
	}
	if k.Distinct && g.From == g.To {
		return Goal{}, domain.FieldErrorf("goal", domain.EINVALID, "a %s goal needs two different groups", g.Kind)
	}
	if k.Actor && g.ActorID == "" {
		return Goal{}, domain.FieldErrorf("goal.actorId", domain.EINVALID, "an %s goal needs `actorId`", g.Kind)
	}
	if k.Hops && (g.MaxHops < 1 || g.MaxHops > MaxHops) {
		return Goal{}, domain.FieldErrorf("goal.maxHops", domain.EINVALID, "maxHops must be between 1 and %d, got %d", MaxHops, g.MaxHops)
	}
	g.checked = true
	return g, nil
}

// kind returns g checked (NewGoal) and its kind's entry: a goal made by NewGoal is not
// checked again.
func (g Goal) kind() (Goal, GoalKind, error) {
	if !g.checked {
		var err error
		if g, err = NewGoal(g); err != nil {
			return Goal{}, GoalKind{}, err
		}
	}
	k, err := lookupGoal(g.Kind)
	return g, k, err
}

// GoalValue is the goal's value on f's slice (with its overlay, when it has one). Errors:
// EINVALID (a bad goal, or groups not in the slice), ENOTFOUND (the goal's actor), ETIMEOUT.
func (s *Service) GoalValue(ctx context.Context, f domain.NetworkFilter, g Goal) (float64, error) {
	g, k, err := g.kind()
	if err != nil {
		return 0, err
	}
	return k.value(ctx, s, f, g)
}

// Goal prices the goal's value on f (by kind; 1 for an unknown kind, refused when it runs).
func (e *Estimate) Goal(kind string, f domain.NetworkFilter) int {
	k, err := lookupGoal(kind)
	if err != nil {
		return 1
	}
	return k.valuePrice(e, f)
}

// SuggestPartnerships prices k greedy steps of a goal of kind on f: each scans the slice's
// vertex pairs twice (n²/2, a cheap bound each) after a shallow search per vertex, plus the
// kind's own work per step on its candidate pairs — n²/2, or at most len(cf.ActorIDs)·n when
// the candidates must touch those actors.
func (e *Estimate) SuggestPartnerships(kind string, f domain.NetworkFilter, k int, cf CandidateFilter) int {
	n, m := e.SliceSize(f)
	per := AddPoints(e.Work(WorkSearch, f), Points(n*n), Points(n*(n+m)))
	candidates := n * n / 2
	if len(cf.ActorIDs) > 0 {
		candidates = math.Min(candidates, float64(len(cf.ActorIDs))*n)
	}
	if g, err := lookupGoal(kind); err == nil && g.stepPrice != nil {
		per = AddPoints(per, Points(g.stepPrice(n, m, candidates)))
	}
	return TimesPoints(max(k, 1), per)
}
