package resolvers

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"

	"stakegraph/analytics"
	"stakegraph/graph"
	"stakegraph/graph/model"
)

// Significance tests' arguments, read the same way by their resolvers and by the cost model:
// a test's replication and seed defaults live in the schema only (graph/tests.graphqls), and
// its price comes from its entry in analytics' tests table. Nothing here names a test: an
// entry in that table and its field in the schema are all the cost model needs.

// schemaDoc is the parsed GraphQL schema, for its arguments' defaults and order.
var schemaDoc = sync.OnceValue(func() *ast.Schema {
	return graph.NewExecutableSchema(graph.Config{}).Schema()
})

// queryArgs returns Query.field's arguments in schema order (the order of gqlgen's generated
// complexity functions' parameters).
func queryArgs(field string) ast.ArgumentDefinitionList {
	f := schemaDoc().Query.Fields.ForName(field)
	if f == nil {
		panic(fmt.Sprintf("resolvers: Query.%s is not in the schema", field))
	}
	return f.Arguments
}

// queryDefault is the schema's default of Query.field's integer argument arg (0 without one).
func queryDefault(field, arg string) int {
	a := queryArgs(field).ForName(arg)
	if a == nil || a.DefaultValue == nil {
		return 0
	}
	v, err := a.DefaultValue.Value(nil)
	if err != nil {
		return 0
	}
	n, _ := v.(int64)
	return int(n)
}

// queryEnumDefault is the schema's default of Query.field's enum argument arg ("" without one).
func queryEnumDefault(field, arg string) string {
	if a := queryArgs(field).ForName(arg); a != nil && a.DefaultValue != nil {
		return a.DefaultValue.Raw
	}
	return ""
}

// testReplications is a test call's replications and seed, the schema's defaults where the client
// sent null.
func testReplications(field string, n, seed *int) analytics.Replications {
	t, _ := analytics.LookupTest(field)
	return analytics.Replications{N: deref1(n, queryDefault(field, t.ReplicationsArg)), Seed: int64(deref1(seed, queryDefault(field, "seed")))}
}

// priceTests sets the complexity function of every test in analytics' tests table: a function
// of gqlgen's generated signature for the test's field (built by reflection, its parameters
// named by the schema's argument order) that prices the call by Estimate.Test from its
// network, replications, statistic, condition and relations.
func priceTests(c *graph.ComplexityRoot, est *analytics.Estimate) {
	query := reflect.ValueOf(&c.Query).Elem()
	for _, t := range analytics.Tests() {
		slot := query.FieldByName(strings.ToUpper(t.Field[:1]) + t.Field[1:])
		if !slot.IsValid() {
			panic(fmt.Sprintf("resolvers: no complexity for Query.%s", t.Field))
		}
		args := queryArgs(t.Field)
		slot.Set(reflect.MakeFunc(slot.Type(), func(in []reflect.Value) []reflect.Value {
			var (
				network *model.NetworkFilter
				reps    = queryDefault(t.Field, t.ReplicationsArg)
				p       analytics.TestParams
			)
			for i, a := range args {
				v := in[i+1]
				switch x := v.Interface().(type) {
				case *model.NetworkFilter:
					network = x
				case model.RelationInput:
					p.Relations++
				case []model.RelationInput:
					p.Relations += len(x)
				case *int:
					if a.Name == t.ReplicationsArg && x != nil {
						reps = *x
					}
				default:
					switch a.Name {
					case "statistic":
						p.Statistic = enumArg(v, t.Field, a.Name)
					case "condition":
						p.Condition = enumArg(v, t.Field, a.Name)
					}
				}
			}
			price := add(est.Test(t, networkFilter(network), reps, p), int(in[0].Int()))
			return []reflect.Value{reflect.ValueOf(price)}
		}))
	}
}

// enumArg is an enum argument's value (of a string type, or a pointer to one), the schema's
// default when nil.
func enumArg(v reflect.Value, field, arg string) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return queryEnumDefault(field, arg)
		}
		v = v.Elem()
	}
	return v.String()
}
