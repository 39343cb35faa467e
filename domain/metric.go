package domain

// Metric names a centrality measure (design.md "Reference definitions").
type Metric string

// Centrality metrics.
const (
	Degree      Metric = "DEGREE"
	InDegree    Metric = "IN_DEGREE"
	OutDegree   Metric = "OUT_DEGREE"
	Strength    Metric = "STRENGTH"
	Betweenness Metric = "BETWEENNESS"
	Closeness   Metric = "CLOSENESS"
	Harmonic    Metric = "HARMONIC"
	PageRank    Metric = "PAGE_RANK"
	Eigenvector Metric = "EIGENVECTOR"
	CoreNumber  Metric = "CORE_NUMBER"
	Clustering  Metric = "CLUSTERING"
	// Constraint is Burt's constraint (undefined for actors without successors).
	Constraint Metric = "CONSTRAINT"
	// EffectiveSize is Burt's effective size.
	EffectiveSize Metric = "EFFECTIVE_SIZE"
	// Brokerage is the total of Gould–Fernandez brokerage roles.
	Brokerage Metric = "BROKERAGE"
)

// Metrics lists every metric.
var Metrics = []Metric{Degree, InDegree, OutDegree, Strength, Betweenness, Closeness, Harmonic, PageRank, Eigenvector, CoreNumber, Clustering, Constraint, EffectiveSize, Brokerage}

// Valid reports whether m is a known metric.
func (m Metric) Valid() bool {
	for _, x := range Metrics {
		if x == m {
			return true
		}
	}
	return false
}
