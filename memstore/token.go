package memstore

import (
	"context"
	"time"

	"stakegraph/domain"
)

// API tokens (stored hashed, as the Neo4j store keeps them).

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
