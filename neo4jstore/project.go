package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

func projectFrom(m map[string]any) *domain.Project {
	return &domain.Project{ID: str(m, "id"), Name: str(m, "name"), Description: str(m, "description"),
		Since: dateOf(m, "since"), Until: dateOf(m, "until"), CreatedBy: str(m, "createdBy"), UpdatedBy: str(m, "updatedBy")}
}

// ProjectsByID returns the projects with the given ids; missing ids are absent.
func (s *Store) ProjectsByID(ctx context.Context, ids []string) (map[string]*domain.Project, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]*domain.Project, error) {
		recs, err := s.collect(ctx, tx, `MATCH (p:Project) WHERE p.id IN $ids RETURN p{.*} AS p`, map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := make(map[string]*domain.Project, len(recs))
		for _, r := range recs {
			p := projectFrom(recordMap(r, "p"))
			out[p.ID] = p
		}
		return out, nil
	})
}

// FindProjects returns one page of projects ordered by id. Errors: EINVALID.
func (s *Store) FindProjects(ctx context.Context, p domain.PageArgs) (domain.Page[*domain.Project], error) {
	var page domain.Page[*domain.Project]
	cur, err := p.Start()
	if err != nil {
		return page, err
	}
	list, err := readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]*domain.Project, error) {
		recs, err := s.collect(ctx, tx, `
			MATCH (p:Project) WHERE p.id > $after
			WITH p ORDER BY p.id LIMIT $limit
			RETURN p{.*} AS p`, map[string]any{"after": cur.ID, "limit": p.First + 1})
		if err != nil {
			return nil, err
		}
		out := make([]*domain.Project, len(recs))
		for i, r := range recs {
			out[i] = projectFrom(recordMap(r, "p"))
		}
		return out, nil
	})
	if err != nil {
		return page, err
	}
	return domain.PageOf(list, p.First, func(p *domain.Project) domain.Cursor { return domain.Cursor{ID: p.ID} }), nil
}

// CountProjects counts all projects.
func (s *Store) CountProjects(ctx context.Context) (int, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
		rec, err := s.single(ctx, tx, `MATCH (p:Project) RETURN count(p) AS n`, nil)
		if err != nil {
			return 0, err
		}
		return recordInt(rec, "n"), nil
	})
}

// CreateProject creates a project. Errors: EINVALID, ECONFLICT.
func (s *Store) CreateProject(ctx context.Context, in domain.ProjectInput) (*domain.Project, error) {
	if err := withID(in.Validate(), &in.ID); err != nil {
		return nil, err
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Project, error) {
		if err := s.absent(ctx, tx, `MATCH (p:Project {id: $id}) RETURN p.id AS id`, "id", "project", in.ID); err != nil {
			return nil, err
		}
		rec, err := s.single(ctx, tx, `
			CREATE (p:Project {id: $id, name: $name, description: $description, since: $since, until: $until,
			                   createdBy: $by, updatedBy: $by})
			RETURN p{.*} AS p`, map[string]any{"id": in.ID, "name": in.Name, "description": nullIfEmpty(in.Description),
			"since": dateParam(in.Since), "until": dateParam(in.Until), "by": domain.IdentityFrom(ctx).Name})
		if err != nil {
			return nil, err
		}
		return projectFrom(recordMap(rec, "p")), nil
	})
}

func (s *Store) participations(ctx context.Context, cypher string, id string) ([]domain.Participation, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.Participation, error) {
		recs, err := s.collect(ctx, tx, cypher, map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		out := make([]domain.Participation, len(recs))
		for i, r := range recs {
			a, _ := r.Get("actor")
			p, _ := r.Get("project")
			role, _ := r.Get("role")
			out[i].ActorID, _ = a.(string)
			out[i].ProjectID, _ = p.(string)
			out[i].Role, _ = role.(string)
		}
		return out, nil
	})
}

// ProjectParticipants lists a project's participants ordered by actor id.
func (s *Store) ProjectParticipants(ctx context.Context, projectID string) ([]domain.Participation, error) {
	return s.participations(ctx, `
		MATCH (a:Actor)-[r:PARTICIPATES_IN]->(p:Project {id: $id})
		RETURN a.id AS actor, p.id AS project, r.role AS role ORDER BY actor`, projectID)
}

// ActorParticipations lists the projects an actor participates in, ordered by project id.
func (s *Store) ActorParticipations(ctx context.Context, actorID string) ([]domain.Participation, error) {
	return s.participations(ctx, `
		MATCH (a:Actor {id: $id})-[r:PARTICIPATES_IN]->(p:Project)
		RETURN a.id AS actor, p.id AS project, r.role AS role ORDER BY project`, actorID)
}

// AddParticipant adds an actor to a project, or updates its role. Errors: EINVALID, ENOTFOUND.
func (s *Store) AddParticipant(ctx context.Context, projectID, actorID, role string) error {
	if err := domain.ValidateRole(role); err != nil {
		return err
	}
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		if err := s.requireMember(ctx, tx, projectID, actorID); err != nil {
			return false, err
		}
		_, err := s.run(ctx, tx, `
			MATCH (a:Actor {id: $actor}), (p:Project {id: $project})
			MERGE (a)-[r:PARTICIPATES_IN]->(p)
			WITH r WHERE NOT coalesce(r.role = $role, (r.role IS NULL) = ($role IS NULL))
			SET r.role = $role`, map[string]any{"actor": actorID, "project": projectID, "role": nullIfEmpty(role)})
		return err == nil, err
	})
	return err
}

// RemoveParticipant removes an actor from a project. Errors: ENOTFOUND when the project,
// the actor or the participation does not exist.
func (s *Store) RemoveParticipant(ctx context.Context, projectID, actorID string) error {
	_, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		if err := s.requireMember(ctx, tx, projectID, actorID); err != nil {
			return false, err
		}
		rec, err := s.single(ctx, tx, `
			MATCH (:Actor {id: $actor})-[r:PARTICIPATES_IN]->(:Project {id: $project})
			DELETE r RETURN count(*) AS n`, map[string]any{"actor": actorID, "project": projectID})
		if err != nil {
			return false, err
		}
		if rec == nil || recordInt(rec, "n") == 0 {
			return false, domain.Errorf(domain.ENOTFOUND, "actor %q does not participate in project %q", actorID, projectID)
		}
		return true, nil
	})
	return err
}
