package memstore

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"stakegraph/domain"
)

// Actors: reads with the Neo4j store's keyset pages, partners, and writes.

// ActorsByID implements domain.Store.
func (s *Store) ActorsByID(_ context.Context, ids []string) (map[string]*domain.Actor, error) {
	return byID(&s.mu, s.actors, ids)
}

// matching returns the actors f selects, in id order.
func (s *Store) matching(f domain.ActorFilter) ([]*domain.Actor, error) {
	if err := domain.CheckConditions("filter.attributes", f.Attributes, s.schema(domain.TargetActor), domain.TargetActor); err != nil {
		return nil, err
	}
	m := f.Network().Matcher()
	var out []*domain.Actor
	for _, a := range sorted(s.actors, actorID) {
		if actorKept(m, a) {
			out = append(out, a)
		}
	}
	return out, nil
}

// actorKey is an actor's sort key as its cursor holds it.
func actorKey(field domain.ActorOrderField, a *domain.Actor) string {
	switch field {
	case domain.OrderByName:
		return a.Name
	case domain.OrderByCreatedAt:
		return a.CreatedAt.Format(time.RFC3339Nano)
	}
	return ""
}

// compareActors orders two actors by field, then id.
func compareActors(field domain.ActorOrderField, a, b *domain.Actor) int {
	switch field {
	case domain.OrderByName:
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	case domain.OrderByCreatedAt:
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	}
	return strings.Compare(a.ID, b.ID)
}

// FindActors implements domain.Store with the Neo4j store's keyset pages.
func (s *Store) FindActors(_ context.Context, f domain.ActorFilter, o domain.ActorOrder, p domain.PageArgs, with domain.ActorPageWith) (domain.ActorPage, error) {
	size, cur, walk, err := p.Walk(&f, o)
	if err != nil {
		return domain.ActorPage{}, err
	}
	var page domain.ActorPage
	var after *domain.Actor
	if cur.ID != "" {
		after = &domain.Actor{ID: cur.ID, Name: cur.Key}
		after.CreatedAt, _ = time.Parse(time.RFC3339Nano, cur.Key) // Walk checked it for CREATED_AT
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all, err := s.matching(f)
	if err != nil {
		return domain.ActorPage{}, err
	}
	order := func(a, b *domain.Actor) int {
		if walk.Desc {
			return compareActors(walk.Field, b, a)
		}
		return compareActors(walk.Field, a, b)
	}
	slices.SortFunc(all, order)
	rows := []*domain.Actor{}
	for _, a := range all {
		if after == nil || order(a, after) > 0 {
			rows = append(rows, clone(a))
		}
		if len(rows) > size {
			break
		}
	}
	page.Page = domain.PageOf(rows, size, func(a *domain.Actor) domain.Cursor {
		return domain.Cursor{ID: a.ID, Key: actorKey(walk.Field, a)}
	})
	if with.Count {
		page.Total = len(all)
	} else {
		page.Total = -1
	}
	if with.Sectors {
		for _, a := range page.Items {
			if sec, ok := s.sectors[a.Sector]; ok {
				if page.Sectors == nil {
					page.Sectors = map[string]*domain.Sector{}
				}
				page.Sectors[a.Sector] = &sec
			}
		}
	}
	page.Orient(p)
	return page, nil
}

// idPage is the page of items after the cursor in p, by id.
func idPage[T any](items []*T, p domain.PageArgs, id func(*T) string) (domain.Page[*T], error) {
	cur, err := p.Start()
	if err != nil {
		return domain.Page[*T]{}, err
	}
	rows := []*T{}
	for _, it := range items {
		if id(it) > cur.ID && len(rows) <= p.First {
			rows = append(rows, clone(it))
		}
	}
	return domain.PageOf(rows, p.First, func(it *T) domain.Cursor { return domain.Cursor{ID: id(it)} }), nil
}

// CountActors implements domain.Store.
func (s *Store) CountActors(_ context.Context, f domain.ActorFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all, err := s.matching(f)
	return len(all), err
}

// ActorIDs implements domain.Store.
func (s *Store) ActorIDs(_ context.Context, f domain.ActorFilter) (map[string]bool, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all, err := s.matching(f)
	out := map[string]bool{}
	for _, a := range all {
		out[a.ID] = true
	}
	return out, err
}

// partners are an actor's distinct partners in id order.
func (s *Store) partners(id string) []*domain.Actor {
	seen := map[string]bool{}
	for _, p := range s.partnerships {
		switch id {
		case p.Source:
			seen[p.Target] = true
		case p.Target:
			seen[p.Source] = true
		}
	}
	out := make([]*domain.Actor, 0, len(seen))
	for other := range seen {
		out = append(out, s.actors[other])
	}
	slices.SortFunc(out, func(a, b *domain.Actor) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// FindPartners implements domain.Store.
func (s *Store) FindPartners(_ context.Context, actorID string, p domain.PageArgs) (domain.Page[*domain.Actor], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return idPage(s.partners(actorID), p, func(a *domain.Actor) string { return a.ID })
}

// ActorWithPartners implements domain.Store.
func (s *Store) ActorWithPartners(_ context.Context, id string, p domain.PageArgs) (*domain.Actor, domain.Page[*domain.Actor], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	page, err := idPage(s.partners(id), p, func(a *domain.Actor) string { return a.ID })
	a, ok := s.actors[id]
	if err != nil || !ok {
		return nil, domain.Page[*domain.Actor]{}, err
	}
	return clone(a), page, nil
}

// CountPartners implements domain.Store.
func (s *Store) CountPartners(_ context.Context, actorID string) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.partners(actorID)), nil
}

// CreateActor implements domain.Store.
func (s *Store) CreateActor(ctx context.Context, in domain.ActorInput) (*domain.Actor, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	in.ID = cmp.Or(in.ID, uuid.NewString())
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.requireSector(in.Sector); err != nil {
		return nil, err
	}
	if _, ok := s.actors[in.ID]; ok {
		return nil, domain.FieldErrorf("id", domain.ECONFLICT, "actor %q already exists", in.ID)
	}
	now, by := time.Now().UTC(), domain.IdentityFrom(ctx).Name
	attrs, err := s.schema(domain.TargetActor).Check(in.Attributes, domain.TargetActor, false)
	if err != nil {
		return nil, err
	}
	a := &domain.Actor{ID: in.ID, Name: in.Name, Sector: in.Sector, Kind: in.Kind, Type: in.Type, Region: in.Region,
		Description: in.Description, Tags: list(in.Tags), CreatedAt: now, UpdatedAt: now, CreatedBy: by, UpdatedBy: by,
		Attributes: merged(nil, attrs)}
	s.actors[a.ID] = a
	s.changed()
	return clone(a), nil
}

// list is a stored list as the Neo4j store reads it back: never nil.
func list(l []string) []string {
	return append([]string{}, l...)
}

// UpdateActor implements domain.Store.
func (s *Store) UpdateActor(ctx context.Context, id string, p domain.ActorPatch) (*domain.Actor, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.actors[id]
	if !ok {
		return nil, notFound("actor", id)
	}
	a := clone(old)
	attrs, err := s.schema(domain.TargetActor).Check(p.Attributes, domain.TargetActor, true)
	if err != nil {
		return nil, err
	}
	a.Attributes = merged(old.Attributes, attrs)
	if p.Sector != nil {
		if err := s.requireSector(*p.Sector); err != nil {
			return nil, err
		}
		a.Sector = *p.Sector
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&a.Name, p.Name)
	set(&a.Type, p.Type)
	set(&a.Region, p.Region)
	set(&a.Description, p.Description)
	if p.Kind != nil {
		a.Kind = *p.Kind
	}
	if p.Tags != nil {
		a.Tags = list(p.Tags)
	}
	if !sameActor(a, old) {
		a.UpdatedAt, a.UpdatedBy = time.Now().UTC(), domain.IdentityFrom(ctx).Name
		s.actors[id] = a
		s.changed()
	}
	return clone(s.actors[id]), nil
}

// sameActor reports whether two actors hold the same attributes (not their stamps).
func sameActor(a, b *domain.Actor) bool {
	return a.Name == b.Name && a.Sector == b.Sector && a.Kind == b.Kind && a.Type == b.Type && a.Region == b.Region &&
		a.Description == b.Description && slices.Equal(a.Tags, b.Tags) && maps.Equal(a.Attributes, b.Attributes)
}

// DeleteActor implements domain.Store.
func (s *Store) DeleteActor(_ context.Context, id string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.actors[id]; !ok {
		return 0, notFound("actor", id)
	}
	n := 0
	for pid, p := range s.partnerships {
		if p.Source == id || p.Target == id {
			delete(s.partnerships, pid)
			n++
		}
	}
	for k := range s.roles {
		if k[0] == id {
			delete(s.roles, k)
		}
	}
	delete(s.actors, id)
	s.changed()
	return n, nil
}
