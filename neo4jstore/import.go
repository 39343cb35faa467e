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
// failure midway keeps the batches written before it (see ImportAtomic). The network's
// references are checked first (domain.Network.Resolve), so a bad network writes nothing
// (Errors: EINVALID, ENOTFOUND: the first rejected row). progress, when not nil, is called
// after each batch with the partnerships written so far. The attributes the network declares
// are defined when missing (generated and demo data; user files go through ImportAtomic).
func (s *Store) ImportNetwork(ctx context.Context, n domain.Network, batchSize int, progress func(done, total int)) (ImportStats, error) {
	res, err := s.importNetwork(ctx, n, domain.ImportOptions{BatchSize: batchSize, Progress: progress, DefineAttributes: true}, false)
	res, err = s.indexNewAttributes(ctx, res, err)
	if err == nil {
		err = domain.FirstRejected(res.Rejected)
	}
	return res.ImportStats, err
}

// ImportAtomic is ImportNetwork in one write transaction: the whole network becomes visible
// at once or not at all — a failure, a cancellation or a crash midway writes nothing. The
// reference check (domain.Network.Resolve) runs in that transaction, on what it reads, so no
// write can land between the check and the write (an endpoint deleted meanwhile would leave
// its partnership unwritten yet counted). Rejected rows are reported; unless o.SkipInvalid
// any of them means nothing is written, and o.CheckOnly writes nothing at all. The
// transaction holds the whole network, so it suits files of up to a few hundred thousand rows
// (imports through the API and the import command); generate uses ImportNetwork.
func (s *Store) ImportAtomic(ctx context.Context, n domain.Network, o domain.ImportOptions) (domain.ImportResult, error) {
	res, err := s.importNetwork(ctx, n, o, true)
	return s.indexNewAttributes(ctx, res, err)
}

// indexNewAttributes creates the indexes of the attributes an import defined (schema changes
// run after the import's own transactions).
func (s *Store) indexNewAttributes(ctx context.Context, res domain.ImportResult, err error) (domain.ImportResult, error) {
	if err != nil || res.Attributes == 0 {
		return res, err
	}
	defs, err := s.AttributeDefinitions(ctx)
	if err == nil {
		err = s.ensureAttributeIndexes(ctx, defs)
	}
	return res, err
}

// stored reads in tx what n's references resolve against (domain.Stored): the sectors, and
// which of the actors and projects n names without holding are stored.
func (s *Store) stored(ctx context.Context, tx neo4j.ManagedTransaction, n *domain.Network) (domain.Stored, error) {
	var st domain.Stored
	var err error
	if st.Sectors, err = s.sectors(ctx, tx); err != nil {
		return st, err
	}
	actors, projects := n.Outside()
	ids := func(cypher string, ids []string) (map[string]bool, error) {
		found := map[string]bool{}
		if len(ids) == 0 {
			return found, nil
		}
		recs, err := s.collect(ctx, tx, cypher, map[string]any{"ids": ids})
		for _, r := range recs {
			found[asString(r.Values[0])] = true
		}
		return found, err
	}
	if st.Actors, err = ids(`MATCH (a:Actor) WHERE a.id IN $ids RETURN a.id`, actors); err != nil {
		return st, err
	}
	if st.Projects, err = ids(`MATCH (p:Project) WHERE p.id IN $ids RETURN p.id`, projects); err != nil {
		return st, err
	}
	st.Attributes, err = s.definitions(ctx, tx)
	return st, err
}

func (s *Store) importNetwork(ctx context.Context, n domain.Network, o domain.ImportOptions, atomic bool) (domain.ImportResult, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = 5000
	}
	type checked struct {
		plan     domain.Network
		rejected []domain.Rejected
	}
	check := func(tx neo4j.ManagedTransaction) (checked, error) {
		st, err := s.stored(ctx, tx, &n)
		if err != nil {
			return checked{}, err
		}
		plan, rejected := n.Resolve(st, o)
		return checked{plan, rejected}, nil
	}
	stop := func(c checked) bool { return o.CheckOnly || len(c.rejected) > 0 && !o.SkipInvalid }
	if atomic && !o.CheckOnly {
		// One write transaction: the import becomes visible completely or not at all, and a
		// crash or a cancellation midway leaves nothing behind. (A retried transaction checks
		// and counts again.)
		return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (domain.ImportResult, error) {
			c, err := check(tx)
			if err != nil || stop(c) {
				return domain.ImportResult{Rejected: c.rejected}, err
			}
			steps := importSteps(c.plan)
			res := domain.ImportResult{Rejected: c.rejected, Written: true}
			for i := range steps {
				for lo := 0; lo < len(steps[i].rows); lo += o.BatchSize {
					if err := ctx.Err(); err != nil {
						return res, err
					}
					hi := min(lo+o.BatchSize, len(steps[i].rows))
					if err := s.writeStep(ctx, tx, steps[i], lo, hi); err != nil {
						return res, err
					}
					res.ImportStats = steps.done(res.ImportStats, i, lo, hi, o.Progress)
				}
			}
			return res, nil
		})
	}
	// The check in a read transaction, then each batch in a write transaction of its own.
	c, err := readTx(ctx, s, check)
	if err != nil || stop(c) {
		return domain.ImportResult{Rejected: c.rejected}, err
	}
	steps := importSteps(c.plan)
	res := domain.ImportResult{Rejected: c.rejected}
	for i := range steps {
		for lo := 0; lo < len(steps[i].rows); lo += o.BatchSize {
			hi := min(lo+o.BatchSize, len(steps[i].rows))
			if _, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
				return true, s.writeStep(ctx, tx, steps[i], lo, hi)
			}); err != nil {
				return res, err
			}
			res.ImportStats = steps.done(res.ImportStats, i, lo, hi, o.Progress)
		}
	}
	res.Written = true
	return res, nil
}

// importStep is one kind of row of an import and the statement that upserts a batch of them.
type importStep struct {
	rows   []any
	cypher string
}

// steps are an import's steps in order: attribute definitions, sectors, actors, projects,
// partnerships, participations.
type steps []importStep

// writeStep upserts rows[lo:hi] of step in tx, as the importing identity.
func (s *Store) writeStep(ctx context.Context, tx neo4j.ManagedTransaction, step importStep, lo, hi int) error {
	_, err := s.run(ctx, tx, step.cypher, map[string]any{"rows": step.rows[lo:hi], "by": domain.IdentityFrom(ctx).Name})
	return err
}

// done counts a written batch of step i in st and reports the partnerships' progress.
func (ss steps) done(st ImportStats, i, lo, hi int, progress func(done, total int)) ImportStats {
	st.Batches++
	switch i {
	case 0:
		st.Attributes += hi - lo
	case 2:
		st.Actors += hi - lo
	case 3:
		st.Projects += hi - lo
	case 4:
		st.Partnerships += hi - lo
		if progress != nil {
			progress(st.Partnerships, len(ss[4].rows))
		}
	case 5:
		st.Participations += hi - lo
	}
	return st
}

// importSteps turns a checked network into its upsert steps.
func importSteps(n domain.Network) steps {
	sectorRows := make([]any, len(n.Sectors))
	for i, sec := range n.Sectors {
		sectorRows[i] = map[string]any{"code": sec.Code, "label": sec.Label, "color": nullIfEmpty(sec.Color)}
	}
	defRows := make([]any, len(n.Attributes))
	for i, d := range n.Attributes {
		defRows[i] = map[string]any{"key": definitionKey(d.Target, d.Name), "name": d.Name, "target": string(d.Target),
			"type": string(d.Type), "label": nullIfEmpty(d.Label), "description": nullIfEmpty(d.Description)}
	}
	actorRows := make([]any, len(n.Actors))
	for i, a := range n.Actors {
		// Attributes are merged: an import sets the values it carries and leaves the others.
		actorRows[i] = map[string]any{"id": a.ID, "props": attrProps(a.Attributes, map[string]any{
			"name": a.Name, "sector": a.Sector, "kind": string(a.Kind), "type": nullIfEmpty(a.Type),
			"region": nullIfEmpty(a.Region), "description": nullIfEmpty(a.Description), "tags": listParam(a.Tags),
		})}
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

	return steps{
		{defRows, `UNWIND $rows AS row MERGE (d:AttributeDefinition {key: row.key})
			ON CREATE SET d.name = row.name, d.target = row.target, d.type = row.type, d.label = row.label, d.description = row.description`},
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
}
