// Package formats is the one place for interchange formats: it writes slices of the network in
// the formats researchers' and frontends' tools read — GraphML (NetworkX, igraph, yEd), GEXF
// 1.3 (Gephi, NetworkX), Cytoscape.js JSON, graphology (sigma.js) JSON, a Kumu blueprint, CSV
// and .xlsx spreadsheets (ours and Kumu's layout) — streaming from the store (Stream), and
// reads the ones a network is imported from (the CSV pair, JSON rows, GraphML, GEXF and .xlsx) into a network with the line of every row (its
// readers validate each row on its own; package importer checks references and writes). One
// file per format, with its reader and writer; the CSV columns and cell quoting are shared by
// the CSV reader and writer. Package httpapi serves the files at GET /export/<file>.
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
package formats

import (
	"bufio"
	"context"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/network"
)

// Source streams a network slice (the Neo4j store implements it).
type Source interface {
	StreamNetwork(ctx context.Context, f domain.NetworkFilter, actor func(*domain.Actor) error, tie func(*domain.Partnership) error) error
}

// AttributeSource is a Source that has attribute definitions: Stream writes every attribute
// with its type.
type AttributeSource interface {
	AttributeDefinitions(ctx context.Context) ([]domain.AttributeDefinition, error)
}

// Decoration is what an export adds to the slice for renderers, computed once before
// streaming: metric values per actor (node attributes, in Names order), sector colours, and
// positions when a layout was asked for.
type Decoration struct {
	Metrics   map[string]map[string]float64 // actor id → metric name → value
	Names     []string                      // the metrics, in attribute order
	Colors    map[string]string             // sector code → "#rrggbb"
	Positions map[string][2]float64         // actor id → x, y; nil without a layout
	// Timeline is a metric's values over step dates, for the formats with dynamic attributes
	// (GEXF); nil without a timeline.
	Timeline *TimelineValues
	// Release gives back the memory the decoration was admitted with, once the file is
	// written (nil: nothing to give back).
	Release func()
}

// Timeline asks for a metric's values on each of the step dates as a dynamic node attribute:
// the network's slice on each date as asOf defines it (Options.Timeline).
type Timeline struct {
	Metric domain.Metric
	Dates  []time.Time
}

// TimelineValues are a timeline's values: Values[actor id][i] is the actor's score on Dates[i]
// (NaN where undefined). Name is the attribute's title.
type TimelineValues struct {
	Name   string
	Dates  []time.Time
	Values map[string][]float64
}

// Decorate computes an export's decoration for a slice (nil Decorate: none): the metrics, the
// colours, and what o asks for besides (a layout, a timeline).
type Decorate func(ctx context.Context, f domain.NetworkFilter, o Options) (*Decoration, error)

// Options are an export's choices besides the filter.
type Options struct {
	// Mixed: no direction was asked for, so each partnership keeps its own direction.
	Mixed bool
	// Layout asks for node positions (nil: none).
	Layout *analytics.LayoutOptions
	// Size names the metric node sizes follow ("degree" unless given).
	Size string
	// Attributes are the definitions whose values the file carries (Stream reads them from an
	// AttributeSource).
	Attributes []domain.AttributeDefinition
	// Timeline asks GEXF for a metric's values over step dates as a dynamic node attribute
	// (nil: none).
	Timeline *Timeline
	// WriterBytes is the memory the format's writer holds whatever the slice's size (its
	// buffers), reserved with the decoration (Format.WriterBytes).
	WriterBytes int64
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
// stakegraph.kumu.json, stakegraph-actors.csv, stakegraph-partnerships.csv, stakegraph.xlsx,
// stakegraph.kumu.xlsx.
func (f Format) FileName() string {
	if strings.HasSuffix(f.File, ".csv") {
		return "stakegraph-" + f.File
	}
	return "stakegraph." + f.File
}

// WriterBytes is the memory a format's writer holds at most, whatever the slice's size: the
// spreadsheets' two stream writers keep up to 16 MB of rows each before spilling to a
// temporary file, and the workbook is zipped through buffers at the end (a 10,000-actor,
// 50,000-partnership export left 24 MB more live heap than GraphML's); the streaming formats
// hold a 256 KB buffer.
func (f Format) WriterBytes() int64 {
	if strings.HasSuffix(f.File, "xlsx") {
		return 64 << 20
	}
	return 256 << 10
}

// tabular formats (CSV, spreadsheets) keep one row per partnership, whatever the view.
func (f Format) tabular() bool {
	return strings.HasSuffix(f.File, ".csv") || strings.HasSuffix(f.File, "xlsx")
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
	{"xlsx", XLSXContentType, newXLSX},
	{"kumu.xlsx", XLSXContentType, newKumuXLSX},
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

// Stream writes the slice filter selects from src in format f to w: actors first, then
// partnerships, decorated by deco. With direction=DIRECTED a mutual partnership is an arc each
// way (as the analytics count it; the CSV files and spreadsheets keep one row per partnership). It returns how
// many bytes reached w, so a caller knows whether an error can still be answered instead of a
// file.
func Stream(ctx context.Context, w io.Writer, f Format, src Source, filter domain.NetworkFilter, opts Options, deco *Decoration) (sent int64, err error) {
	if as, ok := src.(AttributeSource); ok && opts.Attributes == nil {
		if opts.Attributes, err = as.AttributeDefinitions(ctx); err != nil {
			return 0, err
		}
	}
	counted := &countingWriter{w: w}
	buf := bufio.NewWriterSize(counted, 256<<10)
	out := f.newWriter(buf, filter, opts, deco)
	values := deco.Metrics
	tie := out.tie
	if filter.Direction == domain.Directed && !f.tabular() {
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
	// Steps: the values written, a row's columns and attributes (network.Meter's unit for an
	// export; the cost model prices rows).
	meter := network.MeterOf(ctx)
	countedTie := func(p *domain.Partnership) error {
		meter.Add(10 + len(p.Attributes))
		return tie(p)
	}
	err = src.StreamNetwork(ctx, filter, func(a *domain.Actor) error {
		meter.Add(8 + len(a.Attributes) + len(deco.Names))
		return out.actor(a, values[a.ID])
	}, countedTie)
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
