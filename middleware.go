package main

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"stakegraph/auth"
	"stakegraph/domain"
)

var domainAll = domain.ActorFilter{}

// withTimeout gives every request a deadline; the store and resolvers honour its context.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withCORS allows cross-origin requests from the configured origins ("*" allows any real
// origin; the opaque "null" origin of sandboxed frames and file pages is never allowed).
func withCORS(origins []string, next http.Handler) http.Handler {
	any := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && origin != "null" && (any || slices.Contains(origins, origin)) {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Add("Vary", "Origin")
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			h.Set("Access-Control-Max-Age", "600")
			if r.Method == http.MethodOptions {
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// withLogging writes one structured log line per request, with the identity that sent it
// (so every write's line says who made it).
func withLogging(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		ctx, info := auth.WithRequestInfo(r.Context())
		w.Header().Set("X-Request-Id", info.ID)
		next.ServeHTTP(rec, r.WithContext(ctx))
		logger.Info("request", "request_id", info.ID, "method", r.Method, "path", r.URL.Path, "status", rec.status, "identity", info.Identity.Name,
			"role", info.Identity.Role, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}
