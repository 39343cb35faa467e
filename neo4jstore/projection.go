package neo4jstore

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// Loading the analytics projection: the whole network of a version read in parts by
// concurrent read transactions, checked to be one state, and merged into domain.GraphData.

// loadParts is how many read transactions LoadGraph runs at once, each over the actors
// (and their outgoing partnerships) whose node id falls in its residue class.
var loadParts = max(2, min(runtime.GOMAXPROCS(0), 8))

// loadChunk groups a part's rows by node id / loadChunk into one record: a few large records
// of parallel lists stream about twice as fast as one record per actor.
const loadChunk = 2000

// rawTie is a partnership as LoadGraph streams it, its endpoints still Neo4j node ids.
type rawTie struct {
	s, t  int64
	tie   domain.GraphTie
	typ   string
	ref   int64 // id(r), kept by structure-only loads
	attrs []any // the partnership attributes' values, in definition order
}

// loadPart is one part's share of the graph.
type loadPart struct {
	defs       []domain.AttributeDefinition
	actors     []domain.GraphActor
	actorAttrs [][]any // per actor, the actor attributes' values in definition order
	nodeIDs    []int64
	ties       []rawTie
	sectors    []domain.Sector
	projects   [][3]any // since, until, member node ids (part 0 only)
}

// LoadGraph reads the whole network for analytics, together with the graph version and the
// sectors: every actor (sorted by id) with the attributes filters use, every partnership
// with its type, weight, direction and dates, and every project with its period and
// participants. Analytics derive filtered slices from it in memory (domain.NetworkMatcher),
// so all of one version's slices agree.
//
// The read runs as loadParts transactions at once, each over a residue class of node ids
// and streaming a few large records of parallel lists. Each reads the graph version before
// and after its data. Neo4j's reads are read committed, so the data is exactly one state
// when all those versions are equal (no write committed from the first read to the last);
// otherwise the load runs again, up to loadAttempts times. Under a write load that never
// pauses for a whole load, the last attempt is kept and labelled with the smallest version
// its parts read first: the data holds every write of that version and maybe parts of later
// ones, and any operation that starts after a later write reads a newer version and loads
// again, so nobody misses a write they could know about.
func (s *Store) LoadGraph(ctx context.Context) (*domain.GraphData, error) {
	return s.loadGraph(ctx, true)
}

// LoadGraphStructure is LoadGraph without the partnerships' ids, types and dates, which
// cost about a third of the load and which most requests (any slice not selected by
// partnership type or date) do not need: the result's TieRefs lets LoadTieDetails add them
// at its version. When writes keep landing and the load falls back to its last attempt
// (see LoadGraph), that attempt reads everything, since details could not be matched later.
func (s *Store) LoadGraphStructure(ctx context.Context) (*domain.GraphData, error) {
	return s.loadGraph(ctx, false)
}

func (s *Store) loadGraph(ctx context.Context, details bool) (*domain.GraphData, error) {
	for attempt := 1; ; attempt++ {
		last := attempt == loadAttempts
		details := details || last
		parts, versions, err := readParts(ctx, s, func(tx neo4j.ManagedTransaction, part int) (*loadPart, error) {
			return s.loadPart(ctx, tx, part, loadParts, details)
		})
		if err != nil {
			return nil, err
		}
		if versions.oneState() || last {
			return mergeParts(parts, versions.oldest(), details), nil
		}
	}
}

// partVersions are the graph versions each part read before and after its data.
type partVersions struct{ before, after []int64 }

// oneState reports whether every part read the same version before and after its data: no
// write committed from the first read to the last, so the parts are one state.
func (pv partVersions) oneState() bool {
	for i := range pv.before {
		if pv.before[i] != pv.before[0] || pv.after[i] != pv.before[0] {
			return false
		}
	}
	return true
}

// oldest is the smallest version a part read before its data.
func (pv partVersions) oldest() int64 { return slices.Min(pv.before) }

// readParts runs read for parts 0 … loadParts−1 at once, each in its own read transaction
// between two reads of the graph version, and returns the parts' results and versions.
func readParts[T any](ctx context.Context, s *Store, read func(tx neo4j.ManagedTransaction, part int) (T, error)) ([]T, partVersions, error) {
	out := make([]T, loadParts)
	pv := partVersions{before: make([]int64, loadParts), after: make([]int64, loadParts)}
	errs := make([]error, loadParts)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = readTx(ctx, s, func(tx neo4j.ManagedTransaction) (T, error) {
				var zero T
				var err error
				if pv.before[i], err = s.readVersionTx(ctx, tx); err != nil {
					return zero, err
				}
				res, err := read(tx, i)
				if err != nil {
					return zero, err
				}
				pv.after[i], err = s.readVersionTx(ctx, tx)
				return res, err
			})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, pv, err
		}
	}
	return out, pv, nil
}

// loadAttempts bounds LoadGraph's reads while writes keep landing (see LoadGraph).
const loadAttempts = 2

// loadPart reads the actors, and their outgoing partnerships, whose node id ≡ part mod
// parts; part 0 also reads the sectors and the projects. Without details it reads each
// partnership's endpoints, weight, direction and id(r), not its id, type or dates.
func (s *Store) loadPart(ctx context.Context, tx neo4j.ManagedTransaction, part, parts int, details bool) (*loadPart, error) {
	p := &loadPart{}
	var err error
	params := map[string]any{"part": part, "parts": parts, "chunk": loadChunk}
	intern := map[string]string{}
	internOf := func(v any) string { // attributes repeat: share one copy of each value
		x := asString(v)
		if y, ok := intern[x]; ok {
			return y
		}
		intern[x] = x
		return x
	}
	if p.defs, err = s.definitions(ctx, tx); err != nil {
		return nil, err
	}
	actorDefs, tieDefs := attrLists(p.defs)
	// collect() drops nulls, so every optional property is coalesced to keep the lists aligned
	// (attribute values travel as one list per row, in which nulls stay).
	res, err := s.run(ctx, tx, `MATCH (a:Actor) WHERE id(a) % $parts = $part
		WITH id(a) / $chunk AS c, collect(a.id) AS ids, collect(id(a)) AS nids, collect(coalesce(a.name, '')) AS names,
			collect(coalesce(a.sector, '')) AS sectors, collect(coalesce(a.region, '')) AS regions,
			collect(coalesce(a.type, '')) AS types, collect(coalesce(a.kind, '')) AS kinds, collect(coalesce(a.tags, [])) AS tags,
			`+attrValues("a", actorDefs)+` AS attrs
		RETURN ids, nids, names, sectors, regions, types, kinds, tags, attrs`, params)
	if err != nil {
		return nil, err
	}
	for res.Next(ctx) {
		cols := lists(res.Record().Values)
		for i := range cols[0] {
			nid, _ := cols[1][i].(int64)
			a := domain.GraphActor{ID: asString(cols[0][i]), Name: asString(cols[2][i]), Sector: internOf(cols[3][i]),
				Region: internOf(cols[4][i]), Type: internOf(cols[5][i]), Kind: domain.ActorKind(internOf(cols[6][i]))}
			if tags, ok := cols[7][i].([]any); ok && len(tags) > 0 {
				a.Tags = make([]string, len(tags))
				for k, t := range tags {
					a.Tags[k] = internOf(t)
				}
			}
			p.actors, p.nodeIDs = append(p.actors, a), append(p.nodeIDs, nid)
			if len(actorDefs) > 0 {
				vals, _ := cols[8][i].([]any)
				p.actorAttrs = append(p.actorAttrs, vals)
			}
		}
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	if err := s.loadTies(ctx, tx, params, p, details, internOf, tieDefs); err != nil {
		return nil, err
	}
	if part != 0 {
		return p, nil
	}
	if p.sectors, err = s.sectors(ctx, tx); err != nil {
		return nil, err
	}
	res, err = s.run(ctx, tx, `MATCH (p:Project) OPTIONAL MATCH (a:Actor)-[:PARTICIPATES_IN]->(p)
		WITH p, collect(id(a)) AS members RETURN p.since AS since, p.until AS until, members`, nil)
	if err != nil {
		return nil, err
	}
	for res.Next(ctx) {
		v := res.Record().Values
		p.projects = append(p.projects, [3]any{v[0], v[1], v[2]})
	}
	return p, res.Err()
}

// loadTies reads a part's partnerships: endpoints, weight, direction and id(r), and with
// details their ids, types and dates too.
func (s *Store) loadTies(ctx context.Context, tx neo4j.ManagedTransaction, params map[string]any, p *loadPart, details bool, internOf func(any) string, tieDefs []domain.AttributeDefinition) error {
	cypher := `MATCH (s:Actor)-[r:PARTNERS_WITH]->(t:Actor) WHERE id(s) % $parts = $part
		WITH id(s) / $chunk AS c, collect(id(s)) AS ss, collect(id(t)) AS ts, collect(r.weight) AS ws,
			collect(coalesce(r.directed, false)) AS ds, collect(id(r)) AS rs, ` + attrValues("r", tieDefs) + ` AS attrs`
	if details {
		cypher += `, collect(coalesce(r.type, '')) AS tys, collect([r.since, r.until]) AS periods, collect(r.id) AS ids
		RETURN ss, ts, ws, ds, rs, attrs, tys, periods, ids`
	} else {
		cypher += `
		RETURN ss, ts, ws, ds, rs, attrs`
	}
	res, err := s.run(ctx, tx, cypher, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		cols := lists(res.Record().Values)
		for i := range cols[0] {
			sid, _ := cols[0][i].(int64)
			tid, _ := cols[1][i].(int64)
			w, _ := cols[2][i].(float64)
			d, _ := cols[3][i].(bool)
			ref, _ := cols[4][i].(int64)
			rt := rawTie{s: sid, t: tid, ref: ref, tie: domain.GraphTie{W: w, Directed: d, Since: domain.NoSince, Until: domain.NoUntil}}
			if len(tieDefs) > 0 {
				rt.attrs, _ = cols[5][i].([]any)
			}
			if details {
				period, _ := cols[7][i].([]any) // [since, until]: a lone null would vanish from collect()
				rt.typ, rt.tie.ID = internOf(cols[6][i]), asString(cols[8][i])
				rt.tie.Since, rt.tie.Until = dayOf(period[0], domain.NoSince), dayOf(period[1], domain.NoUntil)
			}
			p.ties = append(p.ties, rt)
		}
	}
	return res.Err()
}

// LoadTieDetails reads the ids, types and dates of a structure-only GraphData's ties
// (LoadGraphStructure), in parallel parts like LoadGraph. Errors: ECONFLICT when the network
// changed since g's version (its details are gone), EUNAVAIL, ETIMEOUT.
func (s *Store) LoadTieDetails(ctx context.Context, g *domain.GraphData) (*domain.TieDetails, error) {
	type row struct {
		ref          int64
		id, typ      string
		since, until int32
	}
	parts, versions, err := readParts(ctx, s, func(tx neo4j.ManagedTransaction, part int) ([]row, error) {
		res, err := s.run(ctx, tx, `MATCH (s:Actor)-[r:PARTNERS_WITH]->(:Actor) WHERE id(s) % $parts = $part
			WITH id(s) / $chunk AS c, collect(id(r)) AS rs, collect(coalesce(r.type, '')) AS tys,
				collect([r.since, r.until]) AS periods, collect(r.id) AS ids
			RETURN rs, tys, periods, ids`, map[string]any{"part": part, "parts": loadParts, "chunk": loadChunk})
		if err != nil {
			return nil, err
		}
		var rows []row
		for res.Next(ctx) {
			cols := lists(res.Record().Values)
			for k := range cols[0] {
				ref, _ := cols[0][k].(int64)
				period, _ := cols[2][k].([]any) // [since, until]: a lone null would vanish from collect()
				rows = append(rows, row{ref: ref, typ: asString(cols[1][k]), id: asString(cols[3][k]),
					since: dayOf(period[0], domain.NoSince), until: dayOf(period[1], domain.NoUntil)})
			}
		}
		return rows, res.Err()
	})
	if err != nil {
		return nil, err
	}
	changed := domain.Errorf(domain.ECONFLICT, "the network changed while this operation ran; send it again")
	if !versions.oneState() || versions.before[0] != g.Version {
		return nil, changed
	}
	n := len(g.TieRefs)
	index := make(map[int64]int32, n)
	for i, ref := range g.TieRefs {
		index[ref] = int32(i)
	}
	d := &domain.TieDetails{IDs: make([]string, n), Types: make([]int32, n), Since: make([]int32, n), Until: make([]int32, n)}
	typeIndex := map[string]int32{}
	seen := 0
	for _, rows := range parts {
		for _, r := range rows {
			i, ok := index[r.ref]
			if !ok {
				continue // a partnership whose endpoint the structure load did not see
			}
			k, ok := typeIndex[r.typ]
			if !ok {
				k = int32(len(d.TieTypes))
				typeIndex[r.typ] = k
				d.TieTypes = append(d.TieTypes, r.typ)
			}
			d.IDs[i], d.Types[i], d.Since[i], d.Until[i] = r.id, k, r.since, r.until
			seen++
		}
	}
	if seen != n {
		return nil, changed
	}
	return d, nil
}

// lists returns a record's values as lists (a non-list value as an empty one).
func lists(vals []any) [][]any {
	out := make([][]any, len(vals))
	for i, v := range vals {
		out[i], _ = v.([]any)
	}
	return out
}

// mergeParts joins the parts' actors (sorted by id, which gives vertex indices), ties (in
// part order, each part in store order) and projects into one GraphData.
func mergeParts(parts []*loadPart, version int64, details bool) *domain.GraphData {
	g := &domain.GraphData{Version: version, Sectors: parts[0].sectors, AttributeDefs: parts[0].defs}
	actorDefs, tieDefs := attrLists(g.AttributeDefs)
	type actorAt struct {
		part, i int
	}
	var order []actorAt
	for pi, p := range parts {
		for i := range p.actors {
			order = append(order, actorAt{pi, i})
		}
	}
	sort.Slice(order, func(a, b int) bool {
		return parts[order[a].part].actors[order[a].i].ID < parts[order[b].part].actors[order[b].i].ID
	})
	byNode := make(map[int64]int32, len(order))
	g.Actors = make([]domain.GraphActor, len(order))
	g.ActorAttrs = newColumns(actorDefs, len(order))
	for v, at := range order {
		g.Actors[v] = parts[at.part].actors[at.i]
		byNode[parts[at.part].nodeIDs[at.i]] = int32(v)
		if len(actorDefs) > 0 {
			setRow(g.ActorAttrs, v, parts[at.part].actorAttrs[at.i])
		}
	}
	typeIndex := map[string]int32{}
	n := 0
	for _, p := range parts {
		n += len(p.ties)
	}
	g.Ties = make([]domain.GraphTie, 0, n)
	var tieVals [][]any
	for _, p := range parts {
		for _, rt := range p.ties {
			u, ok1 := byNode[rt.s]
			v, ok2 := byNode[rt.t]
			if !ok1 || !ok2 {
				continue // an endpoint created after its part read the actors
			}
			k, ok := typeIndex[rt.typ]
			if !ok {
				k = int32(len(g.TieTypes))
				typeIndex[rt.typ] = k
				g.TieTypes = append(g.TieTypes, rt.typ)
			}
			t := rt.tie
			t.U, t.V, t.Type = u, v, k
			g.Ties = append(g.Ties, t)
			if len(tieDefs) > 0 {
				tieVals = append(tieVals, rt.attrs)
			}
			if !details {
				g.TieRefs = append(g.TieRefs, rt.ref)
			}
		}
	}
	g.TieAttrs = newColumns(tieDefs, len(g.Ties))
	for i, vals := range tieVals {
		setRow(g.TieAttrs, i, vals)
	}
	for _, pr := range parts[0].projects {
		p := domain.GraphProject{Since: dayOf(pr[0], domain.NoSince), Until: dayOf(pr[1], domain.NoUntil)}
		ms, _ := pr[2].([]any)
		for _, m := range ms {
			nid, _ := m.(int64)
			if v, ok := byNode[nid]; ok {
				p.Members = append(p.Members, v)
			}
		}
		if len(p.Members) > 1 {
			g.Projects = append(g.Projects, p)
		}
	}
	return g
}
