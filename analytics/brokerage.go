package analytics

import (
	"context"
	"fmt"
	"sort"

	"stakegraph/domain"
	"stakegraph/network"
)

// BrokerageResult holds Gould–Fernandez roles for every actor of a snapshot and the census.
type BrokerageResult struct {
	roles    [][6]float64 // by vertex, in network.RoleNames order
	Census   network.BrokerageCensus
	Expected []network.BrokerageExpectation // by group
	grouping *grouping
}

// Roles are one actor's Gould–Fernandez brokerage role counts.
type Roles struct {
	Coordinator, Itinerant, Representative, Gatekeeper, Liaison, Total int
}

// RoleNames are the roles' names in network's order (coordinator … total).
var RoleNames = [6]string{"coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"}

func rolesOf(r [6]float64) Roles {
	return Roles{Coordinator: int(r[network.Coordinator]), Itinerant: int(r[network.Itinerant]),
		Representative: int(r[network.Representative]), Gatekeeper: int(r[network.Gatekeeper]),
		Liaison: int(r[network.Liaison]), Total: int(r[network.Total])}
}

// Brokerage computes brokerage roles on f's view grouped by `by`. Errors: EINVALID.
func (s *Service) Brokerage(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute) (*BrokerageResult, *Snapshot, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, nil, err
	}
	return cached(ctx, s, f, "brokerage", string(by), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*BrokerageResult, int64, error) {
		gr := sn.group(by)
		g := sn.view(f.Direction)
		roles, err := network.BrokerageRoles(ctx, g, gr.of)
		if err != nil {
			return nil, 0, err
		}
		census, exp, err := network.Census(ctx, g, gr.of, len(gr.keys), roles)
		if err != nil {
			return nil, 0, err
		}
		return &BrokerageResult{roles: roles, Census: census, Expected: exp, grouping: gr}, int64(len(roles)) * 48, nil
	})
}

// ActorBrokerage returns an actor's brokerage roles. Errors: ENOTFOUND (NotInSlice), EINVALID.
func (s *Service) ActorBrokerage(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID string) (*Roles, error) {
	res, sn, err := s.Brokerage(ctx, f, by)
	if err != nil {
		return nil, err
	}
	v, err := sn.vertex(actorID)
	if err != nil {
		return nil, err
	}
	r := rolesOf(res.roles[v])
	return &r, nil
}

// holes computes Burt's constraint and effective size on f's view.
func (s *Service) holes(ctx context.Context, f domain.NetworkFilter) (*network.StructuralHoles, error) {
	h, _, err := cached(ctx, s, f, "holes", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*network.StructuralHoles, int64, error) {
		h, err := network.Holes(ctx, sn.view(f.Direction), f.Weighted)
		return &h, int64(len(h.Constraint)) * 24, err
	})
	return h, err
}

// groupPairBetweenness computes betweenness over shortest paths from group pair[0] to group
// pair[1] of `by`, or summed over all ordered pairs of distinct groups when pair is nil.
// Errors: EINVALID (unknown group), ETIMEOUT.
func (s *Service) groupPairBetweenness(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, pair *[2]string) ([]float64, *Snapshot, error) {
	extra := string(by)
	if pair != nil {
		extra = fmt.Sprintf("%s|%q|%q", by, pair[0], pair[1])
	}
	return cached(ctx, s, f, "pairbc", extra, func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) ([]float64, int64, error) {
		gr := sn.group(by)
		ga, gb := int32(-1), int32(-1)
		if pair != nil {
			var ok bool
			if ga, ok = gr.index[pair[0]]; !ok {
				return nil, 0, domain.FieldErrorf("between", domain.EINVALID, "no actor of group %q in this network slice", pair[0])
			}
			if gb, ok = gr.index[pair[1]]; !ok {
				return nil, 0, domain.FieldErrorf("between", domain.EINVALID, "no actor of group %q in this network slice", pair[1])
			}
		}
		scores, err := network.GroupPairBetweenness(ctx, sn.view(f.Direction), gr.of, ga, gb, f.Weighted)
		return scores, int64(len(scores)) * 8, err
	})
}

// GroupPairCount is how many open two-paths an actor brokers between groups A and B.
type GroupPairCount struct {
	A, B  Group
	Count int
}

// connects lists the open two-paths actor v brokers between groups (network.BrokeredPairs)
// per unordered group pair (A < B), most first; with a pair, only for that pair.
func connects(ctx context.Context, sn *Snapshot, g *network.Graph, gr *grouping, v int32, pair *[2]string) []GroupPairCount {
	out := []GroupPairCount{}
	for k, c := range network.BrokeredPairs(ctx, g, gr.of, v) {
		x, y := gr.keys[k[0]], gr.keys[k[1]]
		if pair != nil && !((x == pair[0] && y == pair[1]) || (x == pair[1] && y == pair[0])) {
			continue
		}
		out = append(out, GroupPairCount{A: sn.groupOf(gr.by, x), B: sn.groupOf(gr.by, y), Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if out[i].A.Key != out[j].A.Key {
			return out[i].A.Key < out[j].A.Key
		}
		return out[i].B.Key < out[j].B.Key
	})
	return out
}

// Intermediary is one ranked broker with what explains its rank.
type Intermediary struct {
	ActorID              string
	Betweenness          float64
	GroupPairBetweenness float64
	Brokerage            Roles
	Constraint           float64 // NaN when undefined
	IsCutVertex          bool
	Connects             []GroupPairCount
}

// Intermediaries ranks the slice's actors by group-pair betweenness between the two groups of
// `between` (an explicit pair, "" being the group of actors without the attribute), or over
// all pairs of distinct groups when between is empty, and explains each: betweenness,
// brokerage roles, constraint, whether it is a cut vertex, and the group pairs it connects.
// Errors: EINVALID (between not two distinct groups, first outside 1..500), ETIMEOUT.
func (s *Service) Intermediaries(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, between []string, first int) ([]Intermediary, error) {
	if err := domain.ValidatePageSize(first); err != nil {
		return nil, err
	}
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, err
	}
	var pair *[2]string
	switch len(between) {
	case 0:
	case 2:
		if between[0] == between[1] {
			return nil, domain.FieldErrorf("between", domain.EINVALID, "between needs two different groups")
		}
		pair = &[2]string{between[0], between[1]}
	default:
		return nil, domain.FieldErrorf("between", domain.EINVALID, "between takes exactly two groups, got %d", len(between))
	}
	scores, sn, err := s.groupPairBetweenness(ctx, f, by, pair)
	if err != nil {
		return nil, err
	}
	bc, err := s.Compute(ctx, f, domain.Betweenness, Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	brk, _, err := s.Brokerage(ctx, f, by)
	if err != nil {
		return nil, err
	}
	h, err := s.holes(ctx, f)
	if err != nil {
		return nil, err
	}
	c, _, err := s.cuts(ctx, f)
	if err != nil {
		return nil, err
	}
	order := make([]int32, len(scores))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(i, j int) bool { return scores[order[i]] > scores[order[j]] })
	order = order[:min(first, len(order))]
	g := sn.view(f.Direction)
	out := make([]Intermediary, len(order))
	for i, v := range order {
		out[i] = Intermediary{ActorID: sn.ids[v], Betweenness: bc.scores[v], GroupPairBetweenness: scores[v],
			Brokerage: rolesOf(brk.roles[v]), Constraint: h.Constraint[v], IsCutVertex: c.isCut[v],
			Connects: connects(ctx, sn, g, brk.grouping, v, pair)}
	}
	return out, nil
}
