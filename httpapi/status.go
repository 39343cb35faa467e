// Package httpapi is stakegraph's HTTP layer below the GraphQL executor: the one table from
// error codes to HTTP statuses, the error body of requests refused before GraphQL runs, and the
// middlewares that decide whether a request may be read at all — the host it names, the
// headers every response carries, the body it may send for its role, and how often a client
// address may fail to authenticate. Everything here runs before a request body is parsed.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"stakegraph/domain"
)

// statuses is the one table from an error's code to the HTTP status a refused or failed
// request answers with: GraphQL refusals, exports, imports and authentication all use it.
var statuses = map[string]int{
	domain.EINVALID:         http.StatusBadRequest,
	domain.EUNAUTHENTICATED: http.StatusUnauthorized,
	domain.EFORBIDDEN:       http.StatusForbidden,
	domain.ENOTFOUND:        http.StatusNotFound,
	domain.ECONFLICT:        http.StatusConflict,
	domain.ETOOLARGE:        http.StatusRequestEntityTooLarge,
	domain.ETOOEXPENSIVE:    http.StatusBadRequest,
	domain.ERATELIMITED:     http.StatusTooManyRequests,
	domain.EMISDIRECTED:     http.StatusMisdirectedRequest,
	domain.EOVERLOADED:      http.StatusServiceUnavailable,
	domain.EUNAVAIL:         http.StatusServiceUnavailable,
	domain.ETIMEOUT:         http.StatusGatewayTimeout,
	domain.EINTERNAL:        http.StatusInternalServerError,
}

// Status returns the HTTP status for an error code (500 for codes it does not know).
func Status(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Code returns err's code for clients: its domain code, TIMEOUT for a deadline that passed or
// a request that was cancelled (never a bare 500), INTERNAL_SERVER_ERROR otherwise.
func Code(err error) string {
	var de *domain.Error
	switch {
	case errors.As(err, &de):
		return de.Code
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return domain.ETIMEOUT
	}
	return domain.ErrorCode(err)
}

// Message returns err's message for clients (never a driver's text).
func Message(err error) string {
	if Code(err) == domain.ETIMEOUT && !errors.As(err, new(*domain.Error)) {
		return "the request took longer than it may and was stopped"
	}
	return domain.ErrorMessage(err)
}

// RetryAfter is the Retry-After (seconds) a refusal with code carries: 2 for a server that
// is busy or cannot reach its database, 0 (none) otherwise. Refusals that know better (a
// spent budget) set their own.
func RetryAfter(code string) int {
	if code == domain.EOVERLOADED || code == domain.EUNAVAIL {
		return 2
	}
	return 0
}

// WriteError answers a request that is refused before, or fails outside, GraphQL execution,
// with the status the code maps to: a GraphQL error response on /graphql, {"error": {code,
// message}} elsewhere. retryAfter > 0 sets Retry-After (0: the code's default).
func WriteError(w http.ResponseWriter, r *http.Request, code, message string, retryAfter int) {
	status := Status(code)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Del("Content-Disposition")
	if status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="stakegraph"`)
	}
	if retryAfter <= 0 {
		retryAfter = RetryAfter(code)
	}
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.WriteHeader(status)
	var body any = map[string]any{"error": map[string]string{"code": code, "message": message}}
	if strings.HasPrefix(r.URL.Path, "/graphql") {
		body = map[string]any{"errors": []any{map[string]any{"message": message, "extensions": map[string]string{"code": code}}}}
	}
	_ = json.NewEncoder(w).Encode(body)
}

// WriteErr is WriteError for an error value.
func WriteErr(w http.ResponseWriter, r *http.Request, err error) {
	WriteError(w, r, Code(err), Message(err), 0)
}
