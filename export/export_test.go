package export_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/export"
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

// TestExportsReadBackWithNetworkX exports the article network and a generated one in every
// format, for the whole network and a filtered slice, and reads each file back with NetworkX
// (testdata/export_readback.py), comparing node and edge counts and attributes with the store.
func TestExportsReadBackWithNetworkX(t *testing.T) {
	py := python(t)
	store := neo4jtest.MustOpen(t)
	ctx := context.Background()
	for _, net := range []domain.Network{demodata.Article(), demodata.Generate(demodata.Options{Actors: 300, Seed: 3})} {
		if _, err := store.ImportNetwork(ctx, net, 0, nil); err != nil {
			t.Fatal(err)
		}
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(export.Handler(store, export.AnalyticsMetrics(analytics.New(store, 0)), logger))
	defer srv.Close()
	dir := t.TempDir()
	for _, query := range []string{"", "sectors=civil_society,business&asOf=2016-01-01&direction=DIRECTED"} {
		filter, err := export.ParseFilter(mustQuery(t, query))
		if err != nil {
			t.Fatal(err)
		}
		wantNodes, wantEdges, wantArcs := 0, 0, 0
		firstActor := ""
		if err := store.StreamNetwork(ctx, filter, func(a *domain.Actor) error {
			if wantNodes == 0 {
				firstActor = a.ID
			}
			wantNodes++
			return nil
		}, func(p *domain.Partnership) error {
			wantEdges++
			wantArcs++
			if filter.Direction == domain.Directed && !p.Directed {
				wantArcs++ // a mutual tie is an arc each way in the DIRECTED view
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for _, f := range export.Formats {
			t.Run(f.File+"?"+query, func(t *testing.T) {
				resp, err := http.Get(srv.URL + "/export/" + f.File + "?" + query)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != f.ContentType ||
					!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="`+f.FileName()+`"`) {
					t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
				}
				path := filepath.Join(dir, f.File)
				body, _ := io.ReadAll(resp.Body)
				if err := os.WriteFile(path, body, 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command(py, "../testdata/export_readback.py", f.File, path).Output()
				if err != nil {
					t.Fatalf("NetworkX could not read the %s export: %v\n%s", f.File, err, exitStderr(err))
				}
				var got struct {
					Nodes, Edges, Rows int
					Attrs              map[string]map[string]any
				}
				if err := json.Unmarshal(out, &got); err != nil {
					t.Fatal(err)
				}
				switch f.File {
				case "actors.csv":
					if got.Rows != wantNodes {
						t.Errorf("actors.csv has %d rows, want %d", got.Rows, wantNodes)
					}
				case "partnerships.csv":
					if got.Rows != wantEdges {
						t.Errorf("partnerships.csv has %d rows, want %d", got.Rows, wantEdges)
					}
				default:
					if got.Nodes != wantNodes || got.Edges != wantArcs {
						t.Errorf("NetworkX read %d nodes, %d edges; want %d, %d", got.Nodes, got.Edges, wantNodes, wantArcs)
					}
					attrs := got.Attrs[firstActor]
					if attrs["sector"] == nil || attrs["degree"] == nil {
						t.Errorf("node %s lost its attributes: %v", firstActor, attrs)
					}
				}
			})
		}
	}
}

func TestExportRejectsBadFilter(t *testing.T) {
	for _, q := range []string{"asOf=21.12.2016", "minWeight=heavy", "direction=sideways", "from=2016-01-01&to=2015-01-01"} {
		if _, err := export.ParseFilter(mustQuery(t, q)); domain.ErrorCode(err) != domain.EINVALID {
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
	srv := httptest.NewServer(export.Handler(store, export.AnalyticsMetrics(analytics.New(store, 0)), logger))
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
