package formats_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/memstore"
	"stakegraph/neo4jstore/neo4jtest"
)

// TestSpreadsheetsRoundTrip writes the demo network (every attribute type, dates, weights,
// projects) as .xlsx in both layouts, reads each back, and finds every actor and partnership
// with every field and attribute as stored.
func TestSpreadsheetsRoundTrip(t *testing.T) {
	t.Parallel()
	demo := demodata.Demo()
	store := neo4jtest.MustLoad(t, memstore.New(), demodata.Article(), demo)
	ctx := context.Background()
	defs, err := store.AttributeDefinitions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantActors := map[string]domain.Actor{}
	wantTies := map[string]domain.Partnership{}
	projects := map[string]bool{}
	if err := store.StreamNetwork(ctx, domain.NetworkFilter{}, func(a *domain.Actor) error {
		wantActors[a.ID] = *a
		return nil
	}, func(p *domain.Partnership) error {
		wantTies[p.ID] = *p
		if p.ProjectID != "" {
			projects[p.ProjectID] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"xlsx", "kumu.xlsx"} {
		var f formats.Format
		for _, x := range formats.Formats {
			if x.File == file {
				f = x
			}
		}
		if f.File == "" || f.ContentType != formats.XLSXContentType {
			t.Fatalf("no export format %s", file)
		}
		var buf bytes.Buffer
		if _, err := formats.Stream(ctx, &buf, f, store, domain.NetworkFilter{}, formats.Options{Mixed: true}, &formats.Decoration{}); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		read, _, bad := formats.ReadXLSX("book.xlsx", &buf, nil)
		if len(bad) > 0 {
			t.Fatalf("%s: %d bad rows, first %v", file, len(bad), bad[0])
		}
		net, rejected := read.Resolve(domain.Stored{Sectors: domain.DefaultSectors, Attributes: defs, Projects: projects}, domain.ImportOptions{})
		if len(rejected) > 0 {
			t.Fatalf("%s: %d rejected rows, first %+v", file, len(rejected), rejected[0])
		}
		if len(net.Actors) != len(wantActors) || len(net.Partnerships) != len(wantTies) {
			t.Fatalf("%s: read %d actors and %d partnerships, want %d and %d", file, len(net.Actors), len(net.Partnerships), len(wantActors), len(wantTies))
		}
		for _, a := range net.Actors {
			w := wantActors[a.ID]
			w.CreatedAt, w.UpdatedAt, w.CreatedBy, w.UpdatedBy = a.CreatedAt, a.UpdatedAt, a.CreatedBy, a.UpdatedBy
			if len(w.Tags) == 0 {
				w.Tags = a.Tags
			}
			if len(w.Attributes) == 0 {
				w.Attributes = a.Attributes
			}
			if !reflect.DeepEqual(a, w) {
				t.Errorf("%s: actor %s reads as %+v, stored %+v", file, a.ID, a, w)
				break
			}
		}
		for _, p := range net.Partnerships {
			w := wantTies[p.ID]
			w.CreatedBy, w.UpdatedBy = p.CreatedBy, p.UpdatedBy
			if len(w.Citations) == 0 {
				w.Citations = p.Citations
			}
			if len(w.Attributes) == 0 {
				w.Attributes = p.Attributes
			}
			if !reflect.DeepEqual(p, w) {
				t.Errorf("%s: partnership %s reads as %+v, stored %+v", file, p.ID, p, w)
				break
			}
		}
	}
}

// TestKumuSheetsByLabel reads a workbook as Kumu users write it: elements without IDs (named
// by their Label), connections naming elements by Label, pipe-separated tags, a custom
// column; a connection with a bad strength is a bad row naming its sheet and row.
func TestKumuSheetsByLabel(t *testing.T) {
	t.Parallel()
	book := excelize.NewFile()
	_ = book.SetSheetName("Sheet1", "Elements")
	if _, err := book.NewSheet("Connections"); err != nil {
		t.Fatal(err)
	}
	rows := map[string][][]any{
		"Elements": {{"Label", "Type", "Tags", "Sector", "Budget"}, {"River Trust", "charity", "water|youth", "civil_society", 120},
			{"County Council", "municipality", "", "government", 98000}},
		"Connections": {{"From", "To", "Type", "Direction", "Strength"}, {"County Council", "River Trust", "grant", "directed", 2},
			{"River Trust", "County Council", "information_exchange", "mutual", "heavy"}},
	}
	for sheet, rs := range rows {
		for i, r := range rs {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := book.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := book.Write(&buf); err != nil {
		t.Fatal(err)
	}
	net, _, bad := formats.ReadXLSX("book.xlsx", &buf, nil)
	if len(bad) != 1 || bad[0].File != "book.xlsx!Connections" || bad[0].Line != 3 || !strings.Contains(bad[0].Reason, "weight") {
		t.Errorf("bad rows %+v, want the strength of Connections row 3", bad)
	}
	if len(bad) > 0 {
		t.Logf("%v", bad[0])
	}
	if len(net.Actors) != 2 || len(net.Partnerships) != 1 {
		t.Fatalf("read %+v", net)
	}
	trust := net.Actors[0]
	if trust.ID != "River_Trust" || trust.Name != "River Trust" || trust.Type != "charity" || !reflect.DeepEqual(trust.Tags, []string{"water", "youth"}) ||
		trust.Attributes["Budget"] != "120" {
		t.Errorf("element read as %+v", trust)
	}
	p := net.Partnerships[0]
	if p.Source != "County_Council" || p.Target != "River_Trust" || !p.Directed || p.Weight != 2 || p.Type != "grant" {
		t.Errorf("connection read as %+v", p)
	}
	var budget domain.AttributeDefinition
	for _, d := range net.Attributes {
		if d.Name == "Budget" {
			budget = d
		}
	}
	if budget.Type != domain.AttrNumber || budget.Target != domain.TargetActor {
		t.Errorf("the Budget column is declared %+v, want a NUMBER actor attribute", budget)
	}
}
