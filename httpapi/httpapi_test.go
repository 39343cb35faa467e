package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"stakegraph/domain"
)

func TestHostPolicy(t *testing.T) {
	loop := HostPolicy{Loopback: true}
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.1.2.3": true, "app.localhost": true,
		"LOCALHOST.": true, "evil.example:8080": false, "attacker.test": false, "10.0.0.1:8080": false, "": false,
	} {
		if got := loop.allows(host); got != want {
			t.Errorf("loopback listener, Host %q: served %v, want %v", host, got, want)
		}
	}
	named := HostPolicy{Loopback: true, Allowed: []string{"stakegraph.internal"}}
	if !named.allows("stakegraph.internal:443") || named.allows("other.internal") {
		t.Error("ALLOWED_HOSTS on loopback: the named host is served, no other")
	}
	open := HostPolicy{}
	if !open.allows("anything.example") {
		t.Error("a listener beyond loopback without ALLOWED_HOSTS serves any name")
	}
	public := HostPolicy{Allowed: []string{"api.example.org"}}
	if !public.allows("api.example.org") || public.allows("127.0.0.1") || public.allows("evil.example") {
		t.Error("ALLOWED_HOSTS beyond loopback: only the named hosts")
	}

	h := SecurityHeaders(Hosts(loop, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) })))
	req := httptest.NewRequest("POST", "/graphql", nil)
	req.Host = "rebound.example:8080"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMisdirectedRequest || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("rebound host: %d, nosniff %q; body %s", rec.Code, rec.Header().Get("X-Content-Type-Options"), rec.Body)
	}
}

func TestStatusTable(t *testing.T) {
	for err, want := range map[error]int{
		domain.Errorf(domain.EINVALID, "x"):       400,
		domain.Errorf(domain.ENOTFOUND, "x"):      404,
		domain.Errorf(domain.ETIMEOUT, "x"):       504,
		domain.Errorf(domain.EUNAVAIL, "x"):       503,
		domain.Errorf(domain.EOVERLOADED, "x"):    503,
		domain.Errorf(domain.ERATELIMITED, "x"):   429,
		domain.Errorf(domain.ETOOLARGE, "x"):      413,
		context.DeadlineExceeded:                  504, // a bare deadline is a timeout, not a 500
		fmt.Errorf("w: %w", context.Canceled):     504,
		fmt.Errorf("a driver's text, never sent"): 500,
	} {
		if got := Status(Code(err)); got != want {
			t.Errorf("%v: %d, want %d", err, got, want)
		}
	}
	if m := Message(fmt.Errorf("bolt: secret driver detail")); m != "internal error" {
		t.Errorf("an internal error's message: %q", m)
	}
}
