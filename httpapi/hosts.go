package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"

	"stakegraph/domain"
)

// HostPolicy says which Host names a server answers to, against DNS rebinding: a page on
// another site that rebinds its own name to 127.0.0.1 still sends its own name as Host, so a
// listener on loopback that serves only loopback names cannot be read or written by it.
type HostPolicy struct {
	// Loopback: the listener accepts only loopback connections, so only loopback names
	// (localhost, *.localhost, 127.0.0.0/8, [::1]) are served, plus Allowed.
	Loopback bool
	// Allowed are further host names (without port) served; "*" allows any. On a listener
	// beyond loopback an empty list allows any name (a reverse proxy in front decides).
	Allowed []string
}

// allows reports whether the policy serves a request naming host (a Host header value, port
// optional).
func (p HostPolicy) allows(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if slices.Contains(p.Allowed, "*") || slices.ContainsFunc(p.Allowed, func(a string) bool { return strings.EqualFold(a, host) }) {
		return true
	}
	if !p.Loopback {
		return len(p.Allowed) == 0
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Hosts answers 421 MISDIRECTED_REQUEST to a request naming a host the policy does not serve,
// before anything else reads it.
func Hosts(p HostPolicy, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !p.allows(r.Host) {
			w.Header().Set("Connection", "close")
			WriteError(w, r, domain.EMISDIRECTED, fmt.Sprintf("this server does not answer to the host %.80q; "+
				"add it to ALLOWED_HOSTS if it is yours", r.Host), 0)
			return
		}
		next.ServeHTTP(w, r)
	})
}
