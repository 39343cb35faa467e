package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// ImportStats reports what an import wrote.
type ImportStats = domain.ImportStats

// ImportNetwork upserts a whole network by id in batched UNWIND transactions of batchSize
// rows: importing the same network twice changes nothing, not even the version. Each batch is
// one write transaction and bumps the graph version once when it changed anything, so a
// failure midway keeps the batches written before it (see ImportAtomic). The network is
// validated first, so a
// bad network writes nothing (Errors: EINVALID, ENOTFOUND). progress, when not nil, is called
// after each batch with the partnerships written so far.
func (s *Store) ImportNetwork(ctx context.Context, n domain.Network, batchSize int, progress func(done, total int)) (ImportStats, error) {
	return s.importNetwork(ctx, n, batchSize, progress, false)
}

// ImportAtomic is ImportNetwork in one write transaction: the whole network becomes visible
// at once or not at all — a failure, a cancellation or a crash midway writes nothing. The
// transaction holds the whole network, so it suits files of up to a few hundred thousand rows
// (imports through the API and the import command); generate uses ImportNetwork.
func (s *Store) ImportAtomic(ctx context.Context, n domain.Network, batchSize int, progress func(done, total int)) (ImportStats, error) {
	return s.importNetwork(ctx, n, batchSize, progress, true)
}

func (s *Store) importNetwork(ctx context.Context, n domain.Network, batchSize int, progress func(done, total int), atomic bool) (ImportStats, error) {
	var st ImportStats
	if batchSize <= 0 {
		batchSize = 5000
	}
	known, err := s.Sectors(ctx)
	if err != nil {
		return st, err
	}
	knownCodes := make(map[string]bool, len(known))
	for _, k := range known {
		knownCodes[k.Code] = true
	}
	// Endpoints may be actors already stored rather than in the network.
	inNetwork := make(map[string]bool, len(n.Actors))
	for _, a := range n.Actors {
		inNetwork[a.ID] = true
	}
	var outside []string
	for _, p := range n.Partnerships {
		for _, id := range []string{p.Source, p.Target} {
			if !inNetwork[id] {
				outside = append(outside, id)
			}
		}
	}
	stored := map[string]bool{}
	if len(outside) > 0 {
		found, err := s.ActorsByID(ctx, outside)
		if err != nil {
			return st, err
		}
		for id := range found {
			stored[id] = true
		}
	}
	if err := n.Validate(knownCodes, stored); err != nil {
		return st, err
	}

	sectorRows := make([]any, len(n.Sectors))
	for i, sec := range n.Sectors {
		sectorRows[i] = map[string]any{"code": sec.Code, "label": sec.Label, "color": nullIfEmpty(sec.Color)}
	}
	actorRows := make([]any, len(n.Actors))
	for i, a := range n.Actors {
		actorRows[i] = map[string]any{"id": a.ID, "props": map[string]any{
			"name": a.Name, "sector": a.Sector, "kind": string(a.Kind), "type": nullIfEmpty(a.Type),
			"region": nullIfEmpty(a.Region), "description": nullIfEmpty(a.Description), "tags": listParam(a.Tags),
		}}
	}
	projectRows := make([]any, len(n.Projects))
	for i, p := range n.Projects {
		projectRows[i] = map[string]any{"id": p.ID, "props": map[string]any{
			"name": p.Name, "description": nullIfEmpty(p.Description), "since": dateParam(p.Since), "until": dateParam(p.Until),
		}}
	}
	relRows := make([]any, len(n.Partnerships))
	for i := range n.Partnerships {
		p := &n.Partnerships[i]
		props := partnershipProps(p)
		delete(props, "id")
		delete(props, "createdBy") // set on creation only, to the importing identity
		relRows[i] = map[string]any{"id": p.ID, "source": p.Source, "target": p.Target, "props": props}
	}
	partRows := make([]any, len(n.Participations))
	for i, pp := range n.Participations {
		partRows[i] = map[string]any{"actor": pp.ActorID, "project": pp.ProjectID, "role": nullIfEmpty(pp.Role)}
	}

	steps := []struct {
		rows   []any
		cypher string
	}{
		{sectorRows, `UNWIND $rows AS row MERGE (s:Sector {code: row.code})
			ON CREATE SET s.label = row.label, s.color = row.color`},
		// Each statement sets only what differs from what is stored, so an import of data
		// already there writes nothing and keeps the graph version (and every cache).
		{actorRows, `UNWIND $rows AS row MERGE (a:Actor {id: row.id})
			ON CREATE SET a.createdAt = datetime(), a.createdBy = $by
			WITH a, row WHERE a.updatedAt IS NULL OR ` + differs("a", "row.props") + `
			SET a += row.props, a.updatedAt = datetime(), a.updatedBy = $by`},
		{projectRows, `UNWIND $rows AS row MERGE (p:Project {id: row.id}) ON CREATE SET p.createdBy = $by
			WITH p, row WHERE ` + differs("p", "row.props") + ` SET p += row.props, p.updatedBy = $by`},
		{relRows, `UNWIND $rows AS row
			MATCH (s:Actor {id: row.source}), (t:Actor {id: row.target})
			MERGE (s)-[r:PARTNERS_WITH {id: row.id}]->(t) ON CREATE SET r.createdBy = $by
			WITH r, row WHERE ` + differs("r", "row.props") + ` SET r += row.props, r.updatedBy = $by`},
		{partRows, `UNWIND $rows AS row
			MATCH (a:Actor {id: row.actor}), (p:Project {id: row.project})
			MERGE (a)-[r:PARTICIPATES_IN]->(p)
			WITH r, row WHERE NOT coalesce(r.role = row.role, (r.role IS NULL) = (row.role IS NULL))
			SET r.role = row.role`},
	}
	by := domain.IdentityFrom(ctx).Name
	counts := []*int{nil, &st.Actors, &st.Projects, &st.Partnerships, &st.Participations}
	// write sends one batch of a step's rows in tx.
	write := func(tx neo4j.ManagedTransaction, i, lo, hi int) error {
		_, err := s.run(ctx, tx, steps[i].cypher, map[string]any{"rows": steps[i].rows[lo:hi], "by": by})
		return err
	}
	done := func(i, lo, hi int) {
		st.Batches++
		if counts[i] != nil {
			*counts[i] += hi - lo
		}
		if progress != nil && i == 3 {
			progress(st.Partnerships, len(relRows))
		}
	}
	if atomic {
		// One write transaction: the import becomes visible completely or not at all, and a
		// crash or a cancellation midway leaves nothing behind. (A retried transaction starts
		// its counts again.)
		return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (ImportStats, error) {
			st = ImportStats{}
			for i := range steps {
				for lo := 0; lo < len(steps[i].rows); lo += batchSize {
					if err := ctx.Err(); err != nil {
						return st, err
					}
					hi := min(lo+batchSize, len(steps[i].rows))
					if err := write(tx, i, lo, hi); err != nil {
						return st, err
					}
					done(i, lo, hi)
				}
			}
			return st, nil
		})
	}
	for i := range steps {
		for lo := 0; lo < len(steps[i].rows); lo += batchSize {
			hi := min(lo+batchSize, len(steps[i].rows))
			if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
				return true, write(tx, i, lo, hi)
			}); err != nil {
				return st, err
			}
			done(i, lo, hi)
		}
	}
	return st, nil
}
