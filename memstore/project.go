package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"stakegraph/domain"
)

// Projects and their participants.

// ProjectsByID implements domain.Store.
func (s *Store) ProjectsByID(_ context.Context, ids []string) (map[string]*domain.Project, error) {
	return byID(&s.mu, s.projects, ids)
}

// FindProjects implements domain.Store.
func (s *Store) FindProjects(_ context.Context, p domain.PageArgs) (domain.Page[*domain.Project], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return idPage(sorted(s.projects, projectID), p, projectID)
}

// CountProjects implements domain.Store.
func (s *Store) CountProjects(context.Context) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.projects), nil
}

// CreateProject implements domain.Store.
func (s *Store) CreateProject(ctx context.Context, in domain.ProjectInput) (*domain.Project, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	in.ID = cmp.Or(in.ID, uuid.NewString())
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.projects[in.ID]; ok {
		return nil, domain.FieldErrorf("id", domain.ECONFLICT, "project %q already exists", in.ID)
	}
	by := domain.IdentityFrom(ctx).Name
	p := &domain.Project{ID: in.ID, Name: in.Name, Description: in.Description, Since: in.Since, Until: in.Until, CreatedBy: by, UpdatedBy: by}
	s.projects[p.ID] = p
	s.changed()
	return clone(p), nil
}

// participations lists the participations keep selects, ordered by key.
func (s *Store) participations(keep func(k [2]string) bool, key func(k [2]string) string) []domain.Participation {
	out := []domain.Participation{}
	for k, role := range s.roles {
		if keep(k) {
			out = append(out, domain.Participation{ActorID: k[0], ProjectID: k[1], Role: role})
		}
	}
	slices.SortFunc(out, func(a, b domain.Participation) int {
		return strings.Compare(key([2]string{a.ActorID, a.ProjectID}), key([2]string{b.ActorID, b.ProjectID}))
	})
	return out
}

// ProjectParticipants implements domain.Store.
func (s *Store) ProjectParticipants(_ context.Context, projectID string) ([]domain.Participation, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.participations(func(k [2]string) bool { return k[1] == projectID }, func(k [2]string) string { return k[0] }), nil
}

// ActorParticipations implements domain.Store.
func (s *Store) ActorParticipations(_ context.Context, actorID string) ([]domain.Participation, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.participations(func(k [2]string) bool { return k[0] == actorID }, func(k [2]string) string { return k[1] }), nil
}

// requireMember checks a participation's project and actor.
func (s *Store) requireMember(projectID, actorID string) error {
	if _, ok := s.projects[projectID]; !ok {
		return domain.FieldErrorf("projectId", domain.ENOTFOUND, "project %q not found", projectID)
	}
	if _, ok := s.actors[actorID]; !ok {
		return domain.FieldErrorf("actorId", domain.ENOTFOUND, "actorId actor %q not found", actorID)
	}
	return nil
}

// AddParticipant implements domain.Store.
func (s *Store) AddParticipant(_ context.Context, projectID, actorID, role string) error {
	if err := domain.ValidateRole(role); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireMember(projectID, actorID); err != nil {
		return err
	}
	k := [2]string{actorID, projectID}
	if old, ok := s.roles[k]; !ok || old != role {
		s.roles[k] = role
		s.changed()
	}
	return nil
}

// RemoveParticipant implements domain.Store.
func (s *Store) RemoveParticipant(_ context.Context, projectID, actorID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireMember(projectID, actorID); err != nil {
		return err
	}
	k := [2]string{actorID, projectID}
	if _, ok := s.roles[k]; !ok {
		return domain.Errorf(domain.ENOTFOUND, "actor %q does not participate in project %q", actorID, projectID)
	}
	delete(s.roles, k)
	s.changed()
	return nil
}
