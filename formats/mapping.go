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

// record renames a file's attributes into import columns.
func (m Mapping) record(attrs map[string]string, columns []string) map[string]string {
	out := map[string]string{}
	for _, col := range columns {
		name := col
		if alias, ok := m[col]; ok {
			name = alias
		}
		if v, ok := attrs[name]; ok {
			out[col] = v
		}
	}
	return out
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

// graphRows finishes the rows of a read graph: ids made safe, names and sectors defaulted,
// then validated as CSV rows are.
func graphRows(name string, nodes, edges []map[string]string, nodeLines, edgeLines []int, m Mapping) (domain.Network, Lines, []RowError) {
	actorRows := make([]row, len(nodes))
	for i, attrs := range nodes {
		r := m.record(attrs, ActorColumnsAll)
		r["id"] = graphID(attrs["id"])
		if r["name"] == "" {
			r["name"] = firstOf(attrs["label"], attrs["Label"], attrs["id"])
		}
		if r["sector"] == "" {
			r["sector"] = "other" // files without sectors land in "other"; --map names the attribute
		}
		actorRows[i] = row{line: nodeLines[i], fields: r}
	}
	tieRows := make([]row, len(edges))
	for i, attrs := range edges {
		r := m.record(attrs, PartnershipColumnsAll)
		r["id"] = graphID(attrs["id"])
		r["source"], r["target"] = graphID(attrs["source"]), graphID(attrs["target"])
		if r["since"] == "" {
			r["since"] = attrs["start"]
		}
		if r["until"] == "" {
			r["until"] = attrs["end"]
		}
		tieRows[i] = row{line: edgeLines[i], fields: r}
	}
	return parseRows(name+" nodes", actorRows, name+" edges", tieRows)
}

func firstOf(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// ActorColumnsAll and PartnershipColumnsAll are the columns a graph file's attributes may fill.
var (
	ActorColumnsAll       = []string{"name", "sector", "kind", "type", "region", "description", "tags"}
	PartnershipColumnsAll = []string{"type", "weight", "directed", "since", "until", "citations", "project"}
)
