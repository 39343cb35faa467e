package neo4jstore

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

func actorFrom(m map[string]any) *domain.Actor {
	return &domain.Actor{
		ID:          str(m, "id"),
		Name:        str(m, "name"),
		Sector:      str(m, "sector"),
		Kind:        domain.ActorKind(str(m, "kind")),
		Type:        str(m, "type"),
		Region:      str(m, "region"),
		Description: str(m, "description"),
		Tags:        strs(m, "tags"),
		CreatedAt:   timeOf(m, "createdAt"),
		UpdatedAt:   timeOf(m, "updatedAt"),
		CreatedBy:   str(m, "createdBy"),
		UpdatedBy:   str(m, "updatedBy"),
		Attributes:  attributesOf(m),
	}
}

// ActorsByID returns the actors with the given ids; missing ids are absent from the map. One
// query however many ids: the dataloader batches through it.
func (s *Store) ActorsByID(ctx context.Context, ids []string) (map[string]*domain.Actor, error) {
	return readQuery(ctx, s, `MATCH (a:Actor) WHERE a.id IN $ids RETURN a{.*} AS a`, map[string]any{"ids": ids},
		func(recs []*neo4j.Record) (map[string]*domain.Actor, error) {
			out := make(map[string]*domain.Actor, len(recs))
			for _, r := range recs {
				a := actorFrom(recordMap(r, "a"))
				out[a.ID] = a
			}
			return out, nil
		})
}

// actorFilterClauses turns an actor filter into Cypher conditions on `a` (see actorClauses).
func actorFilterClauses(f domain.ActorFilter, params map[string]any) []string {
	return actorClauses(f.Selector(), "a", params)
}

// actorKeyset holds the Cypher fragments for one sort order. They are chosen from this fixed
// table by the enum, never built from user text.
type actorKeyset struct {
	order     string
	afterCond string
	key       func(a *domain.Actor) string
}

var actorKeysets = map[domain.ActorOrder]actorKeyset{
	{Field: domain.OrderByID}:             {"a.id ASC", "a.id > $afterId", nil},
	{Field: domain.OrderByID, Desc: true}: {"a.id DESC", "a.id < $afterId", nil},
	{Field: domain.OrderByName}: {"a.name ASC, a.id ASC",
		"(a.name > $afterKey OR (a.name = $afterKey AND a.id > $afterId))",
		func(a *domain.Actor) string { return a.Name }},
	{Field: domain.OrderByName, Desc: true}: {"a.name DESC, a.id DESC",
		"(a.name < $afterKey OR (a.name = $afterKey AND a.id < $afterId))",
		func(a *domain.Actor) string { return a.Name }},
	{Field: domain.OrderByCreatedAt}: {"a.createdAt ASC, a.id ASC",
		"(a.createdAt > datetime($afterKey) OR (a.createdAt = datetime($afterKey) AND a.id > $afterId))",
		func(a *domain.Actor) string { return a.CreatedAt.Format(time.RFC3339Nano) }},
	{Field: domain.OrderByCreatedAt, Desc: true}: {"a.createdAt DESC, a.id DESC",
		"(a.createdAt < datetime($afterKey) OR (a.createdAt = datetime($afterKey) AND a.id < $afterId))",
		func(a *domain.Actor) string { return a.CreatedAt.Format(time.RFC3339Nano) }},
}

// sortKeyPresent are the (always true) conditions that make an actor sort key's index usable
// for ORDER BY.
var sortKeyPresent = map[domain.ActorOrderField]string{
	domain.OrderByID:        "a.id IS NOT NULL",
	domain.OrderByName:      "a.name IS NOT NULL",
	domain.OrderByCreatedAt: "a.createdAt IS NOT NULL",
}

// FindActors returns one page of actors matching f in order o, using keyset pagination: the
// cursor holds the last row's sort key and id, so pages neither skip nor repeat rows when
// actors are inserted between requests. The count of matching actors and the page's sectors
// come from the same statement when with asks for them: one round trip. Errors: EINVALID for
// a bad filter, page size or cursor.
func (s *Store) FindActors(ctx context.Context, f domain.ActorFilter, o domain.ActorOrder, p domain.PageArgs, with domain.ActorPageWith) (domain.ActorPage, error) {
	size, cur, walk, err := p.Walk(&f, o)
	if err != nil {
		return domain.ActorPage{}, err
	}
	var page domain.ActorPage
	ks := actorKeysets[walk]
	params := map[string]any{"limit": size + 1}
	filterClauses := actorFilterClauses(f, params)
	// The sort key is always set; saying so lets Neo4j walk its index in order instead of
	// sorting every matching actor for each page.
	clauses := append([]string{sortKeyPresent[walk.Field]}, filterClauses...)
	if cur.ID != "" {
		clauses = append(clauses, ks.afterCond)
		params["afterId"] = cur.ID
		params["afterKey"] = cur.Key
	}
	cypher := "CALL { MATCH (a:Actor) " + where(clauses) + " WITH a ORDER BY " + ks.order + " LIMIT $limit RETURN collect(a{.*}) AS rows } "
	if with.Count {
		cypher += "CALL { MATCH (a:Actor) " + where(filterClauses) + " RETURN count(a) AS total } "
	} else {
		cypher += "WITH rows, -1 AS total "
	}
	if with.Sectors {
		cypher += "CALL { WITH rows UNWIND rows AS r WITH DISTINCT r.sector AS code MATCH (c:Sector {code: code}) RETURN collect(c{.*}) AS sectors } "
	} else {
		cypher += "WITH rows, total, [] AS sectors "
	}
	if len(f.Attributes) > 0 {
		params["attrDefKeys"] = conditionKeys(f.Attributes, domain.TargetActor)
		cypher += conditionDefs + "RETURN rows, total, sectors, attrDefs"
	} else {
		cypher += "RETURN rows, total, sectors, [] AS attrDefs"
	}
	type result struct {
		actors   []*domain.Actor
		total    int
		sectors  map[string]*domain.Sector
		attrDefs []any
	}
	res, err := readQuery(ctx, s, cypher, params, func(recs []*neo4j.Record) (result, error) {
		var r result
		if len(recs) != 1 {
			return r, fmt.Errorf("actor page: %d records", len(recs))
		}
		vals := recs[0].Values
		rows, _ := vals[0].([]any)
		r.actors = make([]*domain.Actor, len(rows))
		for i, row := range rows {
			m, _ := row.(map[string]any)
			r.actors[i] = actorFrom(m)
		}
		total, _ := vals[1].(int64)
		r.total = int(total)
		if cs, _ := vals[2].([]any); len(cs) > 0 {
			r.sectors = make(map[string]*domain.Sector, len(cs))
			for _, c := range cs {
				m, _ := c.(map[string]any)
				sec := sectorFrom(m)
				r.sectors[sec.Code] = sec
			}
		}
		r.attrDefs, _ = vals[3].([]any)
		return r, nil
	})
	if err != nil {
		return page, err
	}
	if len(f.Attributes) > 0 {
		if err := s.checkReturnedConditions(ctx, "filter.attributes", f.Attributes, domain.TargetActor, res.attrDefs); err != nil {
			return page, err
		}
	}
	actors := res.actors
	page.Total, page.Sectors = res.total, res.sectors
	page.Page = domain.PageOf(actors, size, func(a *domain.Actor) domain.Cursor {
		c := domain.Cursor{ID: a.ID}
		if ks.key != nil {
			c.Key = ks.key(a)
		}
		return c
	})
	page.Orient(p)
	return page, nil
}

// readActors runs one read statement returning actors as column `a`, in order (a retried
// managed transaction through neo4j.ExecuteQuery: one round trip).
func (s *Store) readActors(ctx context.Context, cypher string, params map[string]any) ([]*domain.Actor, error) {
	return readQuery(ctx, s, cypher, params, func(recs []*neo4j.Record) ([]*domain.Actor, error) {
		out := make([]*domain.Actor, len(recs))
		for i, r := range recs {
			out[i] = actorFrom(recordMap(r, "a"))
		}
		return out, nil
	})
}

// CountActors counts the actors matching f. Without a filter Neo4j answers from its count
// store in constant time.
func (s *Store) CountActors(ctx context.Context, f domain.ActorFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	if err := s.resolveConditions(ctx, "filter.attributes", f.Attributes, domain.TargetActor); err != nil {
		return 0, err
	}
	params := map[string]any{}
	cypher := "MATCH (a:Actor) " + where(actorFilterClauses(f, params)) + " RETURN count(a) AS n"
	return readQuery(ctx, s, cypher, params, countOf)
}

// countOf reads a one-record count result's column n.
func countOf(recs []*neo4j.Record) (int, error) {
	if len(recs) != 1 {
		return 0, fmt.Errorf("count: %d records", len(recs))
	}
	return recordInt(recs[0], "n"), nil
}

// FindPartners returns one page of the distinct actors partnering with actorID (either
// direction), ordered by id. Errors: EINVALID, ENOTFOUND when the actor does not exist.
func (s *Store) FindPartners(ctx context.Context, actorID string, p domain.PageArgs) (domain.Page[*domain.Actor], error) {
	var page domain.Page[*domain.Actor]
	cur, err := p.Start()
	if err != nil {
		return page, err
	}
	actors, err := s.readActors(ctx, `
		MATCH (:Actor {id: $id})-[:PARTNERS_WITH]-(p:Actor)
		WHERE p.id > $after
		WITH DISTINCT p ORDER BY p.id LIMIT $limit
		RETURN p{.*} AS a`, map[string]any{"id": actorID, "after": cur.ID, "limit": p.First + 1})
	if err != nil {
		return page, err
	}
	return domain.PageOf(actors, p.First, func(a *domain.Actor) domain.Cursor { return domain.Cursor{ID: a.ID} }), nil
}

// ActorWithPartners returns an actor (nil when it does not exist) and the first page of its
// partners as FindPartners orders them, from one statement. Errors: EINVALID.
func (s *Store) ActorWithPartners(ctx context.Context, id string, p domain.PageArgs) (*domain.Actor, domain.Page[*domain.Actor], error) {
	var page domain.Page[*domain.Actor]
	cur, err := p.Start()
	if err != nil {
		return nil, page, err
	}
	type result struct {
		actor    *domain.Actor
		partners []*domain.Actor
	}
	res, err := readQuery(ctx, s, `
		MATCH (a:Actor {id: $id})
		CALL { WITH a MATCH (a)-[:PARTNERS_WITH]-(p:Actor) WHERE p.id > $after
			WITH DISTINCT p ORDER BY p.id LIMIT $limit RETURN collect(p{.*}) AS partners }
		RETURN a{.*} AS a, partners`, map[string]any{"id": id, "after": cur.ID, "limit": p.First + 1},
		func(recs []*neo4j.Record) (result, error) {
			var r result
			if len(recs) == 0 {
				return r, nil
			}
			r.actor = actorFrom(recordMap(recs[0], "a"))
			ps, _ := recs[0].Values[1].([]any)
			r.partners = make([]*domain.Actor, len(ps))
			for i, x := range ps {
				m, _ := x.(map[string]any)
				r.partners[i] = actorFrom(m)
			}
			return r, nil
		})
	if err != nil || res.actor == nil {
		return nil, page, err
	}
	return res.actor, domain.PageOf(res.partners, p.First, func(a *domain.Actor) domain.Cursor { return domain.Cursor{ID: a.ID} }), nil
}

// CountPartners counts the distinct partners of an actor.
func (s *Store) CountPartners(ctx context.Context, actorID string) (int, error) {
	return readQuery(ctx, s, `
		MATCH (:Actor {id: $id})-[:PARTNERS_WITH]-(p:Actor)
		RETURN count(DISTINCT p) AS n`, map[string]any{"id": actorID}, countOf)
}

// CreateActor creates an actor, generating an id when none is given. Errors: EINVALID (bad
// input, unknown sector), ECONFLICT (id taken).
func (s *Store) CreateActor(ctx context.Context, in domain.ActorInput) (*domain.Actor, error) {
	if err := withID(in.Validate(), &in.ID); err != nil {
		return nil, err
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Actor, error) {
		attrs, err := s.checkAttributes(ctx, tx, domain.TargetActor, in.Attributes, false)
		if err != nil {
			return nil, err
		}
		// One statement checks the sector and the id and creates the actor when both hold
		// (else it returns no row, and the checks below say why).
		rec, err := s.single(ctx, tx, `
			OPTIONAL MATCH (sec:Sector {code: $sector})
			OPTIONAL MATCH (x:Actor {id: $id})
			WITH count(sec) > 0 AS sectorKnown, count(x) > 0 AS taken
			CALL (sectorKnown, taken) {
				WITH sectorKnown, taken WHERE sectorKnown AND NOT taken
				CREATE (a:Actor {id: $id, name: $name, sector: $sector, kind: $kind, type: $type,
				                 region: $region, description: $description, tags: $tags,
				                 createdAt: datetime(), updatedAt: datetime(), createdBy: $by, updatedBy: $by})
				SET a += $attrs
				WITH a `+versionBumpClause+`
				RETURN a{.*} AS a
			}
			RETURN a`, map[string]any{"versionShard": versionShard(),
			"id": in.ID, "name": in.Name, "sector": in.Sector, "kind": string(in.Kind),
			"type": nullIfEmpty(in.Type), "region": nullIfEmpty(in.Region),
			"description": nullIfEmpty(in.Description), "tags": listParam(in.Tags), "by": domain.IdentityFrom(ctx).Name,
			"attrs": attrProps(attrs, nil),
		})
		if err != nil {
			return nil, err
		}
		if rec != nil {
			versionBumped(tx)
			return actorFrom(recordMap(rec, "a")), nil
		}
		if err := s.requireSector(ctx, tx, in.Sector); err != nil {
			return nil, err
		}
		if err := s.absent(ctx, tx, `MATCH (a:Actor {id: $id}) RETURN a.id AS id`, "id", "actor", in.ID); err != nil {
			return nil, err
		}
		return nil, domain.FieldErrorf("sector", domain.ECONFLICT, "sector %q was created meanwhile; try again", in.Sector)
	})
}

// UpdateActor applies a patch. Errors: EINVALID (bad input, unknown sector), ENOTFOUND.
func (s *Store) UpdateActor(ctx context.Context, id string, p domain.ActorPatch) (*domain.Actor, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Actor, error) {
		rec, err := s.single(ctx, tx, `MATCH (a:Actor {id: $id}) RETURN a.id AS id`, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, notFound("actor", id)
		}
		set := map[string]any{}
		if p.Name != nil {
			set["name"] = *p.Name
		}
		if p.Sector != nil {
			if err := s.requireSector(ctx, tx, *p.Sector); err != nil {
				return nil, err
			}
			set["sector"] = *p.Sector
		}
		if p.Kind != nil {
			set["kind"] = string(*p.Kind)
		}
		if p.Type != nil {
			set["type"] = nullIfEmpty(*p.Type)
		}
		if p.Region != nil {
			set["region"] = nullIfEmpty(*p.Region)
		}
		if p.Description != nil {
			set["description"] = nullIfEmpty(*p.Description)
		}
		if p.Tags != nil {
			set["tags"] = listParam(p.Tags)
		}
		attrs, err := s.checkAttributes(ctx, tx, domain.TargetActor, p.Attributes, true)
		if err != nil {
			return nil, err
		}
		attrProps(attrs, set)
		// SET a += map removes the properties whose value is null, which is how fields are cleared.
		rec, err = s.single(ctx, tx, `
			MATCH (a:Actor {id: $id})
			FOREACH (_ IN CASE WHEN `+differs("a", "$set")+` THEN [1] ELSE [] END | SET a += $set, a.updatedAt = datetime(), a.updatedBy = $by)
			RETURN a{.*} AS a`, map[string]any{"id": id, "set": set, "by": domain.IdentityFrom(ctx).Name})
		if err != nil {
			return nil, err
		}
		if rec == nil { // deleted by a concurrent write since the check above
			return nil, notFound("actor", id)
		}
		return actorFrom(recordMap(rec, "a")), nil
	})
}

// DeleteActor deletes an actor with its partnerships and participations and returns how many
// partnerships went with it. Errors: ENOTFOUND.
func (s *Store) DeleteActor(ctx context.Context, id string) (int, error) {
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		// Lock the actor first: creating a partnership locks both endpoints, so none can be
		// added between the count and the delete, and the count is exact.
		rec, err := s.single(ctx, tx, `MATCH (a:Actor {id: $id}) SET a.deleting = true RETURN a.id AS id`, map[string]any{"id": id})
		if err != nil {
			return 0, err
		}
		if rec == nil {
			return 0, notFound("actor", id)
		}
		rec, err = s.single(ctx, tx, `
			MATCH (a:Actor {id: $id})
			OPTIONAL MATCH (a)-[r:PARTNERS_WITH]-()
			WITH a, count(DISTINCT r) AS n
			DETACH DELETE a
			RETURN n`, map[string]any{"id": id})
		if err != nil {
			return 0, err
		}
		if rec == nil {
			return 0, notFound("actor", id)
		}
		return recordInt(rec, "n"), nil
	})
}
