package formats

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"

	"stakegraph/domain"
)

// Read parses the CSV pair (either may be nil) and validates each row on its own: required
// fields, known kind, weight > 0, dates, since ≤ until, lengths. It returns the good rows as
// a network and every bad row.
func Read(actorsName string, actors io.Reader, tiesName string, ties io.Reader) (domain.Network, Lines, []RowError) {
	var bad []RowError
	var actorRows []ActorRecord
	var tieRows []TieRecord
	var declared []domain.AttributeDefinition
	if actors != nil {
		rows, defs, err := readCSV[ActorRecord](actorsName, actors, ActorColumns, domain.TargetActor)
		bad = append(bad, err...)
		actorRows, declared = rows, append(declared, defs...)
	}
	if ties != nil {
		rows, defs, err := readCSV[TieRecord](tiesName, ties, PartnershipColumns, domain.TargetPartnership)
		bad = append(bad, err...)
		tieRows, declared = rows, append(declared, defs...)
	}
	net, lines, more := parseRows(actorsName, actorRows, tiesName, tieRows)
	net.Attributes, net.TextAttributes = declared, true
	return net, lines, append(bad, more...)
}

// attributeColumn reads an extra CSV column's header: "name:type" declares the attribute's
// type (a type of the types table, any case) after the header's last colon, so a name may
// hold colons itself ("x.y:z:string" is x.y:z, a STRING); a plain name leaves it to inference.
func attributeColumn(header string, t domain.AttributeTarget) (domain.AttributeDefinition, bool) {
	d := domain.AttributeDefinition{Name: header, Target: t}
	if i := strings.LastIndex(header, ":"); i >= 0 {
		name, typ := header[:i], header[i+1:]
		if at := domain.AttributeType(strings.ToUpper(strings.TrimSpace(typ))); at.Valid() {
			d.Name, d.Type = strings.TrimSpace(name), at
		}
	}
	return d, d.Name != ""
}

// readCSV reads a CSV file's records by header name (readTable), cells unquoted (UnquoteCell).
func readCSV[R any, P record[R]](name string, in io.Reader, columns []string, target domain.AttributeTarget) ([]R, []domain.AttributeDefinition, []RowError) {
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	next := func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, max(pe.Line, 1), errBadRow{err}
			}
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}
	return readTable[R, P](name, next, UnquoteCell, columns, target)
}

// errBadRow is a row the table cannot read (the rows after it still can).
type errBadRow struct{ error }

// readTable reads records by header name from a table's rows (next answers io.EOF after the
// last, errBadRow for a row it cannot read); the header must contain the required columns
// (the first three of columns). Columns beyond them are attributes (attributeColumn),
// returned as declared definitions, types inferred from the cells where the header gives
// none; their cells are the records' Attributes (text; empty cells are no value).
func readTable[R any, P record[R]](name string, next func() ([]string, int, error), cell func(string) string, columns []string, target domain.AttributeTarget) ([]R, []domain.AttributeDefinition, []RowError) {
	header, _, err := next()
	if err != nil {
		return nil, nil, []RowError{{name, 1, "cannot read the header: " + err.Error()}}
	}
	index := map[string]int{}
	type extra struct {
		def   domain.AttributeDefinition
		at    int
		cells []string
	}
	var extras []*extra
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if slices.Contains(columns, h) {
			index[h] = i
		} else if d, ok := attributeColumn(h, target); ok {
			extras = append(extras, &extra{def: d, at: i})
		}
	}
	var missing []string
	for _, c := range []string{columns[0], columns[1], columns[2]} {
		if _, ok := index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, nil, []RowError{{name, 1, "missing columns: " + strings.Join(missing, ", ") + " (expected " + strings.Join(columns, ",") + ")"}}
	}
	var rows []R
	var bad []RowError
	for {
		rec, line, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var br errBadRow
			bad = append(bad, RowError{name, max(line, 1), err.Error()})
			if !errors.As(err, &br) {
				break // not a row's fault (the reader failed): stop rather than loop
			}
			continue
		}
		var r R
		P(&r).setLine(line)
		for k, i := range index {
			if i < len(rec) {
				set(P(&r), columns, k, cell(rec[i]))
			}
		}
		for _, x := range extras {
			if x.at < len(rec) {
				if v := strings.TrimSpace(cell(rec[x.at])); v != "" {
					attrs := P(&r).attributes()
					if *attrs == nil {
						*attrs = domain.Attributes{}
					}
					(*attrs)[x.def.Name] = v
					x.cells = append(x.cells, v)
				}
			}
		}
		rows = append(rows, r)
	}
	defs := make([]domain.AttributeDefinition, len(extras))
	for i, x := range extras {
		if x.def.Type == "" {
			x.def.Type = domain.InferAttributeType(x.cells)
		}
		defs[i] = x.def
	}
	return rows, defs, bad
}

type csvWriter struct {
	w      *csv.Writer
	actors bool
	attrs  []domain.AttributeDefinition
}

func newActorsCSV(w io.Writer, _ domain.NetworkFilter, o Options, _ *Decoration) writer {
	c := &csvWriter{w: csv.NewWriter(w), actors: true, attrs: ofTarget(o.Attributes, domain.TargetActor)}
	_ = c.w.Write(c.header(ActorColumns))
	return c
}

func newPartnershipsCSV(w io.Writer, _ domain.NetworkFilter, o Options, _ *Decoration) writer {
	c := &csvWriter{w: csv.NewWriter(w), attrs: ofTarget(o.Attributes, domain.TargetPartnership)}
	_ = c.w.Write(c.header(PartnershipColumns))
	return c
}

// header is the standard columns, then a "name:type" column per attribute.
func (c *csvWriter) header(columns []string) []string {
	h := slices.Clone(columns)
	for _, d := range c.attrs {
		h = append(h, csvHeader(d))
	}
	return h
}

// attributeCells are an object's attribute values in the header's order, as text.
func (c *csvWriter) attributeCells(values domain.Attributes) []*string {
	out := make([]*string, len(c.attrs))
	for i, d := range c.attrs {
		s := domain.FormatAttribute(values[d.Name])
		out[i] = &s
	}
	return out
}

func (c *csvWriter) actor(a *domain.Actor, _ map[string]float64) error {
	if !c.actors {
		return nil
	}
	r := actorRecord(a)
	return c.write(append(r.cells(), c.attributeCells(a.Attributes)...))
}

func (c *csvWriter) tie(p *domain.Partnership) error {
	if c.actors {
		return nil
	}
	r := tieRecord(p)
	return c.write(append(r.cells(), c.attributeCells(p.Attributes)...))
}

// write writes a row with every cell neutralised against formula injection.
func (c *csvWriter) write(cells []*string) error {
	row := make([]string, len(cells))
	for i, s := range cells {
		row[i] = QuoteCell(*s)
	}
	return c.w.Write(row)
}

func (c *csvWriter) close() error {
	c.w.Flush()
	return c.w.Error()
}
