package analytics

import (
	"context"
	"fmt"
	"sort"

	"stakegraph/domain"
	"stakegraph/network"
)

// cached runs compute once per key at the current graph version of f's snapshot.
func cached[T any](ctx context.Context, s *Service, f domain.NetworkFilter, kind string, extra string,
	compute func(ctx context.Context, sn *Snapshot) (T, int64, error)) (T, *Snapshot, error) {
	var zero T
	if err := s.validate(ctx, &f); err != nil {
		return zero, nil, err
	}
	v, err := s.currentVersion(ctx)
	if err != nil {
		return zero, nil, err
	}
	sn, err := s.snapshot(ctx, f, v)
	if err != nil {
		return zero, nil, err
	}
	key := fmt.Sprintf("%s|%d|%s|%s|%v|%s", kind, v, f.SliceKey(), f.Direction, f.Weighted, extra)
	val, err := s.cache.get(ctx, key, v, func(ctx context.Context) (any, int64, error) {
		return compute(ctx, sn)
	})
	if err != nil {
		return zero, nil, timeout(err)
	}
	return val.(T), sn, nil
}

func checkGroupBy(by domain.ActorAttribute) (domain.ActorAttribute, error) {
	if by == "" {
		return domain.BySector, nil
	}
	if !by.Valid() {
		return "", domain.FieldErrorf("groupBy", domain.EINVALID, "groupBy must be SECTOR, REGION, TYPE or KIND, got %q", by)
	}
	return by, nil
}

// BrokerageResult holds Gould–Fernandez roles for every actor of a snapshot and the census.
type BrokerageResult struct {
	Roles    [][6]float64 // by vertex, in network.RoleNames order
	Census   network.BrokerageCensus
	Expected []network.BrokerageExpectation // by group
	Grouping *Grouping
}

// Brokerage computes brokerage roles on f's view grouped by `by`. Errors: EINVALID.
func (s *Service) Brokerage(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute) (*BrokerageResult, *Snapshot, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return nil, nil, err
	}
	return cached(ctx, s, f, "brokerage", string(by), func(ctx context.Context, sn *Snapshot) (*BrokerageResult, int64, error) {
		gr := sn.Group(by)
		g := sn.View(f.Direction)
		roles := network.BrokerageRoles(g, gr.Of)
		census, exp := network.Census(g, gr.Of, len(gr.Keys), roles)
		return &BrokerageResult{Roles: roles, Census: census, Expected: exp, Grouping: gr}, int64(len(roles)) * 48, nil
	})
}

// Holes computes Burt's constraint and effective size on f's view.
func (s *Service) Holes(ctx context.Context, f domain.NetworkFilter) (*network.StructuralHoles, *Snapshot, error) {
	return cached(ctx, s, f, "holes", "", func(ctx context.Context, sn *Snapshot) (*network.StructuralHoles, int64, error) {
		h := network.Holes(sn.View(f.Direction), f.Weighted)
		return &h, int64(len(h.Constraint)) * 24, nil
	})
}

// CutsResult lists articulation points and bridges of the undirected view.
type CutsResult struct {
	IsCut   []bool
	Bridges [][2]int32
}

// Cuts finds the slice's cut vertices and bridges (on the undirected view).
func (s *Service) Cuts(ctx context.Context, f domain.NetworkFilter) (*CutsResult, *Snapshot, error) {
	f.Direction, f.Weighted = domain.Undirected, false
	return cached(ctx, s, f, "cuts", "", func(ctx context.Context, sn *Snapshot) (*CutsResult, int64, error) {
		isCut, bridges := network.CutPoints(sn.Undirected)
		return &CutsResult{IsCut: isCut, Bridges: bridges}, int64(len(isCut)) + int64(len(bridges))*8, nil
	})
}

// GroupPairBetweenness computes betweenness over shortest paths from group a to group b of
// `by`, or summed over all ordered pairs of distinct groups when a is empty. Errors:
// EINVALID (unknown group), ETIMEOUT.
func (s *Service) GroupPairBetweenness(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, a, b string) ([]float64, *Snapshot, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return nil, nil, err
	}
	return cached(ctx, s, f, "pairbc", fmt.Sprintf("%s|%q|%q", by, a, b), func(ctx context.Context, sn *Snapshot) ([]float64, int64, error) {
		gr := sn.Group(by)
		ga, gb := int32(-1), int32(-1)
		if a != "" {
			var ok bool
			if ga, ok = gr.Index[a]; !ok {
				return nil, 0, domain.FieldErrorf("between", domain.EINVALID, "no actor of group %q in this network slice", a)
			}
			if gb, ok = gr.Index[b]; !ok {
				return nil, 0, domain.FieldErrorf("between", domain.EINVALID, "no actor of group %q in this network slice", b)
			}
		}
		scores, err := network.GroupPairBetweenness(ctx, sn.View(f.Direction), gr.Of, ga, gb, f.Weighted)
		return scores, int64(len(scores)) * 8, err
	})
}

// MixingResult is the slice's group mixing on the undirected view.
type MixingResult struct {
	network.Mixing
	Grouping *Grouping
}

// Mixing computes group × group ties, densities, E-I indices and assortativity.
func (s *Service) Mixing(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute) (*MixingResult, *Snapshot, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return nil, nil, err
	}
	f.Direction, f.Weighted = domain.Undirected, false
	return cached(ctx, s, f, "mixing", string(by), func(ctx context.Context, sn *Snapshot) (*MixingResult, int64, error) {
		gr := sn.Group(by)
		m := network.GroupMixing(sn.Undirected, gr.Of, len(gr.Keys))
		k := int64(len(gr.Keys))
		return &MixingResult{Mixing: m, Grouping: gr}, 64 + k*k*16, nil
	})
}

// actorSnapshot returns f's snapshot and actorID's vertex in it. Errors: EINVALID, ENOTFOUND.
func (s *Service) actorSnapshot(ctx context.Context, f domain.NetworkFilter, actorID string) (*Snapshot, int32, error) {
	sn, err := s.Snapshot(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	v, err := vertex(sn, actorID)
	return sn, v, err
}

// vertex finds an actor in a snapshot. Errors: ENOTFOUND when the actor is not in the slice.
func vertex(sn *Snapshot, actorID string) (int32, error) {
	v, ok := sn.Index[actorID]
	if !ok {
		return 0, domain.Errorf(domain.ENOTFOUND, "actor %q is not in this network slice", actorID)
	}
	return v, nil
}

// MaxHops bounds reach queries.
const MaxHops = 6

func checkReach(by domain.ActorAttribute, maxHops int) (domain.ActorAttribute, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return "", domain.FieldErrorf("maxHops", domain.EINVALID, "maxHops must be between 1 and %d, got %d", MaxHops, maxHops)
	}
	return checkGroupBy(by)
}

// ReachResult is an actor's k-hop reach by group.
type ReachResult struct {
	network.Reach
	Grouping *Grouping
	Own      int32 // the actor's own group
}

// Reach counts who actorID reaches within maxHops (outgoing when DIRECTED), by group.
// Errors: EINVALID (maxHops outside 1..6), ENOTFOUND.
func (s *Service) Reach(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID string, maxHops int) (*ReachResult, error) {
	by, err := checkReach(by, maxHops)
	if err != nil {
		return nil, err
	}
	sn, v, err := s.actorSnapshot(ctx, f, actorID)
	if err != nil {
		return nil, err
	}
	gr := sn.Group(by)
	r := network.ReachFrom(sn.View(f.Direction), v, maxHops, gr.Of, len(gr.Keys))
	return &ReachResult{Reach: r, Grouping: gr, Own: gr.Of[v]}, nil
}

// GroupReach returns how many of group b's actors are within maxHops of group a, and b's
// size. Errors: EINVALID.
func (s *Service) GroupReach(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, a, b string, maxHops int) (reached, size int, sn *Snapshot, err error) {
	if by, err = checkReach(by, maxHops); err != nil {
		return 0, 0, nil, err
	}
	if sn, err = s.Snapshot(ctx, f); err != nil {
		return 0, 0, nil, err
	}
	gr := sn.Group(by)
	ga, okA := gr.Index[a]
	gb, okB := gr.Index[b]
	if !okA || !okB {
		return 0, 0, sn, domain.FieldErrorf("groups", domain.EINVALID, "no actor of group %q or %q in this network slice", a, b)
	}
	reached, size = network.GroupReach(sn.View(f.Direction), gr.Of, ga, gb, maxHops)
	return reached, size, sn, nil
}

// Removal reports what removing one actor does to the slice's connectivity (undirected).
// Errors: ENOTFOUND.
func (s *Service) Removal(ctx context.Context, f domain.NetworkFilter, actorID string) (network.RemovalImpact, error) {
	sn, v, err := s.actorSnapshot(ctx, f, actorID)
	if err != nil {
		return network.RemovalImpact{}, err
	}
	return network.Removal(sn.Undirected, v), nil
}

// Path is a sequence of actors joined by ties of the view.
type Path struct {
	ActorIDs []string
	Distance float64 // hops, or Σ 1/weight when weighted
}

// ShortestPath finds a shortest path between two actors on f's view; nil when none exists.
// Errors: ENOTFOUND.
func (s *Service) ShortestPath(ctx context.Context, f domain.NetworkFilter, from, to string) (*Path, error) {
	sn, err := s.Snapshot(ctx, f)
	if err != nil {
		return nil, err
	}
	a, err := vertex(sn, from)
	if err != nil {
		return nil, err
	}
	b, err := vertex(sn, to)
	if err != nil {
		return nil, err
	}
	p, d := network.ShortestPath(sn.View(f.Direction), a, b, f.Weighted)
	return pathOf(sn, p, d), nil
}

// NearestInGroup finds the closest actor of group (by `by`) from actorID and the path to it;
// nil when none is reachable. Errors: EINVALID, ENOTFOUND.
func (s *Service) NearestInGroup(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID, group string) (*Path, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return nil, err
	}
	sn, v, err := s.actorSnapshot(ctx, f, actorID)
	if err != nil {
		return nil, err
	}
	gr := sn.Group(by)
	target, ok := gr.Index[group]
	if !ok {
		return nil, nil
	}
	p, d := network.NearestInGroup(sn.View(f.Direction), v, gr.Of, target, f.Weighted)
	return pathOf(sn, p, d), nil
}

func pathOf(sn *Snapshot, p []int32, d float64) *Path {
	if p == nil {
		return nil
	}
	ids := make([]string, len(p))
	for i, v := range p {
		ids[i] = sn.IDs[v]
	}
	return &Path{ActorIDs: ids, Distance: d}
}

// GroupPairCount is how many open two-paths an actor brokers between groups A and B.
type GroupPairCount struct {
	A, B  string
	Count int
}

// Connects lists the open two-paths actor v brokers between groups (network.BrokeredPairs)
// per unordered group pair (A < B), most first; with a non-empty only for the pair (a, b).
func Connects(g *network.Graph, gr *Grouping, v int32, a, b string) []GroupPairCount {
	var out []GroupPairCount
	for k, c := range network.BrokeredPairs(g, gr.Of, v) {
		x, y := gr.Keys[k[0]], gr.Keys[k[1]]
		if a != "" && !((x == a && y == b) || (x == b && y == a)) {
			continue
		}
		out = append(out, GroupPairCount{A: x, B: y, Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

// CommunitiesResult is a Louvain partition of a slice's undirected view.
type CommunitiesResult struct {
	Labels     []int32 // by vertex
	Count      int
	Modularity float64
}

// Communities partitions f's undirected view by Louvain with the given resolution and seed.
// Errors: EINVALID (resolution ≤ 0), ETIMEOUT.
func (s *Service) Communities(ctx context.Context, f domain.NetworkFilter, resolution float64, seed uint64) (*CommunitiesResult, *Snapshot, error) {
	if !(resolution > 0) || resolution > 1e6 {
		return nil, nil, domain.FieldErrorf("resolution", domain.EINVALID, "resolution must be a positive number, got %v", resolution)
	}
	f.Direction = domain.Undirected
	return cached(ctx, s, f, "louvain", fmt.Sprintf("%v|%d", resolution, seed), func(ctx context.Context, sn *Snapshot) (*CommunitiesResult, int64, error) {
		labels, err := network.Louvain(ctx, sn.Undirected, f.Weighted, resolution, seed)
		if err != nil {
			return nil, 0, err
		}
		count := 0
		for _, c := range labels {
			count = max(count, int(c)+1)
		}
		return &CommunitiesResult{Labels: labels, Count: count,
			Modularity: network.Modularity(sn.Undirected, labels, f.Weighted, resolution)}, int64(len(labels)) * 4, nil
	})
}
