package analytics

import (
	"cmp"
	"context"
	"math"
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

// MaxSteps bounds the step dates of one time series (history, panel, dynamics).
const MaxSteps = 200

// StepMonths are the months of each TimeStep (YEAR, QUARTER, MONTH).
var StepMonths = map[string]int{"YEAR": 12, "QUARTER": 3, "MONTH": 1}

// StepDates returns the step dates from `from` to `to` inclusive: from, from + months, …, the
// last one not after to. Errors: EINVALID when to is before from, or for more than MaxSteps
// dates.
func StepDates(from, to time.Time, months int) ([]time.Time, error) {
	if to.Before(from) {
		return nil, domain.FieldErrorf("to", domain.EINVALID, "to (%s) is before from (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	months = max(months, 1)
	var dates []time.Time
	for i := 0; ; i++ {
		d := from.AddDate(0, i*months, 0)
		if d.After(to) {
			return dates, nil
		}
		if len(dates) == MaxSteps {
			return nil, domain.FieldErrorf("step", domain.EINVALID, "more than %d steps from %s to %s; use a longer step or a shorter period", MaxSteps, from.Format(time.DateOnly), to.Format(time.DateOnly))
		}
		dates = append(dates, d)
	}
}

// StepCount is how many step dates StepDates returns (at most MaxSteps + 1, 1 for a reversed
// period), without building them: for the cost model.
func StepCount(from, to time.Time, months int) int {
	if to.Before(from) {
		return 1
	}
	n := (to.Year()-from.Year())*12 + int(to.Month()-from.Month())
	return min(n/max(months, 1)+1, MaxSteps+1)
}

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
	st := &steps{sn: sn, f: f, g: g, dates: dates, vertexOf: make([]int32, len(g.Actors))}
	st.f.Window = window
	for i := range st.vertexOf {
		st.vertexOf[i] = -1
	}
	for v, i := range sn.actors {
		st.vertexOf[i] = int32(v)
	}
	m := f.Matcher()
	typeOK := make([]bool, len(g.TieTypes))
	for i, t := range g.TieTypes {
		typeOK[i] = len(f.PartnershipTypes) == 0 || slices.Contains(f.PartnershipTypes, t)
	}
	for i := range g.Ties {
		t := &g.Ties[i]
		u, v := st.vertexOf[t.U], st.vertexOf[t.V]
		if u < 0 || v < 0 || !typeOK[t.Type] {
			continue
		}
		w, ok := m.TieRow(g, i)
		if !ok {
			continue
		}
		st.ties = append(st.ties, stepTie{u: u, v: v, w: w, directed: t.Directed, since: t.Since, until: t.Until, row: int32(i)})
	}
	// By pair, so that each step's undirected rows come out of the CSR build already sorted.
	slices.SortFunc(st.ties, func(a, b stepTie) int {
		return cmp.Or(cmp.Compare(pairKey(a.u, a.v), pairKey(b.u, b.v)), cmp.Compare(a.row, b.row))
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
	for _, g := range []*network.Graph{step.undirected, step.directed} {
		if g != nil {
			step.bytes += g.Bytes()
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
		out = append(out, pairKey(u, v))
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
	return slices.Compact(out)
}

// pairKey is an unordered vertex pair's key, the smaller vertex first.
func pairKey(u, v int32) uint64 {
	if u > v {
		u, v = v, u
	}
	return uint64(u)<<32 | uint64(uint32(v))
}

// pairOf splits a pairKey.
func pairOf(k uint64) (u, v int32) { return int32(k >> 32), int32(uint32(k)) }

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

// TieStep is what changed between two consecutive step dates, over the slice's tied actor
// pairs (parallel ties merged, direction ignored): pairs tied on To and not on From (formed),
// the reverse (dissolved), on both (persisted), their Jaccard index (NaN when neither date has
// a tie), the actors with a tie on To and none on From (entered) and the reverse (left), and
// the same counts by the pair of groups of the two actors.
type TieStep struct {
	From, To                     time.Time
	Formed, Dissolved, Persisted int
	Jaccard                      float64
	ActorsEntered, ActorsLeft    int
	ByGroupPair                  []GroupPairChange
}

// GroupPairChange is TieStep's counts for the pairs joining groups A and B (A ≤ B by key).
type GroupPairChange struct {
	A, B                         Group
	Formed, Dissolved, Persisted int
}

// TieDynamics compares f's slice on consecutive step dates (see TieStep), grouping actors by
// `by`. Cost: O(steps · m log m) for m ties. Errors: those of MetricPanel; EINVALID for a bad
// grouping.
func (s *Service) TieDynamics(ctx context.Context, f domain.NetworkFilter, dates []time.Time, by domain.ActorAttribute) ([]TieStep, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, err
	}
	// Each step holds at most one entry per pair of groups.
	out, _, err := series(ctx, s, f, dates, "dynamics", string(by), func(int) int64 { return int64(len(dates)) * dynamicsStepBytes },
		func(ctx context.Context, st *steps) ([]TieStep, int64, error) {
			gr := st.sn.group(by)
			if len(gr.keys) > MaxDynamicsGroups {
				return nil, 0, domain.FieldErrorf("groupByAttribute", domain.EINVALID,
					"%s has %d values in the slice; tieDynamics splits by at most %d groups: group by an attribute with fewer values", by, len(gr.keys), MaxDynamicsGroups)
			}
			n := len(st.sn.ids)
			out := make([]TieStep, 0, max(len(dates)-1, 0))
			prev := st.pairs(0)
			for i := 1; i < len(dates); i++ {
				if err := ctx.Err(); err != nil {
					return nil, 0, err
				}
				next := st.pairs(i)
				out = append(out, compareSteps(st.sn, gr, n, prev, next, dates[i-1], dates[i]))
				prev = next
			}
			bytes := int64(0)
			for _, step := range out {
				bytes += 256 + int64(len(step.ByGroupPair))*groupPairBytes
			}
			return out, bytes, nil
		})
	return out, err
}

// MaxDynamicsGroups bounds the groups tieDynamics splits by, so that a step's byGroupPair has
// at most MaxDynamicsGroups·(MaxDynamicsGroups + 1)/2 entries (a STRING attribute could have a
// value per actor).
const MaxDynamicsGroups = 50

// groupPairBytes is one GroupPairChange with its map entry.
const groupPairBytes = 96

// dynamicsStepBytes bounds one TieStep: itself and its byGroupPair.
const dynamicsStepBytes = 256 + MaxDynamicsGroups*(MaxDynamicsGroups+1)/2*groupPairBytes

// compareSteps is TieStep for the sorted pairs of two dates.
func compareSteps(sn *Snapshot, gr *grouping, n int, a, b []uint64, from, to time.Time) TieStep {
	step := TieStep{From: from, To: to, Jaccard: math.NaN()}
	type counts struct{ formed, dissolved, persisted int }
	byPair := map[[2]int32]*counts{}
	count := func(k uint64) *counts {
		u, v := pairOf(k)
		gu, gv := gr.of[u], gr.of[v]
		if gu > gv {
			gu, gv = gv, gu
		}
		c := byPair[[2]int32{gu, gv}]
		if c == nil {
			c = &counts{}
			byPair[[2]int32{gu, gv}] = c
		}
		return c
	}
	tiedA, tiedB := make([]bool, n), make([]bool, n)
	mark := func(tied []bool, k uint64) {
		u, v := pairOf(k)
		tied[u], tied[v] = true, true
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i] < b[j]):
			step.Dissolved++
			count(a[i]).dissolved++
			mark(tiedA, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			step.Formed++
			count(b[j]).formed++
			mark(tiedB, b[j])
			j++
		default:
			step.Persisted++
			count(a[i]).persisted++
			mark(tiedA, a[i])
			mark(tiedB, b[j])
			i++
			j++
		}
	}
	if union := step.Formed + step.Dissolved + step.Persisted; union > 0 {
		step.Jaccard = float64(step.Persisted) / float64(union)
	}
	for v := range n {
		if tiedB[v] && !tiedA[v] {
			step.ActorsEntered++
		}
		if tiedA[v] && !tiedB[v] {
			step.ActorsLeft++
		}
	}
	keys := make([][2]int32, 0, len(byPair))
	for k := range byPair {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [2]int32) int {
		if x[0] != y[0] {
			return int(x[0] - y[0])
		}
		return int(x[1] - y[1])
	})
	for _, k := range keys {
		c := byPair[k]
		step.ByGroupPair = append(step.ByGroupPair, GroupPairChange{A: sn.groupOf(gr.by, gr.keys[k[0]]), B: sn.groupOf(gr.by, gr.keys[k[1]]),
			Formed: c.formed, Dissolved: c.dissolved, Persisted: c.persisted})
	}
	return step
}

// TieEvent is a partnership of the slice that formed (its since) or dissolved (its until)
// within a period.
type TieEvent struct {
	PartnershipID string
	Formed        bool // false: dissolved
	Date          time.Time
}

// TieChanges lists the partnerships of f's slice (f without a date) that formed in (from, to]
// — their since falls there — or dissolved in [from, to) — their until, their last active day,
// falls there — by date, formations first, then partnership id. Project ties are not
// partnerships and are not listed. Errors: those of MetricPanel.
func (s *Service) TieChanges(ctx context.Context, f domain.NetworkFilter, from, to time.Time) ([]TieEvent, error) {
	if to.Before(from) {
		return nil, domain.FieldErrorf("to", domain.EINVALID, "to (%s) is before from (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	if f.Window != nil {
		return nil, domain.FieldErrorf("network.window", domain.EINVALID, "tieChanges lists partnerships by their own dates: leave window out of network")
	}
	dates := []time.Time{from, to}
	out, _, err := series(ctx, s, f, dates, "changes", "", func(int) int64 { return 0 },
		func(ctx context.Context, st *steps) ([]TieEvent, int64, error) {
			lo, hi := domain.DayOf(from), domain.DayOf(to)
			var out []TieEvent
			for _, t := range st.ties {
				if t.since != domain.NoSince && t.since > lo && t.since <= hi {
					out = append(out, TieEvent{PartnershipID: st.g.Ties[t.row].ID, Formed: true, Date: dayDate(t.since)})
				}
				if t.until != domain.NoUntil && t.until >= lo && t.until < hi {
					out = append(out, TieEvent{PartnershipID: st.g.Ties[t.row].ID, Date: dayDate(t.until)})
				}
			}
			slices.SortFunc(out, func(a, b TieEvent) int {
				if c := a.Date.Compare(b.Date); c != 0 {
					return c
				}
				if a.Formed != b.Formed {
					if a.Formed {
						return -1
					}
					return 1
				}
				return strings.Compare(a.PartnershipID, b.PartnershipID)
			})
			return out, int64(len(out)) * 64, nil
		})
	return out, err
}

// dayDate is the date of a day number (days since 1970-01-01, UTC).
func dayDate(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }
