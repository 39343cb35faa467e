package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// Pinger is what the readiness check needs from the store.
type Pinger interface {
	Ping(ctx context.Context) error
	// Responsive reports whether the database answered the store's watchdog lately.
	Responsive() bool
}

// Healthz answers while the process lives.
func Healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("ok\n"))
}

// Readyz answers 200 while the database answers (within 2 s, and the store's watchdog finds
// it responsive), 503 otherwise.
func Readyz(db Pinger, logger *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain")
		var err error
		if !db.Responsive() {
			err = errors.New("the liveness watchdog finds Neo4j unresponsive")
		} else {
			err = db.Ping(ctx)
		}
		if err != nil {
			logger.Warn("readiness check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("neo4j unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	}
}
