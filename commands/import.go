package commands

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/importer"
)

// Import upserts a network from CSV, JSON, GraphML or GEXF files (`stakegraph import`).
func Import(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	c := Bind(fs)
	actorsPath := fs.String("actors", "", "actors CSV (the columns /export/actors.csv writes)")
	tiesPath := fs.String("partnerships", "", "partnerships CSV (the columns /export/partnerships.csv writes)")
	jsonPath := fs.String("json", "", `JSON form instead of CSV: {"actors": [{"id": …, "name": …}], "partnerships": [{…}]} with the CSV columns as string fields`)
	skip := fs.Bool("skip-invalid", false, "import the good rows and report the bad ones (default: write nothing when any row is bad)")
	graphmlPath := fs.String("graphml", "", "a GraphML file (as NetworkX, igraph or Gephi write it) instead of CSV")
	gexfPath := fs.String("gexf", "", "a GEXF file (as NetworkX or Gephi write it) instead of CSV")
	xlsxPath := fs.String("xlsx", "", "an .xlsx workbook instead of CSV: sheets actors and partnerships (the CSV columns), or Kumu's Elements and Connections")
	var maps listFlag
	fs.Var(&maps, "map", "column=attribute: read an import column from a differently named attribute of a GraphML/GEXF file or a Kumu sheet's column, e.g. --map sector=sponsorship (repeatable)")
	createSectors := fs.Bool("create-sectors", false, `map sectors given as labels ("Non-profit org.") to stored ones, creating missing sectors`)
	defineAttributes := fs.Bool("define-attributes", false, "define the attributes of extra columns (GraphML keys, GEXF attributes, JSON attributes) that are not defined yet, typed by a name:type header, the file's declared type, or inference")
	batch := fs.Int("batch", 5000, "rows per write transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *actorsPath == "" && *tiesPath == "" && *jsonPath == "" && *graphmlPath == "" && *gexfPath == "" && *xlsxPath == "" {
		return fmt.Errorf("give --actors and/or --partnerships, or --json, --graphml, --gexf or --xlsx")
	}
	mapping, err := formats.ParseMapping(maps)
	if err != nil {
		return err
	}
	open := func(path string) (io.Reader, func(), error) {
		if path == "" {
			return nil, func() {}, nil
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	ar, closeA, err := open(*actorsPath)
	if err != nil {
		return err
	}
	defer closeA()
	tr, closeT, err := open(*tiesPath)
	if err != nil {
		return err
	}
	defer closeT()
	store, _, err := Connect(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	net, lines, bad := formats.Read(*actorsPath, ar, *tiesPath, tr)
	names := [2]string{*actorsPath, *tiesPath}
	if *jsonPath != "" {
		raw, err := os.ReadFile(*jsonPath)
		if err != nil {
			return err
		}
		var doc struct {
			Actors       []formats.ActorRecord
			Partnerships []formats.TieRecord
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			return fmt.Errorf("%s: %w", *jsonPath, err)
		}
		net, lines, bad = formats.FromRecords(doc.Actors, doc.Partnerships)
		names = [2]string{*jsonPath + " actors", *jsonPath + " partnerships"}
	}
	for _, g := range []struct {
		path string
		read func(string, io.Reader, formats.Mapping) (domain.Network, formats.Lines, []formats.RowError)
	}{{*graphmlPath, formats.ReadGraphML}, {*gexfPath, formats.ReadGEXF}} {
		if g.path == "" {
			continue
		}
		f, err := os.Open(g.path)
		if err != nil {
			return err
		}
		net, lines, bad = g.read(g.path, f, mapping)
		f.Close()
		names = [2]string{g.path + " nodes", g.path + " edges"}
	}
	if *xlsxPath != "" {
		f, err := os.Open(*xlsxPath)
		if err != nil {
			return err
		}
		net, lines, bad, names = formats.ReadXLSXSheets(*xlsxPath, f, mapping)
		f.Close()
	}
	res, err := importer.Import(ctx, store, net, lines, bad, names, importer.Options{DefineAttributes: *defineAttributes,
		SkipInvalid: *skip, BatchSize: *batch, CreateSectors: *createSectors,
		Progress: func(done, total int) { progressBar(os.Stderr, done, total) },
	})
	if res.Written {
		fmt.Fprintln(os.Stderr) // end the progress bar's line
	}
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, e.Error())
	}
	if err != nil {
		return err
	}
	if !res.Written {
		return fmt.Errorf("%d bad rows: nothing was written (use --skip-invalid to import the good rows)", len(res.Errors))
	}
	fmt.Fprintf(os.Stderr, "imported %d actors and %d partnerships (%d rows skipped)\n", res.Actors, res.Partnerships, len(res.Errors))
	return nil
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value.
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}
