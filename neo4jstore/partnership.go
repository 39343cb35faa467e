package neo4jstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// partnershipReturn projects a relationship `r` with its endpoints' ids.
const partnershipReturn = `RETURN r{.*} AS r, startNode(r).id AS source, endNode(r).id AS target`

func partnershipFrom(rec *neo4j.Record) *domain.Partnership {
	m := recordMap(rec, "r")
	src, _ := rec.Get("source")
	tgt, _ := rec.Get("target")
	w, _ := m["weight"].(float64)
	directed, _ := m["directed"].(bool)
	return &domain.Partnership{
		ID:         str(m, "id"),
		Source:     src.(string),
		Target:     tgt.(string),
		Type:       str(m, "type"),
		Weight:     w,
		Directed:   directed,
		Since:      dateOf(m, "since"),
		Until:      dateOf(m, "until"),
		CreatedBy:  str(m, "createdBy"),
		UpdatedBy:  str(m, "updatedBy"),
		Citations:  strs(m, "citations"),
		ProjectID:  str(m, "projectId"),
		Attributes: attributesOf(m),
	}
}

func (s *Store) collectPartnerships(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*domain.Partnership, error) {
	recs, err := s.collect(ctx, tx, cypher, params)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.Partnership, len(recs))
	for i, r := range recs {
		out[i] = partnershipFrom(r)
	}
	return out, nil
}

// PartnershipsByID returns the partnerships with the given ids; missing ids are absent.
func (s *Store) PartnershipsByID(ctx context.Context, ids []string) (map[string]*domain.Partnership, error) {
	list, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*domain.Partnership, error) {
		return s.collectPartnerships(ctx, tx, `
			UNWIND $ids AS id
			MATCH ()-[r:PARTNERS_WITH {id: id}]->() `+partnershipReturn, map[string]any{"ids": ids})
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*domain.Partnership, len(list))
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}

// partnershipMatch returns the MATCH part selecting partnerships `r` for a filter, with the
// filter's conditions on r. The texts are fixed; values travel as parameters.
func partnershipMatch(f domain.PartnershipFilter, params map[string]any, extra ...string) string {
	var c []string
	if f.Directed != nil {
		c = append(c, "r.directed = $directed")
		params["directed"] = *f.Directed
	}
	// Time and weight mean what they mean in a NetworkFilter; share its clauses.
	c = append(c, partnershipClauses(f.Network(), params)...)
	c = append(c, extra...)
	if len(f.Actors) > 0 {
		params["actors"] = f.Actors
		return `MATCH (a:Actor) WHERE a.id IN $actors
			MATCH (a)-[r:PARTNERS_WITH]-()
			WITH DISTINCT r ` + where(c)
	}
	return `MATCH ()-[r:PARTNERS_WITH]->() ` + where(c)
}

// FindPartnerships returns one page of partnerships matching f, ordered by id. Errors:
// EINVALID for a bad filter, page size or cursor.
func (s *Store) FindPartnerships(ctx context.Context, f domain.PartnershipFilter, p domain.PageArgs) (domain.Page[*domain.Partnership], error) {
	var page domain.Page[*domain.Partnership]
	if err := f.Validate(); err != nil {
		return page, err
	}
	cur, err := p.Start()
	if err != nil {
		return page, err
	}
	params := map[string]any{"limit": p.First + 1}
	var extra []string
	if p.After != "" {
		extra = append(extra, "r.id > $after")
		params["after"] = cur.ID
	}
	cypher := partnershipMatch(f, params, extra...) + ` WITH r ORDER BY r.id LIMIT $limit ` + partnershipReturn
	list, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*domain.Partnership, error) {
		return s.collectPartnerships(ctx, tx, cypher, params)
	})
	if err != nil {
		return page, err
	}
	return domain.PageOf(list, p.First, func(r *domain.Partnership) domain.Cursor { return domain.Cursor{ID: r.ID} }), nil
}

// CountPartnerships counts the partnerships matching f.
func (s *Store) CountPartnerships(ctx context.Context, f domain.PartnershipFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	params := map[string]any{}
	cypher := partnershipMatch(f, params) + ` RETURN count(r) AS n`
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		rec, err := s.single(ctx, tx, cypher, params)
		if err != nil {
			return 0, err
		}
		return recordInt(rec, "n"), nil
	})
}

// requireActors fails with ENOTFOUND naming the first of ids that is not an actor.
func (s *Store) requireActors(ctx context.Context, tx neo4j.ManagedTransaction, fields []string, ids ...string) error {
	recs, err := s.collect(ctx, tx, `MATCH (a:Actor) WHERE a.id IN $ids RETURN a.id AS id`, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	found := make(map[string]bool, len(recs))
	for _, r := range recs {
		id, _ := r.Get("id")
		found[id.(string)] = true
	}
	for i, id := range ids {
		if !found[id] {
			return domain.FieldErrorf(fields[i], domain.ENOTFOUND, "%s actor %q not found", fields[i], id)
		}
	}
	return nil
}

func (s *Store) requireProject(ctx context.Context, tx neo4j.ManagedTransaction, field, id string) error {
	rec, err := s.single(ctx, tx, `MATCH (p:Project {id: $id}) RETURN p.id AS id`, map[string]any{"id": id})
	if err != nil {
		return err
	}
	if rec == nil {
		return domain.FieldErrorf(field, domain.ENOTFOUND, "project %q not found", id)
	}
	return nil
}

// requireMember checks a participation's project and actor (ENOTFOUND).
func (s *Store) requireMember(ctx context.Context, tx neo4j.ManagedTransaction, projectID, actorID string) error {
	if err := s.requireProject(ctx, tx, "projectId", projectID); err != nil {
		return err
	}
	return s.requireActors(ctx, tx, []string{"actorId"}, actorID)
}

// withID passes on a create input's validation error, and gives a valid input without an id
// a new one.
func withID(invalid error, id *string) error {
	if invalid == nil && *id == "" {
		*id = uuid.NewString()
	}
	return invalid
}

// absent fails with ECONFLICT on field when match (with parameter $id) finds the kind's id
// already stored.
func (s *Store) absent(ctx context.Context, tx neo4j.ManagedTransaction, match, field, kind, id string) error {
	rec, err := s.single(ctx, tx, match, map[string]any{"id": id})
	if err != nil {
		return err
	}
	if rec != nil {
		return domain.FieldErrorf(field, domain.ECONFLICT, "%s %q already exists", kind, id)
	}
	return nil
}

func partnershipProps(p *domain.Partnership) map[string]any {
	props := map[string]any{
		"id": p.ID, "type": p.Type, "weight": p.Weight, "directed": p.Directed,
		"since": dateParam(p.Since), "until": dateParam(p.Until),
		"citations": listParam(p.Citations), "projectId": nullIfEmpty(p.ProjectID),
		"createdBy": nullIfEmpty(p.CreatedBy),
	}
	for k, v := range p.Attributes {
		if v != nil {
			props[attrPrefix+k] = v
		}
	}
	return props
}

// CreatePartnership creates a partnership between two existing actors. Errors: EINVALID (bad
// input, self-partnership), ENOTFOUND (missing actor or project), ECONFLICT (id taken).
func (s *Store) CreatePartnership(ctx context.Context, in domain.PartnershipInput) (*domain.Partnership, error) {
	if err := withID(in.Validate(), &in.ID); err != nil {
		return nil, err
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Partnership, error) {
		attrs, err := s.checkAttributes(ctx, tx, domain.TargetPartnership, in.Attributes, false)
		if err != nil {
			return nil, err
		}
		p := &domain.Partnership{ID: in.ID, Source: in.Source, Target: in.Target, Type: in.Type, Weight: *in.Weight,
			Directed: in.Directed, Since: in.Since, Until: in.Until, Citations: in.Citations, ProjectID: in.ProjectID,
			CreatedBy: domain.IdentityFrom(ctx).Name, Attributes: attrs}
		// One statement checks the endpoints, the project and the id, and creates the
		// partnership when all hold (else it returns no row, and the checks below say why).
		rec, err := s.single(ctx, tx, `
			OPTIONAL MATCH (s:Actor {id: $source})
			OPTIONAL MATCH (t:Actor {id: $target})
			OPTIONAL MATCH (p:Project {id: $project})
			OPTIONAL MATCH ()-[x:PARTNERS_WITH {id: $props.id}]->()
			WITH s, t, count(p) > 0 OR $project IS NULL AS projectOK, count(x) > 0 AS taken
			CALL (s, t, projectOK, taken) {
				WITH s, t, projectOK, taken WHERE s IS NOT NULL AND t IS NOT NULL AND projectOK AND NOT taken
				CREATE (s)-[r:PARTNERS_WITH]->(t)
				SET r = $props, r.updatedBy = $props.createdBy
				WITH r `+versionBumpClause+`
				RETURN r
			}
			`+partnershipReturn,
			map[string]any{"versionShard": versionShard(), "source": in.Source, "target": in.Target, "project": nullIfEmpty(in.ProjectID), "props": partnershipProps(p)})
		if err != nil {
			return nil, err
		}
		if rec != nil {
			versionBumped(tx)
			return partnershipFrom(rec), nil
		}
		if err := s.requireActors(ctx, tx, []string{"source", "target"}, in.Source, in.Target); err != nil {
			return nil, err
		}
		if in.ProjectID != "" {
			if err := s.requireProject(ctx, tx, "project", in.ProjectID); err != nil {
				return nil, err
			}
		}
		if err := s.absent(ctx, tx, `MATCH ()-[r:PARTNERS_WITH {id: $id}]->() RETURN r.id AS id`, "id", "partnership", in.ID); err != nil {
			return nil, err
		}
		// An endpoint or the project appeared between the two statements.
		return nil, domain.FieldErrorf("source", domain.ECONFLICT, "the partnership's actors or project changed meanwhile; try again")
	})
}

// UpdatePartnership applies a patch; the resulting period is checked against the stored
// dates. Errors: EINVALID, ENOTFOUND.
func (s *Store) UpdatePartnership(ctx context.Context, id string, patch domain.PartnershipPatch) (*domain.Partnership, error) {
	if err := patch.Validate(); err != nil {
		return nil, err
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Partnership, error) {
		recs, err := s.collectPartnerships(ctx, tx, `MATCH ()-[r:PARTNERS_WITH {id: $id}]->() `+partnershipReturn, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, notFound("partnership", id)
		}
		if patch.Attributes, err = s.checkAttributes(ctx, tx, domain.TargetPartnership, patch.Attributes, true); err != nil {
			return nil, err
		}
		updated, err := patch.Apply(*recs[0])
		if err != nil {
			return nil, err
		}
		recs, err = s.collectPartnerships(ctx, tx, `
			MATCH ()-[r:PARTNERS_WITH {id: $id}]->()
			FOREACH (_ IN CASE WHEN `+differs("r", "$props")+` OR any(k IN keys(r) WHERE NOT k IN keys($props) + ['updatedBy'])
				THEN [1] ELSE [] END | SET r = $props, r.updatedBy = $by) `+partnershipReturn,
			map[string]any{"id": id, "props": partnershipProps(&updated), "by": domain.IdentityFrom(ctx).Name})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, notFound("partnership", id)
		}
		return recs[0], nil
	})
}

// DeletePartnership deletes one partnership. Errors: ENOTFOUND.
func (s *Store) DeletePartnership(ctx context.Context, id string) error {
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		rec, err := s.single(ctx, tx, `
			MATCH ()-[r:PARTNERS_WITH {id: $id}]->()
			DELETE r RETURN count(*) AS n`, map[string]any{"id": id})
		if err != nil {
			return false, err
		}
		if rec == nil || recordInt(rec, "n") == 0 {
			return false, notFound("partnership", id)
		}
		return true, nil
	})
	return err
}
