package neo4jstore

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// metaWriteTx runs work in a managed write transaction that does not bump the graph version:
// API tokens are not network data, and analytics caches stay valid.
func metaWriteTx[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return managed(ctx, s, neo4j.AccessModeWrite, func(tx neo4j.ManagedTransaction) (T, error) {
		return work(&writeTracker{ManagedTransaction: tx})
	})
}

// CreateToken stores a new API token with a name and role and returns its secret, which is
// never stored (only its hash). Errors: EINVALID (bad name or role), ECONFLICT (name taken).
func (s *Store) CreateToken(ctx context.Context, name string, role domain.Role) (string, error) {
	secret, err := domain.NewToken(name, role)
	if err != nil {
		return "", err
	}
	_, err = metaWriteTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		_, err := s.run(ctx, tx, `CREATE (t:ApiToken {name: $name, role: $role, hash: $hash, createdAt: datetime(), createdBy: $by})`,
			map[string]any{"name": name, "role": string(role), "hash": domain.HashToken(secret), "by": domain.IdentityFrom(ctx).Name})
		return err == nil, err
	})
	if err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return "", domain.FieldErrorf("name", domain.ECONFLICT, "a token named %q exists", name)
		}
		return "", err
	}
	return secret, nil
}

// Tokens lists every API token (revoked ones included), by name.
func (s *Store) Tokens(ctx context.Context) ([]domain.APIToken, error) {
	return readTx(ctx, s, func(tx neo4j.ManagedTransaction) ([]domain.APIToken, error) {
		recs, err := s.collect(ctx, tx, `MATCH (t:ApiToken) RETURN t{.name, .role, .createdAt, .revokedAt} AS t ORDER BY t.name`, nil)
		if err != nil {
			return nil, err
		}
		out := make([]domain.APIToken, len(recs))
		for i, r := range recs {
			m := recordMap(r, "t")
			out[i] = domain.APIToken{Name: str(m, "name"), Role: domain.Role(str(m, "role")), CreatedAt: stamp(m, "createdAt"), RevokedAt: stamp(m, "revokedAt")}
		}
		return out, nil
	})
}

func stamp(m map[string]any, k string) string {
	if t := timeOf(m, k); !t.IsZero() {
		return t.Format(time.RFC3339)
	}
	return ""
}

// RevokeToken revokes a token by name: its hash is deleted, so it can never authenticate
// again. Errors: ENOTFOUND.
func (s *Store) RevokeToken(ctx context.Context, name string) error {
	_, err := metaWriteTx(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		rec, err := s.single(ctx, tx, `MATCH (t:ApiToken {name: $name}) WHERE t.revokedAt IS NULL
			SET t.revokedAt = datetime(), t.revokedBy = $by REMOVE t.hash RETURN t.name AS name`,
			map[string]any{"name": name, "by": domain.IdentityFrom(ctx).Name})
		if err != nil {
			return false, err
		}
		if rec == nil {
			return false, domain.Errorf(domain.ENOTFOUND, "no valid token named %q", name)
		}
		return true, nil
	})
	return err
}

// TokenByHash returns the valid token with the given hash; nil when there is none.
func (s *Store) TokenByHash(ctx context.Context, hash string) (*domain.APIToken, error) {
	return readQuery(ctx, s, `MATCH (t:ApiToken {hash: $hash}) RETURN t.name AS name, t.role AS role`, map[string]any{"hash": hash},
		func(recs []*neo4j.Record) (*domain.APIToken, error) {
			if len(recs) == 0 {
				return nil, nil
			}
			name, _ := recs[0].Get("name")
			role, _ := recs[0].Get("role")
			return &domain.APIToken{Name: asString(name), Role: domain.Role(asString(role))}, nil
		})
}
