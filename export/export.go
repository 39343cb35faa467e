// Package export writes slices of the network in the formats researchers' and frontends' tools
// read — GraphML (NetworkX, igraph, yEd), GEXF 1.3 (Gephi, NetworkX), Cytoscape.js JSON,
// graphology (sigma.js) JSON, a Kumu blueprint and CSV — streaming from the store (Stream);
// package httpapi serves them at GET /export/<file>.
//
// Direction. Without a `direction` parameter a file keeps each partnership's own direction in
// its format's way: GEXF edges are type="directed" or type="mutual" in a directed graph;
// graphology JSON is a mixed graph with `undirected` per edge; Cytoscape JSON carries
// data.directed per edge in a graph marked directed; Kumu connections are "directed" or
// "undirected". GraphML has no reader that keeps mixed graphs (NetworkX rejects the spec's
// per-edge directed="false", igraph ignores it), so GraphML is a directed graph with a mutual
// partnership as an arc each way, both marked directed=false. direction=DIRECTED writes the
// DIRECTED view (a mutual partnership is two arcs everywhere, as the analytics count it);
// direction=UNDIRECTED the undirected view.
//
// Renderers. Nodes carry their sector's colour and a size from a metric (`size=degree` or
// `pageRank`); with `layout=FORCE_ATLAS2|CIRCULAR|BY_GROUP` (`seed`, `iterations`) they carry
// positions too (GEXF viz, graphology x/y, Cytoscape position, Kumu x/y). graphology JSON
// without a layout gets deterministic positions on a sunflower spiral so sigma.js can draw it.
// GEXF is dynamic: each partnership's since/until are its edge's start/end.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"stakegraph/analytics"
	"stakegraph/domain"
)

// Source streams a network slice (the Neo4j store implements it).
type Source interface {
	StreamNetwork(ctx context.Context, f domain.NetworkFilter, actor func(*domain.Actor) error, tie func(*domain.Partnership) error) error
}

// Decoration is what an export adds to the slice for renderers, computed once before
// streaming: metric values per actor (node attributes, in Names order), sector colours, and
// positions when a layout was asked for.
type Decoration struct {
	Metrics   map[string]map[string]float64 // actor id → metric name → value
	Names     []string                      // the metrics, in attribute order
	Colors    map[string]string             // sector code → "#rrggbb"
	Positions map[string][2]float64         // actor id → x, y; nil without a layout
}

// Decorate computes an export's decoration for a slice (nil Decorate: none). layout is nil
// when no layout was asked for.
type Decorate func(ctx context.Context, f domain.NetworkFilter, layout *analytics.LayoutOptions) (*Decoration, error)

// Options are an export's choices besides the filter.
type Options struct {
	// Mixed: no direction was asked for, so each partnership keeps its own direction.
	Mixed bool
	// Layout asks for node positions (nil: none).
	Layout *analytics.LayoutOptions
	// Size names the metric node sizes follow ("degree" unless given).
	Size string
}

// Format is one export format.
type Format struct {
	File        string // the path after /export/
	ContentType string
	newWriter   func(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer
}

// writer receives the slice: actors first, then partnerships, then close.
type writer interface {
	actor(a *domain.Actor, metrics map[string]float64) error
	tie(p *domain.Partnership) error
	close() error
}

// ReverseSuffix ends the id of the arc a DIRECTED export adds for the way back of a mutual
// partnership (the arc there keeps the partnership's id).
const ReverseSuffix = "~reverse"

// FileName is the name a download is saved under, with an extension tools recognise:
// stakegraph.graphml, stakegraph.gexf, stakegraph.cytoscape.json, stakegraph.graphology.json,
// stakegraph.kumu.json, stakegraph-actors.csv, stakegraph-partnerships.csv.
func (f Format) FileName() string {
	if strings.HasSuffix(f.File, ".csv") {
		return "stakegraph-" + f.File
	}
	return "stakegraph." + f.File
}

// Formats lists the supported exports.
var Formats = []Format{
	{"graphml", "application/graphml+xml", newGraphML},
	{"gexf", "application/gexf+xml", newGEXF},
	{"cytoscape.json", "application/json", newCytoscape},
	{"graphology.json", "application/json", newGraphology},
	{"kumu.json", "application/json", newKumu},
	{"actors.csv", "text/csv; charset=utf-8", newActorsCSV},
	{"partnerships.csv", "text/csv; charset=utf-8", newPartnershipsCSV},
}

// finite makes NaN and ±Inf, which the formats cannot carry, absent (0 with ok false).
func finite(x float64) (float64, bool) { return x, !math.IsNaN(x) && !math.IsInf(x, 0) }

// ---- decoration helpers -----------------------------------------------------------------------

// color returns a sector's colour as "#rrggbb" and its components; ok is false without one.
func (d *Decoration) color(sector string) (hex string, r, g, b int, ok bool) {
	hex = d.Colors[sector]
	if len(hex) != 7 || hex[0] != '#' {
		return "", 0, 0, 0, false
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return "", 0, 0, 0, false
	}
	return hex, int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff), true
}

// sizer maps the size metric to node sizes 1..20 (by the square root of value/maximum, so
// areas follow the metric); without the metric every node has size 5.
func (d *Decoration) sizer(metric string) func(id string) float64 {
	top := 0.0
	for _, m := range d.Metrics {
		if x, ok := finite(m[metric]); ok && x > top {
			top = x
		}
	}
	return func(id string) float64 {
		x, ok := finite(d.Metrics[id][metric])
		if !ok || top <= 0 {
			return 5
		}
		return 1 + 19*math.Sqrt(math.Max(x, 0)/top)
	}
}

// position returns an actor's laid-out position.
func (d *Decoration) position(id string) (x, y float64, ok bool) {
	p, ok := d.Positions[id]
	return p[0], p[1], ok
}

// spiral places the i-th node on a sunflower (Vogel) spiral: deterministic, evenly filled,
// and independent of the node count, so a streamed file needs no layout pass.
func spiral(i int) (x, y float64) {
	const golden = 2.399963229728653 // π(3 − √5)
	r := 10 * math.Sqrt(float64(i)+0.5)
	return r * math.Cos(float64(i)*golden), r * math.Sin(float64(i)*golden)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// ---- GraphML -------------------------------------------------------------------------------

type graphml struct {
	w       io.Writer
	metrics []string
	deco    *Decoration
	size    func(string) float64
	mixed   bool
	err     error
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
	g := &graphml{w: w, metrics: d.Names, deco: d, size: d.sizer(o.Size), mixed: o.Mixed}
	g.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	g.printf(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">` + "\n")
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
	g.printf(`<data key="e_weight">%s</data><data key="e_directed">%v</data></edge>`+"\n", num(p.Weight), p.Directed)
}

func (g *graphml) close() error {
	g.printf("  </graph>\n</graphml>\n")
	return g.err
}

// ---- GEXF ----------------------------------------------------------------------------------

type gexf struct {
	graphml
	edgesOpen bool
}

var gexfNodeAttrs = []string{"sector", "kind", "type", "region", "description", "tags"}

// newGEXF writes GEXF 1.3 (Gephi 0.9+, NetworkX 3.5+): node attributes and metrics, viz
// colour (the sector's), size and, with a layout, position; edges with weight, their
// partnership's fields and its since/until as start/end (a dynamic graph Gephi's timeline
// plays). A mixed export is a directed graph with mutual partnerships as type="mutual".
func newGEXF(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	g := &gexf{graphml: graphml{w: w, metrics: d.Names, deco: d, size: d.sizer(o.Size), mixed: o.Mixed}}
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
	g.printf("    </attributes>\n")
	g.printf(`    <attributes class="edge" mode="static">` + "\n")
	for i, k := range []string{"type", "since", "until", "citations", "project", "directed"} {
		typ := "string"
		if k == "directed" {
			typ = "boolean"
		}
		g.printf(`      <attribute id="%d" title="%s" type="%s"/>`+"\n", i, k, typ)
	}
	g.printf("    </attributes>\n    <nodes>\n")
	return g
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

type jsonKind int

const (
	cytoscapeJSON jsonKind = iota
	graphologyJSON
	kumuJSON
)

type jsonGraph struct {
	w        io.Writer
	enc      *json.Encoder
	err      error
	kind     jsonKind
	deco     *Decoration
	size     func(string) float64
	nodes    int
	edges    int
	inEdges  bool
	edgeOpen string
	closeAll string
	// undirected: every edge of the file is undirected (the UNDIRECTED view).
	undirected bool
}

// newCytoscape writes Cytoscape.js elements JSON, with the graph-level fields NetworkX's
// cytoscape_graph reads (data, directed, multigraph), each node's id also as "value", its
// sector colour and size in data, and its position when a layout was asked for. data.directed
// tells each edge's direction (style arrows with edge[?directed]).
func newCytoscape(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	open := fmt.Sprintf(`{"data":{"name":"stakegraph"},"directed":%v,"multigraph":true,"elements":{"nodes":[`, f.Direction == domain.Directed || o.Mixed)
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), kind: cytoscapeJSON, deco: d, size: d.sizer(o.Size), edgeOpen: `],"edges":[`, closeAll: "]}}\n"}
	j.write(open)
	return j
}

// newGraphology writes graphology's serialised graph (Graph.from / graph.import), the format
// sigma.js draws: nodes with label, x, y, size and color; a mixed graph with `undirected` per
// edge, or a directed or undirected one for the DIRECTED and UNDIRECTED views.
func newGraphology(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	typ := "mixed"
	switch {
	case f.Direction == domain.Directed:
		typ = "directed"
	case !o.Mixed:
		typ = "undirected"
	}
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), kind: graphologyJSON, deco: d, size: d.sizer(o.Size),
		edgeOpen: `],"edges":[`, closeAll: "]}\n", undirected: typ == "undirected"}
	j.write(`{"attributes":{"name":"stakegraph"},"options":{"type":"` + typ + `","multi":true,"allowSelfLoops":false},"nodes":[`)
	return j
}

// newKumu writes a Kumu blueprint (JSON import): elements with id, label, type (organization
// or person), actor type, sector, region, description, tags, colour, size and position;
// connections from/to element ids with direction ("directed" or "undirected"), type,
// strength (the weight) and start/end dates.
func newKumu(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), kind: kumuJSON, deco: d, size: d.sizer(o.Size),
		edgeOpen: `],"connections":[`, closeAll: "]}\n", undirected: !o.Mixed && f.Direction != domain.Directed}
	j.write(`{"elements":[`)
	return j
}

func (j *jsonGraph) write(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

func (j *jsonGraph) item(first bool, v any) {
	if !first {
		j.write(",")
	}
	if j.err == nil {
		j.err = j.enc.Encode(v)
	}
}

func actorAttributes(a *domain.Actor, metrics map[string]float64) map[string]any {
	m := map[string]any{"label": a.Name, "name": a.Name, "sector": a.Sector, "kind": a.Kind, "type": a.Type,
		"region": a.Region, "description": a.Description, "tags": a.Tags}
	for k, v := range metrics {
		if x, ok := finite(v); ok {
			m[k] = x
		}
	}
	return m
}

func tieAttributes(p *domain.Partnership) map[string]any {
	return map[string]any{"type": p.Type, "weight": p.Weight, "directed": p.Directed, "since": dateString(p.Since),
		"until": dateString(p.Until), "citations": p.Citations, "project": p.ProjectID}
}

func (j *jsonGraph) actor(a *domain.Actor, metrics map[string]float64) error {
	hex, _, _, _, hasColor := j.deco.color(a.Sector)
	x, y, placed := j.deco.position(a.ID)
	switch j.kind {
	case cytoscapeJSON:
		attrs := actorAttributes(a, metrics)
		attrs["id"], attrs["value"], attrs["size"] = a.ID, a.ID, j.size(a.ID)
		if hasColor {
			attrs["color"] = hex
		}
		el := map[string]any{"data": attrs}
		if placed {
			el["position"] = map[string]float64{"x": x, "y": y}
		}
		j.item(j.nodes == 0, el)
	case graphologyJSON:
		attrs := actorAttributes(a, metrics)
		if !placed {
			x, y = spiral(j.nodes)
		}
		attrs["x"], attrs["y"], attrs["size"] = x, y, j.size(a.ID)
		if hasColor {
			attrs["color"] = hex
		}
		j.item(j.nodes == 0, map[string]any{"key": a.ID, "attributes": attrs})
	case kumuJSON:
		kind := "Organization"
		if a.Kind == domain.KindPerson {
			kind = "Person"
		}
		el := map[string]any{"id": a.ID, "label": a.Name, "type": kind, "actor type": a.Type, "sector": a.Sector,
			"region": a.Region, "description": a.Description, "tags": a.Tags, "size": j.size(a.ID)}
		if a.Tags == nil {
			el["tags"] = []string{}
		}
		if hasColor {
			el["color"] = hex
		}
		if placed {
			el["x"], el["y"] = x, y
		}
		for k, v := range metrics {
			if v, ok := finite(v); ok {
				el[k] = v
			}
		}
		j.item(j.nodes == 0, el)
	}
	j.nodes++
	return j.err
}

func (j *jsonGraph) tie(p *domain.Partnership) error {
	if !j.inEdges {
		j.write(j.edgeOpen)
		j.inEdges = true
	}
	switch j.kind {
	case cytoscapeJSON:
		attrs := tieAttributes(p)
		attrs["id"], attrs["key"], attrs["source"], attrs["target"] = p.ID, p.ID, p.Source, p.Target
		j.item(j.edges == 0, map[string]any{"data": attrs})
	case graphologyJSON:
		j.item(j.edges == 0, map[string]any{"key": p.ID, "source": p.Source, "target": p.Target,
			"undirected": j.undirected || !p.Directed, "attributes": tieAttributes(p)})
	case kumuJSON:
		direction := "directed"
		if j.undirected || !p.Directed {
			direction = "undirected"
		}
		c := map[string]any{"id": p.ID, "from": p.Source, "to": p.Target, "direction": direction, "type": p.Type,
			"strength": p.Weight}
		if p.Since != nil {
			c["start date"] = dateString(p.Since)
		}
		if p.Until != nil {
			c["end date"] = dateString(p.Until)
		}
		if p.ProjectID != "" {
			c["project"] = p.ProjectID
		}
		j.item(j.edges == 0, c)
	}
	j.edges++
	return j.err
}

func (j *jsonGraph) close() error {
	if !j.inEdges {
		j.write(j.edgeOpen)
	}
	j.write(j.closeAll)
	return j.err
}

// ---- CSV -----------------------------------------------------------------------------------

// ActorColumns and PartnershipColumns are the CSV headers; imports read the same columns.
var (
	ActorColumns       = []string{"id", "name", "sector", "kind", "type", "region", "description", "tags"}
	PartnershipColumns = []string{"id", "source", "target", "type", "weight", "directed", "since", "until", "citations", "project"}
)

type csvWriter struct {
	w      *csv.Writer
	actors bool
}

func newActorsCSV(w io.Writer, _ domain.NetworkFilter, _ Options, _ *Decoration) writer {
	c := &csvWriter{w: csv.NewWriter(w), actors: true}
	_ = c.w.Write(ActorColumns)
	return c
}

func newPartnershipsCSV(w io.Writer, _ domain.NetworkFilter, _ Options, _ *Decoration) writer {
	c := &csvWriter{w: csv.NewWriter(w)}
	_ = c.w.Write(PartnershipColumns)
	return c
}

func (c *csvWriter) actor(a *domain.Actor, _ map[string]float64) error {
	if !c.actors {
		return nil
	}
	return c.write([]string{a.ID, a.Name, a.Sector, string(a.Kind), a.Type, a.Region, a.Description, strings.Join(a.Tags, ";")})
}

func (c *csvWriter) tie(p *domain.Partnership) error {
	if c.actors {
		return nil
	}
	return c.write([]string{p.ID, p.Source, p.Target, p.Type, strconv.FormatFloat(p.Weight, 'g', -1, 64), strconv.FormatBool(p.Directed),
		dateString(p.Since), dateString(p.Until), strings.Join(p.Citations, " | "), p.ProjectID})
}

// write writes a row with every cell neutralised against formula injection.
func (c *csvWriter) write(cells []string) error {
	for i, s := range cells {
		cells[i] = QuoteCell(s)
	}
	return c.w.Write(cells)
}

func (c *csvWriter) close() error {
	c.w.Flush()
	return c.w.Error()
}

// AnalyticsDecoration decorates exports from the analytics service, all at one graph version:
// normalised degree and PageRank on the exported slice (computed or read from the cache) as
// node attributes, sector colours, and positions when a layout is asked for (the slice must
// then have at most analytics.MaxLayoutNodes actors).
func AnalyticsDecoration(svc *analytics.Service) Decorate {
	return func(ctx context.Context, f domain.NetworkFilter, layout *analytics.LayoutOptions) (*Decoration, error) {
		ctx = analytics.WithOperation(ctx)
		if layout != nil { // the layout's size first, before anything is computed
			sn, err := svc.Snapshot(ctx, f)
			if err != nil {
				return nil, err
			}
			if n := sn.ActorCount(); n > analytics.MaxLayoutNodes {
				return nil, domain.FieldErrorf("layout", domain.EINVALID,
					"the slice has %d actors; layouts are computed for at most %d: narrow the filter or export without layout", n, analytics.MaxLayoutNodes)
			}
		}
		d := &Decoration{Names: []string{"degree", "pageRank"}, Metrics: map[string]map[string]float64{}}
		for i, m := range []analytics.Metric{domain.Degree, domain.PageRank} {
			res, err := svc.Compute(ctx, f, m, analytics.Options{Normalized: true})
			if err != nil {
				return nil, err
			}
			res.Each(func(id string, score float64) {
				if d.Metrics[id] == nil {
					d.Metrics[id] = map[string]float64{}
				}
				d.Metrics[id][d.Names[i]] = score
			})
		}
		var err error
		if d.Colors, err = svc.SectorColors(ctx); err != nil {
			return nil, err
		}
		if layout == nil {
			return d, nil
		}
		r, err := svc.Subgraph(ctx, f, analytics.MaxLayoutNodes, domain.Degree, layout)
		if err != nil {
			return nil, err
		}
		if r.Truncated {
			return nil, domain.FieldErrorf("layout", domain.EINVALID,
				"the slice has %d actors; layouts are computed for at most %d: narrow the filter or export without layout", r.Total, analytics.MaxLayoutNodes)
		}
		d.Positions = make(map[string][2]float64, len(r.Nodes))
		for _, n := range r.Nodes {
			if n.X != nil && n.Y != nil {
				d.Positions[n.ActorID] = [2]float64{*n.X, *n.Y}
			}
		}
		return d, nil
	}
}

// Stream writes the slice filter selects from src in format f to w: actors first, then
// partnerships, decorated by deco. With direction=DIRECTED a mutual partnership is an arc each
// way (as the analytics count it; the CSV files keep one row per partnership). It returns how
// many bytes reached w, so a caller knows whether an error can still be answered instead of a
// file.
func Stream(ctx context.Context, w io.Writer, f Format, src Source, filter domain.NetworkFilter, opts Options, deco *Decoration) (sent int64, err error) {
	counted := &countingWriter{w: w}
	buf := bufio.NewWriterSize(counted, 256<<10)
	out := f.newWriter(buf, filter, opts, deco)
	values := deco.Metrics
	tie := out.tie
	if filter.Direction == domain.Directed && !strings.HasSuffix(f.File, ".csv") {
		tie = func(p *domain.Partnership) error {
			if p.Directed {
				return out.tie(p)
			}
			there, back := *p, *p
			there.Directed, back.Directed = true, true
			back.ID, back.Source, back.Target = p.ID+ReverseSuffix, p.Target, p.Source
			if err := out.tie(&there); err != nil {
				return err
			}
			return out.tie(&back)
		}
	}
	err = src.StreamNetwork(ctx, filter, func(a *domain.Actor) error { return out.actor(a, values[a.ID]) }, tie)
	if err == nil {
		err = out.close()
	}
	if err == nil {
		err = buf.Flush()
	}
	return counted.n, err
}

// countingWriter counts the bytes passed on to the client.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}
