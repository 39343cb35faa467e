package httpapi

import (
	"log/slog"
	"net/http"
	"time"

	"stakegraph/auth"
)

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Logging writes one structured log line per request, with the identity that sent it (so
// every write's line says who made it) and the request id that error responses carry.
func Logging(logger *slog.Logger, next http.Handler) http.Handler {
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
