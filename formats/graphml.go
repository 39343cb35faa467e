package formats

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"stakegraph/domain"
)

// graphData is a GraphML node's or edge's data value.
type graphData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// ReadGraphML reads a GraphML file (keys by attr.name; edgedefault and each edge's directed
// attribute give directions). An edge with id "<id>~reverse" whose data id is <id> is the way
// back of a mutual partnership in a directed stakegraph export, and is the same partnership.
func ReadGraphML(name string, in io.Reader, m Mapping) (domain.Network, Lines, []RowError) {
	doc, bad := decodeXML[graphMLDoc](in, name, "GraphML")
	if bad != nil {
		return domain.Network{}, Lines{}, bad
	}
	keys := map[string]string{}
	ga := graphAttrs{"node": {}, "edge": {}}
	ours := doc.Graph.ID == "stakegraph" // its other keys are renderings and metrics
	for _, k := range doc.Keys {
		keys[k.ID] = k.Name
		for _, class := range []string{"node", "edge"} {
			if k.For != class && !(k.For == "all" && !ours) {
				continue
			}
			t, columns := domain.TargetActor, ActorColumns
			if class == "edge" {
				t, columns = domain.TargetPartnership, PartnershipColumns
			}
			if d, ok := attrOfKeyID(k.ID, t); ok {
				d.Name = firstOf(k.Name, d.Name)
				keys[k.ID] = d.Name
				ga[class][d.Name] = d
			} else if !ours && !reservedGraphName(k.Name, columns, m) {
				ga[class][k.Name] = domain.AttributeDefinition{Name: k.Name, Target: t, Type: typeOfXML(k.Type)}
			}
		}
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
		if id := attrs["id"]; id != e.ID && e.ID == id+ReverseSuffix {
			continue
		}
		if attrs["directed"] == "" {
			attrs["directed"] = firstOf(e.Directed, fmt.Sprint(doc.Graph.EdgeDefault == "directed"))
		}
		edges, edgeLines = append(edges, attrs), append(edgeLines, i+1)
	}
	return graphRows(name+" nodes", name+" edges", nodes, edges, nodeLines, edgeLines, m, ga)
}

type graphml struct {
	w                    io.Writer
	metrics              []string
	deco                 *Decoration
	size                 func(string) float64
	mixed                bool
	err                  error
	actorAttrs, tieAttrs []domain.AttributeDefinition
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// newGraphML writes GraphML. Node data: the actor's fields, its metrics, the sector colour,
// a size and, with a layout, x and y. A mixed export is a directed graph in which a mutual
// partnership is an arc each way (the second with id "<id>~reverse"), both directed=false.
func newGraphML(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	g := &graphml{w: w, metrics: d.Names, deco: d, size: d.sizer(o.Size), mixed: o.Mixed,
		actorAttrs: ofTarget(o.Attributes, domain.TargetActor), tieAttrs: ofTarget(o.Attributes, domain.TargetPartnership)}
	g.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	g.printf(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">` + "\n")
	for _, a := range []struct {
		defs []domain.AttributeDefinition
		kind string
	}{{g.actorAttrs, "node"}, {g.tieAttrs, "edge"}} {
		for _, d := range a.defs {
			g.printf(`  <key id="%s" for="%s" attr.name="%s" attr.type="%s"/>`+"\n", esc(attrKeyID(d)), a.kind, esc(d.Name), xmlType(d))
		}
	}
	for _, k := range []string{"name", "sector", "kind", "type", "region", "description", "tags", "color"} {
		g.printf(`  <key id="%s" for="node" attr.name="%s" attr.type="string"/>`+"\n", k, k)
	}
	g.printf(`  <key id="size" for="node" attr.name="size" attr.type="double"/>` + "\n")
	if d.Positions != nil {
		g.printf(`  <key id="x" for="node" attr.name="x" attr.type="double"/>` + "\n")
		g.printf(`  <key id="y" for="node" attr.name="y" attr.type="double"/>` + "\n")
	}
	for _, m := range d.Names {
		g.printf(`  <key id="%s" for="node" attr.name="%s" attr.type="double"/>`+"\n", m, m)
	}
	for _, k := range []string{"id", "type", "since", "until", "citations", "project"} {
		g.printf(`  <key id="e_%s" for="edge" attr.name="%s" attr.type="string"/>`+"\n", k, k)
	}
	g.printf(`  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>` + "\n")
	g.printf(`  <key id="e_directed" for="edge" attr.name="directed" attr.type="boolean"/>` + "\n")
	edgedefault := "undirected"
	if f.Direction == domain.Directed || o.Mixed {
		edgedefault = "directed"
	}
	g.printf(`  <graph id="stakegraph" edgedefault="%s">`+"\n", edgedefault)
	return g
}

func (g *graphml) printf(format string, args ...any) {
	if g.err == nil {
		_, g.err = fmt.Fprintf(g.w, format, args...)
	}
}

func (g *graphml) actor(a *domain.Actor, metrics map[string]float64) error {
	g.printf(`    <node id="%s">`, esc(a.ID))
	hex, _, _, _, _ := g.deco.color(a.Sector)
	for _, kv := range [][2]string{{"name", a.Name}, {"sector", a.Sector}, {"kind", string(a.Kind)}, {"type", a.Type},
		{"region", a.Region}, {"description", a.Description}, {"tags", strings.Join(a.Tags, ";")}, {"color", hex}} {
		if kv[1] != "" {
			g.printf(`<data key="%s">%s</data>`, kv[0], esc(kv[1]))
		}
	}
	g.printf(`<data key="size">%s</data>`, num(g.size(a.ID)))
	if x, y, ok := g.deco.position(a.ID); ok {
		g.printf(`<data key="x">%s</data><data key="y">%s</data>`, num(x), num(y))
	}
	for _, m := range g.metrics {
		if x, ok := finite(metrics[m]); ok {
			g.printf(`<data key="%s">%s</data>`, m, num(x))
		}
	}
	g.attributes(g.actorAttrs, a.Attributes)
	g.printf("</node>\n")
	return g.err
}

func (g *graphml) tie(p *domain.Partnership) error {
	g.edge(p.ID, p.Source, p.Target, p)
	if g.mixed && !p.Directed {
		g.edge(p.ID+ReverseSuffix, p.Target, p.Source, p)
	}
	return g.err
}

func (g *graphml) edge(id, source, target string, p *domain.Partnership) {
	g.printf(`    <edge id="%s" source="%s" target="%s">`, esc(id), esc(source), esc(target))
	for _, kv := range [][2]string{{"id", p.ID}, {"type", p.Type}, {"since", dateString(p.Since)}, {"until", dateString(p.Until)},
		{"citations", strings.Join(p.Citations, " ")}, {"project", p.ProjectID}} {
		if kv[1] != "" {
			g.printf(`<data key="e_%s">%s</data>`, kv[0], esc(kv[1]))
		}
	}
	g.printf(`<data key="e_weight">%s</data><data key="e_directed">%v</data>`, num(p.Weight), p.Directed)
	g.attributes(g.tieAttrs, p.Attributes)
	g.printf("</edge>\n")
}

// attributes writes an element's attribute values as data of their keys.
func (g *graphml) attributes(defs []domain.AttributeDefinition, values domain.Attributes) {
	for _, d := range defs {
		if v, ok := values[d.Name]; ok && v != nil {
			g.printf(`<data key="%s">%s</data>`, esc(attrKeyID(d)), esc(domain.FormatAttribute(v)))
		}
	}
}

func (g *graphml) close() error {
	g.printf("  </graph>\n</graphml>\n")
	return g.err
}

// ---- GEXF ----------------------------------------------------------------------------------

// decodeXML reads a whole XML document of the given format; a file that is not one is a row
// error at line 1 of name.
func decodeXML[T any](in io.Reader, name, format string) (*T, []RowError) {
	doc := new(T)
	if err := xml.NewDecoder(in).Decode(doc); err != nil {
		return nil, []RowError{{name, 1, "not a " + format + " file: " + err.Error()}}
	}
	return doc, nil
}

// graphMLDoc is the part of a GraphML file the reader uses.
type graphMLDoc struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		ID          string `xml:"id,attr"`
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
