package neo4jstore

import (
	"context"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"stakegraph/domain"
)

// networkActorClauses are the actor conditions of a NetworkFilter on variable v ("a", "s" or
// "t"), with parameters shared by every variable. Clause texts are fixed per variable.
func networkActorClauses(f domain.NetworkFilter, v string, params map[string]any) []string {
	var c []string
	if len(f.Sectors) > 0 {
		c = append(c, v+".sector IN $sectors")
		params["sectors"] = f.Sectors
	}
	if len(f.Regions) > 0 {
		c = append(c, v+".region IN $regions")
		params["regions"] = f.Regions
	}
	if len(f.ActorTypes) > 0 {
		c = append(c, v+".type IN $actorTypes")
		params["actorTypes"] = f.ActorTypes
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		c = append(c, v+".kind IN $kinds")
		params["kinds"] = kinds
	}
	if len(f.Tags) > 0 {
		c = append(c, "any(x IN coalesce("+v+".tags, []) WHERE x IN $tags)")
		params["tags"] = f.Tags
	}
	if f.Search != "" {
		c = append(c, "toLower("+v+".name) CONTAINS $search")
		params["search"] = strings.ToLower(f.Search)
	}
	return c
}

// activeClauses are the time conditions on variable v (a partnership or a project).
func activeClauses(f domain.NetworkFilter, v string, params map[string]any) []string {
	var c []string
	if f.AsOf != nil {
		params["asOf"] = dateParam(f.AsOf)
		c = append(c, "("+v+".since IS NULL OR "+v+".since <= $asOf)", "("+v+".until IS NULL OR "+v+".until >= $asOf)")
	}
	if f.To != nil {
		params["to"] = dateParam(f.To)
		c = append(c, "("+v+".since IS NULL OR "+v+".since <= $to)")
	}
	if f.From != nil {
		params["from"] = dateParam(f.From)
		c = append(c, "("+v+".until IS NULL OR "+v+".until >= $from)")
	}
	return c
}

// partnershipClauses are a NetworkFilter's conditions on a partnership `r`: type, minimum
// weight and time.
func partnershipClauses(f domain.NetworkFilter, params map[string]any) []string {
	var c []string
	if len(f.PartnershipTypes) > 0 {
		c = append(c, "r.type IN $partnershipTypes")
		params["partnershipTypes"] = f.PartnershipTypes
	}
	if f.MinWeight != nil {
		c = append(c, "r.weight >= $minWeight")
		params["minWeight"] = *f.MinWeight
	}
	return append(c, activeClauses(f, "r", params)...)
}

// LoadGraph reads the whole network for analytics in one read transaction, together with
// the graph version and the sectors as of that transaction: every actor (sorted by id) with
// the attributes filters use, every partnership with its type, weight, direction and dates,
// and every project with its period and participants. Analytics derive filtered slices from
// it in memory (domain.NetworkMatcher), so all of one version's slices agree.
func (s *Store) LoadGraph(ctx context.Context) (*domain.GraphData, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.GraphData, error) {
		g := &domain.GraphData{}
		rec, err := s.single(ctx, tx, `MATCH (m:GraphMeta {id: $id}) RETURN m.version AS v`, map[string]any{"id": graphMetaID})
		if err != nil {
			return nil, err
		}
		if rec != nil {
			v, _ := rec.Get("v")
			g.Version, _ = v.(int64)
		}
		if g.Sectors, err = s.sectors(ctx, tx); err != nil {
			return nil, err
		}

		// Node ids (id(), deprecated in Neo4j 5 but stable within a transaction) key the
		// endpoints: integers decode and hash faster than the string ids.
		res, err := s.run(ctx, tx, `MATCH (a:Actor) RETURN a.id AS id, id(a) AS nid, a.name AS name, a.sector AS sector,
			a.region AS region, a.type AS type, a.kind AS kind, a.tags AS tags ORDER BY id`, nil)
		if err != nil {
			return nil, err
		}
		byNode := map[int64]int32{}
		intern := map[string]string{}
		internOf := func(v any) string { // attributes repeat: share one copy of each value
			x := asString(v)
			if y, ok := intern[x]; ok {
				return y
			}
			intern[x] = x
			return x
		}
		for res.Next(ctx) {
			vals := res.Record().Values
			nid, _ := vals[1].(int64)
			byNode[nid] = int32(len(g.Actors))
			a := domain.GraphActor{ID: asString(vals[0]), Name: asString(vals[2]), Sector: internOf(vals[3]),
				Region: internOf(vals[4]), Type: internOf(vals[5]), Kind: domain.ActorKind(internOf(vals[6]))}
			if tags, ok := vals[7].([]any); ok && len(tags) > 0 {
				a.Tags = make([]string, len(tags))
				for i, t := range tags {
					a.Tags[i] = internOf(t)
				}
			}
			g.Actors = append(g.Actors, a)
		}
		if err := res.Err(); err != nil {
			return nil, err
		}

		// One record per source actor with its ties as parallel lists: about four times
		// faster to stream than one record per partnership.
		res, err = s.run(ctx, tx, `MATCH (s:Actor)-[r:PARTNERS_WITH]->(t:Actor)
			RETURN id(s) AS s, collect(id(t)) AS t, collect(r.weight) AS w, collect(r.directed) AS d,
			collect(coalesce(r.type, '')) AS ty, collect([r.since, r.until]) AS period, collect(r.id) AS ids`, nil)
		if err != nil {
			return nil, err
		}
		typeIndex := map[string]int32{}
		for res.Next(ctx) {
			vals := res.Record().Values
			sid, _ := vals[0].(int64)
			u, ok := byNode[sid]
			if !ok {
				continue
			}
			ts, _ := vals[1].([]any)
			ws, _ := vals[2].([]any)
			ds, _ := vals[3].([]any)
			tys, _ := vals[4].([]any)
			periods, _ := vals[5].([]any) // [since, until] pairs: collect() would drop a lone null
			tieIDs, _ := vals[6].([]any)
			for i, tv := range ts {
				tid, _ := tv.(int64)
				v, ok := byNode[tid]
				if !ok {
					continue
				}
				ty := asString(tys[i])
				k, ok := typeIndex[ty]
				if !ok {
					k = int32(len(g.TieTypes))
					typeIndex[ty] = k
					g.TieTypes = append(g.TieTypes, ty)
				}
				w, _ := ws[i].(float64)
				d, _ := ds[i].(bool)
				period, _ := periods[i].([]any)
				g.Ties = append(g.Ties, domain.GraphTie{ID: asString(tieIDs[i]), U: u, V: v, W: w, Directed: d, Type: k,
					Since: dayOf(period[0], domain.NoSince), Until: dayOf(period[1], domain.NoUntil)})
			}
		}
		if err := res.Err(); err != nil {
			return nil, err
		}

		res, err = s.run(ctx, tx, `MATCH (p:Project) OPTIONAL MATCH (a:Actor)-[:PARTICIPATES_IN]->(p)
			WITH p, collect(id(a)) AS members RETURN p.since AS since, p.until AS until, members`, nil)
		if err != nil {
			return nil, err
		}
		for res.Next(ctx) {
			vals := res.Record().Values
			p := domain.GraphProject{Since: dayOf(vals[0], domain.NoSince), Until: dayOf(vals[1], domain.NoUntil)}
			ms, _ := vals[2].([]any)
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
		return g, res.Err()
	})
}

// dayOf converts a stored DATE to a day number; null gives def (an open bound).
func dayOf(v any, def int32) int32 {
	switch d := v.(type) {
	case dbtype.Date:
		return domain.DayOf(d.Time())
	case time.Time:
		return domain.DayOf(d)
	}
	return def
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

// ActorIDs returns the ids of the actors matching f, for intersecting with analytics rankings.
func (s *Store) ActorIDs(ctx context.Context, f domain.ActorFilter) (map[string]bool, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	params := map[string]any{}
	cypher := "MATCH (a:Actor) " + where(actorFilterClauses(f, params)) + " RETURN a.id AS id"
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]bool, error) {
		res, err := s.run(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := map[string]bool{}
		for res.Next(ctx) {
			out[asString(res.Record().Values[0])] = true
		}
		return out, res.Err()
	})
}

// PartnershipsBetween returns, for each consecutive pair of actors on a path, the strongest
// partnership joining them that passes f's partnership conditions (types, minWeight, time)
// and, for a DIRECTED filter, runs from the first to the second (or is mutual). Pairs joined
// only by project co-participation have no entry.
func (s *Store) PartnershipsBetween(ctx context.Context, pairs [][2]string, f domain.NetworkFilter) (map[[2]string]*domain.Partnership, error) {
	params := map[string]any{}
	clauses := partnershipClauses(f, params)
	if f.Direction == domain.Directed {
		clauses = append(clauses, "(r.directed = false OR startNode(r) = a)")
	}
	rows := make([]any, len(pairs))
	for i, p := range pairs {
		rows[i] = map[string]any{"a": p[0], "b": p[1]}
	}
	params["pairs"] = rows
	cypher := `UNWIND $pairs AS pair
		MATCH (a:Actor {id: pair.a})-[r:PARTNERS_WITH]-(b:Actor {id: pair.b}) ` + where(clauses) + `
		WITH pair, r ORDER BY r.weight DESC, r.id
		WITH pair, collect(r)[0] AS r ` + partnershipReturn + `, pair.a AS pa, pair.b AS pb`
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[[2]string]*domain.Partnership, error) {
		recs, err := s.collect(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := make(map[[2]string]*domain.Partnership, len(recs))
		for _, rec := range recs {
			pa, _ := rec.Get("pa")
			pb, _ := rec.Get("pb")
			out[[2]string{asString(pa), asString(pb)}] = partnershipFrom(rec)
		}
		return out, nil
	})
}

// StreamNetwork reads the slice f selects in one read transaction and hands each actor, then
// each partnership between kept actors, to the callbacks as it streams from Neo4j (exports
// use it to write files of any size without holding them). The transaction is explicit, not
// managed: a retry after output has been written would duplicate it, so a failure is
// returned instead. Project co-participation ties are not partnerships and are not streamed.
func (s *Store) StreamNetwork(ctx context.Context, f domain.NetworkFilter, actor func(*domain.Actor) error, tie func(*domain.Partnership) error) error {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return translate(ctx, err)
	}
	defer tx.Close(ctx)
	stream := func(cypher string, params map[string]any, each func(*neo4j.Record) error) error {
		s.reads.Add(1)
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return translate(ctx, err)
		}
		for res.Next(ctx) {
			if err := each(res.Record()); err != nil {
				return err
			}
		}
		return translate(ctx, res.Err())
	}
	params := map[string]any{}
	if err := stream(`MATCH (a:Actor) `+where(networkActorClauses(f, "a", params))+` RETURN a{.*} AS a ORDER BY a.id`, params,
		func(r *neo4j.Record) error { return actor(actorFrom(recordMap(r, "a"))) }); err != nil {
		return err
	}
	params = map[string]any{}
	clauses := networkActorClauses(f, "s", params)
	clauses = append(clauses, networkActorClauses(f, "t", params)...)
	clauses = append(clauses, partnershipClauses(f, params)...)
	if err := stream(`MATCH (s:Actor)-[r:PARTNERS_WITH]->(t:Actor) `+where(clauses)+` `+partnershipReturn, params,
		func(r *neo4j.Record) error { return tie(partnershipFrom(r)) }); err != nil {
		return err
	}
	return translate(ctx, tx.Commit(ctx))
}

// GraphSize counts actors and partnerships in one statement (Neo4j answers both from its
// count store), for cost estimates.
func (s *Store) GraphSize(ctx context.Context) (actors, ties int, err error) {
	type size struct{ n, m int }
	sz, err := readQuery(ctx, s, `CALL { MATCH (a:Actor) RETURN count(a) AS n } CALL { MATCH ()-[r:PARTNERS_WITH]->() RETURN count(r) AS m } RETURN n, m`,
		nil, func(recs []*neo4j.Record) (size, error) {
			if len(recs) == 0 {
				return size{}, nil
			}
			return size{recordInt(recs[0], "n"), recordInt(recs[0], "m")}, nil
		})
	return sz.n, sz.m, err
}
