package resolvers

import (
	"context"
	"math"
	"time"

	gqlcomplexity "github.com/99designs/gqlgen/complexity"
	"github.com/vektah/gqlparser/v2/ast"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph"
	"stakegraph/graph/model"
)

// The cost model, computed before execution from the operation (gqlgen's complexity with
// these functions): a field costs 1 plus its children, a list field multiplies its children by
// how many items it may return (`first`, `limit`, or a typical bound for lists without one),
// and an analytics field adds its computation's estimate from the analytics service (by the
// algorithm's class on the slice's size; 1 when the result is cached). Points ≈ 10⁵
// elementary steps.

// Typical sizes of lists without an argument bounding them.
const (
	unboundedActors   = 100 // cut vertices, bridges
	pathLength        = analytics.MaxHops + 1
	participantsGuess = 50
	sectorsGuess      = 10
)

// add and times are the saturating arithmetic of prices.
var add, times = analytics.AddPoints, analytics.TimesPoints

func pageSize(first, last *int) int {
	if last != nil {
		return *last
	}
	return deref1(first, domain.DefaultPageSize)
}

func historySteps(from, to time.Time, step *model.TimeStep) int {
	return analytics.StepCount(from, to, stepMonths(step))
}

// costModel prices operations before they run: a field costs 1 plus its children, a list
// multiplies its children by how many items it may return, and analytics fields add their
// computations' prices from analytics.Estimate (one per operation, so nothing is shared
// between operations: a price depends only on the operation and the cache's state). This file
// is only the adapter from gqlgen's complexity functions to that estimate.
type costModel struct{ svc *analytics.Service }

// newCostModel returns the cost model over the analytics service's estimates.
func newCostModel(svc *analytics.Service) *costModel { return &costModel{svc: svc} }

// Calculate returns the operation's cost in points, and the bytes of the uncached network
// slices it would derive besides its largest; or the first invalid argument the pricing found
// (a filter's, an unknown sector, a count out of range), for which the operation is refused as
// bad input rather than priced.
func (cm *costModel) Calculate(ctx context.Context, op *ast.OperationDefinition, vars map[string]any) (int, int64, error) {
	points, bytes, sized, err := cm.calculate(ctx, op, vars)
	if sized && err == nil {
		// The estimate used the graph's size: count it when never counted (then estimate
		// again), or refresh a stale count in the background.
		known := cm.svc.SizeKnown()
		if err := cm.svc.EnsureSize(ctx); err == nil && !known {
			points, bytes, _, err = cm.calculate(ctx, op, vars)
			return points, bytes, err
		}
	}
	return points, bytes, err
}

func (cm *costModel) calculate(ctx context.Context, op *ast.OperationDefinition, vars map[string]any) (int, int64, bool, error) {
	est := cm.svc.NewEstimate()
	es := graph.NewExecutableSchema(graph.Config{Complexity: complexity(est)})
	points, bytes := est.Total(gqlcomplexity.Calculate(ctx, es, op, vars))
	return points, bytes, est.Sized(), est.Err()
}

// complexity returns the cost functions for every field whose cost is not 1 + children.
func complexity(est *analytics.Estimate) graph.ComplexityRoot {
	var c graph.ComplexityRoot
	metric := func(n *model.NetworkFilter, m domain.Metric, o analytics.Options) int {
		return est.Metric(networkFilter(n), m, o)
	}
	work := func(kind string, n *model.NetworkFilter) int { return est.Work(kind, networkFilter(n)) }

	c.Query.Actors = func(child int, filter *model.ActorFilter, orderBy *model.ActorOrder, first *int, after *string, last *int, before *string) int {
		cost := 1
		if orderBy != nil && orderBy.Metric != nil {
			cost = metric(orderBy.Network, *orderBy.Metric, analytics.Options{Normalized: true})
		}
		return add(cost, times(pageSize(first, last), child))
	}
	c.Query.Partnerships = func(child int, _ *model.PartnershipFilter, first *int, _ *string) int {
		return add(1, times(pageSize(first, nil), child))
	}
	c.Query.Projects = func(child int, first *int, _ *string) int { return add(1, times(pageSize(first, nil), child)) }
	c.Query.Sectors = func(child int) int { return add(1, times(sectorsGuess, child)) }
	c.Actor.Partners = func(child int, first *int, _ *string) int { return add(1, times(pageSize(first, nil), child)) }
	c.Actor.Partnerships = func(child int, first *int, _ *string) int { return add(1, times(pageSize(first, nil), child)) }
	c.Actor.Projects = func(child int) int { return add(1, times(participantsGuess, child)) }
	c.Project.Participants = func(child int) int { return add(1, times(participantsGuess, child)) }
	c.Project.Graph = func(child int) int { return add(1, times(participantsGuess, child)) }

	// Analytics.
	c.Query.Centrality = func(child int, m domain.Metric, n *model.NetworkFilter, normalized *bool, sampling *model.SamplingOptions, first *int, _ *string) int {
		o, _ := centralityOptions(normalized, sampling) // a bad seed is refused when the field runs
		return add(metric(n, m, o), times(pageSize(first, nil), child))
	}
	c.Query.NetworkStats = func(child int, n *model.NetworkFilter) int { return add(work(analytics.WorkStats, n), child) }
	// A stats object's own computations do not see its slice here: priced on the whole
	// network (at most what any slice costs). Centralization computes its metric (CLOSENESS's
	// outgoing variant costs as closeness); the mean path length, a search from every actor,
	// costs as closeness.
	c.NetworkStats.Centralization = func(child int, m domain.Metric) int {
		return add(metric(nil, m, analytics.Options{}), child)
	}
	c.NetworkStats.AveragePathLength = func(child int) int {
		return add(metric(nil, domain.Closeness, analytics.Options{}), child)
	}
	c.Query.NetworkStatsHistory = func(child int, from, to time.Time, step *model.TimeStep, n *model.NetworkFilter) int {
		steps := historySteps(from, to, step)
		return times(steps, add(work(analytics.WorkStats, n), child))
	}
	c.Query.MetricHistory = func(child int, _ string, m domain.Metric, from, to time.Time, step *model.TimeStep, n *model.NetworkFilter, normalized *bool) int {
		steps := historySteps(from, to, step)
		return add(est.Panel(networkFilter(n), m, analytics.Options{Normalized: deref1(normalized, true)}, steps), times(steps, child))
	}
	// A series' points are as many as its panel's steps, which only the panel's arguments
	// know: Points (priced first, children before parents) leaves its point's price for the
	// panel, which charges it steps times per actor.
	var pointPrices []int
	c.Query.MetricPanel = func(child int, m domain.Metric, n *model.NetworkFilter, from, to time.Time, step *model.TimeStep, normalized *bool, first *int, _ *string) int {
		steps := historySteps(from, to, step)
		p := est.Panel(networkFilter(n), m, analytics.Options{Normalized: deref1(normalized, true)}, steps)
		points := 0
		for _, pp := range pointPrices {
			points = add(points, times(steps, pp))
		}
		pointPrices = nil
		return add(p, times(pageSize(first, nil), add(child, points)))
	}
	c.MetricSeries.Points = func(child int) int {
		pointPrices = append(pointPrices, child)
		return 1
	}
	c.MetricPanelConnection.Dates = func(child int) int { return add(1, times(analytics.MaxSteps, child)) }
	c.Query.RankStability = func(child int, m domain.Metric, n *model.NetworkFilter, from, to time.Time, step *model.TimeStep, _ *int) int {
		steps := historySteps(from, to, step)
		return add(est.Panel(networkFilter(n), m, analytics.Options{Normalized: true}, steps), times(steps, child))
	}
	c.Query.TieDynamics = func(child int, n *model.NetworkFilter, from, to time.Time, step *model.TimeStep, _ *domain.ActorAttribute, _ *string) int {
		steps := historySteps(from, to, step)
		return add(est.Dynamics(networkFilter(n), steps), times(steps, child))
	}
	c.TieChangeStep.ByGroupPair = func(child int) int { return add(1, times(sectorsGuess*sectorsGuess, child)) }
	c.Query.TieChanges = func(child int, n *model.NetworkFilter, _, _ time.Time, first *int, _ *string) int {
		return add(est.Dynamics(networkFilter(n), 1), times(pageSize(first, nil), child))
	}
	layers := func(n *model.NetworkFilter) { est.WorkOnceFor(analytics.WorkLayers, "", networkFilter(n)) }
	c.Query.Layers = func(child int, n *model.NetworkFilter) int { layers(n); return add(1, child) }
	c.Layers.Layers = func(child int) int { return add(1, times(sectorsGuess, child)) }
	c.Layers.Overlaps = func(child int) int { return add(1, times(sectorsGuess*sectorsGuess, child)) }
	c.Actor.MultiplexParticipation = func(child int, n *model.NetworkFilter) int { layers(n); return add(1, child) }
	c.Actor.LayerDegrees = func(child int, n *model.NetworkFilter) int {
		layers(n)
		return add(1, times(sectorsGuess, child))
	}
	// An actor's metrics: the metric fields (costed first) say which metrics; each is computed
	// once for the slice.
	metricComplexity(&c, func(m domain.Metric) func(int) int {
		return func(int) int { est.Select(m); return 1 }
	})
	c.Actor.Metrics = func(child int, n *model.NetworkFilter) int {
		est.ActorMetrics(networkFilter(n))
		return add(1, child)
	}
	c.Actor.Brokerage = func(child int, n *model.NetworkFilter, g *domain.ActorAttribute, attr *string) int {
		est.WorkOnceFor(analytics.WorkBrokerage, string(groupingOf(g, attr)), networkFilter(n))
		return add(1, child)
	}
	c.Actor.IsCutVertex = func(child int, n *model.NetworkFilter) int {
		est.WorkOnce(analytics.WorkCuts, networkFilter(n))
		return add(1, child)
	}
	c.Actor.RemovalImpact = func(child int, n *model.NetworkFilter) int { return add(work(analytics.WorkSearch, n), child) }
	c.Actor.Reach = func(child int, _ *int, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string) int {
		return add(work(analytics.WorkSearch, n), child)
	}
	// whatIf: statistics, mixing, the metric and the goal on the slice and on its overlay
	// (a slice of its own, derived in memory), and its page of changes.
	c.Query.WhatIf = func(child int, n *model.NetworkFilter, addTies []model.HypotheticalTie, removeTies, removeActors []string, m *domain.Metric, goal *model.WeavingGoal, first *int) int {
		before := networkFilter(n)
		after := before
		after.Overlay = overlayOf(addTies, removeTies, removeActors)
		metric := domain.Betweenness
		if m != nil {
			metric = *m
		}
		total := 1
		for _, f := range []domain.NetworkFilter{before, after} {
			total = add(total, est.Work(analytics.WorkStats, f), est.Work(analytics.WorkMixing, f),
				est.Metric(f, metric, analytics.Options{Normalized: true}))
			if goal != nil {
				total = add(total, est.Goal(string(goal.Kind), f))
			}
		}
		return add(total, times(pageSize(first, nil), child))
	}
	// suggestPartnerships: k greedy steps, priced by the goal's entry in the goals table.
	c.Query.SuggestPartnerships = func(child int, n *model.NetworkFilter, goal model.WeavingGoal, k *int, candidates *model.CandidateFilter) int {
		steps := deref1(k, 5)
		if steps < 1 || steps > analytics.MaxSuggestions {
			est.Refuse(domain.FieldErrorf("k", domain.EINVALID, "k must be between 1 and %d, got %d", analytics.MaxSuggestions, steps))
			return 1
		}
		var cf analytics.CandidateFilter
		if candidates != nil {
			cf.ActorIDs = candidates.ActorIds
		}
		return add(est.SuggestPartnerships(string(goal.Kind), networkFilter(n), steps, cf), times(steps, child))
	}
	// Link prediction walks the actor's partners' partners: at most a search.
	c.Actor.SuggestedPartners = func(child int, n *model.NetworkFilter, _ *model.LinkPredictionMethod, _ *bool, _ *domain.ActorAttribute, _ *string, first *int) int {
		return add(work(analytics.WorkSearch, n), times(pageSize(first, nil), child))
	}
	c.PartnerScore.Via = func(child int, first *int) int { return add(1, times(pageSize(first, nil), child)) }
	c.Actor.EiIndex = func(child int, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string) int {
		est.Slice(networkFilter(n))
		return add(1, child)
	}
	c.Query.Intermediaries = func(child int, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string, _ []string, first *int) int {
		return add(work(analytics.WorkPairBetween, n), metric(n, domain.Betweenness, analytics.Options{Normalized: true}),
			work(analytics.WorkBrokerage, n), work(analytics.WorkCuts, n), times(pageSize(first, nil), child))
	}
	c.Query.BrokerageCensus = func(child int, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string) int {
		return add(work(analytics.WorkBrokerage, n), child)
	}
	c.Query.CrossSectorReach = func(child int, _ string, _ *int, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string) int {
		return add(work(analytics.WorkSearch, n), child)
	}
	c.Query.GroupReach = func(child int, _, _ string, _ *int, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string) int {
		return add(work(analytics.WorkSearch, n), child)
	}
	c.Query.SectorMixing = func(child int, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string) int {
		return add(work(analytics.WorkMixing, n), child)
	}
	c.Query.AttributeAssortativity = func(child int, _ string, n *model.NetworkFilter) int {
		return add(work(analytics.WorkMixing, n), child)
	}
	// As many definitions as the loaded version has (attributeDefinitions { values } was priced
	// for the 400 there may be: 42,002 points).
	c.Query.AttributeDefinitions = func(child int, target *domain.AttributeTarget) int {
		return add(1, times(est.AttributeDefinitions(deref1(target, "")), child))
	}
	c.AttributeDefinition.Values = func(child int, first *int) int { return add(1, times(deref1(first, 50), child)) }
	// Significance tests: each priced by its entry in analytics' tests table (tests.go).
	priceTests(&c, est)
	c.Query.CorePeriphery = func(child int, n *model.NetworkFilter, _ *int) int {
		return add(est.CorePeriphery(networkFilter(n)), child)
	}
	c.CorePeriphery.Core = func(child int) int { return add(1, times(unboundedActors, child)) }
	c.CorePeriphery.Coreness = func(child int, first *int) int { return add(1, times(deref1(first, 20), child)) }
	c.Query.CutPoints = func(child int, n *model.NetworkFilter) int { return add(work(analytics.WorkCuts, n), child) }
	c.CutPoints.CutVertices = func(child int) int { return add(1, times(unboundedActors, child)) }
	c.CutPoints.Bridges = func(child int) int { return add(1, times(2*unboundedActors, child)) }
	c.Query.ShortestPath = func(child int, _, _ string, n *model.NetworkFilter) int {
		return add(work(analytics.WorkSearch, n), child)
	}
	c.Query.NearestInGroup = func(child int, _, _ string, n *model.NetworkFilter, _ *domain.ActorAttribute, _ *string) int {
		return add(work(analytics.WorkSearch, n), child)
	}
	c.Path.Actors = func(child int) int { return add(1, times(pathLength, child)) }
	c.Path.Partnerships = func(child int) int { return add(1, times(pathLength, child)) }
	c.Query.Communities = func(child int, n *model.NetworkFilter, _ *model.CommunityAlgorithm, _ *float64, _ *int, _ *domain.ActorAttribute, _ *string) int {
		return add(work(analytics.WorkCommunities, n), child)
	}
	// Communities partition the slice: however many communities and members a query asks
	// for, at most n members come back in all.
	c.Community.Members = func(child int, first *int) int {
		m := deref1(first, 100)
		est.Members(m, child)
		return add(1, times(m, child))
	}
	c.CommunityResult.Communities = func(child int, first *int) int {
		f := deref1(first, 50)
		return est.Communities(f, add(1, times(f, child)))
	}
	render := func(child int, n *model.NetworkFilter, limit int, orderBy *domain.Metric, layout *model.LayoutOptions) int {
		cost := add(metric(n, deref1(orderBy, domain.Degree), analytics.Options{Normalized: true}), work(analytics.WorkCommunities, n))
		if layout != nil && layout.Algorithm == model.LayoutAlgorithmForceAtlas2 {
			// Barnes–Hut: about n·log₂ n cell visits per iteration, a few steps each.
			cost = add(cost, analytics.Points(float64(deref1(layout.Iterations, 100))*float64(limit)*math.Log2(float64(limit)+2)*8))
		}
		return add(cost, times(limit, child))
	}
	c.Query.Neighborhood = func(child int, _ []string, _ *int, n *model.NetworkFilter, limit *int, orderBy *domain.Metric, layout *model.LayoutOptions) int {
		return render(child, n, deref1(limit, 500), orderBy, layout)
	}
	c.Query.Subgraph = func(child int, n *model.NetworkFilter, limit *int, orderBy *domain.Metric, layout *model.LayoutOptions) int {
		return render(child, n, deref1(limit, 2000), orderBy, layout)
	}

	// Imports: by their rows (a CSV's lines), parsed and checked in this process.
	c.Mutation.ImportNetwork = func(child int, actors, partnerships *string, _, _, _ *bool) int {
		return add(analytics.ImportCost(csvLines(actors)+csvLines(partnerships)), child)
	}
	c.Mutation.ImportNetworkJSON = func(child int, actors []model.ImportActorRow, partnerships []model.ImportPartnershipRow, _, _, _ *bool) int {
		return add(analytics.ImportCost(len(actors)+len(partnerships)), child)
	}
	return c
}
