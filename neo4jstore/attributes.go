package neo4jstore

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// Attributes are stored as properties of the actor node or partnership relationship named
// attrPrefix + the attribute's name, so a filter by an attribute is a property predicate like
// a filter by sector, backed by a range index created with the definition. Definitions are
// AttributeDefinition nodes keyed by target and name.
//
// An attribute's property name is the one identifier that Cypher text takes from a user: it is
// written between backticks, and only after the name passed domain.ValidateAttributeName (the
// id rules: letters, digits, '_', '.', ':' and '-', never a backtick) and was found among the
// definitions. Values always travel as parameters.
const attrPrefix = "attr_"

// attrProp is the quoted property of an attribute on variable v.
func attrProp(v, name string) string { return v + ".`" + attrPrefix + name + "`" }

// attrIndexName names the range index of a target's attribute.
func attrIndexName(t domain.AttributeTarget, name string) string {
	return "`attr_" + strings.ToLower(string(t)) + "_" + name + "`"
}

// attrIndexStatement creates the index of an attribute.
func attrIndexStatement(d domain.AttributeDefinition) string {
	if d.Target == domain.TargetActor {
		return "CREATE INDEX " + attrIndexName(d.Target, d.Name) + " IF NOT EXISTS FOR (a:Actor) ON (" + attrProp("a", d.Name) + ")"
	}
	return "CREATE INDEX " + attrIndexName(d.Target, d.Name) + " IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (" + attrProp("r", d.Name) + ")"
}

// attributesOf collects the attribute properties of a stored node's or relationship's map.
func attributesOf(m map[string]any) domain.Attributes {
	var out domain.Attributes
	for k, v := range m {
		if name, ok := strings.CutPrefix(k, attrPrefix); ok {
			if out == nil {
				out = domain.Attributes{}
			}
			if i, ok := v.(int64); ok {
				v = float64(i)
			}
			out[name] = v
		}
	}
	return out
}

// attrProps turns attributes into the properties that store them (nil values stay nil: SET
// += removes them).
func attrProps(a domain.Attributes, into map[string]any) map[string]any {
	if into == nil {
		into = make(map[string]any, len(a))
	}
	for k, v := range a {
		into[attrPrefix+k] = v
	}
	return into
}

func definitionFrom(m map[string]any) domain.AttributeDefinition {
	return domain.AttributeDefinition{Name: str(m, "name"), Target: domain.AttributeTarget(str(m, "target")),
		Type: domain.AttributeType(str(m, "type")), Label: str(m, "label"), Description: str(m, "description")}
}

func definitionKey(t domain.AttributeTarget, name string) string { return string(t) + "/" + name }

// AttributeDefinitions returns every attribute definition, by target then name.
func (s *Store) AttributeDefinitions(ctx context.Context) ([]domain.AttributeDefinition, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.AttributeDefinition, error) {
		return s.definitions(ctx, tx)
	})
}

func (s *Store) definitions(ctx context.Context, tx neo4j.ManagedTransaction) ([]domain.AttributeDefinition, error) {
	recs, err := s.collect(ctx, tx, `MATCH (d:AttributeDefinition) RETURN d{.*} AS d ORDER BY d.target, d.name`, nil)
	if err != nil {
		return nil, err
	}
	out := make([]domain.AttributeDefinition, len(recs))
	for i, r := range recs {
		out[i] = definitionFrom(recordMap(r, "d"))
	}
	return out, nil
}

// schema reads a target's definitions inside tx.
func (s *Store) schema(ctx context.Context, tx neo4j.ManagedTransaction, t domain.AttributeTarget) (domain.AttributeSchema, error) {
	defs, err := s.definitions(ctx, tx)
	if err != nil {
		return nil, err
	}
	return domain.SchemaOf(defs, t), nil
}

// checkAttributes validates values against the stored definitions inside tx.
func (s *Store) checkAttributes(ctx context.Context, tx neo4j.ManagedTransaction, t domain.AttributeTarget, values domain.Attributes, allowNull bool) (domain.Attributes, error) {
	if len(values) == 0 {
		return nil, nil
	}
	sch, err := s.schema(ctx, tx, t)
	if err != nil {
		return nil, err
	}
	return sch.Check(values, t, allowNull)
}

// resolveConditions fills in the types of attribute conditions (CheckConditions). Errors:
// EINVALID for unknown attributes.
func (s *Store) resolveConditions(ctx context.Context, field string, conds []domain.AttributeCondition, t domain.AttributeTarget) error {
	if len(conds) == 0 {
		return nil
	}
	defs, err := s.AttributeDefinitions(ctx)
	if err != nil {
		return err
	}
	return domain.CheckConditions(field, conds, domain.SchemaOf(defs, t), t)
}

// conditionDefs is the Cypher subquery FindActors ends with when it has attribute conditions:
// the definitions of the attributes they name, as attrDefs, so the conditions are checked
// against the definitions of the same state, without a round trip of their own.
const conditionDefs = `CALL { MATCH (d:AttributeDefinition) WHERE d.key IN $attrDefKeys RETURN collect(d{.*}) AS attrDefs } `

// checkReturnedConditions checks conditions against the definitions a statement returned
// (conditionDefs); on a mismatch it reads every definition to say which exist.
func (s *Store) checkReturnedConditions(ctx context.Context, field string, conds []domain.AttributeCondition, t domain.AttributeTarget, returned []any) error {
	sch := domain.AttributeSchema{}
	for _, x := range returned {
		m, _ := x.(map[string]any)
		d := definitionFrom(m)
		sch[d.Name] = d
	}
	if err := domain.CheckConditions(field, conds, sch, t); err != nil {
		return s.resolveConditions(ctx, field, conds, t)
	}
	return nil
}

// conditionKeys are the definition keys conditions name.
func conditionKeys(conds []domain.AttributeCondition, t domain.AttributeTarget) []string {
	out := make([]string, len(conds))
	for i, c := range conds {
		out[i] = definitionKey(t, c.Name)
	}
	return out
}

// DefineAttribute stores a new attribute definition and creates its index. Errors: EINVALID
// (bad definition, more than MaxAttributes), ECONFLICT (already defined).
func (s *Store) DefineAttribute(ctx context.Context, d domain.AttributeDefinition) (*domain.AttributeDefinition, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	out, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.AttributeDefinition, error) {
		return s.defineTx(ctx, tx, d)
	})
	if err != nil {
		return nil, err
	}
	return out, s.ensureAttributeIndexes(ctx, []domain.AttributeDefinition{*out})
}

func (s *Store) defineTx(ctx context.Context, tx neo4j.ManagedTransaction, d domain.AttributeDefinition) (*domain.AttributeDefinition, error) {
	rec, err := s.single(ctx, tx, `
		OPTIONAL MATCH (x:AttributeDefinition {key: $key})
		CALL { MATCH (d:AttributeDefinition {target: $target}) RETURN count(d) AS n }
		RETURN x IS NOT NULL AS taken, n`, map[string]any{"key": definitionKey(d.Target, d.Name), "target": string(d.Target)})
	if err != nil {
		return nil, err
	}
	if taken, _ := rec.Get("taken"); taken == true {
		return nil, domain.FieldErrorf("name", domain.ECONFLICT, "%s attribute %q is already defined", strings.ToLower(string(d.Target)), d.Name)
	}
	if recordInt(rec, "n") >= domain.MaxAttributes {
		return nil, domain.FieldErrorf("name", domain.EINVALID, "%s already has %d attributes; the limit is %d", strings.ToLower(string(d.Target)), domain.MaxAttributes, domain.MaxAttributes)
	}
	rec, err = s.single(ctx, tx, `CREATE (d:AttributeDefinition {key: $key, name: $name, target: $target, type: $type,
			label: $label, description: $description}) RETURN d{.*} AS d`,
		map[string]any{"key": definitionKey(d.Target, d.Name), "name": d.Name, "target": string(d.Target), "type": string(d.Type),
			"label": nullIfEmpty(d.Label), "description": nullIfEmpty(d.Description)})
	if err != nil {
		return nil, err
	}
	out := definitionFrom(recordMap(rec, "d"))
	return &out, nil
}

// ensureAttributeIndexes creates the indexes of definitions (idempotent; schema changes run
// in their own transactions) and waits for them to come online.
func (s *Store) ensureAttributeIndexes(ctx context.Context, defs []domain.AttributeDefinition) error {
	for _, d := range defs {
		if _, err := managed(ctx, s, neo4j.AccessModeWrite, func(tx neo4j.ManagedTransaction) (bool, error) {
			_, err := s.run(ctx, tx, attrIndexStatement(d), nil)
			return err == nil, err
		}); err != nil {
			return err
		}
	}
	if len(defs) == 0 {
		return nil
	}
	// Wait until the indexes are online, so filters by the new attributes use them at once
	// (populating one over a million actors takes seconds).
	_, err := managed(ctx, s, neo4j.AccessModeRead, func(tx neo4j.ManagedTransaction) (bool, error) {
		_, err := s.run(ctx, tx, `CALL db.awaitIndexes(300)`, nil)
		return err == nil, err
	})
	return err
}

// UpdateAttribute changes a definition's label and description (nil leaves one as it is; ""
// clears it). Errors: EINVALID, ENOTFOUND.
func (s *Store) UpdateAttribute(ctx context.Context, t domain.AttributeTarget, name string, label, description *string) (*domain.AttributeDefinition, error) {
	if err := domain.ValidateAttributeText(label, description); err != nil {
		return nil, err
	}
	set := map[string]any{}
	if label != nil {
		set["label"] = nullIfEmpty(*label)
	}
	if description != nil {
		set["description"] = nullIfEmpty(*description)
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.AttributeDefinition, error) {
		rec, err := s.single(ctx, tx, `MATCH (d:AttributeDefinition {key: $key})
			FOREACH (_ IN CASE WHEN `+differs("d", "$set")+` THEN [1] ELSE [] END | SET d += $set)
			RETURN d{.*} AS d`, map[string]any{"key": definitionKey(t, name), "set": set})
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, attributeNotFound(t, name)
		}
		d := definitionFrom(recordMap(rec, "d"))
		return &d, nil
	})
}

func attributeNotFound(t domain.AttributeTarget, name string) error {
	return domain.FieldErrorf("name", domain.ENOTFOUND, "%s attribute %q is not defined", strings.ToLower(string(t)), name)
}

// DeleteAttribute removes a definition and every value of it, then its index. Errors:
// ENOTFOUND.
func (s *Store) DeleteAttribute(ctx context.Context, t domain.AttributeTarget, name string) (*domain.AttributeDefinition, error) {
	if err := domain.ValidateID("name", name); err != nil {
		return nil, err
	}
	d, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.AttributeDefinition, error) {
		rec, err := s.single(ctx, tx, `MATCH (d:AttributeDefinition {key: $key}) RETURN d{.*} AS d`, map[string]any{"key": definitionKey(t, name)})
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, attributeNotFound(t, name)
		}
		d := definitionFrom(recordMap(rec, "d"))
		remove := "MATCH (a:Actor) WHERE " + attrProp("a", name) + " IS NOT NULL REMOVE " + attrProp("a", name)
		if t == domain.TargetPartnership {
			remove = "MATCH ()-[r:PARTNERS_WITH]->() WHERE " + attrProp("r", name) + " IS NOT NULL REMOVE " + attrProp("r", name)
		}
		if _, err := s.run(ctx, tx, remove, nil); err != nil {
			return nil, err
		}
		_, err = s.run(ctx, tx, `MATCH (d:AttributeDefinition {key: $key}) DELETE d`, map[string]any{"key": definitionKey(t, name)})
		return &d, err
	})
	if err != nil {
		return nil, err
	}
	_, err = managed(ctx, s, neo4j.AccessModeWrite, func(tx neo4j.ManagedTransaction) (bool, error) {
		_, err := s.run(ctx, tx, "DROP INDEX "+attrIndexName(t, name)+" IF EXISTS", nil)
		return err == nil, err
	})
	return d, err
}

// AttributeValueCounts returns an attribute's distinct values with how many actors (or
// partnerships) have each, most frequent first, then by value; at most first.
func (s *Store) AttributeValueCounts(ctx context.Context, t domain.AttributeTarget, name string, first int) ([]domain.ValueCount, error) {
	if err := domain.ValidateID("name", name); err != nil {
		return nil, err
	}
	match := "MATCH (x:Actor) WHERE " + attrProp("x", name) + " IS NOT NULL"
	if t == domain.TargetPartnership {
		match = "MATCH ()-[x:PARTNERS_WITH]->() WHERE " + attrProp("x", name) + " IS NOT NULL"
	}
	return readQuery(ctx, s, match+" WITH toString("+attrProp("x", name)+") AS v RETURN v, count(*) AS n ORDER BY n DESC, v LIMIT $first",
		map[string]any{"first": first}, func(recs []*neo4j.Record) ([]domain.ValueCount, error) {
			out := make([]domain.ValueCount, len(recs))
			for i, r := range recs {
				v, _ := r.Get("v")
				out[i] = domain.ValueCount{Value: fmt.Sprint(v), Count: recordInt(r, "n")}
			}
			sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
			return out, nil
		})
}

// equalsValues are the stored values an equals condition matches: its values parsed by the
// attribute's type, or, while the type is not known yet (FindActors checks the definitions in
// the same statement), each value's every typed reading — the text, the number, the boolean
// it spells. An attribute's values all have its type, so the readings of other types match
// nothing and the result is the typed one.
func equalsValues(cond domain.AttributeCondition) []any {
	var vals []any
	for _, e := range cond.Equals {
		if cond.Type != "" {
			if x, err := domain.ParseAttribute(domain.AttributeDefinition{Name: cond.Name, Type: cond.Type}, e); err == nil && x != nil {
				vals = append(vals, x)
			}
			continue
		}
		vals = append(vals, e)
		for _, t := range domain.AttributeTypes() {
			if t.StoredAsText {
				continue
			}
			if x, err := domain.ParseAttribute(domain.AttributeDefinition{Name: cond.Name, Type: t.Type}, e); err == nil && x != nil {
				vals = append(vals, x)
			}
		}
	}
	return vals
}

// attributeClauses turns attribute conditions into Cypher conditions on variable v; param
// names the parameters' prefix (two variables share them).
func attributeClauses(conds []domain.AttributeCondition, v, param string, params map[string]any) []string {
	var c []string
	for i, cond := range conds {
		prop := attrProp(v, cond.Name)
		p := fmt.Sprintf("%s%d", param, i)
		if cond.Exists != nil {
			if *cond.Exists {
				c = append(c, prop+" IS NOT NULL")
			} else {
				c = append(c, prop+" IS NULL")
			}
		}
		if len(cond.Equals) > 0 {
			params[p+"eq"] = equalsValues(cond)
			c = append(c, prop+" IN $"+p+"eq")
		}
		if cond.Min != nil {
			params[p+"min"] = *cond.Min
			c = append(c, prop+" >= $"+p+"min")
		}
		if cond.Max != nil {
			params[p+"max"] = *cond.Max
			c = append(c, prop+" <= $"+p+"max")
		}
		if cond.After != nil {
			params[p+"after"] = dateString(cond.After)
			c = append(c, prop+" > $"+p+"after")
		}
		if cond.Before != nil {
			params[p+"before"] = dateString(cond.Before)
			c = append(c, prop+" < $"+p+"before")
		}
	}
	return c
}

// dateString is a date as DATE attributes store it.
func dateString(t *time.Time) string { return t.Format(time.DateOnly) }

// resolveNetwork fills in the types of a network filter's attribute conditions and checks its
// weight attribute. Errors: EINVALID.
func (s *Store) resolveNetwork(ctx context.Context, f *domain.NetworkFilter) error {
	if len(f.ActorAttributes)+len(f.TieAttributes) == 0 && f.WeightAttribute == "" {
		return nil
	}
	defs, err := s.AttributeDefinitions(ctx)
	if err != nil {
		return err
	}
	return f.CheckAttributes(defs)
}
