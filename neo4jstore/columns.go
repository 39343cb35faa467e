package neo4jstore

import (
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"stakegraph/domain"
)

// The projection's attribute columns: which attributes a load reads, the Cypher that returns
// their values as a list per row, and the rows' values set into columns.

// attrLists splits definitions (ordered by target, then name) into the actor and the
// partnership ones.
func attrLists(defs []domain.AttributeDefinition) (actor, tie []domain.AttributeDefinition) {
	for _, d := range defs {
		if d.Target == domain.TargetActor {
			actor = append(actor, d)
		} else {
			tie = append(tie, d)
		}
	}
	return actor, tie
}

// attrValues collects, per row, a Cypher list of variable v's attribute values in definition
// order (an empty list, not one per row, when none are defined).
func attrValues(v string, defs []domain.AttributeDefinition) string {
	if len(defs) == 0 {
		return "[]"
	}
	props := make([]string, len(defs))
	for i, d := range defs {
		props[i] = attrProp(v, d.Name)
	}
	return "collect([" + strings.Join(props, ", ") + "])"
}

// newColumns returns empty columns of n rows for defs (nil when there are none).
func newColumns(defs []domain.AttributeDefinition, n int) domain.AttrColumns {
	if len(defs) == 0 {
		return nil
	}
	cs := make(domain.AttrColumns, len(defs))
	for i, d := range defs {
		cs[i] = domain.NewAttrColumn(d, n)
	}
	return cs
}

// setRow stores row i's values (in definition order) in the columns.
func setRow(cs domain.AttrColumns, i int, vals []any) {
	for k, v := range vals {
		if k < len(cs) {
			cs[k].Set(i, v)
		}
	}
}

// dayOf converts a stored DATE to a day number; null gives def (an open bound).
func dayOf(v any, def int32) int32 {
	switch d := v.(type) {
	case dbtype.Date:
		return domain.DayOf(d.Time())
	case time.Time:
		return domain.DayOf(d)
	}
	return def
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}
