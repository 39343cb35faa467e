package resolvers

import (
	"slices"
	"testing"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph"
	"stakegraph/graph/model"
)

// TestRegistryMatchesSchema: the metric registry and the GraphQL schema name the same metrics
// — every CentralityMetric value has an entry, in the same order, and every ActorMetrics field
// but graphVersion is a registered metric's field that the resolver can fill — so adding a
// metric to one without the other fails here.
func TestRegistryMatchesSchema(t *testing.T) {
	t.Parallel()
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var enum, registered []string
	for _, v := range schema.Types["CentralityMetric"].EnumValues {
		enum = append(enum, v.Name)
	}
	fields := map[string]bool{}
	for _, info := range analytics.Metrics() {
		registered = append(registered, string(info.Metric))
		if info.Field != "" {
			fields[info.Field] = true
		}
	}
	if !slices.Equal(enum, registered) {
		t.Errorf("CentralityMetric %v; the registry %v", enum, registered)
	}
	for _, f := range schema.Types["ActorMetrics"].Fields {
		if f.Name == "graphVersion" {
			continue
		}
		if !fields[f.Name] {
			t.Errorf("ActorMetrics.%s is not a registered metric's field", f.Name)
		}
		delete(fields, f.Name)
		var m model.ActorMetrics
		if dst, metric := metricField(&m, f.Name); dst == nil || metric == "" {
			t.Errorf("ActorMetrics.%s cannot be filled from the registry", f.Name)
		}
	}
	for f := range fields {
		t.Errorf("the registry's field %q is not on ActorMetrics", f)
	}
	if !slices.Equal(registered, func() []string {
		var out []string
		for _, m := range domain.Metrics {
			out = append(out, string(m))
		}
		return out
	}()) {
		t.Errorf("domain.Metrics and the registry differ")
	}
}
