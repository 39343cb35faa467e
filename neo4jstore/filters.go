package neo4jstore

import (
	"strings"

	"stakegraph/domain"
)

// Cypher filter clauses: a network filter's conditions on actors, partnerships and projects,
// as the projection, the streaming reads and the CRUD finders put them in WHERE. Every value
// is a parameter.

// networkActorClauses are a network filter's actor conditions on variable v.
func networkActorClauses(f domain.NetworkFilter, v string, params map[string]any) []string {
	return actorClauses(f.Selector(), v, params)
}

// actorClauses turns an actor selector into Cypher conditions on variable v with their
// parameters — the one place actor conditions become Cypher (ActorFilter and NetworkFilter
// alike). The clause texts are fixed; values only travel as parameters, so two variables
// (a partnership's ends) share them.
func actorClauses(sel domain.ActorSelector, v string, params map[string]any) []string {
	c := inList(nil, params, v+".sector", "sectors", sel.Sectors)
	c = inList(c, params, v+".region", "regions", sel.Regions)
	c = inList(c, params, v+".type", "actorTypes", sel.Types)
	kinds := make([]string, len(sel.Kinds))
	for i, k := range sel.Kinds {
		kinds[i] = string(k)
	}
	c = inList(c, params, v+".kind", "kinds", kinds)
	if len(sel.Tags) > 0 {
		c = append(c, "any(x IN coalesce("+v+".tags, []) WHERE x IN $tags)")
		params["tags"] = sel.Tags
	}
	if sel.Search != "" {
		c = append(c, "toLower("+v+".name) CONTAINS $search")
		params["search"] = strings.ToLower(sel.Search)
	}
	return append(c, attributeClauses(sel.Attributes, v, "actorAttr", params)...)
}

// inList appends the condition "expr IN $param" to c, with values as the parameter, when
// there are values (none select everything).
func inList(c []string, params map[string]any, expr, param string, values []string) []string {
	if len(values) == 0 {
		return c
	}
	params[param] = values
	return append(c, expr+" IN $"+param)
}

// activeClauses are the time conditions on variable v (a partnership or a project).
func activeClauses(f domain.NetworkFilter, v string, params map[string]any) []string {
	var c []string
	if f.AsOf != nil {
		params["asOf"] = dateParam(f.AsOf)
		params["windowStart"] = params["asOf"]
		if f.Window != nil { // active at some time in (asOf − window, asOf]
			start := f.AsOf.AddDate(0, 0, 1-*f.Window)
			params["windowStart"] = dateParam(&start)
		}
		c = append(c, "("+v+".since IS NULL OR "+v+".since <= $asOf)", "("+v+".until IS NULL OR "+v+".until >= $windowStart)")
	}
	if f.To != nil {
		params["to"] = dateParam(f.To)
		c = append(c, "("+v+".since IS NULL OR "+v+".since <= $to)")
	}
	if f.From != nil {
		params["from"] = dateParam(f.From)
		c = append(c, "("+v+".until IS NULL OR "+v+".until >= $from)")
	}
	return c
}

// partnershipClauses are a NetworkFilter's conditions on a partnership `r`: type, minimum
// weight and time.
func partnershipClauses(f domain.NetworkFilter, params map[string]any) []string {
	c := inList(nil, params, "r.type", "partnershipTypes", f.PartnershipTypes)
	weight := weightOf(f)
	if f.WeightAttribute != "" { // a tie without a usable value is left out (NetworkMatcher.TieWeight)
		c = append(c, weight+" >= $minAttrWeight")
		params["minAttrWeight"] = domain.MinWeight
	}
	if f.MinWeight != nil {
		c = append(c, weight+" >= $minWeight")
		params["minWeight"] = *f.MinWeight
	}
	c = append(c, attributeClauses(f.TieAttributes, "r", "tieAttr", params)...)
	return append(c, activeClauses(f, "r", params)...)
}

// weightOf is the Cypher expression of a partnership r's weight in f's slice.
func weightOf(f domain.NetworkFilter) string {
	if f.WeightAttribute != "" {
		return attrProp("r", f.WeightAttribute)
	}
	return "r.weight"
}
