// Package auth tells who sent a request: an API token (created by `stakegraph token create`,
// stored as a hash in Neo4j), a JWT from an organisation's identity provider (RS256/ES256
// keys from a JWKS URL via github.com/MicahParks/keyfunc, or an HS256 secret; verified by
// github.com/golang-jwt/jwt), or nobody — an anonymous client with the configured role. The
// identity travels in the request's context (domain.WithIdentity); what a role may do is
// decided where the request is served (GraphQL operations, exports).
package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"stakegraph/domain"
)

// TokenLookup finds a valid API token by the hash of its secret (nil when none).
type TokenLookup interface {
	TokenByHash(ctx context.Context, hash string) (*domain.APIToken, error)
}

// Config configures authentication.
type Config struct {
	AnonymousRole domain.Role // none, reader or editor
	Tokens        TokenLookup
	HashToken     func(secret string) string
	TokenPrefix   string // API tokens start with it; other bearer credentials are JWTs

	JWKSURL   string // RS256/ES256 keys
	JWTSecret string // HS256
	Issuer    string // required iss when set
	Audience  string // required aud when set
	RoleClaim string // claim holding the role (a string or a list), default "roles"
}

// Authenticator identifies requests.
type Authenticator struct {
	cfg     Config
	keyfunc jwt.Keyfunc
	methods []string

	mu    sync.Mutex
	cache map[string]cachedToken // token hash → identity (or "unknown"), for a short while

	failures *FailureLimiter // failed authentications per client address
	lookups  chan struct{}   // token lookups in the store at once
}

// maxLookups bounds the token lookups that may wait on the store at once: a flood of unknown
// tokens cannot take more of its connection pool than this.
const maxLookups = 8

// lookupTimeout bounds one token lookup, waiting for a turn included.
const lookupTimeout = 3 * time.Second

type cachedToken struct {
	id      domain.Identity
	ok      bool
	expires time.Time
}

// tokenCacheTTL bounds how long a token lookup is reused: a token revoked by another process
// stops working within it (at once in the process that revoked it).
const tokenCacheTTL = 10 * time.Second

// New returns an authenticator; with a JWKS URL it fetches the keys (and keeps them fresh in
// the background until ctx ends).
func New(ctx context.Context, cfg Config) (*Authenticator, error) {
	if cfg.RoleClaim == "" {
		cfg.RoleClaim = "roles"
	}
	if cfg.AnonymousRole == "" {
		cfg.AnonymousRole = domain.RoleReader
	}
	if cfg.AnonymousRole == domain.RoleAdmin || !cfg.AnonymousRole.Valid() {
		return nil, fmt.Errorf("ANONYMOUS_ROLE must be none, reader or editor, got %q", cfg.AnonymousRole)
	}
	a := &Authenticator{cfg: cfg, cache: map[string]cachedToken{}, failures: NewFailureLimiter(), lookups: make(chan struct{}, maxLookups)}
	switch {
	case cfg.JWKSURL != "" && cfg.JWTSecret != "":
		return nil, errors.New("give AUTH_JWKS_URL or AUTH_JWT_SECRET, not both")
	case cfg.JWKSURL != "":
		k, err := keyfunc.NewDefaultCtx(ctx, []string{cfg.JWKSURL})
		if err != nil {
			return nil, fmt.Errorf("JWKS at %s: %w", cfg.JWKSURL, err)
		}
		a.keyfunc, a.methods = k.Keyfunc, []string{"RS256", "ES256"}
	case cfg.JWTSecret != "":
		secret := []byte(cfg.JWTSecret)
		a.keyfunc, a.methods = func(*jwt.Token) (any, error) { return secret, nil }, []string{"HS256"}
	}
	return a, nil
}

// AnonymousRole is the role of requests without credentials.
func (a *Authenticator) AnonymousRole() domain.Role { return a.cfg.AnonymousRole }

// Forget drops cached token lookups (after a revocation).
func (a *Authenticator) Forget() {
	a.mu.Lock()
	a.cache = map[string]cachedToken{}
	a.mu.Unlock()
}

// Identify returns the request's identity, from its headers alone. Errors: EUNAUTHENTICATED
// for credentials that are malformed, unknown, revoked, expired or not signed by a trusted key
// (counted against the client's address); *Throttled when that address failed too often
// lately (nothing is looked up); EOVERLOADED when too many lookups wait; the store's errors.
func (a *Authenticator) Identify(r *http.Request) (domain.Identity, error) {
	id, err := a.identify(r)
	if domain.ErrorCode(err) == domain.EUNAUTHENTICATED {
		a.failures.Failed(ClientAddress(r))
	}
	return id, err
}

func (a *Authenticator) identify(r *http.Request) (domain.Identity, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		return domain.Identity{Name: "anonymous", Role: a.cfg.AnonymousRole, Anonymous: true, Key: "ip:" + host}, nil
	}
	scheme, cred, ok := strings.Cut(h, " ")
	cred = strings.TrimSpace(cred)
	if !ok || !strings.EqualFold(scheme, "Bearer") || cred == "" {
		return domain.Identity{}, domain.Errorf(domain.EUNAUTHENTICATED, "send credentials as Authorization: Bearer <token>")
	}
	addr := ClientAddress(r)
	if strings.HasPrefix(cred, a.cfg.TokenPrefix) {
		return a.token(r.Context(), cred, addr)
	}
	if ok, retry := a.failures.Allowed(addr); !ok {
		return domain.Identity{}, &Throttled{retry}
	}
	return a.jwt(cred)
}

// Throttled refuses credentials from an address that failed to authenticate too often lately
// (code RATE_LIMITED); RetryAfter says in how many seconds it may try again.
type Throttled struct{ RetryAfter int }

func (e *Throttled) Error() string {
	return fmt.Sprintf("too many failed authentications from this address; retry in %d s", e.RetryAfter)
}

// Unwrap gives the error its code.
func (e *Throttled) Unwrap() error { return domain.Errorf(domain.ERATELIMITED, "%s", e.Error()) }

// token identifies an API token: from the cache of recent lookups (known and unknown tokens
// alike), or by a lookup in the store, which an address that failed too often lately may not
// make (a valid token it already used keeps working).
func (a *Authenticator) token(ctx context.Context, secret, addr string) (domain.Identity, error) {
	hash := a.cfg.HashToken(secret)
	a.mu.Lock()
	c, hit := a.cache[hash]
	a.mu.Unlock()
	if !hit || time.Now().After(c.expires) {
		if ok, retry := a.failures.Allowed(addr); !ok && !(hit && c.ok) { // a token known good may refresh
			return domain.Identity{}, &Throttled{retry}
		}
		ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
		defer cancel()
		select {
		case a.lookups <- struct{}{}:
		case <-ctx.Done():
			return domain.Identity{}, domain.Errorf(domain.EOVERLOADED, "too many credentials are being checked at once; retry shortly")
		}
		t, err := a.cfg.Tokens.TokenByHash(ctx, hash)
		<-a.lookups
		if err != nil {
			return domain.Identity{}, err
		}
		c = cachedToken{ok: t != nil, expires: time.Now().Add(tokenCacheTTL)}
		if t != nil {
			c.id = domain.Identity{Name: t.Name, Role: t.Role, Key: "token:" + t.Name}
		}
		a.mu.Lock()
		if len(a.cache) > 10_000 {
			a.cache = map[string]cachedToken{}
		}
		a.cache[hash] = c
		a.mu.Unlock()
	}
	if !c.ok {
		return domain.Identity{}, domain.Errorf(domain.EUNAUTHENTICATED, "the API token is unknown or revoked")
	}
	return c.id, nil
}

func (a *Authenticator) jwt(raw string) (domain.Identity, error) {
	if a.keyfunc == nil {
		return domain.Identity{}, domain.Errorf(domain.EUNAUTHENTICATED, "the credential is not an API token, and this server accepts no JWTs")
	}
	// iat in the future (beyond the leeway) is refused: a token minted "later" is forged or
	// from a clock far off.
	opts := []jwt.ParserOption{jwt.WithValidMethods(a.methods), jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithLeeway(30 * time.Second)}
	if a.cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(a.cfg.Issuer))
	}
	if a.cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(a.cfg.Audience))
	}
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(raw, claims, a.keyfunc, opts...)
	if err == nil {
		// RFC 7515 §4.1.11: a recipient that does not understand a critical extension must
		// refuse the token; this server understands none.
		if _, crit := tok.Header["crit"]; crit {
			return domain.Identity{}, domain.Errorf(domain.EUNAUTHENTICATED, "the JWT names critical header extensions this server does not support")
		}
	}
	if err != nil {
		return domain.Identity{}, domain.Errorf(domain.EUNAUTHENTICATED, "the JWT is not valid here (signature, expiry, issuer or audience)")
	}
	sub, _ := claims.GetSubject()
	if sub == "" {
		return domain.Identity{}, domain.Errorf(domain.EUNAUTHENTICATED, "the JWT has no subject")
	}
	role := domain.RoleNone
	consider := func(v any) {
		if s, ok := v.(string); ok {
			if r := domain.Role(strings.ToLower(s)); r.Valid() && r.Allows(role) {
				role = r
			}
		}
	}
	switch v := claims[a.cfg.RoleClaim].(type) {
	case []any:
		for _, x := range v {
			consider(x)
		}
	default:
		consider(v)
	}
	return domain.Identity{Name: "jwt:" + sub, Role: role, Key: "jwt:" + sub}, nil
}

// RequestInfo is what the outermost middleware (the request log) learns from the inner ones,
// and the request's id, which error responses and log lines carry.
type RequestInfo struct {
	ID       string
	Identity domain.Identity
}

type requestInfoKey struct{}

// WithRequestInfo returns ctx carrying a RequestInfo for inner middleware to fill.
func WithRequestInfo(ctx context.Context) (context.Context, *RequestInfo) {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	info := &RequestInfo{ID: hex.EncodeToString(b)}
	return context.WithValue(ctx, requestInfoKey{}, info), info
}

// RequestInfoFrom returns the request's RequestInfo, or nil.
func RequestInfoFrom(ctx context.Context) *RequestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(*RequestInfo)
	return info
}
