// Package importer reads networks from the CSV pair the exports write (actors.csv and
// partnerships.csv, the same columns), validates every row, and reports each bad row with its
// file, line and reason, so export → import round-trips and a bad file writes nothing.
package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"stakegraph/domain"
	"stakegraph/export"
)

// RowError is one rejected row.
type RowError struct {
	File   string
	Line   int
	Reason string
}

func (e RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// Store is what an import needs: the known sectors and actors, and the batched upsert.
type Store interface {
	Sectors(ctx context.Context) ([]domain.Sector, error)
	ActorsByID(ctx context.Context, ids []string) (map[string]*domain.Actor, error)
	ProjectsByID(ctx context.Context, ids []string) (map[string]*domain.Project, error)
	ImportAtomic(ctx context.Context, n domain.Network, batchSize int, progress func(done, total int)) (domain.ImportStats, error)
}

// Options tune an import.
type Options struct {
	SkipInvalid bool // import the good rows and report the bad ones (default: write nothing if any row is bad)
	// CreateSectors maps a sector given as a label ("Non-profit org.") to the stored sector
	// with that code or label (ignoring case), creating missing ones with a code derived from
	// the label and the label as written.
	CreateSectors bool
	BatchSize     int
	Progress      func(done, total int)
}

// Result reports an import.
type Result struct {
	domain.ImportStats
	Written bool
	Errors  []RowError
}

// Lines are the file lines of a read network's actors and partnerships, in order.
type Lines struct {
	Actors, Partnerships []int
}

// Read parses the CSV pair (either may be nil) and validates each row on its own: required
// fields, known kind, weight > 0, dates, since ≤ until, lengths. It returns the good rows as
// a network and every bad row.
func Read(actorsName string, actors io.Reader, tiesName string, ties io.Reader) (domain.Network, Lines, []RowError) {
	var bad []RowError
	var actorRows, tieRows []row
	if actors != nil {
		rows, err := readCSV(actorsName, actors, export.ActorColumns)
		bad = append(bad, err...)
		actorRows = rows
	}
	if ties != nil {
		rows, err := readCSV(tiesName, ties, export.PartnershipColumns)
		bad = append(bad, err...)
		tieRows = rows
	}
	net, lines, more := parseRows(actorsName, actorRows, tiesName, tieRows)
	return net, lines, append(bad, more...)
}

// FromRecords reads the JSON form of an import: one map per actor and per partnership, keyed
// by the CSV columns (values as the CSV would hold them). Row numbers count from 1.
func FromRecords(actors, ties []map[string]string) (domain.Network, Lines, []RowError) {
	toRows := func(recs []map[string]string) []row {
		rows := make([]row, len(recs))
		for i, r := range recs {
			rows[i] = row{line: i + 1, fields: r}
		}
		return rows
	}
	return parseRows("actors", toRows(actors), "partnerships", toRows(ties))
}

// parseRows validates rows on their own terms and turns the good ones into a network.
func parseRows(actorsName string, actorRows []row, tiesName string, tieRows []row) (domain.Network, Lines, []RowError) {
	var net domain.Network
	var lines Lines
	var bad []RowError
	{
		for _, r := range actorRows {
			a := domain.ActorInput{ID: r.get("id"), Name: r.get("name"), Sector: r.get("sector"), Kind: domain.ActorKind(r.get("kind")),
				Type: r.get("type"), Region: r.get("region"), Description: r.get("description"), Tags: split(r.get("tags"), ";")}
			if a.ID == "" {
				bad = append(bad, RowError{actorsName, r.line, "id is required"})
				continue
			}
			if err := a.Validate(); err != nil {
				bad = append(bad, RowError{actorsName, r.line, domain.ErrorMessage(err)})
				continue
			}
			net.Actors = append(net.Actors, domain.Actor{ID: a.ID, Name: a.Name, Sector: a.Sector, Kind: a.Kind, Type: a.Type,
				Region: a.Region, Description: a.Description, Tags: a.Tags})
			lines.Actors = append(lines.Actors, r.line)
		}
	}
	{
		for _, r := range tieRows {
			p, reason := partnershipRow(r)
			if reason != "" {
				bad = append(bad, RowError{tiesName, r.line, reason})
				continue
			}
			net.Partnerships = append(net.Partnerships, p)
			lines.Partnerships = append(lines.Partnerships, r.line)
		}
	}
	return net, lines, bad
}

func partnershipRow(r row) (domain.Partnership, string) {
	in := domain.PartnershipInput{ID: r.get("id"), Source: r.get("source"), Target: r.get("target"), Type: r.get("type"),
		Citations: split(r.get("citations"), " | ")}
	if in.ID == "" {
		return domain.Partnership{}, "id is required"
	}
	if w := r.get("weight"); w != "" {
		x, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return domain.Partnership{}, fmt.Sprintf("weight %q is not a number", w)
		}
		in.Weight = &x
	}
	if d := r.get("directed"); d != "" {
		b, err := strconv.ParseBool(d)
		if err != nil {
			return domain.Partnership{}, fmt.Sprintf("directed %q is not true or false", d)
		}
		in.Directed = b
	}
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{"since", &in.Since}, {"until", &in.Until}} {
		if v := r.get(f.name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return domain.Partnership{}, fmt.Sprintf("%s %q is not a date like 2016-12-21", f.name, v)
			}
			*f.dst = &t
		}
	}
	if err := in.Validate(); err != nil {
		return domain.Partnership{}, domain.ErrorMessage(err)
	}
	project := r.get("project")
	if project != "" {
		in.ProjectID = project
		if err := in.Validate(); err != nil {
			return domain.Partnership{}, domain.ErrorMessage(err)
		}
	}
	return domain.Partnership{ID: in.ID, Source: in.Source, Target: in.Target, Type: in.Type, Weight: *in.Weight,
		Directed: in.Directed, Since: in.Since, Until: in.Until, Citations: in.Citations, ProjectID: project}, ""
}

func split(s, sep string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, sep)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

type row struct {
	line   int
	fields map[string]string
}

func (r row) get(k string) string { return strings.TrimSpace(r.fields[k]) }

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
				r.fields[k] = export.UnquoteCell(rec[i])
			}
		}
		rows = append(rows, r)
	}
	return rows, bad
}

// Import validates the rows, checks references (sectors, endpoints in the files or already
// stored, duplicate ids), and writes the network in one transaction of batched upserts by id —
// all of it or nothing, and importing twice changes nothing. Unless opts.SkipInvalid, any bad
// row means nothing is written.
func Import(ctx context.Context, st Store, net domain.Network, lines Lines, bad []RowError, names [2]string, opts Options) (Result, error) {
	sectors, err := st.Sectors(ctx)
	if err != nil {
		return Result{}, err
	}
	known := map[string]bool{}
	byName := map[string]string{} // lower-case code or label → code
	for _, s := range sectors {
		known[s.Code] = true
		byName[strings.ToLower(s.Code)], byName[strings.ToLower(s.Label)] = s.Code, s.Code
	}
	var created []domain.Sector
	if opts.CreateSectors {
		for i := range net.Actors {
			a := &net.Actors[i]
			if known[a.Sector] {
				continue
			}
			if code, ok := byName[strings.ToLower(a.Sector)]; ok {
				a.Sector = code
				continue
			}
			code := SectorCode(a.Sector)
			if existing, ok := byName[code]; ok {
				a.Sector = existing
				continue
			}
			if code == "" {
				continue // reported as an unknown sector below
			}
			created = append(created, domain.Sector{Code: code, Label: a.Sector})
			known[code], byName[code], byName[strings.ToLower(a.Sector)] = true, code, code
			a.Sector = code
		}
	}
	seen := map[string]bool{}
	var actors []domain.Actor
	for i, a := range net.Actors {
		switch {
		case !known[a.Sector]:
			bad = append(bad, RowError{names[0], lines.Actors[i], fmt.Sprintf("actor %q: unknown sector %q", a.ID, a.Sector)})
		case seen[a.ID]:
			bad = append(bad, RowError{names[0], lines.Actors[i], fmt.Sprintf("actor %q appears twice", a.ID)})
		default:
			seen[a.ID] = true
			actors = append(actors, a)
		}
	}
	var outside []string
	for _, p := range net.Partnerships {
		for _, id := range []string{p.Source, p.Target} {
			if !seen[id] {
				outside = append(outside, id)
			}
		}
	}
	stored := map[string]*domain.Actor{}
	if len(outside) > 0 {
		if stored, err = st.ActorsByID(ctx, outside); err != nil {
			return Result{}, err
		}
	}
	tieSeen := map[string]bool{}
	var ties []domain.Partnership
	for i, p := range net.Partnerships {
		missing := ""
		for _, id := range []string{p.Source, p.Target} {
			if !seen[id] && stored[id] == nil {
				missing = id
			}
		}
		switch {
		case missing != "":
			bad = append(bad, RowError{names[1], lines.Partnerships[i], fmt.Sprintf("partnership %q: actor %q is neither in %s nor stored", p.ID, missing, names[0])})
		case tieSeen[p.ID]:
			bad = append(bad, RowError{names[1], lines.Partnerships[i], fmt.Sprintf("partnership %q appears twice", p.ID)})
		default:
			tieSeen[p.ID] = true
			ties = append(ties, p)
		}
	}
	// Projects a partnership names but the store lacks are created with their id as name (the
	// CSV pair carries no project details), so the reference survives a round trip.
	var projectIDs []string
	for _, p := range ties {
		if p.ProjectID != "" {
			projectIDs = append(projectIDs, p.ProjectID)
		}
	}
	var projects []domain.Project
	if len(projectIDs) > 0 {
		have, err := st.ProjectsByID(ctx, projectIDs)
		if err != nil {
			return Result{}, err
		}
		added := map[string]bool{}
		for _, id := range projectIDs {
			if added[id] {
				continue
			}
			added[id] = true
			if p := have[id]; p != nil {
				projects = append(projects, *p) // unchanged: the upsert rewrites the same values
			} else {
				projects = append(projects, domain.Project{ID: id, Name: id})
			}
		}
	}
	res := Result{Errors: bad}
	if len(bad) > 0 && !opts.SkipInvalid {
		return res, nil
	}
	written, err := st.ImportAtomic(ctx, domain.Network{Sectors: created, Actors: actors, Partnerships: ties, Projects: projects}, opts.BatchSize, opts.Progress)
	if err != nil {
		return res, err
	}
	res.ImportStats, res.Written = written, true
	return res, nil
}

// SectorCode derives a sector code from a label as a spreadsheet spells it: lower-case
// letters and digits, other runs as one '_', starting with a letter ("Non-profit org." →
// non_profit_org, "1st tier" → s_1st_tier); "" when nothing usable is left.
func SectorCode(label string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
		default:
			gap = true
		}
	}
	code := b.String()
	if code != "" && (code[0] < 'a' || code[0] > 'z') {
		code = "s_" + code
	}
	if len(code) > domain.MaxTypeLen {
		code = strings.TrimRight(code[:domain.MaxTypeLen], "_")
	}
	return code
}
