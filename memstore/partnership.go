package memstore

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"stakegraph/domain"
)

// Partnerships: reads, pairs between actors, and writes.

// PartnershipsByID implements domain.Store.
func (s *Store) PartnershipsByID(_ context.Context, ids []string) (map[string]*domain.Partnership, error) {
	return byID(&s.mu, s.partnerships, ids)
}

// matchesTie reports whether m keeps partnership p (its endpoints aside), attributes and
// weight attribute included.
func matchesTie(m *domain.NetworkMatcher, p *domain.Partnership) bool {
	t := domain.GraphTieOf(p, 0, 0, 0)
	w, ok := m.WeightOf(p.Weight, lookup(p.Attributes))
	if !ok {
		return false
	}
	t.W = w
	return m.Tie(&t, p.Type) && m.TieValues(lookup(p.Attributes))
}

// matchingPartnerships returns the partnerships f selects, in id order.
func (s *Store) matchingPartnerships(f domain.PartnershipFilter) []*domain.Partnership {
	m := f.Network().Matcher()
	var out []*domain.Partnership
	for _, p := range sorted(s.partnerships, partnershipID) {
		if (f.Directed == nil || p.Directed == *f.Directed) && matchesTie(m, p) &&
			(len(f.Actors) == 0 || slices.Contains(f.Actors, p.Source) || slices.Contains(f.Actors, p.Target)) {
			out = append(out, p)
		}
	}
	return out
}

// FindPartnerships implements domain.Store.
func (s *Store) FindPartnerships(_ context.Context, f domain.PartnershipFilter, p domain.PageArgs) (domain.Page[*domain.Partnership], error) {
	if err := f.Validate(); err != nil {
		return domain.Page[*domain.Partnership]{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return idPage(s.matchingPartnerships(f), p, partnershipID)
}

// CountPartnerships implements domain.Store.
func (s *Store) CountPartnerships(_ context.Context, f domain.PartnershipFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.matchingPartnerships(f)), nil
}

// PartnershipsBetween implements domain.Store: the strongest partnership (then the least
// id) joining each pair that passes f's partnership conditions.
func (s *Store) PartnershipsBetween(_ context.Context, pairs [][2]string, f domain.NetworkFilter) (map[[2]string]*domain.Partnership, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.resolve(&f); err != nil {
		return nil, err
	}
	m := f.Matcher()
	weight := func(p *domain.Partnership) float64 {
		w, _ := m.WeightOf(p.Weight, lookup(p.Attributes))
		return w
	}
	out := map[[2]string]*domain.Partnership{}
	for _, pair := range pairs {
		var best *domain.Partnership
		for _, p := range s.partnerships {
			joins := (p.Source == pair[0] && p.Target == pair[1]) || (p.Source == pair[1] && p.Target == pair[0])
			if !joins || !matchesTie(m, p) || (f.Direction == domain.Directed && p.Directed && p.Source != pair[0]) {
				continue
			}
			if best == nil || weight(p) > weight(best) || (weight(p) == weight(best) && p.ID < best.ID) {
				best = p
			}
		}
		if best != nil {
			out[pair] = clone(best)
		}
	}
	return out, nil
}

// CreatePartnership implements domain.Store.
func (s *Store) CreatePartnership(ctx context.Context, in domain.PartnershipInput) (*domain.Partnership, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	in.ID = cmp.Or(in.ID, uuid.NewString())
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, end := range []struct{ field, id string }{{"source", in.Source}, {"target", in.Target}} {
		if _, ok := s.actors[end.id]; !ok {
			return nil, domain.FieldErrorf(end.field, domain.ENOTFOUND, "%s actor %q not found", end.field, end.id)
		}
	}
	if _, ok := s.projects[in.ProjectID]; in.ProjectID != "" && !ok {
		return nil, domain.FieldErrorf("project", domain.ENOTFOUND, "project %q not found", in.ProjectID)
	}
	if _, ok := s.partnerships[in.ID]; ok {
		return nil, domain.FieldErrorf("id", domain.ECONFLICT, "partnership %q already exists", in.ID)
	}
	attrs, err := s.schema(domain.TargetPartnership).Check(in.Attributes, domain.TargetPartnership, false)
	if err != nil {
		return nil, err
	}
	by := domain.IdentityFrom(ctx).Name
	p := &domain.Partnership{ID: in.ID, Source: in.Source, Target: in.Target, Type: in.Type, Weight: *in.Weight,
		Directed: in.Directed, Since: in.Since, Until: in.Until, Citations: list(in.Citations), ProjectID: in.ProjectID,
		CreatedBy: by, UpdatedBy: by, Attributes: merged(nil, attrs)}
	s.partnerships[p.ID] = p
	s.changed()
	return clone(p), nil
}

// UpdatePartnership implements domain.Store.
func (s *Store) UpdatePartnership(ctx context.Context, id string, patch domain.PartnershipPatch) (*domain.Partnership, error) {
	if err := patch.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.partnerships[id]
	if !ok {
		return nil, notFound("partnership", id)
	}
	var err error
	if patch.Attributes, err = s.schema(domain.TargetPartnership).Check(patch.Attributes, domain.TargetPartnership, true); err != nil {
		return nil, err
	}
	p, err := patch.Apply(*old)
	if err != nil {
		return nil, err
	}
	p.Citations = list(p.Citations)
	if !samePartnership(&p, old) {
		p.UpdatedBy = domain.IdentityFrom(ctx).Name
		s.partnerships[id] = &p
		s.changed()
	}
	return clone(s.partnerships[id]), nil
}

func sameDate(a, b *time.Time) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }

func samePartnership(a, b *domain.Partnership) bool {
	return a.Type == b.Type && a.Weight == b.Weight && a.Directed == b.Directed && sameDate(a.Since, b.Since) &&
		sameDate(a.Until, b.Until) && slices.Equal(a.Citations, b.Citations) && a.ProjectID == b.ProjectID &&
		maps.Equal(a.Attributes, b.Attributes)
}

// DeletePartnership implements domain.Store.
func (s *Store) DeletePartnership(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.partnerships[id]; !ok {
		return notFound("partnership", id)
	}
	delete(s.partnerships, id)
	s.changed()
	return nil
}
