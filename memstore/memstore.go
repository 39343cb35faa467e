// Package memstore is a domain.Store held in memory: resolver, guard and cost tests run on it
// without Neo4j, in parallel, one store each. It follows the Neo4j store's contract — the
// same orderings, cursors, error codes, upsert rules and graph versions — and
// TestMemoryStoreAgreesWithNeo4j (neo4jstore) runs both on the same operations and random
// filters to keep it so. The Neo4j store stays the authority: the end-to-end and store tests
// run on it.
//
// Every method takes one lock, so each is atomic as the Neo4j store's transactions are; a
// store holds test-sized networks (its reads scan every row).
package memstore

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"stakegraph/analytics"
	"stakegraph/domain"
)

// Store is an in-memory domain.Store and analytics.Loader.
type Store struct {
	mu           sync.RWMutex
	version      int64
	sectors      map[string]domain.Sector
	actors       map[string]*domain.Actor
	partnerships map[string]*domain.Partnership
	projects     map[string]*domain.Project
	roles        map[[2]string]string                  // (actor, project) → role
	tokens       map[string]*token                     // by name
	defs         map[string]domain.AttributeDefinition // by defKey
	graph        *domain.GraphData                     // LoadGraph's answer at version, built on demand
}

type token struct {
	domain.APIToken
	hash string
}

var _ domain.Store = (*Store)(nil)
var _ analytics.Loader = (*Store)(nil)

// New returns an empty store with the default sectors at version 1, as the Neo4j store is
// after its migration.
func New() *Store {
	s := &Store{version: 1, sectors: map[string]domain.Sector{}, actors: map[string]*domain.Actor{},
		partnerships: map[string]*domain.Partnership{}, projects: map[string]*domain.Project{},
		roles: map[[2]string]string{}, tokens: map[string]*token{}, defs: map[string]domain.AttributeDefinition{}}
	for _, sec := range domain.DefaultSectors {
		s.sectors[sec.Code] = sec
	}
	return s
}

// changed bumps the graph version after a write that changed the network.
func (s *Store) changed() {
	s.version++
	s.graph = nil
}

// byID copies the items of m with the given ids, under a read lock; missing ids are absent.
func byID[T any](mu *sync.RWMutex, m map[string]*T, ids []string) (map[string]*T, error) {
	mu.RLock()
	defer mu.RUnlock()
	out := map[string]*T{}
	for _, id := range ids {
		if v, ok := m[id]; ok {
			out[id] = clone(v)
		}
	}
	return out, nil
}

func clone[T any](p *T) *T {
	c := *p
	return &c
}

func sorted[T any](m map[string]*T, key func(*T) string) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *T) int { return strings.Compare(key(a), key(b)) })
	return out
}

func actorID(a *domain.Actor) string             { return a.ID }
func partnershipID(p *domain.Partnership) string { return p.ID }
func projectID(p *domain.Project) string         { return p.ID }

func notFound(kind, id string) error {
	return domain.Errorf(domain.ENOTFOUND, "%s %q not found", kind, id)
}

// GraphVersion implements domain.Store.
func (s *Store) GraphVersion(context.Context) (int64, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.version, nil
}

// network is the whole stored network.
func (s *Store) network() domain.Network {
	n := domain.Network{Sectors: s.sortedSectors(), Attributes: s.definitions()}
	for _, a := range sorted(s.actors, actorID) {
		n.Actors = append(n.Actors, *a)
	}
	for _, p := range sorted(s.partnerships, partnershipID) {
		n.Partnerships = append(n.Partnerships, *p)
	}
	for _, p := range sorted(s.projects, projectID) {
		n.Projects = append(n.Projects, *p)
	}
	for k, role := range s.roles {
		n.Participations = append(n.Participations, domain.Participation{ActorID: k[0], ProjectID: k[1], Role: role})
	}
	slices.SortFunc(n.Participations, func(a, b domain.Participation) int {
		return cmp.Or(strings.Compare(a.ProjectID, b.ProjectID), strings.Compare(a.ActorID, b.ActorID))
	})
	return n
}

// LoadGraph implements analytics.Loader: the network at the current version.
func (s *Store) LoadGraph(ctx context.Context) (*domain.GraphData, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.graph == nil {
		s.graph = analytics.GraphDataOf(s.network(), s.version)
	}
	return s.graph, ctx.Err()
}

// GraphSize implements analytics.Sizer.
func (s *Store) GraphSize(context.Context) (int, int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.actors), len(s.partnerships), nil
}

// Node implements domain.Store.
func (s *Store) Node(_ context.Context, id string) (any, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if a, ok := s.actors[id]; ok {
		return clone(a), nil
	}
	if p, ok := s.partnerships[id]; ok {
		return clone(p), nil
	}
	if p, ok := s.projects[id]; ok {
		return clone(p), nil
	}
	if sec, ok := s.sectors[id]; ok {
		return &sec, nil
	}
	return nil, nil
}

// --- sectors ---

func (s *Store) sortedSectors() []domain.Sector {
	out := make([]domain.Sector, 0, len(s.sectors))
	for _, sec := range s.sectors {
		out = append(out, sec)
	}
	slices.SortFunc(out, func(a, b domain.Sector) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Sectors implements domain.Store.
func (s *Store) Sectors(context.Context) ([]domain.Sector, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sortedSectors(), nil
}

// SectorsByCode implements domain.Store.
func (s *Store) SectorsByCode(_ context.Context, codes []string) (map[string]*domain.Sector, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string]*domain.Sector{}
	for _, c := range codes {
		if sec, ok := s.sectors[c]; ok {
			out[c] = &sec
		}
	}
	return out, nil
}

// SectorActorCounts implements domain.Store.
func (s *Store) SectorActorCounts(_ context.Context, codes []string) (map[string]int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string]int, len(codes))
	for _, c := range codes {
		out[c] = 0
	}
	for _, a := range s.actors {
		if _, ok := out[a.Sector]; ok {
			out[a.Sector]++
		}
	}
	return out, nil
}

// requireSector fails as the Neo4j store does when code is not a sector.
func (s *Store) requireSector(code string) error {
	if _, ok := s.sectors[code]; ok {
		return nil
	}
	known := make([]string, 0, len(s.sectors))
	for _, sec := range s.sortedSectors() {
		known = append(known, sec.Code)
	}
	return domain.FieldErrorf("sector", domain.EINVALID, "unknown sector %q; known sectors: %s", code, strings.Join(known, ", "))
}

// CreateSector implements domain.Store.
func (s *Store) CreateSector(_ context.Context, in domain.SectorInput) (*domain.Sector, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sectors[in.Code]; ok {
		return nil, domain.FieldErrorf("code", domain.ECONFLICT, "sector %q already exists", in.Code)
	}
	sec := domain.Sector(in)
	s.sectors[in.Code] = sec
	s.changed()
	return &sec, nil
}

// UpdateSector implements domain.Store.
func (s *Store) UpdateSector(_ context.Context, code string, p domain.SectorPatch) (*domain.Sector, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.sectors[code]
	if !ok {
		return nil, notFound("sector", code)
	}
	old := sec
	if p.Label != nil {
		sec.Label = *p.Label
	}
	if p.Color != nil {
		sec.Color = *p.Color
	}
	if sec != old {
		s.sectors[code] = sec
		s.changed()
	}
	return &sec, nil
}

// --- actors ---

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

// --- partnerships ---

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

// --- projects ---

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

// --- tokens ---

// CreateToken implements domain.Store. Tokens are not network data: the version stays.
func (s *Store) CreateToken(ctx context.Context, name string, role domain.Role) (string, error) {
	secret, err := domain.NewToken(name, role)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tokens[name]; ok {
		return "", domain.FieldErrorf("name", domain.ECONFLICT, "a token named %q exists", name)
	}
	s.tokens[name] = &token{APIToken: domain.APIToken{Name: name, Role: role, CreatedAt: time.Now().UTC().Format(time.RFC3339)}, hash: domain.HashToken(secret)}
	return secret, nil
}

// Tokens implements domain.Store.
func (s *Store) Tokens(context.Context) ([]domain.APIToken, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []domain.APIToken{}
	for _, t := range sorted(s.tokens, func(t *token) string { return t.Name }) {
		out = append(out, t.APIToken)
	}
	return out, nil
}

// RevokeToken implements domain.Store.
func (s *Store) RevokeToken(_ context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[name]
	if !ok || t.RevokedAt != "" {
		return domain.Errorf(domain.ENOTFOUND, "no valid token named %q", name)
	}
	t.RevokedAt, t.hash = time.Now().UTC().Format(time.RFC3339), ""
	return nil
}

// TokenByHash returns the valid token whose secret hashes to hash (auth's lookup); nil when
// none does.
func (s *Store) TokenByHash(_ context.Context, hash string) (*domain.APIToken, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, t := range s.tokens {
		if t.hash != "" && t.hash == hash {
			tok := t.APIToken
			return &tok, nil
		}
	}
	return nil, nil
}

// --- what the server needs besides domain.Store ---

// StreamNetwork hands the actors f selects, then the partnerships between them that pass f,
// to the callbacks, in id order (formats.Source, for exports).
func (s *Store) StreamNetwork(_ context.Context, f domain.NetworkFilter, actor func(*domain.Actor) error, tie func(*domain.Partnership) error) error {
	s.mu.RLock()
	if err := s.resolve(&f); err != nil {
		s.mu.RUnlock()
		return err
	}
	var actors []*domain.Actor
	var ties []*domain.Partnership
	m := f.Matcher()
	kept := map[string]bool{}
	for _, a := range sorted(s.actors, actorID) {
		if actorKept(m, a) {
			kept[a.ID] = true
			actors = append(actors, clone(a))
		}
	}
	for _, p := range sorted(s.partnerships, partnershipID) {
		if kept[p.Source] && kept[p.Target] && matchesTie(m, p) {
			ties = append(ties, clone(p))
		}
	}
	s.mu.RUnlock()
	for _, a := range actors {
		if err := actor(a); err != nil {
			return err
		}
	}
	for _, p := range ties {
		if err := tie(p); err != nil {
			return err
		}
	}
	return nil
}

// Ping answers at once: the store is in the process (httpapi.Pinger).
func (s *Store) Ping(context.Context) error { return nil }

// Responsive is always true (httpapi.Pinger).
func (s *Store) Responsive() bool { return true }

// QueryCounts is empty: no database is queried (the /metrics source).
func (s *Store) QueryCounts() map[string]int64 { return map[string]int64{} }
