package importer

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"

	"stakegraph/domain"
	"stakegraph/export"
)

// Networks from other tools: GraphML and GEXF as NetworkX, igraph and Gephi write them. Node
// and edge attributes become the CSV columns by name (id, name, sector, kind, type, region,
// description, tags; weight, directed, type, since, until, citations, project), after
// Mapping renames; a node's GEXF label, or its id, serves as its name; a GEXF edge's start and
// end serve as since and until; a graph's default edge direction (GraphML edgedefault, GEXF
// defaultedgetype) applies to edges that do not say. Rows are then validated exactly as CSV
// rows are, with the element's position as their line.

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

// ReadGraphML reads a GraphML file (keys by attr.name; edgedefault and each edge's directed
// attribute give directions). An edge with id "<id>~reverse" whose data id is <id> is the way
// back of a mutual partnership in a directed stakegraph export, and is the same partnership.
func ReadGraphML(name string, in io.Reader, m Mapping) (domain.Network, Lines, []RowError) {
	var doc struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			For  string `xml:"for,attr"`
			Name string `xml:"attr.name,attr"`
		} `xml:"key"`
		Graph struct {
			EdgeDefault string `xml:"edgedefault,attr"`
			Nodes       []struct {
				ID   string      `xml:"id,attr"`
				Data []graphData `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				ID       string      `xml:"id,attr"`
				Source   string      `xml:"source,attr"`
				Target   string      `xml:"target,attr"`
				Directed string      `xml:"directed,attr"`
				Data     []graphData `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.NewDecoder(in).Decode(&doc); err != nil {
		return domain.Network{}, Lines{}, []RowError{{name, 1, "not a GraphML file: " + err.Error()}}
	}
	keys := map[string]string{}
	for _, k := range doc.Keys {
		keys[k.ID] = k.Name
	}
	var nodes, edges []map[string]string
	var nodeLines, edgeLines []int
	for i, n := range doc.Graph.Nodes {
		attrs := map[string]string{"id": n.ID}
		for _, d := range n.Data {
			attrs[keys[d.Key]] = strings.TrimSpace(d.Value)
		}
		nodes, nodeLines = append(nodes, attrs), append(nodeLines, i+1)
	}
	for i, e := range doc.Graph.Edges {
		attrs := map[string]string{"source": e.Source, "target": e.Target, "id": firstOf(e.ID, fmt.Sprintf("e%d", i))}
		for _, d := range e.Data {
			attrs[keys[d.Key]] = strings.TrimSpace(d.Value)
		}
		if id := attrs["id"]; id != e.ID && e.ID == id+export.ReverseSuffix {
			continue
		}
		if attrs["directed"] == "" {
			attrs["directed"] = firstOf(e.Directed, fmt.Sprint(doc.Graph.EdgeDefault == "directed"))
		}
		edges, edgeLines = append(edges, attrs), append(edgeLines, i+1)
	}
	return graphRows(name, nodes, edges, nodeLines, edgeLines, m)
}

type graphData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// ReadGEXF reads a GEXF file (attributes by title; a node's label; an edge's weight, type,
// start and end; defaultedgetype for edges without a type).
func ReadGEXF(name string, in io.Reader, m Mapping) (domain.Network, Lines, []RowError) {
	type attvalue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	}
	var doc struct {
		Graph struct {
			DefaultEdgeType string `xml:"defaultedgetype,attr"`
			Attributes      []struct {
				Class string `xml:"class,attr"`
				Attrs []struct {
					ID    string `xml:"id,attr"`
					Title string `xml:"title,attr"`
				} `xml:"attribute"`
			} `xml:"attributes"`
			Nodes []struct {
				ID     string     `xml:"id,attr"`
				Label  string     `xml:"label,attr"`
				Values []attvalue `xml:"attvalues>attvalue"`
			} `xml:"nodes>node"`
			Edges []struct {
				ID     string     `xml:"id,attr"`
				Source string     `xml:"source,attr"`
				Target string     `xml:"target,attr"`
				Weight string     `xml:"weight,attr"`
				Type   string     `xml:"type,attr"`
				Start  string     `xml:"start,attr"`
				End    string     `xml:"end,attr"`
				Label  string     `xml:"label,attr"`
				Values []attvalue `xml:"attvalues>attvalue"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.NewDecoder(in).Decode(&doc); err != nil {
		return domain.Network{}, Lines{}, []RowError{{name, 1, "not a GEXF file: " + err.Error()}}
	}
	titles := map[string]map[string]string{"node": {}, "edge": {}}
	for _, a := range doc.Graph.Attributes {
		if titles[a.Class] == nil {
			continue
		}
		for _, at := range a.Attrs {
			titles[a.Class][at.ID] = at.Title
		}
	}
	var nodes, edges []map[string]string
	var nodeLines, edgeLines []int
	for i, n := range doc.Graph.Nodes {
		attrs := map[string]string{"id": n.ID, "label": n.Label}
		for _, v := range n.Values {
			attrs[titles["node"][v.For]] = v.Value
		}
		nodes, nodeLines = append(nodes, attrs), append(nodeLines, i+1)
	}
	for i, e := range doc.Graph.Edges {
		attrs := map[string]string{"id": firstOf(e.ID, fmt.Sprintf("e%d", i)), "source": e.Source, "target": e.Target,
			"weight": e.Weight, "start": e.Start, "end": e.End}
		for _, v := range e.Values {
			attrs[titles["edge"][v.For]] = v.Value
		}
		if attrs["type"] == "" && e.Label != "" {
			attrs["type"] = e.Label
		}
		if attrs["directed"] == "" {
			attrs["directed"] = fmt.Sprint(firstOf(e.Type, doc.Graph.DefaultEdgeType) == "directed")
		}
		edges, edgeLines = append(edges, attrs), append(edgeLines, i+1)
	}
	return graphRows(name, nodes, edges, nodeLines, edgeLines, m)
}
