package importer_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
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
	"stakegraph/importer"
	"stakegraph/neo4jstore"
	"stakegraph/neo4jstore/neo4jtest"
)

// dump reads back everything a filter selects, without timestamps, sorted.
func dump(t *testing.T, s *neo4jstore.Store) ([]domain.Actor, []domain.Partnership) {
	t.Helper()
	var actors []domain.Actor
	var ties []domain.Partnership
	err := s.StreamNetwork(context.Background(), domain.NetworkFilter{}, func(a *domain.Actor) error {
		c := *a
		c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
		actors = append(actors, c)
		return nil
	}, func(p *domain.Partnership) error { ties = append(ties, *p); return nil })
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(actors, func(i, j int) bool { return actors[i].ID < actors[j].ID })
	sort.Slice(ties, func(i, j int) bool { return ties[i].ID < ties[j].ID })
	return actors, ties
}

func exportCSV(t *testing.T, s *neo4jstore.Store, file string) string {
	t.Helper()
	srv := httptest.NewServer(httpapi.ExportHandler(s, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/export/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestRoundTrip exports a generated network with attributes of every type as CSV, imports it
// into an empty database, and checks that actors, partnerships, attribute definitions (types
// from the name:type headers) and values, and metric values are identical.
func TestRoundTrip(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	net := demodata.Generate(demodata.Options{Actors: 300, Seed: 5, Attributes: true})
	net.Actors = append(net.Actors, demodata.Article().Actors...)
	net.Partnerships = append(net.Partnerships, demodata.Article().Partnerships...)
	if _, err := s.ImportNetwork(ctx, net, 0, nil); err != nil {
		t.Fatal(err)
	}
	actorsBefore, tiesBefore := dump(t, s)
	svc := analytics.New(s, 0)
	metric := func() map[string]float64 {
		r, err := svc.Compute(ctx, domain.NetworkFilter{Weighted: true}, domain.Betweenness, analytics.Options{Normalized: true})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		r.Each(func(id string, score float64) { out[id] = score })
		return out
	}
	bcBefore := metric()
	actorsCSV, tiesCSV := exportCSV(t, s, "actors.csv"), exportCSV(t, s, "partnerships.csv")

	if err := s.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	read, lines, bad := formats.Read("actors.csv", strings.NewReader(actorsCSV), "partnerships.csv", strings.NewReader(tiesCSV))
	res, err := importer.Import(ctx, s, read, lines, bad, [2]string{"actors.csv", "partnerships.csv"}, importer.Options{DefineAttributes: true})
	if err != nil || !res.Written || len(res.Errors) > 0 {
		t.Fatalf("import: %v, %+v", err, res)
	}
	checkDefinitions(t, s, demodata.AttributeDefinitions)
	actorsAfter, tiesAfter := dump(t, s)
	if !reflect.DeepEqual(actorsBefore, actorsAfter) {
		t.Errorf("actors differ after the round trip")
	}
	if !reflect.DeepEqual(tiesBefore, tiesAfter) {
		for i := range tiesBefore {
			if i < len(tiesAfter) && !reflect.DeepEqual(tiesBefore[i], tiesAfter[i]) {
				t.Errorf("first difference: %+v vs %+v", tiesBefore[i], tiesAfter[i])
				break
			}
		}
		t.Errorf("partnerships differ after the round trip (%d vs %d)", len(tiesBefore), len(tiesAfter))
	}
	// Equal up to the order of floating-point additions across workers.
	bcAfter := metric()
	if len(bcAfter) != len(bcBefore) {
		t.Errorf("%d actors with betweenness after the round trip, %d before", len(bcAfter), len(bcBefore))
	}
	for i := range bcBefore {
		if math.Abs(bcBefore[i]-bcAfter[i]) > 1e-12 {
			t.Errorf("betweenness of %s: %v before, %v after the round trip", i, bcBefore[i], bcAfter[i])
		}
	}
	// Importing the same files again changes nothing, not even the version.
	v0, _ := s.GraphVersion(ctx)
	res, err = importer.Import(ctx, s, read, lines, nil, [2]string{"actors.csv", "partnerships.csv"}, importer.Options{DefineAttributes: true})
	if err != nil || !res.Written {
		t.Fatal(err)
	}
	if a, p := dump(t, s); !reflect.DeepEqual(a, actorsAfter) || !reflect.DeepEqual(p, tiesAfter) {
		t.Errorf("a second import changed the data")
	}
	if v, _ := s.GraphVersion(ctx); v != v0 {
		t.Errorf("a second import moved the version %d → %d", v0, v)
	}
}

// checkDefinitions compares the stored attribute definitions' names, targets and types with
// want's.
func checkDefinitions(t *testing.T, s *neo4jstore.Store, want []domain.AttributeDefinition) {
	t.Helper()
	got, err := s.AttributeDefinitions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	key := func(defs []domain.AttributeDefinition) []string {
		var out []string
		for _, d := range defs {
			out = append(out, string(d.Target)+"/"+d.Name+":"+string(d.Type))
		}
		sort.Strings(out)
		return out
	}
	if g, w := key(got), key(want); !reflect.DeepEqual(g, w) {
		t.Errorf("definitions after the round trip %v, want %v", g, w)
	}
}

// TestAttributeColumns: a CSV's extra columns are attributes — typed by name:type headers or
// inferred (NUMBER, BOOLEAN, DATE, else STRING) with defineAttributes; without it each unknown
// column is reported once and nothing is written; a cell that does not fit its type is a bad
// row at its line; values of defined attributes need no defineAttributes.
func TestAttributeColumns(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	actors := "id,name,sector,staff,founded,formal,legal_form,zip:string\n" +
		"a1,A,business,12,2001-02-03,true,llc,01234\n" +
		"a2,B,civil_society,,1999-12-31,false,ngo,\n" +
		"a3,C,media,3.5,,TRUE,,99\n"
	importCSV := func(csv string, o importer.Options) importer.Result {
		t.Helper()
		read, lines, bad := formats.Read("actors.csv", strings.NewReader(csv), "partnerships.csv", nil)
		res, err := importer.Import(ctx, s, read, lines, bad, [2]string{"actors.csv", "partnerships.csv"}, o)
		if err != nil && res.Written {
			t.Fatal(err)
		}
		return res
	}
	v0, _ := s.GraphVersion(ctx)
	res := importCSV(actors, importer.Options{})
	if res.Written || len(res.Errors) != 5 {
		t.Fatalf("without defineAttributes: written %v, errors %+v; want 5 columns reported", res.Written, res.Errors)
	}
	for _, e := range res.Errors {
		if e.File != "actors.csv" || e.Line != 1 || !strings.Contains(e.Reason, "not defined") {
			t.Errorf("unknown column reported as %+v", e)
		}
	}
	if v, _ := s.GraphVersion(ctx); v != v0 {
		t.Errorf("a refused import moved the version")
	}
	res = importCSV(actors, importer.Options{DefineAttributes: true})
	if !res.Written || len(res.Errors) > 0 {
		t.Fatalf("with defineAttributes: %+v", res)
	}
	checkDefinitions(t, s, []domain.AttributeDefinition{
		{Target: domain.TargetActor, Name: "staff", Type: domain.AttrNumber}, {Target: domain.TargetActor, Name: "founded", Type: domain.AttrDate},
		{Target: domain.TargetActor, Name: "formal", Type: domain.AttrBoolean}, {Target: domain.TargetActor, Name: "legal_form", Type: domain.AttrString},
		{Target: domain.TargetActor, Name: "zip", Type: domain.AttrString}})
	got, _ := dump(t, s)
	want := []domain.Attributes{
		{"staff": 12.0, "founded": "2001-02-03", "formal": true, "legal_form": "llc", "zip": "01234"},
		{"founded": "1999-12-31", "formal": false, "legal_form": "ngo"},
		{"staff": 3.5, "formal": true, "zip": "99"}}
	for i, a := range got {
		if !reflect.DeepEqual(a.Attributes, want[i]) {
			t.Errorf("%s attributes %v, want %v", a.ID, a.Attributes, want[i])
		}
	}
	// Now defined: a cell that does not fit is a bad row at its line, and nothing is written.
	v1, _ := s.GraphVersion(ctx)
	res = importCSV("id,name,sector,staff,founded\na4,D,media,many,2000-01-01\na5,E,media,2,2000-02-30\na6,F,media,1,\na7,G,media,NaN,\n", importer.Options{})
	if res.Written || len(res.Errors) != 3 || res.Errors[0].Line != 2 || res.Errors[1].Line != 3 || res.Errors[2].Line != 5 ||
		!strings.Contains(res.Errors[0].Reason, "staff") || !strings.Contains(res.Errors[1].Reason, "founded") || !strings.Contains(res.Errors[2].Reason, "finite") {
		t.Errorf("bad cells: written %v, errors %+v", res.Written, res.Errors)
	}
	if v, _ := s.GraphVersion(ctx); v != v1 {
		t.Errorf("a refused import moved the version")
	}
}

// TestBadRowsWriteNothing imports files with bad rows: nothing is written and every bad row
// is reported with its file and line; with SkipInvalid the good rows are written.
func TestBadRowsWriteNothing(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	// The files' bad rows, by file and line, and what is wrong with each; the other rows hold.
	bad := map[string]string{
		"actors.csv:3": "unknown sector", "actors.csv:4": "no name", "actors.csv:5": "bad kind",
		"partnerships.csv:3": "missing endpoint", "partnerships.csv:4": "bad weight", "partnerships.csv:5": "bad date",
		"partnerships.csv:6": "self-partnership", "partnerships.csv:7": "weight ≤ 0", "partnerships.csv:8": "until before since",
		"partnerships.csv:9": "endpoint a2 was rejected",
	}
	actors, ties := readText(t, "testdata/bad-actors.csv"), readText(t, "testdata/bad-partnerships.csv")
	before := neo4jtest.MustSnapshot(t, s)
	run := func(skip bool) importer.Result {
		net, lines, bad := formats.Read("actors.csv", strings.NewReader(actors), "partnerships.csv", strings.NewReader(ties))
		res, err := importer.Import(ctx, s, net, lines, bad, [2]string{"actors.csv", "partnerships.csv"}, importer.Options{SkipInvalid: skip})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(false)
	if res.Written {
		t.Fatal("a file with bad rows was written")
	}
	if after := neo4jtest.MustSnapshot(t, s); after != before {
		t.Fatalf("database changed: %+v → %+v", before, after)
	}
	got := map[string]bool{}
	for _, e := range res.Errors {
		got[e.File+":"+itoa(e.Line)] = true
	}
	for row, why := range bad {
		if !got[row] {
			t.Errorf("bad row %s (%s) not reported; got %+v", row, why, res.Errors)
		}
	}
	if len(res.Errors) != len(bad) {
		t.Errorf("%d errors reported, want %d: %+v", len(res.Errors), len(bad), res.Errors)
	}
	res = run(true)
	if !res.Written || res.Actors != 2 || res.Partnerships != 1 {
		t.Errorf("skip-invalid import = %+v, want the 2 good actors and 1 good partnership", res)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// readText returns a test file's text.
func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCreateSectors: sectors spelled as labels map to stored ones by code or label, and
// missing ones are created with a derived code and the label as written.
func TestCreateSectors(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	csv := "id,name,sector\na1,Agency,Government\na2,Charity,Non-profit org.\na3,Other charity,non-profit ORG.\na4,Firm,business\n"
	read := func() (domain.Network, formats.Lines, []formats.RowError) {
		return formats.Read("a.csv", strings.NewReader(csv), "", nil)
	}
	net, lines, bad := read()
	res, err := importer.Import(ctx, s, net, lines, bad, [2]string{"a.csv", ""}, importer.Options{})
	if err != nil || res.Written || len(res.Errors) != 3 {
		t.Fatalf("without createSectors: %+v %v", res, err)
	}
	net, lines, bad = read()
	res, err = importer.Import(ctx, s, net, lines, bad, [2]string{"a.csv", ""}, importer.Options{CreateSectors: true})
	if err != nil || !res.Written || len(res.Errors) != 0 {
		t.Fatalf("with createSectors: %+v %v", res, err)
	}
	actors, err := s.ActorsByID(ctx, []string{"a1", "a2", "a3", "a4"})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"a1": "government", "a2": "non_profit_org", "a3": "non_profit_org", "a4": "business"} {
		if got := actors[id].Sector; got != want {
			t.Errorf("%s: sector %q, want %q", id, got, want)
		}
	}
	secs, _ := s.SectorsByCode(ctx, []string{"non_profit_org"})
	if sec := secs["non_profit_org"]; sec == nil || sec.Label != "Non-profit org." {
		t.Errorf("created sector = %+v", sec)
	}
	for label, code := range map[string]string{"Non-profit org.": "non_profit_org", "1st tier": "s_1st_tier", "  ": "", "Öffentlich": "ffentlich"} {
		if got := domain.SectorCode(label); got != code {
			t.Errorf("SectorCode(%q) = %q, want %q", label, got, code)
		}
	}
}

// TestGraphFilesFromNetworkX imports the GraphML and GEXF that NetworkX wrote
// (testdata/imports/make_fixtures.py): sectors (mapped from another attribute for the GEXF),
// names, weights, directions and dates arrive as written.
func TestGraphFilesFromNetworkX(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	open := func(name string) *os.File {
		f, err := os.Open("../testdata/imports/" + name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	net, lines, bad := formats.ReadGraphML("networkx.graphml", open("networkx.graphml"), nil)
	res, err := importer.Import(ctx, s, net, lines, bad, [2]string{"nodes", "edges"}, importer.Options{})
	if err != nil || !res.Written || res.Actors != 4 || res.Partnerships != 3 {
		t.Fatalf("GraphML: %+v %v", res, err)
	}
	actors, _ := s.ActorsByID(ctx, []string{"gov1", "ngo1", "biz1", "uni_1"})
	if a := actors["gov1"]; a == nil || a.Sector != "government" || a.Name != "Ministry of Labour" || a.Region != "Perm" || a.Type != "ministry" {
		t.Errorf("gov1 = %+v", a)
	}
	if a := actors["uni_1"]; a == nil || a.Sector != "academia" {
		t.Errorf(`"uni 1" = %+v`, a)
	}
	ties, err := s.FindPartnerships(ctx, domain.PartnershipFilter{Actors: []string{"ngo1"}}, domain.PageArgs{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	weights := map[string]float64{}
	for _, p := range ties.Items {
		if p.Directed {
			t.Errorf("undirected GraphML gave a directed tie %+v", p)
		}
		weights[p.Type] = p.Weight
	}
	if weights["grant"] != 2.5 || weights["joint_project"] != 1 {
		t.Errorf("weights by type = %v", weights)
	}

	// The GEXF's sectors are in "sponsorship": without --map they land in "other".
	m, err := formats.ParseMapping([]string{"sector=sponsorship"})
	if err != nil {
		t.Fatal(err)
	}
	net, lines, bad = formats.ReadGEXF("networkx.gexf", open("networkx.gexf"), m)
	res, err = importer.Import(ctx, s, net, lines, bad, [2]string{"nodes", "edges"}, importer.Options{})
	if err != nil || !res.Written || res.Actors != 3 || res.Partnerships != 3 {
		t.Fatalf("GEXF: %+v %v", res, err)
	}
	actors, _ = s.ActorsByID(ctx, []string{"f1", "c1"})
	if a := actors["f1"]; a == nil || a.Sector != "government" || a.Name != "Presidential Grants Fund" {
		t.Errorf("f1 = %+v", a)
	}
	ties, err = s.FindPartnerships(ctx, domain.PartnershipFilter{Actors: []string{"f1"}}, domain.PageArgs{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ties.Items {
		if !p.Directed || p.Source != "f1" {
			t.Errorf("directed GEXF edge arrived as %+v", p)
		}
		if p.Target == "c1" && (p.Weight != 3 || p.Since == nil || p.Since.Format(time.DateOnly) != "2016-01-01" ||
			p.Until == nil || p.Until.Format(time.DateOnly) != "2017-12-31") {
			t.Errorf("f1→c1 = %+v", p)
		}
	}
	if _, err := formats.ParseMapping([]string{"sector"}); err == nil {
		t.Error("a mapping without = was accepted")
	}
}

// TestOwnGraphExportsImportBack: what the GraphML and GEXF exports write imports into an
// empty database with the same actors (and sectors) and partnerships (and directions).
func TestOwnGraphExportsImportBack(t *testing.T) {
	net := demodata.Generate(demodata.Options{Actors: 120, Seed: 6, Attributes: true})
	s := neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), net)
	ctx := context.Background()
	summary := func() (map[string]string, map[string]string) {
		actors, ties := dump(t, s)
		as, ps := map[string]string{}, map[string]string{}
		for _, a := range actors {
			as[a.ID] = fmt.Sprintf("%s|%s|%s|%s|%s|%v|%#v", a.Name, a.Sector, a.Region, a.Type, a.Kind, a.Tags, a.Attributes)
		}
		for _, p := range ties {
			ps[p.ID] = fmt.Sprintf("%s→%s|%v|%v|%s|%v|%v|%#v", p.Source, p.Target, p.Weight, p.Directed, p.Type, p.Since, p.Until, p.Attributes)
		}
		return as, ps
	}
	actorsBefore, tiesBefore := summary()
	for _, format := range []struct {
		file string
		read func(string, io.Reader, formats.Mapping) (domain.Network, formats.Lines, []formats.RowError)
	}{{"graphml", formats.ReadGraphML}, {"gexf", formats.ReadGEXF}} {
		t.Run(format.file, func(t *testing.T) {
			body := exportCSV(t, s, format.file)
			if err := s.DeleteAll(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			read, lines, bad := format.read(format.file, strings.NewReader(body), nil)
			res, err := importer.Import(ctx, s, read, lines, bad, [2]string{"nodes", "edges"}, importer.Options{DefineAttributes: true})
			if err != nil || !res.Written {
				t.Fatalf("import: %v %+v", err, res.Errors[:min(3, len(res.Errors))])
			}
			checkDefinitions(t, s, demodata.AttributeDefinitions)
			actorsAfter, tiesAfter := summary()
			if len(actorsAfter) != len(actorsBefore) || len(tiesAfter) != len(tiesBefore) {
				t.Fatalf("%d actors, %d partnerships after; %d, %d before", len(actorsAfter), len(tiesAfter), len(actorsBefore), len(tiesBefore))
			}
			for id, a := range actorsBefore {
				if b, ok := actorsAfter[id]; !ok || b != a {
					t.Errorf("actor %s: %q after, %q before", id, b, a)
					break
				}
			}
			for id, p := range tiesBefore {
				if q, ok := tiesAfter[id]; !ok || q != p {
					t.Errorf("partnership %s: %q after, %q before", id, q, p)
					break
				}
			}
		})
	}
}

// TestAttributeNamesSurviveEveryFormat: attribute names of every character class the API
// accepts (letters, digits, '_', '.', ':' and '-'; a name like x.y:z once came back from the
// CSV as "x.y" of a type "z:string") export and import back unchanged — definitions, types
// and values — through the CSVs, GraphML and GEXF.
func TestAttributeNamesSurviveEveryFormat(t *testing.T) {
	s := neo4jtest.MustOpen(t)
	ctx := context.Background()
	defs := []domain.AttributeDefinition{
		{Name: "x.y:z", Target: domain.TargetActor, Type: domain.AttrString},
		{Name: "Ab9_c.d:e-f", Target: domain.TargetActor, Type: domain.AttrNumber},
		{Name: "a:number", Target: domain.TargetActor, Type: domain.AttrBoolean},
		{Name: "9.9:date", Target: domain.TargetActor, Type: domain.AttrDate},
		{Name: "w.t:s-1_x", Target: domain.TargetPartnership, Type: domain.AttrString},
	}
	seed := func() {
		t.Helper()
		for _, d := range defs {
			if _, err := s.DefineAttribute(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range []domain.ActorInput{
			{ID: "a", Name: "A", Sector: "government", Attributes: domain.Attributes{"x.y:z": "one", "Ab9_c.d:e-f": 2.5, "a:number": true, "9.9:date": "2020-02-29"}},
			{ID: "b", Name: "B", Sector: "business", Attributes: domain.Attributes{"x.y:z": "two", "a:number": false}},
		} {
			neo4jtest.MustCreateActor(t, s, a)
		}
		neo4jtest.MustCreatePartnership(t, s, domain.PartnershipInput{ID: "p", Source: "a", Target: "b", Attributes: domain.Attributes{"w.t:s-1_x": "tie"}})
	}
	wipe := func() {
		t.Helper()
		if err := s.DeleteAll(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	wipe()
	seed()
	actorsBefore, tiesBefore := dump(t, s)
	files := map[string]func() (domain.Network, formats.Lines, []formats.RowError){}
	actorsCSV, tiesCSV := exportCSV(t, s, "actors.csv"), exportCSV(t, s, "partnerships.csv")
	files["csv"] = func() (domain.Network, formats.Lines, []formats.RowError) {
		return formats.Read("actors.csv", strings.NewReader(actorsCSV), "partnerships.csv", strings.NewReader(tiesCSV))
	}
	graphml, gexf := exportCSV(t, s, "graphml"), exportCSV(t, s, "gexf")
	files["graphml"] = func() (domain.Network, formats.Lines, []formats.RowError) {
		return formats.ReadGraphML("graphml", strings.NewReader(graphml), nil)
	}
	files["gexf"] = func() (domain.Network, formats.Lines, []formats.RowError) {
		return formats.ReadGEXF("gexf", strings.NewReader(gexf), nil)
	}
	for _, name := range []string{"csv", "graphml", "gexf"} {
		t.Run(name, func(t *testing.T) {
			wipe()
			read, lines, bad := files[name]()
			res, err := importer.Import(ctx, s, read, lines, bad, [2]string{"actors", "partnerships"}, importer.Options{DefineAttributes: true})
			if err != nil || !res.Written || len(res.Errors) > 0 {
				t.Fatalf("import: %v %+v", err, res.Errors)
			}
			checkDefinitions(t, s, defs)
			actorsAfter, tiesAfter := dump(t, s)
			if !reflect.DeepEqual(actorsBefore, actorsAfter) {
				t.Errorf("actors %+v after the round trip, %+v before", actorsAfter, actorsBefore)
			}
			if len(tiesAfter) != 1 || !reflect.DeepEqual(tiesBefore[0].Attributes, tiesAfter[0].Attributes) {
				t.Errorf("partnerships %+v after the round trip, %+v before", tiesAfter, tiesBefore)
			}
		})
	}
}
