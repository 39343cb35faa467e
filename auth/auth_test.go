package auth

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"stakegraph/domain"
)

// TestJWTHeadersAndIssuedAt: a JWT naming critical header extensions is refused (RFC 7515
// §4.1.11: this server understands none), and so is one issued in the future beyond the
// leeway; a plain one is accepted.
func TestJWTHeadersAndIssuedAt(t *testing.T) {
	a, err := New(context.Background(), Config{JWTSecret: "test-secret", AnonymousRole: domain.RoleNone, TokenPrefix: "sg_"})
	if err != nil {
		t.Fatal(err)
	}
	sign := func(iat time.Time, crit bool) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "ana", "roles": "reader",
			"exp": time.Now().Add(time.Hour).Unix(), "iat": iat.Unix()})
		if crit {
			tok.Header["crit"] = []string{"exp"}
		}
		s, err := tok.SignedString([]byte("test-secret"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	identify := func(tok string) error {
		r := httptest.NewRequest("POST", "/graphql", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		_, err := a.Identify(r)
		return err
	}
	if err := identify(sign(time.Now(), false)); err != nil {
		t.Errorf("a valid JWT: %v", err)
	}
	if err := identify(sign(time.Now(), true)); domain.ErrorCode(err) != domain.EUNAUTHENTICATED {
		t.Errorf("a JWT with a crit header: %v, want UNAUTHENTICATED", err)
	}
	if err := identify(sign(time.Now().AddDate(1, 0, 0), false)); domain.ErrorCode(err) != domain.EUNAUTHENTICATED {
		t.Errorf("a JWT issued a year ahead: %v, want UNAUTHENTICATED", err)
	}
	if err := identify(sign(time.Now().Add(10*time.Second), false)); err != nil {
		t.Errorf("a JWT issued 10 s ahead (within the leeway): %v", err)
	}
}

// TestFailureLimiter: an address gets a burst of failures, then waits; others are not held.
func TestFailureLimiter(t *testing.T) {
	l := &FailureLimiter{Burst: 3, PerSecond: 0.001, buckets: map[string]*failures{}}
	for i := range 3 {
		if ok, _ := l.Allowed("192.0.2.1"); !ok {
			t.Fatalf("failure %d refused within the burst", i)
		}
		l.Failed("192.0.2.1")
	}
	ok, retry := l.Allowed("192.0.2.1")
	if ok || retry < 1 {
		t.Errorf("after the burst: allowed %v, retry %d", ok, retry)
	}
	if ok, _ := l.Allowed("192.0.2.2"); !ok {
		t.Error("another address has its own bucket")
	}
}
