package formats

import (
	"encoding/csv"
	"errors"
	"io"
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
	if actors != nil {
		rows, err := readCSV[ActorRecord](actorsName, actors, ActorColumns)
		bad = append(bad, err...)
		actorRows = rows
	}
	if ties != nil {
		rows, err := readCSV[TieRecord](tiesName, ties, PartnershipColumns)
		bad = append(bad, err...)
		tieRows = rows
	}
	net, lines, more := parseRows(actorsName, actorRows, tiesName, tieRows)
	return net, lines, append(bad, more...)
}

// readCSV reads records by header name; the header must contain the required columns (the
// first three of columns).
func readCSV[R any, P record[R]](name string, in io.Reader, columns []string) ([]R, []RowError) {
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
	var rows []R
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
		var r R
		P(&r).setLine(line)
		for k, i := range index {
			if i < len(rec) {
				set(P(&r), columns, k, UnquoteCell(rec[i]))
			}
		}
		rows = append(rows, r)
	}
	return rows, bad
}

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
	r := actorRecord(a)
	return c.write(r.cells())
}

func (c *csvWriter) tie(p *domain.Partnership) error {
	if c.actors {
		return nil
	}
	r := tieRecord(p)
	return c.write(r.cells())
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
