package formats

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"stakegraph/domain"
)

// Read parses the CSV pair (either may be nil) and validates each row on its own: required
// fields, known kind, weight > 0, dates, since ≤ until, lengths. It returns the good rows as
// a network and every bad row.
func Read(actorsName string, actors io.Reader, tiesName string, ties io.Reader) (domain.Network, Lines, []RowError) {
	var bad []RowError
	var actorRows, tieRows []row
	if actors != nil {
		rows, err := readCSV(actorsName, actors, ActorColumns)
		bad = append(bad, err...)
		actorRows = rows
	}
	if ties != nil {
		rows, err := readCSV(tiesName, ties, PartnershipColumns)
		bad = append(bad, err...)
		tieRows = rows
	}
	net, lines, more := parseRows(actorsName, actorRows, tiesName, tieRows)
	return net, lines, append(bad, more...)
}

// readCSV reads rows by header name; the header must contain the required columns.
func readCSV(name string, in io.Reader, columns []string) ([]row, []RowError) {
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, []RowError{{name, 1, "cannot read the header: " + err.Error()}}
	}
	index := map[string]int{}
	for i, h := range header {
		index[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	var missing []string
	for _, c := range []string{columns[0], columns[1], columns[2]} {
		if _, ok := index[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, []RowError{{name, 1, "missing columns: " + strings.Join(missing, ", ") + " (expected " + strings.Join(columns, ",") + ")"}}
	}
	var rows []row
	var bad []RowError
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			bad = append(bad, RowError{name, max(line, 1), err.Error()})
			if !errors.As(err, &pe) {
				break // not a row's fault (the reader failed): stop rather than loop
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		r := row{line: line, fields: map[string]string{}}
		for k, i := range index {
			if i < len(rec) {
				r.fields[k] = UnquoteCell(rec[i])
			}
		}
		rows = append(rows, r)
	}
	return rows, bad
}

// ActorColumns and PartnershipColumns are the CSV headers; imports read the same columns.
var (
	ActorColumns       = []string{"id", "name", "sector", "kind", "type", "region", "description", "tags"}
	PartnershipColumns = []string{"id", "source", "target", "type", "weight", "directed", "since", "until", "citations", "project"}
)

type csvWriter struct {
	w      *csv.Writer
	actors bool
}

func newActorsCSV(w io.Writer, _ domain.NetworkFilter, _ Options, _ *Decoration) writer {
	c := &csvWriter{w: csv.NewWriter(w), actors: true}
	_ = c.w.Write(ActorColumns)
	return c
}

func newPartnershipsCSV(w io.Writer, _ domain.NetworkFilter, _ Options, _ *Decoration) writer {
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
