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
	"slices"
	"strings"
	"sync"

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
