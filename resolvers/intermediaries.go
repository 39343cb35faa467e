package resolvers

import (
	"context"
	"math"
	"sort"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
	"stakegraph/importer"
	"stakegraph/network"
)

func groupingOf(g *domain.ActorAttribute) domain.ActorAttribute {
	if g == nil {
		return domain.BySector
	}
	return *g
}

// groupLabels returns display labels for a grouping's keys: sector labels for SECTOR, the key
// itself otherwise, "(none)" for actors without the attribute.
func (r *Resolver) groupLabels(ctx context.Context, by domain.ActorAttribute, keys []string) (map[string]string, error) {
	labels := make(map[string]string, len(keys))
	for _, k := range keys {
		labels[k] = k
		if k == "" {
			labels[k] = "(none)"
		}
	}
	if by == domain.BySector {
		sectors, err := r.Store.Sectors(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range sectors {
			if _, ok := labels[s.Code]; ok {
				labels[s.Code] = s.Label
			}
		}
	}
	return labels, nil
}

func brokerageOf(roles [6]float64) *model.Brokerage {
	return &model.Brokerage{Coordinator: int(roles[network.Coordinator]), Itinerant: int(roles[network.Itinerant]),
		Representative: int(roles[network.Representative]), Gatekeeper: int(roles[network.Gatekeeper]),
		Liaison: int(roles[network.Liaison]), Total: int(roles[network.Total])}
}

// roleNames are the GraphQL names of network's roles, in its order.
var roleNames = [6]string{"coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"}

func (r *Resolver) reachOf(ctx context.Context, res *analytics.ReachResult, by domain.ActorAttribute) (*model.Reach, error) {
	labels, err := r.groupLabels(ctx, by, res.Grouping.Keys)
	if err != nil {
		return nil, err
	}
	out := &model.Reach{Total: res.Total, ByGroup: []model.GroupShare{}, ByHop: make([]model.HopCount, len(res.ByHop))}
	sumSq := 0.0
	for g, c := range res.ByGroup {
		if c == 0 {
			continue
		}
		key := res.Grouping.Keys[g]
		share := float64(c) / float64(res.Total)
		sumSq += share * share
		out.ByGroup = append(out.ByGroup, model.GroupShare{Key: key, Label: labels[key], Count: c, Share: share})
		out.GroupsReached++
		if int32(g) != res.Own {
			out.CrossGroup += c
		}
	}
	sort.Slice(out.ByGroup, func(i, j int) bool {
		a, b := out.ByGroup[i], out.ByGroup[j]
		return a.Count > b.Count || (a.Count == b.Count && a.Key < b.Key)
	})
	if res.Total > 0 {
		out.Diversity = 1 - sumSq
	}
	for h, c := range res.ByHop {
		out.ByHop[h] = model.HopCount{Hops: h + 1, Count: c}
	}
	return out, nil
}

// intermediaries ranks the slice's actors by group-pair betweenness and explains each.
func (r *Resolver) intermediaries(ctx context.Context, network *model.NetworkFilter, by domain.ActorAttribute, between []string, first int) ([]model.Intermediary, error) {
	if err := domain.ValidatePageSize(first); err != nil {
		return nil, err
	}
	a, b := "", ""
	switch len(between) {
	case 0:
	case 2:
		a, b = between[0], between[1]
		if a == b {
			return nil, domain.FieldErrorf("between", domain.EINVALID, "between needs two different groups")
		}
	default:
		return nil, domain.FieldErrorf("between", domain.EINVALID, "between takes exactly two groups, got %d", len(between))
	}
	f := networkFilter(network)
	pair, sn, err := r.Analytics.GroupPairBetweenness(ctx, f, by, a, b)
	if err != nil {
		return nil, err
	}
	bc, err := r.Analytics.Compute(ctx, f, analytics.Betweenness, analytics.Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	brk, _, err := r.Analytics.Brokerage(ctx, f, by)
	if err != nil {
		return nil, err
	}
	holes, _, err := r.Analytics.Holes(ctx, f)
	if err != nil {
		return nil, err
	}
	cuts, _, err := r.Analytics.Cuts(ctx, f)
	if err != nil {
		return nil, err
	}
	order := make([]int32, len(pair))
	for i := range order {
		order[i] = int32(i)
	}
	sort.SliceStable(order, func(i, j int) bool { return pair[order[i]] > pair[order[j]] })
	order = order[:min(first, len(order))]
	g := sn.View(f.Direction)
	out := make([]model.Intermediary, len(order))
	for i, v := range order {
		out[i] = model.Intermediary{
			ActorID: sn.IDs[v], Betweenness: bc.Scores[v], GroupPairBetweenness: pair[v],
			Brokerage: *brokerageOf(brk.Roles[v]), Constraint: score(holes.Constraint[v]), IsCutVertex: cuts.IsCut[v],
			Connects: []model.GroupPairCount{},
		}
		for _, c := range analytics.Connects(g, brk.Grouping, v, a, b) {
			out[i].Connects = append(out[i].Connects, model.GroupPairCount{A: c.A, B: c.B, Count: c.Count})
		}
	}
	return out, nil
}

func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// actorList loads actors by id in order, through the dataloader.
func (r *Resolver) actorList(ctx context.Context, ids []string) ([]domain.Actor, error) {
	out := make([]domain.Actor, 0, len(ids))
	for _, id := range ids {
		a, err := loadRequired(ctx, r.loaders(ctx).actors, "actor", id)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, nil
}

// actorEI is an actor's E-I index over its neighbours on the undirected view.
func actorEI(sn *analytics.Snapshot, v int32, by domain.ActorAttribute) *float64 {
	return finite(network.ActorEI(sn.Undirected, v, sn.Group(by).Of))
}

// limitArg reads an optional `first` argument bounded by MaxPageSize.
func limitArg(first *int, def int) (int, error) {
	n := def
	if first != nil {
		n = *first
	}
	return n, domain.ValidatePageSize(n)
}

func deref1[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// communityResult lists communities largest first with their composition by `by`.
func (r *Resolver) communityResult(ctx context.Context, res *analytics.CommunitiesResult, sn *analytics.Snapshot, by domain.ActorAttribute) (*model.CommunityResult, error) {
	members := make([][]string, res.Count)
	for v, c := range res.Labels {
		members[c] = append(members[c], sn.IDs[v])
	}
	order := make([]int, res.Count)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return len(members[order[i]]) > len(members[order[j]]) })
	gr := sn.Group(by)
	labels, err := r.groupLabels(ctx, by, gr.Keys)
	if err != nil {
		return nil, err
	}
	out := &model.CommunityResult{Modularity: res.Modularity, Count: res.Count, GraphVersion: int(sn.Version)}
	for rank, c := range order {
		counts := map[string]int{}
		for _, id := range members[c] {
			counts[gr.Keys[gr.Of[sn.Index[id]]]]++
		}
		comp := make([]model.GroupShare, 0, len(counts))
		for k, n := range counts {
			comp = append(comp, model.GroupShare{Key: k, Label: labels[k], Count: n, Share: float64(n) / float64(len(members[c]))})
		}
		sort.Slice(comp, func(i, j int) bool {
			return comp[i].Count > comp[j].Count || (comp[i].Count == comp[j].Count && comp[i].Key < comp[j].Key)
		})
		out.All = append(out.All, model.Community{ID: rank, Size: len(members[c]), MemberIDs: members[c], Composition: comp})
	}
	return out, nil
}

func importResult(res importer.Result) *model.ImportResult {
	out := &model.ImportResult{Written: res.Written, Actors: res.Actors, Partnerships: res.Partnerships, Errors: []model.ImportRowError{}}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, model.ImportRowError{File: e.File, Line: e.Line, Reason: e.Reason})
	}
	return out
}
