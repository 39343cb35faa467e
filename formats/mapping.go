package formats

import (
	"fmt"
	"regexp"
	"strings"

	"stakegraph/domain"
)

// Mapping renames a file's attributes to the import's columns: column → attribute name, e.g.
// {"sector": "sponsorship"}.
type Mapping map[string]string

// ParseMapping reads "column=attribute" pairs (the --map option).
func ParseMapping(pairs []string) (Mapping, error) {
	m := Mapping{}
	for _, p := range pairs {
		col, attr, ok := strings.Cut(p, "=")
		col, attr = strings.TrimSpace(col), strings.TrimSpace(attr)
		if !ok || col == "" || attr == "" {
			return nil, fmt.Errorf("--map %q: give column=attribute, e.g. sector=sponsorship", p)
		}
		m[col] = attr
	}
	return m, nil
}

var unsafeID = regexp.MustCompile(`[^A-Za-z0-9_.:\-]`)

// graphID turns a file's node or edge id into an id the store accepts: characters outside
// letters, digits and `_ . : -` become '_' ("uni 1" → "uni_1"); a leading '_' gets an 'n'.
func graphID(s string) string {
	s = unsafeID.ReplaceAllString(strings.TrimSpace(s), "_")
	if s != "" && !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z' || s[0] >= '0' && s[0] <= '9') {
		s = "n" + s
	}
	return s
}

// graphRows finishes the rows of a read graph (its nodes and edges named as errors name them): attributes renamed to import columns (m), ids
// made safe, names and sectors defaulted, the attribute columns (ga) kept as the rows'
// attributes, then validated as CSV rows are.
func graphRows(nodesName, edgesName string, nodes, edges []map[string]string, nodeLines, edgeLines []int, m Mapping, ga graphAttrs) (domain.Network, Lines, []RowError) {
	actorRows := make([]ActorRecord, len(nodes))
	for i, attrs := range nodes {
		r := &actorRows[i]
		fill(m, r, ActorColumns, attrs)
		r.Line, r.ID = nodeLines[i], graphID(attrs["id"])
		if r.Name == "" {
			r.Name = firstOf(attrs["label"], attrs["Label"], attrs["id"])
		}
		if r.Sector == "" {
			r.Sector = "other" // files without sectors land in "other"; --map names the attribute
		}
		r.Attributes = attributeCells(attrs, ga["node"])
	}
	tieRows := make([]TieRecord, len(edges))
	for i, attrs := range edges {
		r := &tieRows[i]
		fill(m, r, PartnershipColumns, attrs)
		r.Line, r.ID = edgeLines[i], graphID(attrs["id"])
		r.Source, r.Target = graphID(attrs["source"]), graphID(attrs["target"])
		if r.Since == "" {
			r.Since = attrs["start"]
		}
		if r.Until == "" {
			r.Until = attrs["end"]
		}
		r.Attributes = attributeCells(attrs, ga["edge"])
	}
	net, lines, bad := parseRows(nodesName, actorRows, edgesName, tieRows)
	ga.declare(&net)
	return net, lines, bad
}

// attributeCells are an element's values of the attribute columns (text; empty is no value).
func attributeCells(attrs map[string]string, columns map[string]domain.AttributeDefinition) domain.Attributes {
	var out domain.Attributes
	for name := range columns {
		if v := attrs[name]; v != "" {
			if out == nil {
				out = domain.Attributes{}
			}
			out[name] = v
		}
	}
	return out
}

// fill sets rec's columns (but the id and endpoints, which graphRows sets) from a file's
// attributes, each column read from the attribute m names for it, or from the attribute of
// its own name.
func fill[R any, P record[R]](m Mapping, rec P, columns []string, attrs map[string]string) {
	for _, col := range columns {
		if col == "id" || col == "source" || col == "target" {
			continue
		}
		name := col
		if alias, ok := m[col]; ok {
			name = alias
		}
		if v, ok := attrs[name]; ok {
			set(rec, columns, col, v)
		}
	}
}

func firstOf(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
