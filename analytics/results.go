package analytics

import (
	"cmp"
	"context"
	"math/bits"
	"slices"

	"stakegraph/domain"
	"stakegraph/network"
)

// Result is one metric's scores over a snapshot, with the ranking (descending score, ties by
// actor id) computed once.
type Result struct {
	Snapshot *Snapshot
	Metric   domain.Metric
	Approx   *ApproxInfo
	Options  Options
	scores   []float64 // by vertex; NaN where the metric is undefined
	order    []int32   // vertices by descending score, ties by actor id
	rank     []int32   // 1-based position of each vertex in order
}

// ApproxInfo describes a sampled result: samples drawn and the error bound they guarantee.
type ApproxInfo = network.ApproxInfo

// Score returns the score and rank of an actor, and false when the actor is not in the slice.
func (r *Result) Score(actorID string) (score float64, rank int, ok bool) {
	i, ok := r.Snapshot.index[actorID]
	if !ok {
		return 0, 0, false
	}
	return r.scores[i], int(r.rank[i]), true
}

// Each calls fn with every actor's id and score, in vertex (id) order.
func (r *Result) Each(fn func(actorID string, score float64)) {
	for v, id := range r.Snapshot.ids {
		fn(id, r.scores[v])
	}
}

// Ranked is one actor's place in a ranking.
type Ranked struct {
	ActorID string
	Score   float64 // NaN where the metric is undefined
	Rank    int     // 1-based position in the full ranking
}

// Len is the number of ranked actors.
func (r *Result) Len() int { return len(r.order) }

// Page returns the ranking's positions [start, start+n) (0-based start), most central first.
func (r *Result) Page(start, n int) []Ranked {
	end := min(start+n, len(r.order))
	start = min(max(start, 0), end)
	out := make([]Ranked, 0, end-start)
	for pos := start; pos < end; pos++ {
		v := r.order[pos]
		out = append(out, Ranked{ActorID: r.Snapshot.ids[v], Score: r.scores[v], Rank: pos + 1})
	}
	return out
}

// Ordered returns the ids of the ranked actors that keep accepts (all when keep is nil), most
// central first, or least central first when ascending.
func (r *Result) Ordered(keep func(actorID string) bool, ascending bool) []string {
	ids := make([]string, 0, len(r.order))
	for _, v := range r.order {
		if id := r.Snapshot.ids[v]; keep == nil || keep(id) {
			ids = append(ids, id)
		}
	}
	if ascending {
		for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
			ids[i], ids[j] = ids[j], ids[i]
		}
	}
	return ids
}

func rank(scores []float64) ([]int32, []int32) {
	order := make([]int32, len(scores))
	for i := range order {
		order[i] = int32(i)
	}
	// IDs are sorted, so the vertex index breaks ties by actor id: the order is total, and
	// an unstable sort gives the one answer.
	slices.SortFunc(order, func(a, b int32) int {
		x, y := scores[a], scores[b]
		switch {
		case x > y || (y != y && x == x): // NaN last
			return -1
		case y > x || (x != x && y == y):
			return 1
		}
		return cmp.Compare(a, b)
	})
	ranks := make([]int32, len(scores))
	for pos, v := range order {
		ranks[v] = int32(pos + 1)
	}
	return order, ranks
}

// Compute returns the scores of metric m on the slice f selects, cached per (graph version,
// filter, view, metric, options). Errors: EINVALID (bad filter or options), ETIMEOUT.
func (s *Service) Compute(ctx context.Context, f domain.NetworkFilter, m domain.Metric, o Options) (*Result, error) {
	if !m.Valid() {
		return nil, domain.FieldErrorf("metric", domain.EINVALID, "unknown metric %q", m)
	}
	if err := o.validate(m); err != nil {
		return nil, err
	}
	res, _, err := cached(ctx, s, f, kindMetric, metricExtra(m, o), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*Result, int64, error) {
		scores, approx, err := compute(ctx, sn, f, m, o)
		if err != nil {
			return nil, 0, err
		}
		order, ranks := rank(scores)
		network.MeterOf(ctx).Add(len(scores) * (bits.Len(uint(len(scores))) + 2)) // the ranking's sort
		return &Result{Snapshot: sn, Metric: m, scores: scores, order: order, rank: ranks, Approx: approx, Options: o},
			int64(len(scores)) * 16, nil
	})
	return res, err
}

// Stats are summary statistics of a slice's view.
type Stats = network.Stats

// Stats returns network statistics of the view, cached like Compute.
func (s *Service) Stats(ctx context.Context, f domain.NetworkFilter) (*Stats, *Snapshot, error) {
	return cached(ctx, s, f, "stats", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*Stats, int64, error) {
		st, err := network.Summarize(ctx, sn.view(f.Direction))
		return &st, 128, err
	})
}
