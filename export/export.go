// Package export writes slices of the network in the formats researchers' and frontends' tools
// read — GraphML and GEXF (Gephi, NetworkX, igraph), Cytoscape.js JSON, graphology (sigma.js)
// JSON, and CSV — streaming from the store, over HTTP at GET /export/<file>.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
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

// Metrics gives per-actor metric values to add as node attributes (nil: none). It is called
// once per export, before streaming.
type Metrics func(ctx context.Context, f domain.NetworkFilter) (map[string]map[string]float64, []string, error)

// Format is one export format.
type Format struct {
	File        string // the path after /export/
	ContentType string
	newWriter   func(w io.Writer, f domain.NetworkFilter, metricNames []string) writer
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
// stakegraph-actors.csv, stakegraph-partnerships.csv.
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
	{"actors.csv", "text/csv; charset=utf-8", newActorsCSV},
	{"partnerships.csv", "text/csv; charset=utf-8", newPartnershipsCSV},
}

// Handler serves GET /export/<file> for every format, taking NetworkFilter fields as query
// parameters: sectors, regions, actorTypes, kinds, tags, partnershipTypes (comma-separated),
// search, asOf, from, to (YYYY-MM-DD), minWeight, direction (UNDIRECTED or DIRECTED).
func Handler(src Source, metrics Metrics, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	for _, f := range Formats {
		mux.HandleFunc("GET /export/"+f.File, func(w http.ResponseWriter, r *http.Request) {
			serve(w, r, f, src, metrics, logger)
		})
	}
	return mux
}

func serve(w http.ResponseWriter, r *http.Request, f Format, src Source, metrics Metrics, logger *slog.Logger) {
	filter, err := ParseFilter(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	var values map[string]map[string]float64
	var names []string
	if metrics != nil {
		if values, names, err = metrics(r.Context(), filter); err != nil {
			if domain.ErrorCode(err) == domain.EINTERNAL {
				logger.Error("export metrics", "err", err)
			}
			writeError(w, HTTPStatus(err), err)
			return
		}
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.FileName()))
	sent := &countingWriter{w: w}
	buf := bufio.NewWriterSize(sent, 256<<10)
	out := f.newWriter(buf, filter, names)
	tie := out.tie
	if filter.Direction == domain.Directed && !strings.HasSuffix(f.File, ".csv") {
		// The DIRECTED view's arcs: a mutual partnership is an arc each way, as the analytics
		// count it (the CSV files keep one row per partnership).
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
	err = src.StreamNetwork(r.Context(), filter,
		func(a *domain.Actor) error { return out.actor(a, values[a.ID]) },
		tie)
	if err == nil {
		err = out.close()
	}
	if err == nil {
		err = buf.Flush()
	}
	switch {
	case err != nil && sent.n == 0:
		// Nothing has reached the client yet: answer with the error instead of a file.
		if domain.ErrorCode(err) == domain.EINTERNAL {
			logger.Error("export failed", "format", f.File, "err", err)
		}
		w.Header().Del("Content-Disposition")
		writeError(w, HTTPStatus(err), err)
	case err != nil:
		// Headers are sent; the client sees a truncated file. Log it.
		logger.Error("export failed mid-stream", "format", f.File, "err", err)
	}
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

// HTTPStatus maps an error's domain code to the HTTP status a file download answers with —
// the same codes a GraphQL client sees in extensions.code: BAD_USER_INPUT 400, NOT_FOUND 404,
// CONFLICT 409, TIMEOUT 504, SERVICE_UNAVAILABLE 503, anything else 500.
func HTTPStatus(err error) int {
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		return http.StatusBadRequest
	case domain.ENOTFOUND:
		return http.StatusNotFound
	case domain.ECONFLICT:
		return http.StatusConflict
	case domain.ETIMEOUT:
		return http.StatusGatewayTimeout
	case domain.EUNAVAIL:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func writeError(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "2")
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": domain.ErrorCode(err), "message": domain.ErrorMessage(err)}})
}

// ParseFilter reads NetworkFilter fields from query parameters. Errors: EINVALID.
func ParseFilter(q url.Values) (domain.NetworkFilter, error) {
	f := domain.NetworkFilter{Direction: domain.Undirected}
	list := func(key string) []string {
		var out []string
		for _, v := range q[key] {
			for _, x := range strings.Split(v, ",") {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
		}
		return out
	}
	f.Sectors, f.Regions, f.ActorTypes, f.PartnershipTypes = list("sectors"), list("regions"), list("actorTypes"), list("partnershipTypes")
	f.Tags, f.Search = list("tags"), q.Get("search")
	for _, k := range list("kinds") {
		f.Kinds = append(f.Kinds, domain.ActorKind(strings.ToUpper(k)))
	}
	date := func(key string) (*time.Time, error) {
		v := q.Get(key)
		if v == "" {
			return nil, nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, domain.FieldErrorf(key, domain.EINVALID, "%s=%q is not a date like 2016-12-21", key, v)
		}
		return &t, nil
	}
	var err error
	if f.AsOf, err = date("asOf"); err != nil {
		return f, err
	}
	if f.From, err = date("from"); err != nil {
		return f, err
	}
	if f.To, err = date("to"); err != nil {
		return f, err
	}
	if v := q.Get("minWeight"); v != "" {
		w, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return f, domain.FieldErrorf("minWeight", domain.EINVALID, "minWeight=%q is not a number", v)
		}
		f.MinWeight = &w
	}
	if v := q.Get("direction"); v != "" {
		f.Direction = domain.Direction(strings.ToUpper(v))
	}
	return f, f.Validate()
}

func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// finite makes NaN and ±Inf, which the formats cannot carry, absent (0 with ok false).
func finite(x float64) (float64, bool) { return x, !math.IsNaN(x) && !math.IsInf(x, 0) }

// ---- GraphML -------------------------------------------------------------------------------

type graphml struct {
	w       io.Writer
	metrics []string
	err     error
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func newGraphML(w io.Writer, f domain.NetworkFilter, metrics []string) writer {
	g := &graphml{w: w, metrics: metrics}
	g.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	g.printf(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">` + "\n")
	for _, k := range []string{"name", "sector", "kind", "type", "region", "description", "tags"} {
		g.printf(`  <key id="%s" for="node" attr.name="%s" attr.type="string"/>`+"\n", k, k)
	}
	for _, m := range metrics {
		g.printf(`  <key id="%s" for="node" attr.name="%s" attr.type="double"/>`+"\n", m, m)
	}
	for _, k := range []string{"id", "type", "since", "until", "citations", "project"} {
		g.printf(`  <key id="e_%s" for="edge" attr.name="%s" attr.type="string"/>`+"\n", k, k)
	}
	g.printf(`  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>` + "\n")
	g.printf(`  <key id="e_directed" for="edge" attr.name="directed" attr.type="boolean"/>` + "\n")
	edgedefault := "undirected"
	if f.Direction == domain.Directed {
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
	for _, kv := range [][2]string{{"name", a.Name}, {"sector", a.Sector}, {"kind", string(a.Kind)}, {"type", a.Type},
		{"region", a.Region}, {"description", a.Description}, {"tags", strings.Join(a.Tags, ";")}} {
		if kv[1] != "" {
			g.printf(`<data key="%s">%s</data>`, kv[0], esc(kv[1]))
		}
	}
	for _, m := range g.metrics {
		if x, ok := finite(metrics[m]); ok {
			g.printf(`<data key="%s">%s</data>`, m, strconv.FormatFloat(x, 'g', -1, 64))
		}
	}
	g.printf("</node>\n")
	return g.err
}

func (g *graphml) tie(p *domain.Partnership) error {
	g.printf(`    <edge id="%s" source="%s" target="%s">`, esc(p.ID), esc(p.Source), esc(p.Target))
	for _, kv := range [][2]string{{"id", p.ID}, {"type", p.Type}, {"since", dateString(p.Since)}, {"until", dateString(p.Until)},
		{"citations", strings.Join(p.Citations, " ")}, {"project", p.ProjectID}} {
		if kv[1] != "" {
			g.printf(`<data key="e_%s">%s</data>`, kv[0], esc(kv[1]))
		}
	}
	g.printf(`<data key="e_weight">%s</data><data key="e_directed">%v</data></edge>`+"\n", strconv.FormatFloat(p.Weight, 'g', -1, 64), p.Directed)
	return g.err
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

func newGEXF(w io.Writer, f domain.NetworkFilter, metrics []string) writer {
	g := &gexf{graphml: graphml{w: w, metrics: metrics}}
	mode := "undirected"
	if f.Direction == domain.Directed {
		mode = "directed"
	}
	g.printf(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	// GEXF 1.2: the version Gephi writes and NetworkX reads.
	g.printf(`<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">` + "\n")
	g.printf(`  <graph defaultedgetype="%s" mode="static">`+"\n", mode)
	g.printf(`    <attributes class="node">` + "\n")
	for i, k := range gexfNodeAttrs {
		g.printf(`      <attribute id="%d" title="%s" type="string"/>`+"\n", i, k)
	}
	for i, m := range metrics {
		g.printf(`      <attribute id="%d" title="%s" type="double"/>`+"\n", len(gexfNodeAttrs)+i, m)
	}
	g.printf("    </attributes>\n")
	g.printf(`    <attributes class="edge">` + "\n")
	for i, k := range []string{"type", "since", "until", "citations", "project", "directed"} {
		g.printf(`      <attribute id="%d" title="%s" type="string"/>`+"\n", i, k)
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
			g.printf(`<attvalue for="%d" value="%s"/>`, len(gexfNodeAttrs)+i, strconv.FormatFloat(x, 'g', -1, 64))
		}
	}
	g.printf("</attvalues></node>\n")
	return g.err
}

func (g *gexf) tie(p *domain.Partnership) error {
	if !g.edgesOpen {
		g.printf("    </nodes>\n    <edges>\n")
		g.edgesOpen = true
	}
	// The edge type follows the graph's defaultedgetype (the filter's direction); a
	// partnership's own direction travels as the "directed" attribute, since NetworkX
	// rejects mixed edge types.
	g.printf(`      <edge id="%s" source="%s" target="%s" weight="%s"><attvalues>`, esc(p.ID), esc(p.Source), esc(p.Target),
		strconv.FormatFloat(p.Weight, 'g', -1, 64))
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

// ---- JSON (Cytoscape.js, graphology) --------------------------------------------------------

type jsonGraph struct {
	w          io.Writer
	enc        *json.Encoder
	err        error
	cytoscape  bool
	nodes      int
	edges      int
	inEdges    bool
	nodeOpen   string
	edgeOpen   string
	closeAll   string
	undirected bool
}

// newCytoscape writes Cytoscape.js elements JSON, with the graph-level fields NetworkX's
// cytoscape_graph reads (data, directed, multigraph) and each node's id also as "value".
func newCytoscape(w io.Writer, f domain.NetworkFilter, _ []string) writer {
	open := fmt.Sprintf(`{"data":{"name":"stakegraph"},"directed":%v,"multigraph":true,"elements":{"nodes":[`, f.Direction == domain.Directed)
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), cytoscape: true, nodeOpen: open, edgeOpen: `],"edges":[`, closeAll: "]}}\n"}
	j.write(j.nodeOpen)
	return j
}

func newGraphology(w io.Writer, f domain.NetworkFilter, _ []string) writer {
	typ := "mixed"
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), nodeOpen: `{"attributes":{"name":"stakegraph"},"options":{"type":"` + typ + `","multi":true,"allowSelfLoops":false},"nodes":[`,
		edgeOpen: `],"edges":[`, closeAll: "]}\n", undirected: f.Direction != domain.Directed}
	j.write(j.nodeOpen)
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
	attrs := actorAttributes(a, metrics)
	if j.cytoscape {
		attrs["id"], attrs["value"] = a.ID, a.ID
		j.item(j.nodes == 0, map[string]any{"data": attrs})
	} else {
		j.item(j.nodes == 0, map[string]any{"key": a.ID, "attributes": attrs})
	}
	j.nodes++
	return j.err
}

func (j *jsonGraph) tie(p *domain.Partnership) error {
	if !j.inEdges {
		j.write(j.edgeOpen)
		j.inEdges = true
	}
	attrs := tieAttributes(p)
	if j.cytoscape {
		attrs["id"], attrs["key"], attrs["source"], attrs["target"] = p.ID, p.ID, p.Source, p.Target
		j.item(j.edges == 0, map[string]any{"data": attrs})
	} else {
		j.item(j.edges == 0, map[string]any{"key": p.ID, "source": p.Source, "target": p.Target, "undirected": !p.Directed, "attributes": attrs})
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

func newActorsCSV(w io.Writer, _ domain.NetworkFilter, _ []string) writer {
	c := &csvWriter{w: csv.NewWriter(w), actors: true}
	_ = c.w.Write(ActorColumns)
	return c
}

func newPartnershipsCSV(w io.Writer, _ domain.NetworkFilter, _ []string) writer {
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

// AnalyticsMetrics adds normalised degree and PageRank, computed (or read from the cache) by
// the analytics service on the exported slice, as node attributes.
func AnalyticsMetrics(svc *analytics.Service) Metrics {
	return func(ctx context.Context, f domain.NetworkFilter) (map[string]map[string]float64, []string, error) {
		names := []string{"degree", "pageRank"}
		out := map[string]map[string]float64{}
		for i, m := range []analytics.Metric{analytics.Degree, analytics.PageRank} {
			res, err := svc.Compute(ctx, f, m, analytics.Options{Normalized: true})
			if err != nil {
				return nil, nil, err
			}
			res.Each(func(id string, score float64) {
				if out[id] == nil {
					out[id] = map[string]float64{}
				}
				out[id][names[i]] = score
			})
		}
		return out, names, nil
	}
}
