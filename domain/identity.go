package domain

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Role is what an identity may do: reader (queries and exports), editor (+ mutations and
// imports), admin (+ sectors and API tokens). RoleNone may do nothing.
type Role string

// Roles, from least to most allowed.
const (
	RoleNone   Role = "none"
	RoleReader Role = "reader"
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	return r == RoleNone || r == RoleReader || r == RoleEditor || r == RoleAdmin
}

// Allows reports whether r grants at least what need grants.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() }

func (r Role) rank() int {
	switch r {
	case RoleReader:
		return 1
	case RoleEditor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Identity is who sent a request: an API token's name, a JWT subject, or an anonymous client
// (keyed by its address for rate limits).
type Identity struct {
	Name      string // token name, JWT subject, or "anonymous"
	Role      Role
	Anonymous bool
	Key       string // what rate limits count against: the name, or the client address ("" for in-process callers: no budget)
}

type identityKey struct{}

// WithIdentity returns ctx carrying the request's identity.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom returns the request's identity; without one (a CLI command, a test calling
// the store) it is the local operator with the admin role.
func IdentityFrom(ctx context.Context) Identity {
	if id, ok := ctx.Value(identityKey{}).(Identity); ok {
		return id
	}
	return Identity{Name: "local", Role: RoleAdmin}
}

// Error codes for access and limits.
const (
	EUNAUTHENTICATED = "UNAUTHENTICATED"
	EFORBIDDEN       = "FORBIDDEN"
	ETOOEXPENSIVE    = "QUERY_TOO_EXPENSIVE"
	ERATELIMITED     = "RATE_LIMITED"
	EOVERLOADED      = "SERVICE_OVERLOADED"
	ETOOLARGE        = "PAYLOAD_TOO_LARGE"
	// EMISDIRECTED refuses a request whose Host this server does not serve (DNS rebinding).
	EMISDIRECTED = "MISDIRECTED_REQUEST"
)

// APIToken is a stored API token's public part: its name and role (the secret is only ever
// shown once, at creation, and only its hash is stored).
type APIToken struct {
	Name      string
	Role      Role
	CreatedAt string // RFC 3339
	RevokedAt string // empty while valid
}

// TokenPrefix starts every API token, so a token is recognisable in a configuration file or
// a leaked log and is told apart from a JWT.
const TokenPrefix = "sg_"

// HashToken is how a token is stored: SHA-256 of the secret, hex. Tokens are 256 random bits,
// so a fast hash is enough (no password stretching needed).
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewToken checks a new token's name and role and draws its secret (TokenPrefix and 256
// random bits); stores keep only HashToken of it. Errors: EINVALID.
func NewToken(name string, role Role) (secret string, err error) {
	if err := ValidateID("name", name); err != nil {
		return "", err
	}
	if role != RoleReader && role != RoleEditor && role != RoleAdmin {
		return "", FieldErrorf("role", EINVALID, "role must be reader, editor or admin, got %q", role)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(raw), nil
}
