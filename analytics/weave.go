package analytics

import (
	"context"
	"errors"
	"math"
	"strconv"

	"stakegraph/domain"
	"stakegraph/network"
)

// Network weaving: new partnerships suggested greedily for a goal of the goals table
// (goals.go), with candidate filters.

// CandidateFilter restricts the ties suggestPartnerships may suggest: with Between (two
// groups of the goal's grouping) one end in each; with ActorIDs at least one end among them;
// with MaxDistance ends at most that many hops apart now (2: an introduction through a common
// partner; 2..MaxHops). Empty or nil: no restriction.
type CandidateFilter struct {
	Between     []string
	ActorIDs    []string
	MaxDistance *int
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
// earlier picks, ties broken by actor ids (network.Weave; the goal's entry in the goals table
// runs its step). It stops early when no candidate improves the goal. Each goal's guarantee is
// its entry's Guarantee. Errors: EINVALID (k outside 1..50, a bad goal or filter, too many
// candidate pairs), ENOTFOUND, ETIMEOUT.
func (s *Service) SuggestPartnerships(ctx context.Context, f domain.NetworkFilter, g Goal, k int, cf CandidateFilter) ([]Suggestion, error) {
	if k < 1 || k > MaxSuggestions {
		return nil, domain.FieldErrorf("k", domain.EINVALID, "k must be between 1 and %d, got %d", MaxSuggestions, k)
	}
	g, kind, err := g.kind()
	if err != nil {
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
	w := &weaveStep{sn: sn, gr: sn.group(by), by: by, view: sn.view(f.Direction), k: k}
	if w.allowed, _, err = candidateRule(sn, w.gr, cf); err != nil {
		return nil, err
	}
	if kind.Groups { // the goal's two groups
		if w.from, err = w.group(g.From, "goal.from"); err != nil {
			return nil, err
		}
		if w.to, err = w.group(g.To, "goal.to"); err != nil {
			return nil, err
		}
	}
	var picks []network.Pick
	var explain func(network.Pick) string
	err = s.admission.run(ctx, func() (err error) {
		picks, explain, err = kind.weave(ctx, w, g)
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

// weaveStep is what a goal's greedy search reads: the slice, its grouping by the goal's
// attribute, the view, the goal's groups (for goals between two), the picks wanted and the
// candidate rule.
type weaveStep struct {
	sn       *Snapshot
	gr       *grouping
	by       domain.ActorAttribute
	view     *network.Graph
	from, to int32
	k        int
	allowed  network.Candidates
}

// group is the grouping's index of key. Errors: EINVALID (no actor of the group in the
// slice), named by field.
func (w *weaveStep) group(key, field string) (int32, error) {
	return groupIndex(w.gr, key, field)
}

// label is a group's label; name an actor's name.
func (w *weaveStep) label(key string) string { return w.sn.groupOf(w.by, key).Label }
func (w *weaveStep) name(v int32) string     { return w.sn.base.data.Actors[w.sn.actors[v]].Name }

// groupIndex is gr's index of key. Errors: EINVALID (no actor of the group in the slice).
func groupIndex(gr *grouping, key, field string) (int32, error) {
	i, ok := gr.index[key]
	if !ok {
		return 0, domain.FieldErrorf(field, domain.EINVALID, "no actor of group %q in this network slice", key)
	}
	return i, nil
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

// candidateRule is a CandidateFilter as a rule on vertex pairs (nil: any pair), with the hop
// search its MaxDistance uses (nil without one).
func candidateRule(sn *Snapshot, gr *grouping, cf CandidateFilter) (network.Candidates, *network.HopSearch, error) {
	var rules []network.Candidates
	switch len(cf.Between) {
	case 0:
	case 2:
		a, err := groupIndex(gr, cf.Between[0], "candidates.between")
		if err != nil {
			return nil, nil, err
		}
		b, err := groupIndex(gr, cf.Between[1], "candidates.between")
		if err != nil {
			return nil, nil, err
		}
		rules = append(rules, func(u, v int32) bool {
			return (gr.of[u] == a && gr.of[v] == b) || (gr.of[u] == b && gr.of[v] == a)
		})
	default:
		return nil, nil, domain.FieldErrorf("candidates.between", domain.EINVALID, "between takes two groups, got %d", len(cf.Between))
	}
	if len(cf.ActorIDs) > 0 {
		ends := make([]bool, len(sn.ids))
		for _, id := range cf.ActorIDs {
			v, ok := sn.index[id]
			if !ok {
				return nil, nil, domain.FieldErrorf("candidates.actorIds", domain.EINVALID, "actor %q is not in this network slice", id)
			}
			ends[v] = true
		}
		rules = append(rules, func(u, v int32) bool { return ends[u] || ends[v] })
	}
	var search *network.HopSearch
	if cf.MaxDistance != nil {
		d := *cf.MaxDistance
		if d < 2 || d > MaxHops {
			return nil, nil, domain.FieldErrorf("candidates.maxDistance", domain.EINVALID, "maxDistance must be between 2 and %d, got %d", MaxHops, d)
		}
		// Distances now, on the undirected view (symmetric), from the end last searched from
		// when it is one of the two: a scan from u searches once.
		search = network.NewHopSearch(sn.undirected, d)
		rules = append(rules, func(u, v int32) bool {
			if v == search.Source() {
				u, v = v, u
			}
			return search.Within(u, v)
		})
	}
	if len(rules) == 0 {
		return nil, nil, nil
	}
	return func(u, v int32) bool {
		for _, r := range rules {
			if !r(u, v) {
				return false
			}
		}
		return true
	}, search, nil
}
