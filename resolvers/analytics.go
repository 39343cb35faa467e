package resolvers

import (
	"context"
	"math"
	"strconv"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// networkFilter maps the GraphQL input to the domain filter (nil: the whole network). The
// schema supplies the defaults (direction, weighted, includeProjectTies).
func networkFilter(f *model.NetworkFilter) domain.NetworkFilter {
	if f == nil {
		return domain.NetworkFilter{Direction: domain.Undirected}
	}
	out := domain.NetworkFilter{Sectors: f.Sectors, Regions: f.Regions, ActorTypes: f.ActorTypes, Kinds: f.Kinds,
		Tags: f.Tags, Search: deref(f.Search), PartnershipTypes: f.PartnershipTypes, AsOf: f.AsOf, Window: f.Window, From: f.From, To: f.To,
		MinWeight: f.MinWeight, Direction: deref1(f.Direction, domain.Undirected), Weighted: deref1(f.Weighted, false),
		IncludeProjectTies: deref1(f.IncludeProjectTies, false), ActorAttributes: f.ActorAttributes, TieAttributes: f.TieAttributes,
		WeightAttribute: deref(f.WeightAttribute)}
	return out
}

// permutationTest maps a test's summary (undefined values as 0; an undefined observed value
// as null).
func permutationTest(s analytics.PermutationSummary, r analytics.Replications) *model.PermutationTest {
	return &model.PermutationTest{Observed: score(s.Observed), Expected: orZero(s.Expected), Sd: orZero(s.SD),
		PGreaterOrEqual: orZero(s.GreaterOrEqual), PLessOrEqual: orZero(s.LessOrEqual), Replications: r.N, Seed: int(r.Seed)}
}

// relationSpec maps a RelationInput.
func relationSpec(r *model.RelationInput) analytics.RelationSpec {
	if r == nil {
		return analytics.RelationSpec{}
	}
	return analytics.RelationSpec{PartnershipTypes: r.PartnershipTypes, Valued: deref1(r.Valued, false), WeightAttribute: deref(r.WeightAttribute),
		SameGroup: deref1(r.SameGroup, ""), SameGroupAttribute: deref(r.SameGroupAttribute), AbsoluteDifference: deref(r.AbsoluteDifference)}
}

// relationSpecs maps a list of RelationInput.
func relationSpecs(rs []model.RelationInput) []analytics.RelationSpec {
	out := make([]analytics.RelationSpec, len(rs))
	for i := range rs {
		out[i] = relationSpec(&rs[i])
	}
	return out
}

// orZero is x, or 0 where a non-null field's value is undefined (NaN).
func orZero(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// score returns a finite score, or nil (GraphQL null) for NaN or ±Inf.
func score(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// positionCursor encodes a 1-based position in a ranking computed for one graph version.
func positionCursor(version int64, pos int) string {
	return domain.Cursor{Key: strconv.FormatInt(version, 10), ID: strconv.Itoa(pos)}.Encode()
}

// decodePosition returns the 1-based position a ranking cursor holds (0 for none).
func decodePosition(field, cursor string) (int, error) {
	if cursor == "" {
		return 0, nil
	}
	c, err := domain.DecodeCursor(cursor)
	if err != nil {
		return 0, domain.FieldErrorf(field, domain.EINVALID, "%s is not a cursor this API returned", field)
	}
	pos, err := strconv.Atoi(c.ID)
	if err != nil || pos < 1 {
		return 0, domain.FieldErrorf(field, domain.EINVALID, "%s is not a cursor of this ranking", field)
	}
	return pos, nil
}

// positionWindow returns the 0-based half-open window [start, end) of a ranking of total items
// that a page asks for: after a position going forwards, before one going backwards.
func positionWindow(total int, p domain.PageArgs) (start, end int, err error) {
	if err := domain.ValidatePageSize(p.Size()); err != nil {
		return 0, 0, err
	}
	if p.Backward() {
		before, err := decodePosition("before", p.Before)
		if err != nil {
			return 0, 0, err
		}
		end = total
		if before > 0 {
			end = min(before-1, total)
		}
		return max(0, end-p.Last), end, nil
	}
	after, err := decodePosition("after", p.After)
	if err != nil {
		return 0, 0, err
	}
	start = min(after, total)
	return start, min(start+p.First, total), nil
}

// actorMetric returns one actor's normalised score of metric m on f's slice.
func (r *Resolver) actorMetric(ctx context.Context, f domain.NetworkFilter, actorID string, m domain.Metric) (*float64, error) {
	res, err := r.Analytics.Compute(ctx, f, m, analytics.Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	s, _, ok := res.Score(actorID)
	if !ok {
		return nil, nil
	}
	return score(s), nil
}

// metricOrderedActors returns a page of actors ordered by a metric on a network slice,
// restricted to those matching f.
func (r *Resolver) metricOrderedActors(ctx context.Context, f domain.ActorFilter, o *model.ActorOrder, p domain.PageArgs) (*model.ActorConnection, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	res, err := r.Analytics.Compute(ctx, networkFilter(o.Network), *o.Metric, analytics.Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	var keep func(string) bool
	if f.Sectors != nil || f.Regions != nil || f.Kinds != nil || f.Types != nil || f.Tags != nil || f.Search != "" {
		ids, err := r.Store.ActorIDs(ctx, f)
		if err != nil {
			return nil, err
		}
		keep = func(id string) bool { return ids[id] }
	}
	ids := res.Ordered(keep, o.Direction == model.OrderDirectionAsc)
	start, end, err := positionWindow(len(ids), p)
	if err != nil {
		return nil, err
	}
	actors, err := r.actorsByID(ctx, ids[start:end])
	if err != nil {
		return nil, err
	}
	conn := &model.ActorConnection{Count: func(context.Context) (int, error) { return len(ids), nil }, Edges: []model.ActorEdge{}}
	pos := map[string]int{}
	for i, id := range ids[start:end] {
		pos[id] = start + i + 1
	}
	for i := range actors {
		conn.Edges = append(conn.Edges, model.ActorEdge{Cursor: positionCursor(res.Snapshot.Version, pos[actors[i].ID]), Node: &actors[i]})
	}
	conn.PageInfo = pageInfo(end < len(ids), start > 0, edgeCursors(conn.Edges))
	return conn, nil
}

func edgeCursors(edges []model.ActorEdge) []string {
	out := make([]string, len(edges))
	for i, e := range edges {
		out[i] = e.Cursor
	}
	return out
}

// centralityOptions builds a centrality request's options — the one builder the resolver and
// its cost estimate share, so both see the same computation. Errors: EINVALID for a negative
// seed (the estimate prices the options as given).
func centralityOptions(normalized *bool, sampling *model.SamplingOptions) (analytics.Options, error) {
	o := analytics.Options{Normalized: deref1(normalized, true)}
	if sampling == nil {
		return o, nil
	}
	seed := deref1(sampling.Seed, 1)
	o.Sampling = &analytics.Sampling{Epsilon: deref1(sampling.Epsilon, 0.01), Delta: deref1(sampling.Delta, 0.1), Seed: uint64(max(seed, 0))}
	if seed < 0 {
		return o, domain.FieldErrorf("sampling.seed", domain.EINVALID, "seed must be ≥ 0")
	}
	return o, nil
}

// notInSliceIsNull is the one place a field on an actor answers an actor that its network
// slice leaves out: null, not an error (analytics.NotInSlice); other errors pass.
func notInSliceIsNull(err error) error {
	if analytics.NotInSlice(err) {
		return nil
	}
	return err
}

// networkStats maps a slice's statistics (its sub-fields compute on the same filter).
func (r *Resolver) networkStats(ctx context.Context, f domain.NetworkFilter) (*model.NetworkStats, error) {
	st, sn, err := r.Analytics.Stats(ctx, f)
	if err != nil {
		return nil, err
	}
	return &model.NetworkStats{Actors: st.Actors, Partnerships: st.Edges, Density: st.Density, Components: st.Components,
		LargestComponentSize: st.LargestComponent, AverageDegree: st.AverageDegree, AverageClustering: st.AverageClustering,
		Diameter: st.Diameter, DiameterExact: st.DiameterExact, DiameterUpperBound: st.DiameterUpperBound,
		DegreeAssortativity: score(st.Assortativity), Transitivity: st.Transitivity, Reciprocity: score(st.Reciprocity),
		Fragmentation: st.Fragmentation, GraphVersion: int(sn.Version), Network: f}, nil
}

// mixing maps a slice's mixing by a grouping.
func (r *Resolver) mixing(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute) (*model.Mixing, error) {
	res, err := r.Analytics.Mixing(ctx, f, by)
	if err != nil {
		return nil, err
	}
	out := &model.Mixing{EiIndex: score(res.EIIndex), Assortativity: score(res.Assortativity), GraphVersion: int(res.Version),
		Pairs: make([]model.GroupPair, len(res.Pairs)), Groups: make([]model.GroupEi, len(res.Groups))}
	for i, g := range res.Groups {
		out.Groups[i] = model.GroupEi{Key: g.Key, Label: g.Label, Size: g.Size, EiIndex: score(g.EIIndex)}
	}
	for i, p := range res.Pairs {
		out.Pairs[i] = model.GroupPair{A: p.A.Key, B: p.B.Key, ALabel: p.A.Label, BLabel: p.B.Label, Ties: p.Ties, Density: p.Density}
	}
	return out, nil
}

// overlayOf maps whatIf's changes to a domain overlay.
func overlayOf(addTies []model.HypotheticalTie, removeTies, removeActors []string) *domain.Overlay {
	o := &domain.Overlay{RemoveTies: removeTies, RemoveActors: removeActors}
	for _, t := range addTies {
		o.AddTies = append(o.AddTies, domain.HypotheticalTie{Source: t.Source, Target: t.Target, Weight: deref1(t.Weight, 1),
			Directed: deref1(t.Directed, false), Type: deref1(t.Type, "")})
	}
	return o
}

// goalOf maps a weaving goal (nil: none) and the grouping the mixing is shown by (the goal's,
// else sectors). Errors: EINVALID.
func goalOf(goal *model.WeavingGoal) (*analytics.Goal, domain.ActorAttribute, error) {
	if goal == nil {
		return nil, domain.BySector, nil
	}
	g, err := analytics.NewGoal(analytics.Goal{Kind: string(goal.Kind), From: deref1(goal.From, ""), To: deref1(goal.To, ""), ActorID: deref1(goal.ActorID, ""),
		MaxHops: deref1(goal.MaxHops, 2), By: groupingOf(goal.GroupBy, goal.GroupByAttribute)})
	if err != nil {
		return nil, "", err
	}
	return &g, g.By, nil
}
