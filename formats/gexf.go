package formats

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"stakegraph/domain"
)

// attvalue is a GEXF node's or edge's attribute value.
type attvalue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// ReadGEXF reads a GEXF file (attributes by title; a node's label; an edge's weight, type,
// start and end; defaultedgetype for edges without a type).
func ReadGEXF(name string, in io.Reader, m Mapping) (domain.Network, Lines, []RowError) {
	doc, bad := decodeXML[gexfDoc](in, name, "GEXF")
	if bad != nil {
		return domain.Network{}, Lines{}, bad
	}
	titles := map[string]map[string]string{"node": {}, "edge": {}}
	ga := graphAttrs{"node": {}, "edge": {}}
	ours := doc.Meta.Creator == "stakegraph" // its other attributes are metrics
	for _, a := range doc.Graph.Attributes {
		if titles[a.Class] == nil {
			continue
		}
		t, columns := domain.TargetActor, ActorColumns
		if a.Class == "edge" {
			t, columns = domain.TargetPartnership, PartnershipColumns
		}
		for _, at := range a.Attrs {
			titles[a.Class][at.ID] = at.Title
			if d, ok := attrOfKeyID(at.ID, t); ok {
				d.Name = firstOf(at.Title, d.Name)
				titles[a.Class][at.ID] = d.Name
				ga[a.Class][d.Name] = d
			} else if !ours && !reservedGraphName(at.Title, columns, m) {
				ga[a.Class][at.Title] = domain.AttributeDefinition{Name: at.Title, Target: t, Type: typeOfXML(at.Type)}
			}
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
	return graphRows(name+" nodes", name+" edges", nodes, edges, nodeLines, edgeLines, m, ga)
}

type gexf struct {
	graphml
	edgesOpen bool
}

var gexfNodeAttrs = []string{"sector", "kind", "type", "region", "description", "tags"}

// newGEXF writes GEXF 1.3 (Gephi 0.9+, NetworkX 3.5+): node attributes and metrics, viz
// colour (the sector's), size and, with a layout, position; edges with weight, their
// partnership's fields and its since/until as start/end (a dynamic graph Gephi's timeline
// plays), and with a timeline (Options.Timeline) a metric's values over the step dates as a
// dynamic node attribute, one <attvalue start end> spell per date. A mixed export is a
// directed graph with mutual partnerships as type="mutual".
func newGEXF(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	g := &gexf{graphml: graphml{w: w, metrics: d.Names, deco: d, size: d.sizer(o.Size), mixed: o.Mixed,
		actorAttrs: ofTarget(o.Attributes, domain.TargetActor), tieAttrs: ofTarget(o.Attributes, domain.TargetPartnership)}}
	mode := "undirected"
	if f.Direction == domain.Directed || o.Mixed {
		mode = "directed"
	}
	g.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	g.printf(`<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">` + "\n")
	g.printf(`  <meta><creator>stakegraph</creator></meta>` + "\n")
	g.printf(`  <graph defaultedgetype="%s" mode="dynamic" timeformat="date">`+"\n", mode)
	g.printf(`    <attributes class="node" mode="static">` + "\n")
	for i, k := range gexfNodeAttrs {
		g.printf(`      <attribute id="%d" title="%s" type="string"/>`+"\n", i, k)
	}
	for i, m := range d.Names {
		g.printf(`      <attribute id="%d" title="%s" type="double"/>`+"\n", len(gexfNodeAttrs)+i, m)
	}
	g.attributeDecls(g.actorAttrs)
	g.printf("    </attributes>\n")
	if t := d.Timeline; t != nil {
		g.printf(`    <attributes class="node" mode="dynamic">` + "\n")
		g.printf(`      <attribute id="%s" title="%s" type="double"/>`+"\n", gexfTimelineID, esc(t.Name))
		g.printf("    </attributes>\n")
	}
	g.printf(`    <attributes class="edge" mode="static">` + "\n")
	for i, k := range []string{"type", "since", "until", "citations", "project", "directed"} {
		typ := "string"
		if k == "directed" {
			typ = "boolean"
		}
		g.printf(`      <attribute id="%d" title="%s" type="%s"/>`+"\n", i, k, typ)
	}
	g.attributeDecls(g.tieAttrs)
	g.printf("    </attributes>\n    <nodes>\n")
	return g
}

// attributeDecls declares the attributes' GEXF attributes.
func (g *gexf) attributeDecls(defs []domain.AttributeDefinition) {
	for _, d := range defs {
		g.printf(`      <attribute id="%s" title="%s" type="%s"/>`+"\n", esc(attrKeyID(d)), esc(d.Name), xmlType(d))
	}
}

// attributeValues writes an element's attribute values.
func (g *gexf) attributeValues(defs []domain.AttributeDefinition, values domain.Attributes) {
	for _, d := range defs {
		if v, ok := values[d.Name]; ok && v != nil {
			g.printf(`<attvalue for="%s" value="%s"/>`, esc(attrKeyID(d)), esc(domain.FormatAttribute(v)))
		}
	}
}

func (g *gexf) actor(a *domain.Actor, metrics map[string]float64) error {
	g.printf(`      <node id="%s" label="%s"><attvalues>`, esc(a.ID), esc(a.Name))
	for i, v := range []string{a.Sector, string(a.Kind), a.Type, a.Region, a.Description, strings.Join(a.Tags, ";")} {
		if v != "" {
			g.printf(`<attvalue for="%d" value="%s"/>`, i, esc(v))
		}
	}
	for i, m := range g.metrics {
		if x, ok := finite(metrics[m]); ok {
			g.printf(`<attvalue for="%d" value="%s"/>`, len(gexfNodeAttrs)+i, num(x))
		}
	}
	g.attributeValues(g.actorAttrs, a.Attributes)
	g.timelineValues(a.ID)
	g.printf("</attvalues>")
	if _, r, gg, b, ok := g.deco.color(a.Sector); ok {
		g.printf(`<viz:color r="%d" g="%d" b="%d"/>`, r, gg, b)
	}
	g.printf(`<viz:size value="%s"/>`, num(g.size(a.ID)))
	if x, y, ok := g.deco.position(a.ID); ok {
		g.printf(`<viz:position x="%s" y="%s" z="0"/>`, num(x), num(y))
	}
	g.printf("</node>\n")
	return g.err
}

// gexfTimelineID is the dynamic timeline attribute's id (the static ones are numbers and
// attribute keys).
const gexfTimelineID = "timeline"

// timelineValues writes an actor's timeline as spells: the score on step date i holds from that
// date to the day before the next (GEXF spells are closed intervals), the last on its date
// alone. Undefined scores are left out.
func (g *gexf) timelineValues(id string) {
	t := g.deco.Timeline
	if t == nil {
		return
	}
	for i, x := range t.Values[id] {
		x, ok := finite(x)
		if !ok {
			continue
		}
		end := t.Dates[i]
		if i+1 < len(t.Dates) {
			end = t.Dates[i+1].AddDate(0, 0, -1)
		}
		g.printf(`<attvalue for="%s" value="%s" start="%s" end="%s"/>`, gexfTimelineID, num(x), dateString(&t.Dates[i]), dateString(&end))
	}
}

func (g *gexf) tie(p *domain.Partnership) error {
	if !g.edgesOpen {
		g.printf("    </nodes>\n    <edges>\n")
		g.edgesOpen = true
	}
	g.printf(`      <edge id="%s" source="%s" target="%s" weight="%s"`, esc(p.ID), esc(p.Source), esc(p.Target), num(p.Weight))
	if g.mixed {
		if p.Directed {
			g.printf(` type="directed"`)
		} else {
			g.printf(` type="mutual"`)
		}
	}
	if p.Since != nil {
		g.printf(` start="%s"`, dateString(p.Since))
	}
	if p.Until != nil {
		g.printf(` end="%s"`, dateString(p.Until))
	}
	g.printf("><attvalues>")
	for i, v := range []string{p.Type, dateString(p.Since), dateString(p.Until), strings.Join(p.Citations, " "), p.ProjectID, strconv.FormatBool(p.Directed)} {
		if v != "" {
			g.printf(`<attvalue for="%d" value="%s"/>`, i, esc(v))
		}
	}
	g.attributeValues(g.tieAttrs, p.Attributes)
	g.printf("</attvalues></edge>\n")
	return g.err
}

func (g *gexf) close() error {
	if !g.edgesOpen {
		g.printf("    </nodes>\n    <edges>\n")
	}
	g.printf("    </edges>\n  </graph>\n</gexf>\n")
	return g.err
}

// ---- JSON (Cytoscape.js, graphology, Kumu) ---------------------------------------------------

// gexfDoc is the part of a GEXF file the reader uses.
type gexfDoc struct {
	Meta struct {
		Creator string `xml:"creator"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Attributes      []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
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
