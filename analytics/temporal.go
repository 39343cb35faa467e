package analytics

import (
	"cmp"
	"context"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"

	"stakegraph/domain"
	"stakegraph/network"
)

// Change over time. A time series asks for one slice on several step dates: the slice's
// actors do not depend on time (no actor field does), only its ties do. So the series derives
// the slice's actors once (the cached snapshot of the filter without its date), gathers once
// the ties the filter keeps on some date, and each step only tests the ties' dates: no Neo4j
// round trip per step (the partnerships' dates come with the version's data, loaded once), and
// one graph version for every step — the operation's.

// timeFree checks f for a time series on dates and returns it without its date (the slice's
// actors, and the key its results are cached under), with the extra key that tells the series
// apart: its dates and window. Errors: EINVALID when f sets asOf, from or to itself, or for a
// bad filter (checked at the first date, so a window is checked with its asOf).
func timeFree(f domain.NetworkFilter, dates []time.Time) (domain.NetworkFilter, string, error) {
	if f.AsOf != nil || f.From != nil || f.To != nil {
		return f, "", domain.FieldErrorf("network", domain.EINVALID, "a time series sets the date itself: leave asOf, from and to out of network (window may stay)")
	}
	if len(dates) == 0 {
		return f, "", domain.FieldErrorf("from", domain.EINVALID, "a time series needs at least one date")
	}
	at := f
	at.AsOf = &dates[0]
	if err := at.Validate(); err != nil {
		return f, "", err
	}
	var key strings.Builder
	if f.Window != nil {
		key.WriteString("w" + strconv.Itoa(*f.Window))
	}
	for _, d := range dates {
		key.WriteString("," + strconv.FormatInt(int64(domain.DayOf(d)), 36))
	}
	f.Window = nil
	return f, key.String(), nil
}

// steps is a slice's actors with the ties its filter keeps on some date, from which each step
// date's slice is derived in memory.
type steps struct {
	sn       *Snapshot            // the slice without its date: actors, ids, groupings
	f        domain.NetworkFilter // the filter with its window, without a date
	g        *domain.GraphData    // the version's data with the partnerships' dates
	ties     []stepTie            // by unordered pair (smaller vertex, larger), then data row
	vertexOf []int32              // data actor index → vertex, -1 when not in the slice
	dates    []time.Time
	meter    *network.Meter // the request's: the steps' slices and pairs count their work
}

// stepTie is a tie the filter keeps on some date: its vertices, weight in the slice, dates and
// row in the data.
type stepTie struct {
	u, v         int32
	w            float64
	directed     bool
	since, until int32
	row          int32
}

// stepTieBytes is a stepTie's size.
const stepTieBytes = 32

// newSteps gathers the ties of sn's slice (f without its window) that f keeps on some date.
func (s *Service) newSteps(ctx context.Context, sn *Snapshot, f domain.NetworkFilter, window *int, dates []time.Time) (*steps, error) {
	g, err := s.detailed(ctx, sn.base)
	if err != nil {
		return nil, err
	}
	st := &steps{sn: sn, f: f, g: g, dates: dates, vertexOf: sn.vertexOfData(), meter: network.MeterOf(ctx)}
	st.f.Window = window
	keptTies(g, f, st.vertexOf, func(i int, u, v int32, w float64) {
		t := &g.Ties[i]
		st.ties = append(st.ties, stepTie{u: u, v: v, w: w, directed: t.Directed, since: t.Since, until: t.Until, row: int32(i)})
	})
	// By pair, so that each step's undirected rows come out of the CSR build already sorted.
	slices.SortFunc(st.ties, func(a, b stepTie) int {
		return cmp.Or(cmp.Compare(network.PairKey(a.u, a.v), network.PairKey(b.u, b.v)), cmp.Compare(a.row, b.row))
	})
	return st, nil
}

// matcher is the filter at step date d.
func (st *steps) matcher(d time.Time) *domain.NetworkMatcher {
	f := st.f
	f.AsOf = &d
	return f.Matcher()
}

// at derives step i's slice: the ties active on its date (within the window), and project
// ties when the filter asks for them. It shares the slice's actors and groupings, and builds
// only the views asked for (the other is nil: a panel's kernel reads the graph it is given).
func (st *steps) at(i int, undirected, directed bool) *Snapshot {
	m := st.matcher(st.dates[i])
	var ties []network.Tie
	for _, t := range st.ties {
		if m.Active(t.since, t.until) {
			ties = append(ties, network.Tie{U: t.u, V: t.v, W: t.w, Directed: t.directed})
		}
	}
	if st.f.IncludeProjectTies {
		ties = append(ties, projectTies(st.g, m, st.vertexOf)...)
	}
	n := len(st.sn.ids)
	sn := st.sn
	step := &Snapshot{Version: sn.Version, ids: sn.ids, index: sn.index, actors: sn.actors, base: sn.base, groupings: sn.groupings}
	if undirected && directed {
		step.undirected, step.directed = network.Views(n, ties)
	} else if undirected {
		step.undirected = network.UndirectedView(n, ties)
	} else {
		step.directed = network.DirectedView(n, ties)
	}
	st.meter.Add(len(st.ties) + len(ties))
	for _, g := range []*network.Graph{step.undirected, step.directed} {
		if g != nil {
			step.bytes += g.Bytes()
			st.meter.Add(2 * (g.N + len(g.OutAdj) + len(g.InAdj))) // the view's rows
		}
	}
	return step
}

// pairs returns step i's tied actor pairs, parallel ties merged and direction ignored, as
// sorted keys u<<32 | v (u < v), with project ties when the filter asks for them.
func (st *steps) pairs(i int) []uint64 {
	m := st.matcher(st.dates[i])
	var out []uint64
	add := func(u, v int32) {
		if u == v {
			return
		}
		out = append(out, network.PairKey(u, v))
	}
	for _, t := range st.ties {
		if m.Active(t.since, t.until) {
			add(t.u, t.v)
		}
	}
	if st.f.IncludeProjectTies {
		for _, t := range projectTies(st.g, m, st.vertexOf) {
			add(t.U, t.V)
		}
	}
	slices.Sort(out)
	st.meter.Add(len(st.ties) + len(out)*bits.Len(uint(len(out))))
	return slices.Compact(out)
}

// stepBytes bounds the memory a series over st holds at once besides its results: the ties it
// gathered and one step's slice (or two steps' pairs).
func stepBytes(n, m int64) int64 {
	return m*stepTieBytes + SnapshotBytesEstimate(n, m) + 2*m*8
}

// series runs fn on a slice's steps: it checks f for the dates, derives the slice's actors
// (cached), gathers its ties and calls fn within the memory it reserves (stepBytes plus
// resultBytes(n)), once per operation and series (cached under kind and extra). Errors: those
// of timeFree and slice; ETOOEXPENSIVE / EOVERLOADED when the memory does not fit.
func series[T any](ctx context.Context, s *Service, f domain.NetworkFilter, dates []time.Time, kind, extra string,
	resultBytes func(n int) int64, fn func(ctx context.Context, st *steps) (T, int64, error)) (T, *Snapshot, error) {
	window := f.Window
	f0, key, err := timeFree(f, dates)
	if err != nil {
		var zero T
		return zero, nil, err
	}
	return cached(ctx, s, f0, kind, extra+"|"+key, func(ctx context.Context, sn *Snapshot, f0 domain.NetworkFilter) (T, int64, error) {
		var zero T
		release, err := s.cache.reserve(stepBytes(int64(len(sn.ids)), int64(sn.undirected.EdgeCount())+int64(sn.directed.EdgeCount())) + resultBytes(len(sn.ids)))
		if err != nil {
			return zero, 0, err
		}
		defer release()
		st, err := s.newSteps(ctx, sn, f0, window, dates)
		if err != nil {
			return zero, 0, err
		}
		return fn(ctx, st)
	})
}

// Panel is every actor's metric on each step date: the panel for regressions and for rank
// stability.
type Panel struct {
	Snapshot *Snapshot // the slice's actors (vertex i is Snapshot's actor i)
	Metric   domain.Metric
	Dates    []time.Time
	Ties     []int       // edges (undirected) or arcs (directed) in the view on each date
	scores   [][]float64 // by step, then vertex; NaN where undefined
	order    [][]int32   // by step: vertices by descending score, ties by actor id
	rank     [][]int32   // by step: 1-based rank of each vertex
}

// panelBytes is a panel's size for n actors and steps dates.
func panelBytes(n, steps int) int64 { return int64(n)*int64(steps)*(8+4+4) + int64(steps)*64 }

// MetricPanel computes metric m on f's slice on each of the dates (f without asOf, from and
// to; its window applies on each date), cached per operation. Every step shares the
// operation's graph version. Errors: EINVALID for a bad filter, metric or options; ETIMEOUT;
// ETOOEXPENSIVE / EOVERLOADED when the panel does not fit in memory.
func (s *Service) MetricPanel(ctx context.Context, f domain.NetworkFilter, m domain.Metric, o Options, dates []time.Time) (*Panel, error) {
	info, ok := LookupMetric(m)
	if !ok || !m.Valid() {
		return nil, domain.FieldErrorf("metric", domain.EINVALID, "unknown metric %q", m)
	}
	if err := o.validate(m); err != nil {
		return nil, err
	}
	p, _, err := series(ctx, s, f, dates, "panel", metricExtra(m, o),
		func(n int) int64 { return panelBytes(n, len(dates)) },
		func(ctx context.Context, st *steps) (*Panel, int64, error) {
			p := &Panel{Snapshot: st.sn, Metric: m, Dates: dates, Ties: make([]int, len(dates)),
				scores: make([][]float64, len(dates)), order: make([][]int32, len(dates)), rank: make([][]int32, len(dates))}
			for i := range dates {
				if err := ctx.Err(); err != nil {
					return nil, 0, err
				}
				directed := st.f.Direction == domain.Directed
				sn := st.at(i, !directed || info.Undirected, directed)
				g := sn.view(st.f.Direction)
				p.Ties[i] = g.EdgeCount()
				if info.Undirected {
					g = sn.undirected
				}
				scores, _, err := info.kernel(ctx, sn, g, st.f.Weighted, o)
				if err != nil {
					return nil, 0, err
				}
				p.scores[i] = scores
				p.order[i], p.rank[i] = rank(scores)
			}
			return p, panelBytes(len(st.sn.ids), len(dates)), nil
		})
	return p, err
}

// ActorCount is the number of actors in the panel's slice (every step has them all).
func (p *Panel) ActorCount() int { return len(p.Snapshot.ids) }

// ActorID is vertex v's actor id.
func (p *Panel) ActorID(v int) string { return p.Snapshot.ids[v] }

// Index returns an actor's vertex, and false when it is not in the slice.
func (p *Panel) Index(actorID string) (int, bool) {
	v, ok := p.Snapshot.index[actorID]
	return int(v), ok
}

// At returns vertex v's score (NaN where undefined) and rank on step i.
func (p *Panel) At(i, v int) (score float64, rank int) { return p.scores[i][v], int(p.rank[i][v]) }

// RankStep is how a ranking changed between two consecutive step dates: Spearman's ρ and
// Kendall's τ-b over the actors scored on both (NaN when undefined: fewer than two actors, or
// no variation), and the share of the top `top` actors on the first date still in the top on
// the second (NaN without actors).
type RankStep struct {
	From, To                      time.Time
	Spearman, KendallTau, Overlap float64
}

// RankStability compares the panel's rankings on consecutive dates. top is how many of the
// most central actors (descending score, ties by actor id) the overlap follows.
func (p *Panel) RankStability(ctx context.Context, top int) ([]RankStep, error) {
	out := make([]RankStep, 0, max(len(p.Dates)-1, 0))
	for i := 0; i+1 < len(p.Dates); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		a, b := p.scores[i], p.scores[i+1]
		var x, y []float64
		for v := range a {
			if !math.IsNaN(a[v]) && !math.IsNaN(b[v]) {
				x, y = append(x, a[v]), append(y, b[v])
			}
		}
		step := RankStep{From: p.Dates[i], To: p.Dates[i+1], Spearman: network.Spearman(x, y), KendallTau: network.KendallTauB(x, y), Overlap: math.NaN()}
		network.MeterOf(ctx).Add(len(a) + 4*len(x)*bits.Len(uint(len(x)))) // the pairs, two rankings' sorts, Kendall's merge sort
		if k := min(top, len(p.order[i])); k > 0 {
			kept := 0
			for _, v := range p.order[i][:k] {
				if int(p.rank[i+1][v]) <= k {
					kept++
				}
			}
			step.Overlap = float64(kept) / float64(k)
		}
		out = append(out, step)
	}
	return out, nil
}
