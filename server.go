// Command stakegraph serves the stakeholder-network GraphQL API over Neo4j and loads demo data.
//
//	stakegraph [serve] [flags]                 serve GraphQL (POST /graphql), GraphiQL (/), /healthz, /readyz, /metrics
//	stakegraph generate --actors N --seed S    write a generated network to Neo4j
//	stakegraph seed                            write the hand-written article network to Neo4j
//	stakegraph import --actors a.csv --partnerships p.csv [--skip-invalid]
//	                                           upsert the CSV pair the exports write
//	stakegraph token create --name N --role reader|editor|admin | token list | token revoke N
//	                                           manage API tokens
//
// Configuration comes from the environment with flag overrides; see README.md. This file only
// reads the serve settings and wires the packages: the HTTP layer (httpapi), the GraphQL
// resolvers, exports, the analytics service and the store; the other commands live in package
// commands.
package main

//go:generate go run github.com/99designs/gqlgen generate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"stakegraph/analytics"
	"stakegraph/auth"
	"stakegraph/commands"
	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/httpapi"
	"stakegraph/metrics"
	"stakegraph/resolvers"
	"stakegraph/web"
)

func main() {
	args := os.Args[1:]
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	run := map[string]func(context.Context, []string) error{"serve": serve, "generate": commands.Generate, "seed": commands.Seed,
		"import": commands.Import, "token": func(ctx context.Context, args []string) error { return commands.Token(ctx, args, os.Stdout) }}[cmd]
	err := fmt.Errorf("unknown command %q; commands: serve, generate, seed, import, token", cmd)
	if run != nil {
		err = run(ctx, args)
	}
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "stakegraph:", err)
		os.Exit(1)
	}
}

// serveOptions are the HTTP layer's settings (see README "Configuration" and "Security").
type serveOptions struct {
	requestTimeout time.Duration
	corsOrigins    []string
	auth           auth.Config
	limits         resolvers.Limits
	graphiql       bool
	explorer       bool
	introspection  bool
	hosts          httpapi.HostPolicy // Host names served; the zero policy serves any name
	trustedExports bool               // anonymous exports while trusted documents bind them
}

func serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c := commands.Bind(fs)
	env, envInt := commands.Env, commands.EnvInt
	var o serveOptions
	addr := fs.String("http", env("HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen address; env HTTP_ADDR")
	timeout := fs.String("request-timeout", env("REQUEST_TIMEOUT", "30s"), "per-request time limit; env REQUEST_TIMEOUT")
	cors := fs.String("cors-origins", env("CORS_ORIGINS", ""), "comma-separated origins allowed by CORS, or *; env CORS_ORIGINS")
	hosts := fs.String("allowed-hosts", env("ALLOWED_HOSTS", ""), "comma-separated host names served besides loopback names (a listener on loopback serves only those), or *; env ALLOWED_HOSTS")
	cacheBytes := fs.Int64("analytics-cache-bytes", envInt("ANALYTICS_CACHE_BYTES", analytics.DefaultCacheBytes), "the analytics memory budget: cached and computing snapshots and results; env ANALYTICS_CACHE_BYTES")
	demo := fs.Bool("demo", false, "load demo data (article network + 1,000 generated actors) when the database has no actors")
	anon := fs.String("anonymous-role", env("ANONYMOUS_ROLE", "reader"), "role of requests without credentials: none, reader or editor; env ANONYMOUS_ROLE")
	fs.StringVar(&o.auth.JWKSURL, "auth-jwks-url", env("AUTH_JWKS_URL", ""), "JWKS URL of an identity provider (RS256/ES256 JWTs); env AUTH_JWKS_URL")
	commands.SecretVar(fs, &o.auth.JWTSecret, "auth-jwt-secret", env("AUTH_JWT_SECRET", ""), "HS256 secret for JWTs; env AUTH_JWT_SECRET")
	fs.StringVar(&o.auth.Issuer, "auth-jwt-issuer", env("AUTH_JWT_ISSUER", ""), "required JWT issuer; env AUTH_JWT_ISSUER")
	fs.StringVar(&o.auth.Audience, "auth-jwt-audience", env("AUTH_JWT_AUDIENCE", ""), "required JWT audience; env AUTH_JWT_AUDIENCE")
	fs.StringVar(&o.auth.RoleClaim, "auth-role-claim", env("AUTH_ROLE_CLAIM", "roles"), "JWT claim holding the role; env AUTH_ROLE_CLAIM")
	maxCost := fs.Int64("max-query-cost", envInt("MAX_QUERY_COST", resolvers.DefaultMaxCost), "cost above which an operation is refused; env MAX_QUERY_COST")
	budget := fs.Int64("rate-limit-points-per-minute", envInt("RATE_LIMIT_POINTS_PER_MINUTE", resolvers.DefaultPointsPerMinute), "cost points each identity may spend a minute (-1: no budget); env RATE_LIMIT_POINTS_PER_MINUTE")
	maxBody := fs.Int64("max-body-bytes", envInt("MAX_BODY_BYTES", resolvers.DefaultMaxBodyBytes), "largest request body; env MAX_BODY_BYTES")
	maxImport := fs.Int64("max-import-bytes", envInt("MAX_IMPORT_BYTES", resolvers.DefaultMaxImportBytes), "largest import request body (editors); env MAX_IMPORT_BYTES")
	fs.BoolVar(&o.graphiql, "graphiql", env("GRAPHIQL", "true") != "false", "serve GraphiQL at /; env GRAPHIQL")
	fs.BoolVar(&o.explorer, "explorer", env("EXPLORER", "true") != "false", "serve the network explorer at /explore; env EXPLORER")
	fs.BoolVar(&o.introspection, "introspection", env("INTROSPECTION", "true") != "false", "answer introspection queries; env INTROSPECTION")
	fs.BoolVar(&o.trustedExports, "trusted-exports", env("TRUSTED_EXPORTS", "false") == "true", "let anonymous clients export while TRUSTED_DOCUMENTS binds them; env TRUSTED_EXPORTS")
	trusted := fs.String("trusted-documents", env("TRUSTED_DOCUMENTS", ""), "JSON file of persisted operations: anonymous clients may run only these; env TRUSTED_DOCUMENTS")
	opBytes := fs.Int64("max-operation-bytes", envInt("MAX_OPERATION_BYTES", analytics.DefaultOperationBytes), "memory the uncached network slices of one operation may take besides its first; env MAX_OPERATION_BYTES")
	concurrency := fs.Int("analytics-concurrency", int(envInt("ANALYTICS_CONCURRENCY", 0)), "heavy computations at once (0: GOMAXPROCS); env ANALYTICS_CONCURRENCY")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if o.requestTimeout, err = time.ParseDuration(*timeout); err != nil || o.requestTimeout <= 0 {
		return fmt.Errorf("request timeout %q is not a positive duration like 30s", *timeout)
	}
	o.corsOrigins = commands.SplitList(*cors)
	o.hosts = httpapi.HostPolicy{Loopback: commands.Loopback(*addr), Allowed: commands.SplitList(*hosts)}
	o.auth.AnonymousRole = domain.Role(strings.ToLower(*anon))
	o.limits = resolvers.Limits{MaxCost: int(*maxCost), PointsPerMinute: int(*budget), MaxBodyBytes: *maxBody, MaxImportBytes: *maxImport}
	if *trusted != "" {
		if o.limits.TrustedDocuments, err = commands.LoadTrustedDocuments(*trusted); err != nil {
			return err
		}
	}
	store, logger, err := commands.Connect(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	if *demo {
		if err := commands.LoadDemo(ctx, store, logger); err != nil {
			return err
		}
	}
	svc := analytics.New(store, *cacheBytes, analytics.WithConcurrency(*concurrency), analytics.WithOperationBytes(*opBytes))
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		// The analytics budget bounds what is cached and computing; a soft limit above it
		// makes the collector return garbage before the heap doubles.
		debug.SetMemoryLimit(max(*cacheBytes, analytics.DefaultCacheBytes) + 1<<30)
	}
	go svc.KeepWarm(ctx, 2*time.Second, 2*time.Second) // the newest version loads before anyone asks
	handler, err := newHTTPHandler(ctx, store, svc, logger, o)
	if err != nil {
		return err
	}
	logger.Info("access", "anonymous_role", o.auth.AnonymousRole, "graphiql", o.graphiql, "explorer", o.explorer, "introspection", o.introspection,
		"jwt", o.auth.JWKSURL != "" || o.auth.JWTSecret != "", "trusted_documents", len(o.limits.TrustedDocuments),
		"max_query_cost", *maxCost, "points_per_minute", *budget, "loopback_hosts_only", o.hosts.Loopback)
	if o.auth.AnonymousRole.Allows(domain.RoleEditor) {
		if o.hosts.Loopback {
			logger.Info("anonymous clients may write (ANONYMOUS_ROLE=editor): fine for a local demo on loopback")
		} else {
			logger.Warn("anonymous clients may write and the server listens beyond loopback: set ANONYMOUS_ROLE=reader or none", "addr", *addr)
		}
	}
	srv := &http.Server{Addr: *addr, Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: o.requestTimeout + 10*time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() {
		logger.Info("serving GraphQL", "graphiql", "http://"+*addr+"/", "explorer", "http://"+*addr+"/explore", "endpoint", "http://"+*addr+"/graphql")
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), o.requestTimeout+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// Store is what the server reads and writes: the Neo4j store, or memstore in tests.
type Store interface {
	domain.Store
	analytics.Loader
	formats.Source
	httpapi.Pinger
	auth.TokenLookup
	QueryCounts() map[string]int64
}

// newHTTPHandler assembles the server: GraphQL, exports, GraphiQL, the explorer, health and
// metrics, behind the request log, the headers every response carries, the Host check, CORS,
// authentication and the request deadline (outermost first; nothing reads a body before
// authentication).
func newHTTPHandler(ctx context.Context, store Store, svc *analytics.Service, logger *slog.Logger, o serveOptions) (http.Handler, error) {
	o.auth.Tokens, o.auth.HashToken, o.auth.TokenPrefix = store, domain.HashToken, domain.TokenPrefix
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
	// A hard bound on every GraphQL response: computations stop at the request's deadline
	// (set inside the timeout handler: one it inherited would end the timeout handler's wait
	// at the same instant, and its static answer would race the GraphQL TIMEOUT error with its
	// extensions — the price, the request id — and often win), and whatever still runs a
	// second later is answered for.
	mux.Handle("/graphql", http.TimeoutHandler(httpapi.Deadline(o.requestTimeout, gql), o.requestTimeout+time.Second,
		`{"errors":[{"message":"the request took too long and was stopped","extensions":{"code":"TIMEOUT"}}]}`))
	mux.Handle("GET /metrics", reg.Handler())
	mux.Handle("GET /export/", httpapi.Deadline(o.requestTimeout, httpapi.RequireRole(domain.RoleReader, "exports", httpapi.ExportHandler(store, httpapi.AnalyticsDecoration(svc), admitExport, logger))))
	if o.graphiql {
		gq := web.GraphiQL()
		mux.Handle("GET /{$}", gq)
		mux.Handle("GET /graphiql/", gq)
	}
	if o.explorer {
		ex := web.Explorer()
		mux.Handle("GET /explore", ex)
		mux.Handle("GET /explore/", ex)
		mux.Handle("GET /explore/metrics.json", web.JSON(explorerMetrics()))
	}
	mux.HandleFunc("GET /healthz", httpapi.Healthz)
	mux.HandleFunc("GET /readyz", httpapi.Readyz(store, logger))
	// Every route's own deadline is REQUEST_TIMEOUT (/graphql's and /export's set above); this
	// one is a backstop for the rest, later than /graphql's timeout handler.
	deadline := httpapi.Deadline(o.requestTimeout+2*time.Second, mux)
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reg.Request(domain.IdentityFrom(r.Context()))
		deadline.ServeHTTP(w, r)
	})
	return httpapi.Logging(logger, httpapi.SecurityHeaders(httpapi.Hosts(o.hosts, httpapi.CORS(o.corsOrigins,
		httpapi.Authenticate(authn, counted))))), nil
}

// explorerMetrics is the metric registry as the explorer reads it: the enum value, the
// ActorMetrics field, the label, and whether it may be charted year by year.
func explorerMetrics() any {
	type metric struct {
		Metric  domain.Metric `json:"metric"`
		Field   string        `json:"field"`
		Label   string        `json:"label"`
		Charted bool          `json:"charted"`
	}
	var out []metric
	for _, m := range analytics.Metrics() {
		out = append(out, metric{m.Metric, m.Field, m.Label, m.Charted()})
	}
	return out
}
