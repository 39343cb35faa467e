package formats_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/httpapi"
	"stakegraph/neo4jstore/neo4jtest"
)

// pythonEnv names the Python with NetworkX the read-back tests use; `make test` sets it.
const pythonEnv = "STAKEGRAPH_TEST_PYTHON"

func python(t *testing.T) string {
	p := os.Getenv(pythonEnv)
	if p == "" {
		if testing.Short() {
			t.Skip("no Python with NetworkX in -short mode")
		}
		t.Fatalf("%s is not set: run the tests with `make test`, which installs NetworkX in a venv", pythonEnv)
	}
	return p
}

// readers lists, per format, the independent readers the read-back test loads it with:
// NetworkX and igraph (PyPI, testdata/export_readback.py), graphology (npm, Graph.from;
// testdata/export_readback_graphology.cjs), and plain JSON/CSV parsing for Kumu and the CSVs.
var readers = map[string][]string{
	"graphml":          {"networkx", "igraph"},
	"gexf":             {"networkx"},
	"cytoscape.json":   {"networkx"},
	"graphology.json":  {"graphology"},
	"kumu.json":        {"json"},
	"actors.csv":       {"json"},
	"partnerships.csv": {"json"},
	"xlsx":             {"openpyxl"},
	"kumu.xlsx":        {"openpyxl"},
}

// readBack is what a reader saw in a file.
type readBack struct {
	Directed  any // bool, or graphology's type
	Nodes     int
	Edges     []string
	Attrs     map[string]map[string]any
	EdgeAttrs map[string]map[string]any
	Rows      int
	PageRank  map[string]float64
}

// TestExportsReadBack exports the article network and a generated one in every format — the
// whole network as stored (each partnership's own direction), the UNDIRECTED view, a
// DIRECTED slice and a laid-out slice — and reads each file back with NetworkX, igraph and
// graphology, comparing nodes, every edge with its direction, and the renderer attributes
// (sector colour, size, positions, GEXF start/end) with the store and the analytics.
func TestExportsReadBack(t *testing.T) {
	py := python(t)
	nodeJS, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("no node on PATH: the graphology read-back needs Node.js")
	}
	if _, err := os.Stat("../web/explorer/node_modules/graphology"); err != nil {
		t.Fatal("graphology is not installed under web/explorer: run `make web` (make test does)")
	}
	store := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), demodata.Article(), demodata.Generate(demodata.Options{Actors: 300, Seed: 3, Attributes: true}))
	ctx := context.Background()
	sectors, err := store.Sectors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	colour := map[string]string{}
	for _, s := range sectors {
		colour[s.Code] = s.Color
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := analytics.New(store, 0)
	srv := httptest.NewServer(httpapi.ExportHandler(store, httpapi.AnalyticsDecoration(svc), nil, logger))
	defer srv.Close()
	dir := t.TempDir()
	for _, query := range []string{"", "direction=UNDIRECTED", "sectors=civil_society,business&asOf=2016-01-01&direction=DIRECTED",
		"sectors=government,civil_society&layout=FORCE_ATLAS2&seed=3&size=pageRank"} {
		filter, err := httpapi.ParseFilter(mustQuery(t, query))
		if err != nil {
			t.Fatal(err)
		}
		opts, err := httpapi.ParseExportOptions(mustQuery(t, query))
		if err != nil {
			t.Fatal(err)
		}
		var actors []*domain.Actor
		var ties []*domain.Partnership
		if err := store.StreamNetwork(ctx, filter, func(a *domain.Actor) error {
			actors = append(actors, a)
			return nil
		}, func(p *domain.Partnership) error {
			ties = append(ties, p)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// The edges each reading should see: arcs (a mutual partnership both ways), one arc
		// per partnership, each partnership in its own direction, or all undirected.
		expect := func(shape string) []string {
			var out []string
			for _, p := range ties {
				switch {
				case shape == "undirected" || (shape == "own" && !p.Directed):
					out = append(out, strings.Join(sorted(p.Source, p.Target), "-"))
				case shape == "arcs" && !p.Directed:
					out = append(out, p.Source+">"+p.Target, p.Target+">"+p.Source)
				default:
					out = append(out, p.Source+">"+p.Target)
				}
			}
			return sortedCopy(out)
		}
		var positions map[string][2]float64
		if opts.Layout != nil {
			r, err := svc.Subgraph(ctx, filter, analytics.MaxLayoutNodes, domain.Degree, opts.Layout)
			if err != nil {
				t.Fatal(err)
			}
			positions = map[string][2]float64{}
			for _, n := range r.Nodes {
				positions[n.ActorID] = [2]float64{*n.X, *n.Y}
			}
		}
		if filter.Direction == domain.Directed {
			// The API's DIRECTED view is a simple graph: its edgeCount is the number of
			// distinct arcs; the file keeps parallel partnerships as parallel arcs.
			res, err := svc.Compute(ctx, filter, domain.Degree, analytics.Options{})
			if err != nil {
				t.Fatal(err)
			}
			distinct := map[string]bool{}
			for _, a := range expect("arcs") {
				distinct[a] = true
			}
			if len(distinct) != res.Snapshot.EdgeCount(domain.Directed) {
				t.Errorf("%s: the file has %d distinct arcs, the API's edgeCount is %d", query, len(distinct), res.Snapshot.EdgeCount(domain.Directed))
			}
		}
		for _, f := range formats.Formats {
			resp, err := http.Get(srv.URL + "/export/" + f.File + "?" + query)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != f.ContentType ||
				!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="`+f.FileName()+`"`) {
				t.Fatalf("%s?%s: status %d, headers %v: %s", f.File, query, resp.StatusCode, resp.Header, body)
			}
			path := filepath.Join(dir, f.File)
			if err := os.WriteFile(path, body, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, reader := range readers[f.File] {
				t.Run(reader+"/"+f.File+"?"+query, func(t *testing.T) {
					var cmd *exec.Cmd
					if reader == "graphology" {
						cmd = exec.Command(nodeJS, "../testdata/export_readback_graphology.cjs", path)
					} else {
						cmd = exec.Command(py, "../testdata/export_readback.py", reader, f.File, path)
					}
					out, err := cmd.Output()
					if err != nil {
						t.Fatalf("%s could not read the %s export: %v\n%s", reader, f.File, err, exitStderr(err))
					}
					var got readBack
					if err := json.Unmarshal(out, &got); err != nil {
						t.Fatal(err)
					}
					checkReadBack(t, reader, f.File, filter, opts, got, actors, ties, expect, colour, positions)
				})
			}
		}
	}
}

// checkSpreadsheet: a workbook read with openpyxl has a row per actor and per partnership
// (each partnership in its own direction), weights as numbers, and every
// attribute: NUMBER ones as numbers, the rest as the text CSV writes.
func checkSpreadsheet(t *testing.T, file string, got readBack, actors []*domain.Actor, ties []*domain.Partnership, expect func(string) []string) {
	if got.Nodes != len(actors) || got.Rows != len(actors)+len(ties) {
		t.Errorf("%s: %d actor rows of %d rows; want %d actors and %d partnerships", file, got.Nodes, got.Rows, len(actors), len(ties))
	}
	shape := "own" // a row per partnership, in its own direction, whatever the view
	if want, have := expect(shape), sortedCopy(got.Edges); strings.Join(want, " ") != strings.Join(have, " ") {
		t.Errorf("%s: edges differ: %d read, %d expected; first read %v, first expected %v", file, len(have), len(want), head(have), head(want))
	}
	for _, a := range actors {
		row := got.Attrs[a.ID]
		for name, v := range a.Attributes {
			want := any(domain.FormatAttribute(v))
			if f, ok := v.(float64); ok {
				want = f
			}
			if row[name] != want {
				t.Errorf("%s: actor %s attribute %s reads as %T %v, stored %T %v", file, a.ID, name, row[name], row[name], v, v)
				return
			}
		}
	}
	weight := "weight"
	if file == "kumu.xlsx" {
		weight = "Strength"
	}
	for _, p := range ties {
		if w, _ := got.EdgeAttrs[p.ID][weight].(float64); w != p.Weight {
			t.Errorf("%s: partnership %s weight reads as %v, stored %v", file, p.ID, got.EdgeAttrs[p.ID][weight], p.Weight)
			return
		}
	}
}

func checkReadBack(t *testing.T, reader, file string, filter domain.NetworkFilter, opts formats.Options, got readBack,
	actors []*domain.Actor, ties []*domain.Partnership, expect func(string) []string, colour map[string]string, positions map[string][2]float64) {
	switch file {
	case "actors.csv":
		if got.Rows != len(actors) {
			t.Errorf("actors.csv has %d rows, want %d", got.Rows, len(actors))
		}
		return
	case "partnerships.csv":
		if got.Rows != len(ties) {
			t.Errorf("partnerships.csv has %d rows, want %d", got.Rows, len(ties))
		}
		return
	case "xlsx", "kumu.xlsx":
		checkSpreadsheet(t, file, got, actors, ties, expect)
		return
	}
	directed := filter.Direction == domain.Directed
	var shape string
	var wantDirected any
	switch {
	case directed:
		shape, wantDirected = "arcs", true
		if reader == "graphology" {
			wantDirected = "directed"
		}
	case !opts.Mixed:
		shape, wantDirected = "undirected", false
		if reader == "graphology" {
			wantDirected = "undirected"
		}
	case file == "graphml" || file == "gexf":
		shape, wantDirected = "arcs", true // GEXF type="mutual" reads as an arc each way
	case file == "cytoscape.json":
		shape, wantDirected = "perTie", true
	default: // graphology and Kumu keep each partnership's own direction
		shape, wantDirected = "own", "mixed"
	}
	if file == "kumu.json" {
		wantDirected = nil
	}
	if got.Directed != wantDirected {
		t.Errorf("the graph reads as directed=%v, want %v", got.Directed, wantDirected)
	}
	if got.Nodes != len(actors) {
		t.Errorf("%d nodes, want %d", got.Nodes, len(actors))
	}
	if want, have := expect(shape), sortedCopy(got.Edges); strings.Join(want, " ") != strings.Join(have, " ") {
		t.Errorf("edges differ (%s): %d read, %d expected; first read %v, first expected %v", shape, len(have), len(want), head(have), head(want))
	}
	// A DIRECTED export is the API's view: PageRank recomputed from the file by NetworkX
	// equals the pageRank the file carries (the API's).
	if directed && reader == "networkx" && file != "cytoscape.json" {
		if len(got.PageRank) != len(actors) {
			t.Errorf("NetworkX computed PageRank for %d of %d nodes", len(got.PageRank), len(actors))
		}
		worst := 0.0
		for id, pr := range got.PageRank {
			attrs := got.Attrs[id]
			var api float64
			if file == "gexf" || file == "graphml" {
				api = num(attrs["pageRank"])
			}
			worst = math.Max(worst, math.Abs(api-pr))
		}
		t.Logf("%s: PageRank recomputed from the file is within %.2g of the exported one", file, worst)
		if worst > 1e-6 {
			t.Errorf("PageRank recomputed from the file differs from the exported one by up to %.3g", worst)
		}
	}
	// Renderer attributes of every node: the sector's colour, a size, a position when laid out.
	for _, a := range actors {
		attrs := got.Attrs[a.ID]
		if attrs == nil {
			t.Fatalf("node %s is missing", a.ID)
		}
		var col string
		var x, y, size any
		switch {
		case file == "gexf":
			viz, _ := attrs["viz"].(map[string]any)
			c, _ := viz["color"].(map[string]any)
			if c != nil {
				col = fmt.Sprintf("#%02x%02x%02x", int(num(c["r"])), int(num(c["g"])), int(num(c["b"])))
			}
			size = viz["size"]
			if p, ok := viz["position"].(map[string]any); ok {
				x, y = p["x"], p["y"]
			}
		default:
			col, _ = attrs["color"].(string)
			size, x, y = attrs["size"], attrs["x"], attrs["y"]
		}
		if !strings.EqualFold(col, colour[a.Sector]) {
			t.Errorf("node %s (%s): colour %q, the sector's is %q", a.ID, a.Sector, col, colour[a.Sector])
			return
		}
		if s := num(size); s < 1 || s > 20 {
			t.Errorf("node %s: size %v", a.ID, size)
			return
		}
		if file != "actors.csv" && attrs["degree"] == nil && attrs["sector"] == nil {
			t.Errorf("node %s lost its attributes: %v", a.ID, attrs)
			return
		}
		// The actor's own attributes, each with its type (numbers, booleans, strings and
		// dates as strings), as the tool reads them.
		if reader != "igraph" {
			for name, v := range a.Attributes {
				if got := attrs[name]; fmt.Sprintf("%T %v", got, got) != fmt.Sprintf("%T %v", v, v) {
					t.Errorf("node %s attribute %s reads as %T %v, stored %T %v", a.ID, name, got, got, v, v)
					return
				}
			}
		}
		if positions != nil && file != "cytoscape.json" { // NetworkX's Cytoscape reader keeps data only
			p := positions[a.ID]
			if math.Abs(num(x)-p[0]) > 1e-9 || math.Abs(num(y)-p[1]) > 1e-9 {
				t.Errorf("node %s at (%v, %v), the layout puts it at %v", a.ID, x, y, p)
				return
			}
		}
		if positions == nil && file == "graphology.json" && (x == nil || y == nil) {
			t.Errorf("node %s has no x/y for sigma.js", a.ID)
			return
		}
	}
	// GEXF is dynamic: each partnership's since/until are its edge's start/end.
	if file == "gexf" {
		checked := 0
		for _, p := range ties {
			e := got.EdgeAttrs[p.ID]
			if e == nil {
				t.Errorf("edge %s is missing its attributes", p.ID)
				return
			}
			if p.Since != nil {
				checked++
				if e["start"] != p.Since.Format(time.DateOnly) {
					t.Errorf("edge %s: start %v, since %s", p.ID, e["start"], p.Since.Format(time.DateOnly))
					return
				}
			}
			if p.Until != nil && e["end"] != p.Until.Format(time.DateOnly) {
				t.Errorf("edge %s: end %v, until %s", p.ID, e["end"], p.Until.Format(time.DateOnly))
				return
			}
		}
		if checked == 0 {
			t.Error("no partnership with a start date was checked")
		}
	}
	if file == "kumu.json" {
		for _, p := range ties[:min(len(ties), 50)] {
			c := got.EdgeAttrs[p.ID]
			if c == nil || num(c["strength"]) != p.Weight || c["type"] != p.Type {
				t.Errorf("Kumu connection %s: %v, partnership %+v", p.ID, c, *p)
				return
			}
		}
	}
}

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return math.NaN()
}

func sorted(a, b string) []string {
	if b < a {
		return []string{b, a}
	}
	return []string{a, b}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func head(s []string) []string { return s[:min(len(s), 3)] }

func TestExportRejectsBadOptions(t *testing.T) {
	for _, q := range []string{"layout=SPRING", "seed=3", "layout=FORCE_ATLAS2&iterations=0", "layout=FORCE_ATLAS2&seed=-1", "size=betweenness"} {
		if _, err := httpapi.ParseExportOptions(mustQuery(t, q)); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: got %v, want %s", q, err, domain.EINVALID)
		}
	}
}

func TestExportRejectsBadFilter(t *testing.T) {
	for _, q := range []string{"asOf=21.12.2016", "minWeight=heavy", "direction=sideways", "from=2016-01-01&to=2015-01-01"} {
		if _, err := httpapi.ParseFilter(mustQuery(t, q)); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: got %v, want %s", q, err, domain.EINVALID)
		}
	}
}

func mustQuery(t *testing.T, q string) map[string][]string {
	t.Helper()
	req, err := http.NewRequest("GET", "/?"+q, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req.URL.Query()
}

func exitStderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// BenchmarkExportL imports the generated L network (100k actors, 500k partnerships) and
// times a full GraphML export over HTTP (degree and PageRank attributes included).
func BenchmarkExportL(b *testing.B) {
	store := neo4jtest.MustOpen(b)
	ctx := context.Background()
	if _, err := store.ImportNetwork(ctx, demodata.Generate(demodata.Options{Actors: 100_000, Seed: 42}), 10_000, nil); err != nil {
		b.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(httpapi.ExportHandler(store, httpapi.AnalyticsDecoration(analytics.New(store, 0)), nil, logger))
	defer srv.Close()
	b.ResetTimer()
	var size int64
	for i := 0; i < b.N; i++ {
		resp, err := http.Get(srv.URL + "/export/graphml")
		if err != nil {
			b.Fatal(err)
		}
		size, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}
