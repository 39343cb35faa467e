package resolvers

import (
	"slices"
	"testing"

	"stakegraph/analytics"
	"stakegraph/domain"
)

// TestTestsMatchSchema: the tests table and the GraphQL schema name the same tests — every
// entry is a Query field with its replication argument and a seed, both defaulted in the
// schema; every Query field that takes a seed and replications (or permutations) has an
// entry — and the GraphStatistic enum lists the statistics table, in its order. Adding a test
// or a statistic to one without the other fails here.
func TestTestsMatchSchema(t *testing.T) {
	t.Parallel()
	schema := schemaDoc()
	entries := map[string]bool{}
	for _, test := range analytics.Tests() {
		entries[test.Field] = true
		f := schema.Query.Fields.ForName(test.Field)
		if f == nil {
			t.Errorf("the tests table's %s is not a Query field", test.Field)
			continue
		}
		for _, arg := range []string{test.ReplicationsArg, "seed"} {
			if a := f.Arguments.ForName(arg); a == nil || a.DefaultValue == nil {
				t.Errorf("Query.%s has no argument %s with a default", test.Field, arg)
			}
		}
		if queryDefault(test.Field, test.ReplicationsArg) < 1 {
			t.Errorf("Query.%s's default %s is not a positive count", test.Field, test.ReplicationsArg)
		}
	}
	for _, f := range schema.Query.Fields {
		takesReps := f.Arguments.ForName("permutations") != nil || f.Arguments.ForName("replications") != nil
		if takesReps && f.Arguments.ForName("seed") != nil && !entries[f.Name] {
			t.Errorf("Query.%s is a significance test without an entry in analytics' tests table", f.Name)
		}
	}
	var enum []string
	for _, v := range schema.Types["GraphStatistic"].EnumValues {
		enum = append(enum, v.Name)
	}
	if table := analytics.CUGStatistics(); !slices.Equal(enum, table) {
		t.Errorf("GraphStatistic %v; the statistics table %v", enum, table)
	}
}

// TestGoalsMatchSchema: the goals table lists the GraphQL enum WeavingGoalKind, in its
// order, and every goal states its guarantee.
func TestGoalsMatchSchema(t *testing.T) {
	t.Parallel()
	var enum, table []string
	for _, v := range schemaDoc().Types["WeavingGoalKind"].EnumValues {
		enum = append(enum, v.Name)
	}
	for _, g := range analytics.Goals() {
		table = append(table, g.Kind)
		if g.Guarantee == "" {
			t.Errorf("goal %s states no guarantee", g.Kind)
		}
	}
	if !slices.Equal(enum, table) {
		t.Errorf("WeavingGoalKind %v; the goals table %v", enum, table)
	}
}

// TestAttributeTypesMatchSchema: the attribute types table lists the GraphQL enum
// AttributeType, in its order, and every type says how its values are written to GraphML.
func TestAttributeTypesMatchSchema(t *testing.T) {
	t.Parallel()
	var enum, table []string
	for _, v := range schemaDoc().Types["AttributeType"].EnumValues {
		enum = append(enum, v.Name)
	}
	for _, x := range domain.AttributeTypes() {
		table = append(table, string(x.Type))
		if x.XML == "" {
			t.Errorf("attribute type %s has no GraphML type", x.Type)
		}
	}
	if !slices.Equal(enum, table) {
		t.Errorf("AttributeType %v; the types table %v", enum, table)
	}
}
