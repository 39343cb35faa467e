package formats_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/httpapi"
	"stakegraph/neo4jstore/neo4jtest"
)

// dynamicsNetwork reads the dated oracle network of testdata/oracle/dynamics
// (make_dynamics_golden.py) and the golden PageRank panel of its undirected view.
func dynamicsNetwork(t *testing.T) (domain.Network, []string, map[string]map[string]float64) {
	t.Helper()
	var raw struct {
		Actors       []struct{ ID, Name, Sector string }
		Partnerships []struct {
			ID, Source, Target, Type string
			Weight                   float64
			Directed                 bool
			Since, Until             *string
		}
	}
	var golden struct {
		Steps []string
		Panel map[string]map[string]map[string]map[string]float64
	}
	for path, v := range map[string]any{"../testdata/oracle/dynamics/network.json": &raw, "../testdata/oracle/dynamics/golden.json": &golden} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	day := func(s *string) *time.Time {
		if s == nil {
			return nil
		}
		d, err := time.Parse(time.DateOnly, *s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	var net domain.Network
	for _, a := range raw.Actors {
		net.Actors = append(net.Actors, domain.Actor{ID: a.ID, Name: a.Name, Sector: a.Sector})
	}
	for _, p := range raw.Partnerships {
		net.Partnerships = append(net.Partnerships, domain.Partnership{ID: p.ID, Source: p.Source, Target: p.Target, Type: p.Type,
			Weight: p.Weight, Directed: p.Directed, Since: day(p.Since), Until: day(p.Until)})
	}
	return net, golden.Steps, golden.Panel["UNDIRECTED"]["PAGE_RANK"]
}

// TestGEXFTimelineReadsBack exports the dated oracle network as GEXF with a PageRank timeline
// and reads it back with NetworkX (3.6 in the test venv): every actor's pageRankTimeline is a
// list of (value, start, end) spells, one per step date, the value NetworkX's PageRank on that
// date's view (golden.json), the spell running to the day before the next date. Bad timeline
// parameters are refused before anything is written.
func TestGEXFTimelineReadsBack(t *testing.T) {
	py := python(t)
	net, steps, want := dynamicsNetwork(t)
	store := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), net)
	svc := analytics.New(store, 0)
	srv := httptest.NewServer(httpapi.ExportHandler(store, httpapi.AnalyticsDecoration(svc), nil, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()

	get := func(query string) (int, []byte) {
		resp, err := http.Get(srv.URL + "/export/" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	status, body := get("gexf?direction=UNDIRECTED&timeline=PAGE_RANK&timelineFrom=" + steps[0] + "&timelineTo=" + steps[len(steps)-1] + "&timelineStep=YEAR")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	if !strings.Contains(string(body), `<attributes class="node" mode="dynamic">`) {
		t.Fatalf("no dynamic node attributes in\n%.2000s", body)
	}
	path := filepath.Join(t.TempDir(), "timeline.gexf")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "../testdata/export_readback.py", "networkx", "gexf", path).Output()
	if err != nil {
		t.Fatalf("NetworkX could not read the GEXF: %v\n%s", err, exitStderr(err))
	}
	var got readBack
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Nodes != len(net.Actors) {
		t.Fatalf("NetworkX read %d nodes, want %d", got.Nodes, len(net.Actors))
	}
	for id, attrs := range got.Attrs {
		spells, ok := attrs["pageRankTimeline"].([]any)
		if !ok || len(spells) != len(steps) {
			t.Errorf("%s: pageRankTimeline = %v, want %d spells", id, attrs["pageRankTimeline"], len(steps))
			continue
		}
		for i, s := range spells {
			spell, _ := s.([]any)
			if len(spell) != 3 {
				t.Errorf("%s: spell %v is not (value, start, end)", id, s)
				continue
			}
			value, _ := spell[0].(float64)
			end := steps[i]
			if i+1 < len(steps) {
				next, _ := time.Parse(time.DateOnly, steps[i+1])
				end = next.AddDate(0, 0, -1).Format(time.DateOnly)
			}
			w := want[steps[i]][id]
			if spell[1] != steps[i] || spell[2] != end || math.Abs(value-w) > 1e-9 {
				t.Errorf("%s spell %d: %v, want (%v, %s, %s)", id, i, spell, w, steps[i], end)
			}
		}
	}

	for _, query := range []string{
		"graphml?timeline=PAGE_RANK&timelineFrom=2015-01-01&timelineTo=2016-01-01",
		"gexf?timeline=NOPE&timelineFrom=2015-01-01&timelineTo=2016-01-01",
		"gexf?timeline=PAGE_RANK&timelineFrom=2016-01-01&timelineTo=2015-01-01",
		"gexf?timeline=PAGE_RANK&timelineFrom=2015-01-01",
		"gexf?timeline=PAGE_RANK&timelineFrom=1800-01-01&timelineTo=2024-01-01",
		"gexf?timeline=PAGE_RANK&timelineFrom=2015-01-01&timelineTo=2016-01-01&timelineStep=WEEK",
		"gexf?timeline=PAGE_RANK&timelineFrom=2015-01-01&timelineTo=2016-01-01&asOf=2016-01-01",
		"gexf?timelineFrom=2015-01-01",
		"gexf?asOf=2016-01-01&window=0",
	} {
		if status, body := get(query); status != http.StatusBadRequest || !strings.Contains(string(body), "BAD_USER_INPUT") {
			t.Errorf("%s: status %d, %s; want 400 BAD_USER_INPUT", query, status, body)
		}
	}
}
