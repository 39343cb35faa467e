package resolvers

import (
	"reflect"
	"strings"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// goName is the Go field gqlgen generates for a GraphQL field ("pageRank" → "PageRank").
func goName(field string) string { return strings.ToUpper(field[:1]) + field[1:] }

// metricField returns where the ActorMetrics field with the given GraphQL name stores its
// value and the metric it holds, from the metric registry; nil for fields that are not metrics.
func metricField(m *model.ActorMetrics, name string) (**float64, domain.Metric) {
	for _, info := range analytics.Metrics() {
		if info.Field == name {
			if f := reflect.ValueOf(m).Elem().FieldByName(goName(name)); f.IsValid() {
				return f.Addr().Interface().(**float64), info.Metric
			}
		}
	}
	return nil, ""
}

// metricComplexity sets, for every metric field of ActorMetrics in the complexity root, the
// function that records which metric the field asks for (see costModel).
func metricComplexity(root any, set func(m domain.Metric) func(int) int) {
	am := reflect.ValueOf(root).Elem().FieldByName("ActorMetrics")
	for _, info := range analytics.Metrics() {
		if info.Field == "" {
			continue
		}
		if f := am.FieldByName(goName(info.Field)); f.IsValid() {
			f.Set(reflect.ValueOf(set(info.Metric)))
		}
	}
}
