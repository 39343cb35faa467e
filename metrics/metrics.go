// Package metrics serves stakegraph's Prometheus metrics (GET /metrics, text exposition
// format): GraphQL requests by operation and outcome with their latency, the Neo4j statements
// the store sent by kind, and the analytics cache's hits, misses, bytes, entries and running
// computations. Values owned by other packages are read when scraped, through the functions
// given to New, so those packages need not know Prometheus.
package metrics

import (
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"stakegraph/analytics"
	"stakegraph/domain"
)

// Sources are the counters other packages own, read at scrape time.
type Sources struct {
	Neo4jQueries func() map[string]int64 // statements sent, by kind
	Cache        func() analytics.CacheStats
}

// Registry holds the process's metrics.
type Registry struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	identities *prometheus.CounterVec
	rejections *prometheus.CounterVec
	cost       prometheus.Counter
	mu         sync.Mutex
	names      map[string]bool // operation names seen, bounded by maxOperationNames
}

// maxOperationNames bounds the operation label's values: operation names come from clients.
const maxOperationNames = 200

// New registers the metrics over src.
func New(src Sources) *Registry {
	r := &Registry{reg: prometheus.NewRegistry(), names: map[string]bool{},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "stakegraph_graphql_requests_total",
			Help: "GraphQL operations by operation name and outcome (ok, or the first error's code)."},
			[]string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "stakegraph_graphql_request_duration_seconds",
			Help:    "GraphQL operation latency by operation name and outcome.",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}},
			[]string{"operation", "outcome"}),
		identities: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "stakegraph_http_requests_total",
			Help: "HTTP requests by whether they authenticated (authenticated) or not (anonymous)."}, []string{"identity"}),
		rejections: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "stakegraph_rejections_total",
			Help: "GraphQL operations refused before execution, by code."}, []string{"code"}),
		cost: prometheus.NewCounter(prometheus.CounterOpts{Name: "stakegraph_cost_points_total",
			Help: "Cost points of admitted GraphQL operations."}),
	}
	r.reg.MustRegister(r.requests, r.duration, r.identities, r.rejections, r.cost, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&sourceCollector{src: src})
	return r
}

var operationName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// label returns the operation label for a client-given name: "anonymous" for none, "other"
// for odd names and past the bound of distinct names.
func (r *Registry) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !operationName.MatchString(name) {
		return "other"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.names[name] {
		if len(r.names) >= maxOperationNames {
			return "other"
		}
		r.names[name] = true
	}
	return name
}

// ObserveGraphQL records one GraphQL operation.
func (r *Registry) ObserveGraphQL(operation, outcome string, d time.Duration) {
	op := r.label(operation)
	r.requests.WithLabelValues(op, outcome).Inc()
	r.duration.WithLabelValues(op, outcome).Observe(d.Seconds())
}

// Handler serves the metrics in the Prometheus text format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{})
}

// sourceCollector turns the Sources into metrics at scrape time.
type sourceCollector struct{ src Sources }

var (
	neo4jQueries  = prometheus.NewDesc("stakegraph_neo4j_queries_total", "Cypher statements sent to Neo4j, by kind of transaction.", []string{"kind"}, nil)
	cacheHits     = prometheus.NewDesc("stakegraph_analytics_cache_hits_total", "Analytics cache lookups answered from the cache.", nil, nil)
	cacheMisses   = prometheus.NewDesc("stakegraph_analytics_cache_misses_total", "Analytics cache lookups that computed (or joined a computation).", nil, nil)
	cacheBytes    = prometheus.NewDesc("stakegraph_analytics_cache_bytes", "Bytes held by cached snapshots and results.", nil, nil)
	reserved      = prometheus.NewDesc("stakegraph_analytics_reserved_bytes", "Bytes of the analytics memory budget taken by computations in progress.", nil, nil)
	cacheEntries  = prometheus.NewDesc("stakegraph_analytics_cache_entries", "Cached snapshots and results.", nil, nil)
	computeActive = prometheus.NewDesc("stakegraph_analytics_running_computations", "Analytics computations in progress.", nil, nil)
	computeQueued = prometheus.NewDesc("stakegraph_analytics_queued_computations", "Analytics computations waiting for a slot.", nil, nil)
)

func (c *sourceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{neo4jQueries, cacheHits, cacheMisses, cacheBytes, reserved, cacheEntries, computeActive, computeQueued} {
		ch <- d
	}
}

func (c *sourceCollector) Collect(ch chan<- prometheus.Metric) {
	if c.src.Neo4jQueries != nil {
		for kind, n := range c.src.Neo4jQueries() {
			ch <- prometheus.MustNewConstMetric(neo4jQueries, prometheus.CounterValue, float64(n), kind)
		}
	}
	if c.src.Cache != nil {
		st := c.src.Cache()
		ch <- prometheus.MustNewConstMetric(cacheHits, prometheus.CounterValue, float64(st.Hits))
		ch <- prometheus.MustNewConstMetric(cacheMisses, prometheus.CounterValue, float64(st.Misses))
		ch <- prometheus.MustNewConstMetric(cacheBytes, prometheus.GaugeValue, float64(st.Bytes))
		ch <- prometheus.MustNewConstMetric(reserved, prometheus.GaugeValue, float64(st.Reserved))
		ch <- prometheus.MustNewConstMetric(cacheEntries, prometheus.GaugeValue, float64(st.Entries))
		ch <- prometheus.MustNewConstMetric(computeActive, prometheus.GaugeValue, float64(st.Running))
		ch <- prometheus.MustNewConstMetric(computeQueued, prometheus.GaugeValue, float64(st.Queued))
	}
}

// Request counts one HTTP request by whether its identity authenticated.
func (r *Registry) Request(id domain.Identity) {
	kind := "authenticated"
	if id.Anonymous {
		kind = "anonymous"
	}
	r.identities.WithLabelValues(kind).Inc()
}

// Charged records what an admitted operation cost, or why one was refused.
func (r *Registry) Charged(id domain.Identity, points int, rejected string) {
	if rejected != "" {
		r.rejections.WithLabelValues(rejected).Inc()
		return
	}
	r.cost.Add(float64(points))
}
