package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"stakegraph/analytics"
	"stakegraph/auth"
	"stakegraph/domain"
	"stakegraph/export"
	"stakegraph/httpapi"
	"stakegraph/metrics"
	"stakegraph/neo4jstore"
	"stakegraph/resolvers"
	"stakegraph/web"
)

// serveOptions are the HTTP layer's settings (see README "Configuration" and "Security").
type serveOptions struct {
	requestTimeout time.Duration
	corsOrigins    []string
	auth           auth.Config
	limits         resolvers.Limits
	graphiql       bool
	explorer       bool
	introspection  bool
	// hosts are the Host names served (DNS rebinding); the zero policy serves any name.
	hosts httpapi.HostPolicy
	// trustedExports lets anonymous clients export while trusted documents bind them.
	trustedExports bool
}

// newHTTPHandler assembles the server: GraphQL, exports, GraphiQL, health and metrics, behind
// request logging, CORS, authentication and the request deadline.
func newHTTPHandler(ctx context.Context, store *neo4jstore.Store, svc *analytics.Service, logger *slog.Logger, o serveOptions) (http.Handler, error) {
	o.auth.Tokens, o.auth.HashToken, o.auth.TokenPrefix = store, neo4jstore.HashToken, neo4jstore.TokenPrefix
	authn, err := auth.New(ctx, o.auth)
	if err != nil {
		return nil, err
	}
	if err := svc.EnsureSize(ctx); err != nil { // cost estimates know the graph from the first request
		logger.Warn("could not count the graph for cost estimates; counting on the first request", "err", err)
	}
	reg := metrics.New(metrics.Sources{Neo4jQueries: store.QueryCounts, Cache: svc.CacheStats})
	budgets := resolvers.NewBudgets(o.limits.PointsPerMinute)
	gql := resolvers.NewGraphQLHandler(store, svc, logger, resolvers.Options{
		Observe: reg.ObserveGraphQL, Limits: o.limits, DisableIntrospection: !o.introspection,
		OnRevoke: authn.Forget, Charged: reg.Charged, Budgets: budgets,
	})
	admitExport := resolvers.ExportAdmission(o.limits, budgets, svc, o.trustedExports, reg.Charged)
	mux := http.NewServeMux()
	// A hard bound on every GraphQL response: computations stop at the request's deadline,
	// and whatever still runs a second later is answered for.
	mux.Handle("/graphql", http.TimeoutHandler(gql, o.requestTimeout+time.Second,
		`{"errors":[{"message":"the request took too long and was stopped","extensions":{"code":"TIMEOUT"}}]}`))
	mux.Handle("GET /metrics", reg.Handler())
	mux.Handle("GET /export/", requireRole(domain.RoleReader, export.Handler(store, export.AnalyticsDecoration(svc), admitExport, logger)))
	if o.graphiql {
		gq := web.GraphiQL()
		mux.Handle("GET /{$}", gq)
		mux.Handle("GET /graphiql/", gq)
	}
	if o.explorer {
		ex := web.Explorer()
		mux.Handle("GET /explore", ex)
		mux.Handle("GET /explore/", ex)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		pingCtx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain")
		err := error(nil)
		if !store.Responsive() {
			err = errors.New("the liveness watchdog finds Neo4j unresponsive")
		} else {
			err = store.Ping(pingCtx)
		}
		if err != nil {
			logger.Warn("readiness check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("neo4j unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	counted := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			reg.Request(domain.IdentityFrom(r.Context()))
			next.ServeHTTP(w, r)
		})
	}
	// Outermost first: the request log, the headers every response carries, the Host check
	// and CORS (before anything is read), identity from the headers, then the deadline.
	return withLogging(logger, httpapi.SecurityHeaders(httpapi.Hosts(o.hosts, withCORS(o.corsOrigins,
		authn.Middleware(counted(withTimeout(o.requestTimeout, mux))))))), nil
}

// requireRole refuses requests whose identity lacks role: 401 for anonymous clients, 403 for
// others.
func requireRole(role domain.Role, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := domain.IdentityFrom(r.Context())
		if !id.Role.Allows(role) {
			if id.Anonymous {
				httpapi.WriteError(w, r, domain.EUNAUTHENTICATED, "exports need the reader role: send Authorization: Bearer <token>", 0)
				return
			}
			httpapi.WriteError(w, r, domain.EFORBIDDEN, fmt.Sprintf("exports need the reader role; %s has %s", id.Name, id.Role), 0)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopback reports whether a listen address only accepts connections from this machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redactURI hides a password inside a URI for logs.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparsable URI)"
	}
	return u.Redacted()
}

// loadTrustedDocuments reads a persisted-query file: a JSON object of id → query (what
// gqlgen's and Relay's tooling write), or Apollo's manifest {"operations": [{"id", "body"}]}.
func loadTrustedDocuments(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var manifest struct {
		Operations []struct{ ID, Body string }
	}
	if err := json.Unmarshal(raw, &manifest); err == nil && len(manifest.Operations) > 0 {
		docs := map[string]string{}
		for _, op := range manifest.Operations {
			docs[op.ID] = op.Body
		}
		return docs, nil
	}
	var docs map[string]string
	if err := json.Unmarshal(raw, &docs); err != nil {
		return nil, fmt.Errorf("%s: not a JSON object of id → query nor an Apollo manifest: %w", path, err)
	}
	return docs, nil
}

// splitList splits a comma-separated setting.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
