package analytics

import (
	"context"
	"math"
	"math/bits"
	"slices"
	"strings"
	"time"

	"stakegraph/domain"
	"stakegraph/network"
)

// Tie dynamics: the ties formed, dissolved and persisting between consecutive step dates, by
// group pair, and the partnerships that formed or dissolved in a period.

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
				st.meter.Add(len(prev) + len(next) + n + 2*len(out[len(out)-1].ByGroupPair)) // the merge, the actors, the group pairs
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
		u, v := network.PairOf(k)
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
		u, v := network.PairOf(k)
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
			st.meter.Add(len(st.ties) + len(out)*bits.Len(uint(len(out))))
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
