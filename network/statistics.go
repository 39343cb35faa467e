package network

import (
	"context"
	"fmt"
	"math"
)

// StatisticWork is how a graph statistic's work grows with a graph's n vertices and m ties:
// the cost model prices each replication of a test of it by this class.
type StatisticWork int

// Classes of a statistic's work.
const (
	StatLinear         StatisticWork = iota // O(n + m)
	StatNeighbourPairs                      // O(m·(m/n)): pairs of neighbours (triangles)
	StatAllPairs                            // O(n·m): a search from every vertex
)

// GraphStatisticInfo is one graph-level statistic's entry in the statistics table: its
// GraphQL name (enum GraphStatistic), its kernel, whether it needs the directed view, and its
// class of work. CUGTest draws on it, the analytics service validates against it and the cost
// model prices it, so adding a statistic is one entry here and one enum value in the schema
// (TestStatisticsMatchSchema keeps them equal).
type GraphStatisticInfo struct {
	Name string
	// Directed: defined on the directed view only (NaN on an undirected graph).
	Directed bool
	Work     StatisticWork
	// Compute returns the statistic of g, binary (weights unused); NaN when undefined.
	Compute func(ctx context.Context, g *Graph) (float64, error)
}

// Graph statistics a CUG test takes, by their GraphQL names.
const (
	StatDensity                   = "DENSITY"
	StatTransitivity              = "TRANSITIVITY"
	StatReciprocity               = "RECIPROCITY"
	StatAveragePathLength         = "AVERAGE_PATH_LENGTH"
	StatCentralizationDegree      = "CENTRALIZATION_DEGREE"
	StatCentralizationBetweenness = "CENTRALIZATION_BETWEENNESS"
	StatAssortativity             = "ASSORTATIVITY"
)

// graphStatistics is the statistics table, in the order of the GraphQL enum GraphStatistic.
var graphStatistics = []GraphStatisticInfo{
	{Name: StatDensity, Work: StatLinear, Compute: func(ctx context.Context, g *Graph) (float64, error) {
		addSteps(ctx, 1)
		if g.N < 2 {
			return math.NaN(), nil
		}
		n := float64(g.N)
		d := float64(g.EdgeCount()) / (n * (n - 1))
		if !g.Directed {
			d *= 2
		}
		return d, nil
	}},
	// TRANSITIVITY on the undirected view: 3 × triangles / connected triples.
	{Name: StatTransitivity, Work: StatNeighbourPairs, Compute: func(ctx context.Context, g *Graph) (float64, error) {
		addSteps(ctx, linear(g)) // the undirected view
		return transitivityByTriangles(ctx, g.Undirected()), nil
	}},
	{Name: StatReciprocity, Directed: true, Work: StatNeighbourPairs, Compute: func(ctx context.Context, g *Graph) (float64, error) {
		return Reciprocity(ctx, g), nil
	}},
	// AVERAGE_PATH_LENGTH: NaN when AveragePathLength is not computed.
	{Name: StatAveragePathLength, Work: StatAllPairs, Compute: func(ctx context.Context, g *Graph) (float64, error) {
		m, ok, err := AveragePathLength(ctx, g)
		if !ok {
			m = math.NaN()
		}
		return m, err
	}},
	// CENTRALIZATION_DEGREE: Freeman's with sna's maximum, in + out degree when directed.
	{Name: StatCentralizationDegree, Work: StatLinear, Compute: func(ctx context.Context, g *Graph) (float64, error) {
		n := float64(g.N)
		tmax := (n - 1) * (n - 2)
		if g.Directed {
			tmax *= 2
		}
		return Centralization(Degree(ctx, g, false), tmax), nil
	}},
	{Name: StatCentralizationBetweenness, Work: StatAllPairs, Compute: func(ctx context.Context, g *Graph) (float64, error) {
		b, err := Betweenness(ctx, g, BetweennessOptions{Workers: 1})
		if err != nil {
			return 0, err
		}
		n := float64(g.N)
		tmax := (n - 1) * (n - 1) * (n - 2)
		if !g.Directed {
			tmax /= 2
		}
		return Centralization(b, tmax), nil
	}},
	// ASSORTATIVITY: degree assortativity on the undirected view.
	{Name: StatAssortativity, Work: StatNeighbourPairs, Compute: func(ctx context.Context, g *Graph) (float64, error) {
		u := g.Undirected()
		addSteps(ctx, linear(g)+linear(u)) // the view, and the ends of its ties
		return degreeAssortativity(u), nil
	}},
}

// GraphStatistics returns the statistics table, in the order of the GraphQL enum.
func GraphStatistics() []GraphStatisticInfo {
	return append([]GraphStatisticInfo(nil), graphStatistics...)
}

// LookupStatistic returns a statistic's entry; an error naming the statistic when it is not
// in the table.
func LookupStatistic(name string) (GraphStatisticInfo, error) {
	for _, s := range graphStatistics {
		if s.Name == name {
			return s, nil
		}
	}
	return GraphStatisticInfo{}, fmt.Errorf("unknown graph statistic %q", name)
}

// GraphStatistic computes a graph-level statistic of g (see the statistics table), binary
// (weights unused); NaN when undefined. Errors: an unknown statistic, ctx's.
func GraphStatistic(ctx context.Context, g *Graph, stat string) (float64, error) {
	s, err := LookupStatistic(stat)
	if err != nil {
		return math.NaN(), err
	}
	return s.Compute(ctx, g)
}
