package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// Streaming reads of a slice: the actors a filter selects, partnerships between path
// actors, the whole slice for exports, and the graph's size.

// ActorIDs returns the ids of the actors matching f, for intersecting with analytics rankings.
func (s *Store) ActorIDs(ctx context.Context, f domain.ActorFilter) (map[string]bool, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if err := s.resolveConditions(ctx, "filter.attributes", f.Attributes, domain.TargetActor); err != nil {
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
	if err := s.resolveNetwork(ctx, &f); err != nil {
		return nil, err
	}
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
		WITH pair, r ORDER BY ` + weightOf(f) + ` DESC, r.id
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
	if err := s.resolveNetwork(ctx, &f); err != nil {
		return err
	}
	ctx, done, err := s.enter(ctx)
	if err != nil {
		return err
	}
	defer done()
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx, withTxTimeout(ctx))
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
