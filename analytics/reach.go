package analytics

import (
	"context"
	"sort"

	"stakegraph/domain"
	"stakegraph/network"
)

// MaxHops bounds reach queries.
const MaxHops = 6

func (s *Service) checkReach(ctx context.Context, by domain.ActorAttribute, maxHops int) (domain.ActorAttribute, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return "", domain.FieldErrorf("maxHops", domain.EINVALID, "maxHops must be between 1 and %d, got %d", MaxHops, maxHops)
	}
	return s.checkGroupBy(ctx, by)
}

// GroupShare is how many of a set of actors belong to a group, and their share of the set.
type GroupShare struct {
	Group
	Count int
	Share float64
}

// ReachResult is an actor's k-hop reach: how many actors it reaches, by group (most first)
// and by hop, how many lie outside its own group, and the Blau diversity 1 − Σ p² of the
// reached actors' groups (0 when it reaches nobody).
type ReachResult struct {
	Version       int64
	Total         int
	CrossGroup    int
	GroupsReached int
	Diversity     float64
	ByGroup       []GroupShare
	ByHop         []int // actors first reached at hop h+1
}

// Reach counts who actorID reaches within maxHops (outgoing when DIRECTED), by group.
// Errors: EINVALID (maxHops outside 1..6), ENOTFOUND.
func (s *Service) Reach(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID string, maxHops int) (*ReachResult, error) {
	by, err := s.checkReach(ctx, by, maxHops)
	if err != nil {
		return nil, err
	}
	sn, vs, err := s.sliceAt(ctx, &f, actorID)
	if err != nil {
		return nil, err
	}
	v, gr := vs[0], sn.group(by)
	release, err := lane(ctx)
	if err != nil {
		return nil, err
	}
	r := network.ReachFrom(ctx, sn.view(f.Direction), v, maxHops, gr.of, len(gr.keys))
	release()
	out := &ReachResult{Version: sn.Version, Total: r.Total, ByGroup: []GroupShare{}, ByHop: r.ByHop}
	sumSq := 0.0
	for g, c := range r.ByGroup {
		if c == 0 {
			continue
		}
		share := float64(c) / float64(r.Total)
		sumSq += share * share
		out.ByGroup = append(out.ByGroup, GroupShare{Group: sn.groupOf(by, gr.keys[g]), Count: c, Share: share})
		out.GroupsReached++
		if int32(g) != gr.of[v] {
			out.CrossGroup += c
		}
	}
	sort.Slice(out.ByGroup, func(i, j int) bool {
		a, b := out.ByGroup[i], out.ByGroup[j]
		return a.Count > b.Count || (a.Count == b.Count && a.Key < b.Key)
	})
	if r.Total > 0 {
		out.Diversity = 1 - sumSq
	}
	return out, nil
}

// GroupReach returns how many of group b's actors are within maxHops of group a, and b's
// size. Errors: EINVALID.
func (s *Service) GroupReach(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, a, b string, maxHops int) (reached, size int, err error) {
	if by, err = s.checkReach(ctx, by, maxHops); err != nil {
		return 0, 0, err
	}
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return 0, 0, err
	}
	gr := sn.group(by)
	ga, okA := gr.index[a]
	gb, okB := gr.index[b]
	if !okA || !okB {
		return 0, 0, domain.FieldErrorf("groups", domain.EINVALID, "no actor of group %q or %q in this network slice", a, b)
	}
	reached, size = network.GroupReach(ctx, sn.view(f.Direction), gr.of, ga, gb, maxHops)
	return reached, size, nil
}

// shares lists the groups with a non-zero count, most first (ties by key), with their share
// of total.
func shares(sn *Snapshot, gr *grouping, counts []int, total int) []GroupShare {
	out := []GroupShare{}
	for g, n := range counts {
		if n > 0 {
			out = append(out, GroupShare{Group: sn.groupOf(gr.by, gr.keys[g]), Count: n, Share: float64(n) / float64(total)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}
