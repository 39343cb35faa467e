package analytics

import (
	"context"

	"stakegraph/domain"
	"stakegraph/network"
)

// MetricInfo is one metric's entry in the registry: everything that derives from the metric —
// its kernel, the view it runs on, whether it normalises, its cost class and its GraphQL field —
// in one place. Compute runs the kernel, MetricCost prices the class, the resolvers fill
// ActorMetrics by Field, and TestRegistryMatchesSchema keeps the registry and the GraphQL
// schema equal. Adding a metric is one entry, its kernel and its oracle.
type MetricInfo struct {
	Metric domain.Metric
	// Field is the metric's field on ActorMetrics in the GraphQL schema ("" for BROKERAGE,
	// which an actor is asked for by group through Actor.brokerage).
	Field string
	// Label names the metric for people (the explorer, documentation).
	Label string
	// Undirected: computed on the undirected view whatever the filter's direction.
	Undirected bool
	// Normalizes: Options.Normalized changes the scores.
	Normalizes bool
	// Cost is the metric's class of work (see MetricCost).
	Cost   CostClass
	kernel func(ctx context.Context, sn *Snapshot, g *network.Graph, weighted bool, o Options) ([]float64, *network.ApproxInfo, error)
}

// eigenvectorIterations bounds eigenvector centrality's power iteration: the networks of the
// oracle checks and demo data converge (to 1e-10) in 26–57 iterations; a slice that needs more
// than this (a long chain needs about n²) is answered with the convergence error rather than
// run for 100,000 iterations at the price of 200 (the bound the price is checked against).
const eigenvectorIterations = 400

// CostClass is how a metric's work grows with the slice's n actors and m ties.
type CostClass int

// Cost classes (points = steps / PointSteps; see MetricCost).
const (
	Linear         CostClass = iota // n + m: degrees, strength, cores
	AllPairs                        // n·m: a search from every actor (× 4.2 weighted)
	PowerIteration                  // 100·(n + m): PageRank's iterations
	SlowIteration                   // 200·(n + m): eigenvector's iterations
	NeighbourPairs                  // Σ d(v)²: pairs of neighbours
	EgoNetworks                     // egoPairSteps·Σ d(v)²: Burt's measures over pairs of neighbours
)

// registry lists every metric, in the order of the GraphQL enum CentralityMetric.
var registry = []MetricInfo{
	{Metric: domain.Degree, Field: "degree", Label: "degree", Normalizes: true, Cost: Linear,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, _ bool, o Options) ([]float64, *network.ApproxInfo, error) {
			return network.Degree(ctx, g, o.Normalized), nil, nil
		}},
	{Metric: domain.InDegree, Field: "inDegree", Label: "in-degree", Normalizes: true, Cost: Linear,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, _ bool, o Options) ([]float64, *network.ApproxInfo, error) {
			return network.InDegree(ctx, g, o.Normalized), nil, nil
		}},
	{Metric: domain.OutDegree, Field: "outDegree", Label: "out-degree", Normalizes: true, Cost: Linear,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, _ bool, o Options) ([]float64, *network.ApproxInfo, error) {
			return network.OutDegree(ctx, g, o.Normalized), nil, nil
		}},
	{Metric: domain.Strength, Field: "strength", Label: "strength", Cost: Linear,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, _ bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			return network.Strength(ctx, g), nil, nil
		}},
	{Metric: domain.Betweenness, Field: "betweenness", Label: "betweenness", Normalizes: true, Cost: AllPairs,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, o Options) ([]float64, *network.ApproxInfo, error) {
			if o.Sampling != nil {
				scores, info, err := network.ApproxBetweenness(ctx, g, network.ApproxOptions{Epsilon: o.Sampling.Epsilon,
					Delta: o.Sampling.Delta, Seed: o.Sampling.Seed, Weighted: w, Normalized: o.Normalized})
				return scores, &info, err
			}
			scores, err := network.Betweenness(ctx, g, network.BetweennessOptions{Weighted: w, Normalized: o.Normalized})
			return scores, nil, err
		}},
	{Metric: domain.Closeness, Field: "closeness", Label: "closeness", Cost: AllPairs,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			scores, err := network.Closeness(ctx, g, w)
			return scores, nil, err
		}},
	{Metric: domain.Harmonic, Field: "harmonic", Label: "harmonic", Normalizes: true, Cost: AllPairs,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, o Options) ([]float64, *network.ApproxInfo, error) {
			scores, err := network.Harmonic(ctx, g, w, o.Normalized)
			return scores, nil, err
		}},
	{Metric: domain.PageRank, Field: "pageRank", Label: "PageRank", Cost: PowerIteration,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			scores, _, err := network.PageRank(ctx, g, network.PageRankOptions{Weighted: w})
			return scores, nil, convergence(err)
		}},
	{Metric: domain.Eigenvector, Field: "eigenvector", Label: "eigenvector", Undirected: true, Cost: SlowIteration,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			scores, err := network.Eigenvector(ctx, g, w, 1e-10, eigenvectorIterations)
			return scores, nil, convergence(err)
		}},
	{Metric: domain.CoreNumber, Field: "coreNumber", Label: "core number", Cost: Linear,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, _ bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			scores, err := network.CoreNumber(ctx, g)
			return scores, nil, err
		}},
	{Metric: domain.Clustering, Field: "clustering", Label: "clustering", Undirected: true, Cost: NeighbourPairs,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			scores, err := network.Clustering(ctx, g, w)
			return scores, nil, err
		}},
	{Metric: domain.Constraint, Field: "constraint", Label: "constraint", Cost: EgoNetworks,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			h, err := network.Holes(ctx, g, w)
			return h.Constraint, nil, err
		}},
	{Metric: domain.EffectiveSize, Field: "effectiveSize", Label: "effective size", Cost: EgoNetworks,
		kernel: func(ctx context.Context, _ *Snapshot, g *network.Graph, w bool, _ Options) ([]float64, *network.ApproxInfo, error) {
			h, err := network.Holes(ctx, g, w)
			return h.EffectiveSize, nil, err
		}},
	{Metric: domain.Brokerage, Label: "brokerage", Cost: NeighbourPairs,
		kernel: func(ctx context.Context, sn *Snapshot, g *network.Graph, _ bool, o Options) ([]float64, *network.ApproxInfo, error) {
			roles, err := network.BrokerageRoles(ctx, g, sn.group(o.GroupBy).of)
			if err != nil {
				return nil, nil, err
			}
			scores := make([]float64, len(roles))
			for i, r := range roles {
				scores[i] = r[network.Total]
			}
			return scores, nil, nil
		}},
}

// Charted reports whether the metric is cheap enough to chart year by year (a linear or
// power-iteration kernel): the explorer's sparkline offers these.
func (m MetricInfo) Charted() bool {
	return m.Cost == Linear || m.Cost == PowerIteration || m.Cost == SlowIteration
}

// Metrics returns the registry, in the order of the GraphQL enum.
func Metrics() []MetricInfo { return append([]MetricInfo(nil), registry...) }

// LookupMetric returns a metric's entry, and false for an unknown metric.
func LookupMetric(m domain.Metric) (MetricInfo, bool) {
	for _, x := range registry {
		if x.Metric == m {
			return x, true
		}
	}
	return MetricInfo{}, false
}

// compute runs metric m on the snapshot's view (the undirected view for the metrics that
// always use it, design.md).
func compute(ctx context.Context, sn *Snapshot, f domain.NetworkFilter, m domain.Metric, o Options) ([]float64, *network.ApproxInfo, error) {
	info, ok := LookupMetric(m)
	if !ok {
		return nil, nil, domain.Errorf(domain.EINVALID, "unknown metric %q", m)
	}
	g := sn.view(f.Direction)
	if info.Undirected {
		g = sn.undirected
	}
	return info.kernel(ctx, sn, g, f.Weighted, o)
}
