package formats

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"stakegraph/domain"
)

// Spreadsheets (.xlsx), read and written with excelize, in two layouts:
//
//   - ours: sheets "actors" and "partnerships" with the CSV files' columns (ActorColumns,
//     PartnershipColumns, then a "name:type" column per attribute);
//   - Kumu's: sheets "Elements" (ID, Label, Type, Description, Tags, then any column) and
//     "Connections" (ID, From, To, Type, Direction, Strength, then any column), as Kumu's own
//     spreadsheet import and export lay them out. Kumu's ID columns are optional: an element
//     without one is named by its Label, and a connection's From and To may name either.
//
// Numbers are written as numbers and read back exactly (raw cell values); dates as ISO text;
// booleans as "true"/"false". A bad row is reported with its sheet and row
// ("book.xlsx!Connections:17: …").

// XLSXContentType is the content type of an .xlsx file.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// KumuElementColumns and KumuConnectionColumns are the leading columns of Kumu's sheets, as
// this package writes them; a Kumu file's other columns are attributes.
var (
	KumuElementColumns    = []string{"ID", "Label", "Type", "Description", "Tags", "Sector", "Kind", "Region"}
	KumuConnectionColumns = []string{"ID", "From", "To", "Type", "Direction", "Strength", "Start", "End", "Citations", "Project"}
)

// xlsxWriter streams a slice into two sheets (excelize's stream writers spill rows to a
// temporary file past 16 MB) and writes the workbook at close.
type xlsxWriter struct {
	out                  io.Writer
	book                 *excelize.File
	actors, ties         *excelize.StreamWriter
	rowA, rowT           int
	kumu                 bool
	actorAttrs, tieAttrs []domain.AttributeDefinition
}

func newXLSX(w io.Writer, _ domain.NetworkFilter, o Options, _ *Decoration) writer {
	return startXLSX(w, o, false)
}

func newKumuXLSX(w io.Writer, _ domain.NetworkFilter, o Options, _ *Decoration) writer {
	return startXLSX(w, o, true)
}

func startXLSX(w io.Writer, o Options, kumu bool) writer {
	x := &xlsxWriter{out: w, book: excelize.NewFile(), kumu: kumu, rowA: 1, rowT: 1,
		actorAttrs: ofTarget(o.Attributes, domain.TargetActor), tieAttrs: ofTarget(o.Attributes, domain.TargetPartnership)}
	actorSheet, tieSheet, actorCols, tieCols := "actors", "partnerships", ActorColumns, PartnershipColumns
	if kumu {
		actorSheet, tieSheet, actorCols, tieCols = "Elements", "Connections", KumuElementColumns, KumuConnectionColumns
	}
	_ = x.book.SetSheetName("Sheet1", actorSheet)
	if _, err := x.book.NewSheet(tieSheet); err != nil {
		return &failedWriter{err}
	}
	var err error
	if x.actors, err = x.book.NewStreamWriter(actorSheet); err != nil {
		return &failedWriter{err}
	}
	if x.ties, err = x.book.NewStreamWriter(tieSheet); err != nil {
		return &failedWriter{err}
	}
	if err := x.row(x.actors, &x.rowA, header(actorCols, x.actorAttrs, kumu)); err != nil {
		return &failedWriter{err}
	}
	if err := x.row(x.ties, &x.rowT, header(tieCols, x.tieAttrs, kumu)); err != nil {
		return &failedWriter{err}
	}
	return x
}

// header is the leading columns, then a column per attribute: "name:type" in our layout (as
// CSV), the plain name in Kumu's (whose fields have no declared types; reading infers them).
func header(columns []string, attrs []domain.AttributeDefinition, kumu bool) []any {
	h := make([]any, 0, len(columns)+len(attrs))
	for _, c := range columns {
		h = append(h, c)
	}
	for _, d := range attrs {
		if kumu {
			h = append(h, d.Name)
		} else {
			h = append(h, csvHeader(d))
		}
	}
	return h
}

func (x *xlsxWriter) row(sw *excelize.StreamWriter, n *int, cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, *n)
	if err != nil {
		return err
	}
	*n++
	return sw.SetRow(cell, cells)
}

// attributeValues are the values in the attributes' column order: numbers as numbers, the
// rest as text (nil for no value).
func attributeValues(attrs []domain.AttributeDefinition, values domain.Attributes) []any {
	out := make([]any, len(attrs))
	for i, d := range attrs {
		v, ok := values[d.Name]
		switch {
		case !ok || v == nil:
			out[i] = nil
		case d.Type == domain.AttrNumber:
			out[i] = v
		default:
			out[i] = domain.FormatAttribute(v)
		}
	}
	return out
}

func (x *xlsxWriter) actor(a *domain.Actor, _ map[string]float64) error {
	var cells []any
	if x.kumu {
		cells = []any{a.ID, a.Name, a.Type, a.Description, strings.Join(a.Tags, "|"), a.Sector, string(a.Kind), a.Region}
	} else {
		r := actorRecord(a)
		for _, c := range r.cells() {
			cells = append(cells, *c)
		}
	}
	return x.row(x.actors, &x.rowA, append(cells, attributeValues(x.actorAttrs, a.Attributes)...))
}

func (x *xlsxWriter) tie(p *domain.Partnership) error {
	var cells []any
	if x.kumu {
		direction := "undirected"
		if p.Directed {
			direction = "directed"
		}
		cells = []any{p.ID, p.Source, p.Target, p.Type, direction, p.Weight, dateString(p.Since), dateString(p.Until),
			strings.Join(p.Citations, " | "), p.ProjectID}
	} else {
		r := tieRecord(p)
		for i, c := range r.cells() {
			if PartnershipColumns[i] == "weight" {
				cells = append(cells, p.Weight)
				continue
			}
			cells = append(cells, *c)
		}
	}
	return x.row(x.ties, &x.rowT, append(cells, attributeValues(x.tieAttrs, p.Attributes)...))
}

func (x *xlsxWriter) close() error {
	defer x.book.Close()
	if err := x.actors.Flush(); err != nil {
		return err
	}
	if err := x.ties.Flush(); err != nil {
		return err
	}
	return x.book.Write(x.out)
}

// failedWriter is a writer that could not start: it reports why at the first call.
type failedWriter struct{ err error }

func (f *failedWriter) actor(*domain.Actor, map[string]float64) error { return f.err }
func (f *failedWriter) tie(*domain.Partnership) error                 { return f.err }
func (f *failedWriter) close() error                                  { return f.err }

// ReadXLSX reads a workbook in either layout (sheets "actors"/"partnerships", or Kumu's
// "Elements"/"Connections"; names matched ignoring case; other sheets, and Kumu sheets whose
// name says "(ignore)", are left alone) and validates each row on its own, as Read does for
// CSV. m renames columns in Kumu's layout as --map does for GraphML.
func ReadXLSX(name string, in io.Reader, m Mapping) (domain.Network, Lines, []RowError) {
	net, lines, bad, _ := ReadXLSXSheets(name, in, m)
	return net, lines, bad
}

// ReadXLSXSheets is ReadXLSX, also naming the sheets the actors and partnerships came from
// ("book.xlsx!Elements"), as the import's later checks name a row's file.
func ReadXLSXSheets(name string, in io.Reader, m Mapping) (domain.Network, Lines, []RowError, [2]string) {
	net, lines, bad, sheets := readXLSX(name, in, m)
	return net, lines, bad, [2]string{name + "!" + sheets[0], name + "!" + sheets[1]}
}

func readXLSX(name string, in io.Reader, m Mapping) (domain.Network, Lines, []RowError, [2]string) {
	book, err := excelize.OpenReader(in)
	if err != nil {
		return domain.Network{}, Lines{}, []RowError{{name, 1, "not an .xlsx workbook: " + err.Error()}}, [2]string{"actors", "partnerships"}
	}
	defer book.Close()
	sheets := map[string]string{}
	for _, s := range book.GetSheetList() {
		sheets[strings.ToLower(strings.TrimSpace(s))] = s
	}
	actors, hasActors := sheets["actors"]
	ties, hasTies := sheets["partnerships"]
	if hasActors || hasTies {
		net, lines, bad := readOurXLSX(name, book, actors, ties)
		return net, lines, bad, [2]string{actors, ties}
	}
	elements, hasElements := sheets["elements"]
	connections, hasConnections := sheets["connections"]
	if hasElements || hasConnections {
		net, lines, bad := readKumuXLSX(name, book, elements, connections, m)
		return net, lines, bad, [2]string{elements, connections}
	}
	return domain.Network{}, Lines{}, []RowError{{name, 1, "no sheet named actors or partnerships (our layout) or Elements or Connections (Kumu's)"}}, [2]string{"actors", "partnerships"}
}

// sheetRows iterates a sheet's rows with their row numbers, raw cell values (numbers as
// stored), skipping empty rows.
func sheetRows(book *excelize.File, sheet string) (func() ([]string, int, error), func()) {
	rows, err := book.Rows(sheet)
	if err != nil {
		return func() ([]string, int, error) { return nil, 0, err }, func() {}
	}
	n := 0
	return func() ([]string, int, error) {
		for rows.Next() {
			n++
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return nil, n, errBadRow{err}
			}
			for _, c := range cols {
				if strings.TrimSpace(c) != "" {
					return cols, n, nil
				}
			}
		}
		if err := rows.Error(); err != nil {
			return nil, n, err
		}
		return nil, n, io.EOF
	}, func() { _ = rows.Close() }
}

func readOurXLSX(name string, book *excelize.File, actors, ties string) (domain.Network, Lines, []RowError) {
	var bad []RowError
	var actorRows []ActorRecord
	var tieRows []TieRecord
	var declared []domain.AttributeDefinition
	same := func(s string) string { return s }
	if actors != "" {
		next, done := sheetRows(book, actors)
		rows, defs, err := readTable[ActorRecord](name+"!"+actors, next, same, ActorColumns, domain.TargetActor)
		done()
		bad, actorRows, declared = append(bad, err...), rows, append(declared, defs...)
	}
	if ties != "" {
		next, done := sheetRows(book, ties)
		rows, defs, err := readTable[TieRecord](name+"!"+ties, next, same, PartnershipColumns, domain.TargetPartnership)
		done()
		bad, tieRows, declared = append(bad, err...), rows, append(declared, defs...)
	}
	net, lines, more := parseRows(name+"!"+actors, actorRows, name+"!"+ties, tieRows)
	net.Attributes, net.TextAttributes = declared, true
	return net, lines, append(bad, more...)
}

// kumuNames maps Kumu's column names (any case) to the import's columns.
var kumuNames = map[string]string{
	"id": "id", "label": "name", "type": "type", "description": "description", "tags": "tags", "sector": "sector",
	"kind": "kind", "region": "region", "from": "source", "to": "target", "direction": "directed", "strength": "weight",
	"start": "since", "end": "until", "citations": "citations", "project": "project",
}

// readKumuXLSX reads Kumu's layout into the rows GraphML and GEXF imports make (graphRows):
// an element without an ID is named by its Label; a connection's From and To name an
// element's ID or Label; Tags separated by '|'; Direction "directed" (else undirected);
// Strength the weight; columns outside Kumu's own are attributes, their types inferred.
func readKumuXLSX(name string, book *excelize.File, elements, connections string, m Mapping) (domain.Network, Lines, []RowError) {
	var bad []RowError
	read := func(sheet string, columns []string, target domain.AttributeTarget, class string, ga graphAttrs) ([]map[string]string, []int) {
		if sheet == "" {
			return nil, nil
		}
		next, done := sheetRows(book, sheet)
		defer done()
		header, _, err := next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				bad = append(bad, RowError{name + "!" + sheet, 1, "cannot read the header: " + err.Error()})
			}
			return nil, nil
		}
		keys := make([]string, len(header))
		cells := map[string][]string{}
		for i, h := range header {
			h = strings.TrimSpace(h)
			if k, ok := kumuNames[strings.ToLower(h)]; ok && !(target == domain.TargetActor && (k == "source" || k == "target")) {
				keys[i] = k
			} else if d, ok := attributeColumn(h, target); ok && !reservedGraphName(d.Name, columns, m) {
				keys[i] = d.Name
				ga[class][d.Name] = d
			} else {
				keys[i] = h // a column renamed by m, read by fill
			}
		}
		var rows []map[string]string
		var lines []int
		for {
			rec, line, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				bad = append(bad, RowError{name + "!" + sheet, line, err.Error()})
				var br errBadRow
				if !errors.As(err, &br) {
					break
				}
				continue
			}
			row := map[string]string{}
			for i, c := range rec {
				if i < len(keys) && keys[i] != "" {
					row[keys[i]] = strings.TrimSpace(c)
					if d, ok := ga[class][keys[i]]; ok && row[keys[i]] != "" {
						cells[d.Name] = append(cells[d.Name], row[keys[i]])
					}
				}
			}
			rows = append(rows, row)
			lines = append(lines, line)
		}
		for n, d := range ga[class] {
			if d.Type == "" {
				d.Type = domain.InferAttributeType(cells[n])
				ga[class][n] = d
			}
		}
		return rows, lines
	}
	ga := graphAttrs{"node": {}, "edge": {}}
	nodes, nodeLines := read(elements, ActorColumns, domain.TargetActor, "node", ga)
	edges, edgeLines := read(connections, PartnershipColumns, domain.TargetPartnership, "edge", ga)
	byLabel := map[string]string{}
	for _, n := range nodes {
		if n["id"] == "" {
			n["id"] = n["name"]
		}
		n["label"] = n["name"]
		n["tags"] = strings.ReplaceAll(n["tags"], "|", ";")
		if n["name"] != "" {
			byLabel[n["name"]] = n["id"]
		}
	}
	ids := map[string]bool{}
	for _, n := range nodes {
		ids[n["id"]] = true
	}
	for i, e := range edges {
		for _, end := range []string{"source", "target"} {
			if v := e[end]; !ids[v] && byLabel[v] != "" {
				e[end] = byLabel[v]
			}
		}
		if e["id"] == "" {
			e["id"] = "c" + strconv.Itoa(edgeLines[i])
		}
		e["directed"] = strconv.FormatBool(strings.EqualFold(strings.TrimSpace(e["directed"]), "directed"))
		if e["type"] == "" {
			e["type"] = "connection"
		}
	}
	net, lines, more := graphRows(name+"!"+elements, name+"!"+connections, nodes, edges, nodeLines, edgeLines, m, ga)
	return net, lines, append(bad, more...)
}
