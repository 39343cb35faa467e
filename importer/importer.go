// Package importer reads networks from the CSV pair the exports write (actors.csv and
// partnerships.csv, the same columns), validates every row, and reports each bad row with its
// file, line and reason, so export → import round-trips and a bad file writes nothing.
package importer

import (
	"context"
	"fmt"
	"strings"

	"stakegraph/domain"
	"stakegraph/formats"
)

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
	Errors  []formats.RowError
}

// Import validates the rows, checks references (sectors, endpoints in the files or already
// stored, duplicate ids), and writes the network in one transaction of batched upserts by id —
// all of it or nothing, and importing twice changes nothing. Unless opts.SkipInvalid, any bad
// row means nothing is written.
func Import(ctx context.Context, st Store, net domain.Network, lines formats.Lines, bad []formats.RowError, names [2]string, opts Options) (Result, error) {
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
			bad = append(bad, formats.RowError{File: names[0], Line: lines.Actors[i], Reason: fmt.Sprintf("actor %q: unknown sector %q", a.ID, a.Sector)})
		case seen[a.ID]:
			bad = append(bad, formats.RowError{File: names[0], Line: lines.Actors[i], Reason: fmt.Sprintf("actor %q appears twice", a.ID)})
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
			bad = append(bad, formats.RowError{File: names[1], Line: lines.Partnerships[i], Reason: fmt.Sprintf("partnership %q: actor %q is neither in %s nor stored", p.ID, missing, names[0])})
		case tieSeen[p.ID]:
			bad = append(bad, formats.RowError{File: names[1], Line: lines.Partnerships[i], Reason: fmt.Sprintf("partnership %q appears twice", p.ID)})
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
