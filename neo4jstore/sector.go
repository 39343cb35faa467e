package neo4jstore

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

func sectorFrom(m map[string]any) *domain.Sector {
	return &domain.Sector{Code: str(m, "code"), Label: str(m, "label"), Color: str(m, "color")}
}

// Sectors returns all sectors ordered by code.
func (s *Store) Sectors(ctx context.Context) ([]domain.Sector, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.Sector, error) { return s.sectors(ctx, tx) })
}

func (s *Store) sectors(ctx context.Context, tx neo4j.ManagedTransaction) ([]domain.Sector, error) {
	recs, err := s.collect(ctx, tx, `MATCH (s:Sector) RETURN s{.*} AS s ORDER BY s.code`, nil)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Sector, len(recs))
	for i, r := range recs {
		out[i] = *sectorFrom(recordMap(r, "s"))
	}
	return out, nil
}

// SectorsByCode returns the sectors with the given codes; missing codes are absent from the map.
func (s *Store) SectorsByCode(ctx context.Context, codes []string) (map[string]*domain.Sector, error) {
	return readQuery(ctx, s, `MATCH (s:Sector) WHERE s.code IN $codes RETURN s{.*} AS s`, map[string]any{"codes": codes}, func(recs []*neo4j.Record) (map[string]*domain.Sector, error) {
		out := make(map[string]*domain.Sector, len(recs))
		for _, r := range recs {
			sec := sectorFrom(recordMap(r, "s"))
			out[sec.Code] = sec
		}
		return out, nil
	})
}

// SectorActorCounts returns how many actors each of the given sectors has.
func (s *Store) SectorActorCounts(ctx context.Context, codes []string) (map[string]int, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) (map[string]int, error) {
		recs, err := s.collect(ctx, tx, `
			UNWIND $codes AS code
			OPTIONAL MATCH (a:Actor {sector: code})
			RETURN code, count(a) AS n`, map[string]any{"codes": codes})
		if err != nil {
			return nil, err
		}
		out := make(map[string]int, len(recs))
		for _, r := range recs {
			code, _ := r.Get("code")
			out[code.(string)] = recordInt(r, "n")
		}
		return out, nil
	})
}

// CreateSector creates a sector. Errors: EINVALID, ECONFLICT when the code exists.
func (s *Store) CreateSector(ctx context.Context, in domain.SectorInput) (*domain.Sector, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Sector, error) {
		if err := s.absent(ctx, tx, `MATCH (s:Sector {code: $id}) RETURN s.code AS code`, "code", "sector", in.Code); err != nil {
			return nil, err
		}
		rec, err := s.single(ctx, tx, `CREATE (s:Sector {code: $code, label: $label, color: $color}) RETURN s{.*} AS s`,
			map[string]any{"code": in.Code, "label": in.Label, "color": nullIfEmpty(in.Color)})
		if err != nil {
			return nil, err
		}
		return sectorFrom(recordMap(rec, "s")), nil
	})
}

// UpdateSector changes a sector's label or colour. Errors: EINVALID, ENOTFOUND.
func (s *Store) UpdateSector(ctx context.Context, code string, p domain.SectorPatch) (*domain.Sector, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (*domain.Sector, error) {
		params := map[string]any{"code": code, "label": nil, "color": nil, "setColor": p.Color != nil}
		if p.Label != nil {
			params["label"] = *p.Label
		}
		if p.Color != nil {
			params["color"] = nullIfEmpty(*p.Color)
		}
		rec, err := s.single(ctx, tx, `
			MATCH (s:Sector {code: $code})
			SET s.label = coalesce($label, s.label),
			    s.color = CASE WHEN $setColor THEN $color ELSE s.color END
			RETURN s{.*} AS s`, params)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, notFound("sector", code)
		}
		return sectorFrom(recordMap(rec, "s")), nil
	})
}

// requireSector fails with EINVALID, naming the known sectors, when code is not a sector.
func (s *Store) requireSector(ctx context.Context, tx neo4j.ManagedTransaction, code string) error {
	recs, err := s.collect(ctx, tx, `MATCH (s:Sector) RETURN s.code AS code ORDER BY code`, nil)
	if err != nil {
		return err
	}
	known := make([]string, 0, len(recs))
	for _, r := range recs {
		c, _ := r.Get("code")
		if c == code {
			return nil
		}
		known = append(known, c.(string))
	}
	return domain.FieldErrorf("sector", domain.EINVALID, "unknown sector %q; known sectors: %s", code, strings.Join(known, ", "))
}
