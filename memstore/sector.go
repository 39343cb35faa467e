package memstore

import (
	"context"
	"slices"
	"strings"

	"stakegraph/domain"
)

// Sectors: the taxonomy actors belong to.

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
