package analytics

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"stakegraph/domain"
	"stakegraph/network"
)

// cached runs compute once per key on f's snapshot at the operation's graph version.
func cached[T any](ctx context.Context, s *Service, f domain.NetworkFilter, kind string, extra string,
	compute func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (T, int64, error)) (T, *Snapshot, error) {
	var zero T
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return zero, nil, err
	}
	key := kind + "|" + strconv.FormatInt(sn.Version, 10) + "|" + f.SliceKey() + "|" + string(f.Direction) + "|" +
		strconv.FormatBool(f.Weighted) + "|" + extra
	val, err := s.cache.get(ctx, key, sn.Version, func(ctx context.Context) (any, int64, error) {
		var v T
		var size int64
		err := s.admission.run(ctx, func() (err error) {
			v, size, err = compute(ctx, sn, f)
			return err
		})
		return v, size, err
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

// Group is a group of actors by one attribute: its key (a sector code, region, type or kind;
// "" for actors without the attribute) and its display label (the sector's label; the key
// itself otherwise; "(none)" for "").
type Group struct {
	Key, Label string
}

// NoneLabel labels the group of actors without the attribute.
const NoneLabel = "(none)"

// groupOf returns the key and label of a group key under an attribute.
func (sn *Snapshot) groupOf(by domain.ActorAttribute, key string) Group {
	switch {
	case key == "":
		return Group{Key: key, Label: NoneLabel}
	case by == domain.BySector || by == "":
		if sec, ok := sn.base.sector[key]; ok {
			return Group{Key: key, Label: sec.Label}
		}
	}
	return Group{Key: key, Label: key}
}

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
	by, err := checkGroupBy(by)
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

// ActorBrokerage returns an actor's brokerage roles; nil when it is not in the slice.
func (s *Service) ActorBrokerage(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID string) (*Roles, error) {
	res, sn, err := s.Brokerage(ctx, f, by)
	if err != nil {
		return nil, err
	}
	v, ok := sn.index[actorID]
	if !ok {
		return nil, nil
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

type cuts struct {
	isCut   []bool
	bridges [][2]int32
}

func (s *Service) cuts(ctx context.Context, f domain.NetworkFilter) (*cuts, *Snapshot, error) {
	f.Direction, f.Weighted = domain.Undirected, false
	return cached(ctx, s, f, "cuts", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*cuts, int64, error) {
		isCut, bridges, err := network.CutPoints(ctx, sn.undirected)
		return &cuts{isCut: isCut, bridges: bridges}, int64(len(isCut)) + int64(len(bridges))*8, err
	})
}

// CutsResult lists the slice's cut vertices and bridges by actor id (undirected view).
type CutsResult struct {
	Version     int64
	CutVertices []string
	Bridges     [][2]string
}

// Cuts finds the slice's cut vertices and bridges (on the undirected view).
func (s *Service) Cuts(ctx context.Context, f domain.NetworkFilter) (*CutsResult, error) {
	c, sn, err := s.cuts(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &CutsResult{Version: sn.Version}
	for v, isCut := range c.isCut {
		if isCut {
			out.CutVertices = append(out.CutVertices, sn.ids[v])
		}
	}
	for _, b := range c.bridges {
		out.Bridges = append(out.Bridges, [2]string{sn.ids[b[0]], sn.ids[b[1]]})
	}
	return out, nil
}

// IsCutVertex reports whether removing the actor disconnects the slice's undirected view; nil
// when the actor is not in the slice.
func (s *Service) IsCutVertex(ctx context.Context, f domain.NetworkFilter, actorID string) (*bool, error) {
	c, sn, err := s.cuts(ctx, f)
	if err != nil {
		return nil, err
	}
	v, ok := sn.index[actorID]
	if !ok {
		return nil, nil
	}
	return &c.isCut[v], nil
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
func connects(sn *Snapshot, g *network.Graph, gr *grouping, v int32, pair *[2]string) []GroupPairCount {
	out := []GroupPairCount{}
	for k, c := range network.BrokeredPairs(g, gr.of, v) {
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
	by, err := checkGroupBy(by)
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
	bc, err := s.Compute(ctx, f, Betweenness, Options{Normalized: true})
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
			Connects: connects(sn, g, brk.grouping, v, pair)}
	}
	return out, nil
}

// GroupMixing is one group's size and E-I index in a mixing result.
type GroupMixing struct {
	Group
	Size    int
	EIIndex float64 // NaN when the group has no ties
}

// PairMixing is the ties between two groups (A ≤ B by key) and their block density.
type PairMixing struct {
	A, B    Group
	Ties    int
	Density float64
}

// MixingResult is the slice's group mixing on the undirected view.
type MixingResult struct {
	Version       int64
	Groups        []GroupMixing // by key
	Pairs         []PairMixing  // pairs with ties, by key
	EIIndex       float64
	Assortativity float64
}

// Mixing computes group × group ties, densities, E-I indices and assortativity.
func (s *Service) Mixing(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute) (*MixingResult, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return nil, err
	}
	f.Direction, f.Weighted = domain.Undirected, false
	res, _, err := cached(ctx, s, f, "mixing", string(by), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*MixingResult, int64, error) {
		gr := sn.group(by)
		m, err := network.GroupMixing(ctx, sn.undirected, gr.of, len(gr.keys))
		if err != nil {
			return nil, 0, err
		}
		out := &MixingResult{Version: sn.Version, EIIndex: m.EI, Assortativity: m.Assortativity}
		for a, key := range gr.keys {
			out.Groups = append(out.Groups, GroupMixing{Group: sn.groupOf(by, key), Size: m.Size[a], EIIndex: m.GroupEI[a]})
			for b := a; b < len(gr.keys); b++ {
				if m.Ties[a][b] > 0 {
					out.Pairs = append(out.Pairs, PairMixing{A: sn.groupOf(by, key), B: sn.groupOf(by, gr.keys[b]),
						Ties: m.Ties[a][b], Density: m.Density[a][b]})
				}
			}
		}
		k := int64(len(gr.keys))
		return out, 64 + k*k*64, nil
	})
	return res, err
}

// ActorEI is an actor's E-I index over its neighbours on the undirected view by `by`; NaN when
// it has none, and false when the actor is not in the slice.
func (s *Service) ActorEI(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID string) (float64, bool, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return 0, false, err
	}
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return 0, false, err
	}
	v, ok := sn.index[actorID]
	if !ok {
		return 0, false, nil
	}
	return network.ActorEI(sn.undirected, v, sn.group(by).of), true, nil
}

// MaxHops bounds reach queries.
const MaxHops = 6

func checkReach(by domain.ActorAttribute, maxHops int) (domain.ActorAttribute, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return "", domain.FieldErrorf("maxHops", domain.EINVALID, "maxHops must be between 1 and %d, got %d", MaxHops, maxHops)
	}
	return checkGroupBy(by)
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
	by, err := checkReach(by, maxHops)
	if err != nil {
		return nil, err
	}
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return nil, err
	}
	v, err := sn.vertex(actorID)
	if err != nil {
		return nil, err
	}
	gr := sn.group(by)
	r := network.ReachFrom(sn.view(f.Direction), v, maxHops, gr.of, len(gr.keys))
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
	if by, err = checkReach(by, maxHops); err != nil {
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
	reached, size = network.GroupReach(sn.view(f.Direction), gr.of, ga, gb, maxHops)
	return reached, size, nil
}

// RemovalImpact is what removing one actor does to the slice's connectivity.
type RemovalImpact = network.RemovalImpact

// Removal reports what removing one actor does to the slice's connectivity (undirected).
// Errors: ENOTFOUND.
func (s *Service) Removal(ctx context.Context, f domain.NetworkFilter, actorID string) (RemovalImpact, error) {
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return RemovalImpact{}, err
	}
	v, err := sn.vertex(actorID)
	if err != nil {
		return RemovalImpact{}, err
	}
	return network.Removal(sn.undirected, v), nil
}

// Path is a sequence of actors joined by ties of the view.
type Path struct {
	ActorIDs []string
	Distance float64 // hops, or Σ 1/weight when weighted
}

// ShortestPath finds a shortest path between two actors on f's view; nil when none exists.
// Errors: ENOTFOUND.
func (s *Service) ShortestPath(ctx context.Context, f domain.NetworkFilter, from, to string) (*Path, error) {
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return nil, err
	}
	a, err := sn.vertex(from)
	if err != nil {
		return nil, err
	}
	b, err := sn.vertex(to)
	if err != nil {
		return nil, err
	}
	p, d := network.ShortestPath(sn.view(f.Direction), a, b, f.Weighted)
	return pathOf(sn, p, d), nil
}

// NearestInGroup finds the closest actor of group (by `by`) from actorID and the path to it;
// nil when none is reachable. Errors: EINVALID, ENOTFOUND.
func (s *Service) NearestInGroup(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID, group string) (*Path, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return nil, err
	}
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return nil, err
	}
	v, err := sn.vertex(actorID)
	if err != nil {
		return nil, err
	}
	gr := sn.group(by)
	target, ok := gr.index[group]
	if !ok {
		return nil, nil
	}
	p, d := network.NearestInGroup(sn.view(f.Direction), v, gr.of, target, f.Weighted)
	return pathOf(sn, p, d), nil
}

func pathOf(sn *Snapshot, p []int32, d float64) *Path {
	if p == nil {
		return nil
	}
	ids := make([]string, len(p))
	for i, v := range p {
		ids[i] = sn.ids[v]
	}
	return &Path{ActorIDs: ids, Distance: d}
}

// communities is a Louvain partition by vertex.
type communities struct {
	labels     []int32
	count      int
	modularity float64
}

func (s *Service) louvain(ctx context.Context, f domain.NetworkFilter, resolution float64, seed uint64) (*communities, *Snapshot, error) {
	if !(resolution > 0) || resolution > 1e6 {
		return nil, nil, domain.FieldErrorf("resolution", domain.EINVALID, "resolution must be a positive number, got %v", resolution)
	}
	f.Direction = domain.Undirected
	return cached(ctx, s, f, "louvain", fmt.Sprintf("%v|%d", resolution, seed), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*communities, int64, error) {
		labels, err := network.Louvain(ctx, sn.undirected, f.Weighted, resolution, seed)
		if err != nil {
			return nil, 0, err
		}
		count := 0
		for _, c := range labels {
			count = max(count, int(c)+1)
		}
		return &communities{labels: labels, count: count,
			modularity: network.Modularity(sn.undirected, labels, f.Weighted, resolution)}, int64(len(labels)) * 4, nil
	})
}

// Community is one community: its rank by size (0 is the largest), members' ids (in id order)
// and composition by group (most first).
type Community struct {
	ID          int
	MemberIDs   []string
	Composition []GroupShare
}

// CommunitiesResult is a Louvain partition of a slice's undirected view, largest community
// first.
type CommunitiesResult struct {
	Version     int64
	Modularity  float64
	Communities []Community
}

// Communities partitions f's undirected view by Louvain with the given resolution and seed,
// with each community's composition by `by`. Errors: EINVALID (resolution ≤ 0, groupBy),
// ETIMEOUT.
func (s *Service) Communities(ctx context.Context, f domain.NetworkFilter, resolution float64, seed uint64, by domain.ActorAttribute) (*CommunitiesResult, error) {
	by, err := checkGroupBy(by)
	if err != nil {
		return nil, err
	}
	c, sn, err := s.louvain(ctx, f, resolution, seed)
	if err != nil {
		return nil, err
	}
	members := make([][]int32, c.count)
	for v, l := range c.labels {
		members[l] = append(members[l], int32(v))
	}
	sort.SliceStable(members, func(i, j int) bool { return len(members[i]) > len(members[j]) })
	gr := sn.group(by)
	out := &CommunitiesResult{Version: sn.Version, Modularity: c.modularity, Communities: make([]Community, len(members))}
	for rank, ms := range members {
		counts := make([]int, len(gr.keys))
		ids := make([]string, len(ms))
		for i, v := range ms {
			ids[i] = sn.ids[v]
			counts[gr.of[v]]++
		}
		out.Communities[rank] = Community{ID: rank, MemberIDs: ids, Composition: shares(sn, gr, counts, len(ms))}
	}
	return out, nil
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
