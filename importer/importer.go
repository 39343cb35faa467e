// Package importer reads networks from the CSV pair the exports write (actors.csv and
// partnerships.csv, the same columns), validates every row, and reports each bad row with its
// file, line and reason, so export → import round-trips and a bad file writes nothing.
package importer

import (
	"context"

	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/network"
)

// Store is what an import needs: the atomic import, which checks the references (sectors,
// endpoints, projects, ids that appear twice) in its own write transaction.
type Store interface {
	ImportAtomic(ctx context.Context, n domain.Network, o domain.ImportOptions) (domain.ImportResult, error)
}

// Options tune an import.
type Options struct {
	SkipInvalid bool // import the good rows and report the bad ones (default: write nothing if any row is bad)
	// CreateSectors maps a sector given as a label ("Non-profit org.") to the stored sector
	// with that code or label (ignoring case), creating missing ones with a code derived from
	// the label and the label as written.
	CreateSectors bool
	// DefineAttributes defines the attributes of columns (or JSON attributes) that are not
	// defined yet, from their declared or inferred types.
	DefineAttributes bool
	BatchSize        int
	Progress         func(done, total int)
}

// Result reports an import.
type Result struct {
	domain.ImportStats
	Written bool
	Errors  []formats.RowError
}

// Import hands the rows a reader parsed to the store, which checks their references (sectors,
// endpoints in the files or already stored, duplicate ids) and writes them in one transaction
// of batched upserts by id — all of it or nothing, and importing twice changes nothing. bad
// are the rows the reader already rejected; every rejected row is reported with its file
// (names: the actors' and the partnerships') and line. Unless opts.SkipInvalid, any bad row
// means nothing is written (the references are still checked, so every bad row is reported
// at once). Projects a partnership names but the store lacks are created with their id as
// name, so the reference survives a round trip.
func Import(ctx context.Context, st Store, net domain.Network, lines formats.Lines, bad []formats.RowError, names [2]string, opts Options) (Result, error) {
	out, err := st.ImportAtomic(ctx, net, domain.ImportOptions{
		BatchSize: opts.BatchSize, Progress: opts.Progress, SkipInvalid: opts.SkipInvalid, CreateSectors: opts.CreateSectors,
		DefineAttributes: opts.DefineAttributes,
		CreateProjects:   true, CheckOnly: len(bad) > 0 && !opts.SkipInvalid,
	})
	res := Result{ImportStats: out.ImportStats, Written: out.Written, Errors: bad}
	network.MeterOf(ctx).Add(rowValues(net))
	for _, r := range out.Rejected {
		e := formats.RowError{Reason: r.Reason}
		switch r.Kind {
		case domain.RowActor:
			e.File, e.Line = names[0], lines.Actors[r.Index]
		case domain.RowPartnership:
			e.File, e.Line = names[1], lines.Partnerships[r.Index]
		case domain.RowAttribute:
			e.File, e.Line = names[r.Index], 1
		}
		res.Errors = append(res.Errors, e)
	}
	return res, err
}

// rowValues counts the values of the rows an import parsed, checked and handed to the store
// (the work network.Meter counts for it; the cost model prices analytics.ImportCost).
func rowValues(net domain.Network) int {
	n := 2*len(net.Sectors) + 3*(len(net.Projects)+len(net.Participations))
	for _, a := range net.Actors {
		n += 8 + len(a.Attributes)
	}
	for _, p := range net.Partnerships {
		n += 10 + len(p.Attributes)
	}
	return n
}
