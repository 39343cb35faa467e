// Command stakegraph serves the stakeholder-network GraphQL API over Neo4j and loads demo data.
//
//	stakegraph [serve] [flags]                 serve GraphQL (POST /graphql), GraphiQL (/), /healthz, /readyz, /metrics
//	stakegraph generate --actors N --seed S    write a generated network to Neo4j
//	stakegraph seed                            write the hand-written article network to Neo4j
//	stakegraph import --actors a.csv --partnerships p.csv [--skip-invalid]
//	                                           upsert the CSV pair the exports write
//
// Configuration comes from the environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE, HTTP_ADDR, REQUEST_TIMEOUT, CORS_ORIGINS, LOG_LEVEL, LOG_FORMAT) with flag
// overrides; see README.md.
package main

//go:generate go run github.com/99designs/gqlgen generate

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/export"
	"stakegraph/importer"
	"stakegraph/metrics"
	"stakegraph/neo4jstore"
	"stakegraph/resolvers"
)

// config is the process configuration: environment first, flags override.
type config struct {
	neo4j          neo4jstore.Config
	httpAddr       string
	requestTimeout time.Duration
	corsOrigins    []string
	cacheBytes     int64
	logLevel       string
	logFormat      string
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func envInt(key string, def int64) int64 {
	if v, err := strconv.ParseInt(env(key, ""), 10, 64); err == nil {
		return v
	}
	return def
}

// bindConfig registers the shared flags on fs with environment defaults.
func bindConfig(fs *flag.FlagSet) *config {
	c := &config{}
	fs.StringVar(&c.neo4j.URI, "neo4j-uri", env("NEO4J_URI", "bolt://127.0.0.1:7687"), "Neo4j URI (bolt://, neo4j://, neo4j+s://); env NEO4J_URI")
	fs.StringVar(&c.neo4j.User, "neo4j-user", env("NEO4J_USER", "neo4j"), "Neo4j user; env NEO4J_USER")
	fs.StringVar(&c.neo4j.Password, "neo4j-password", env("NEO4J_PASSWORD", ""), "Neo4j password; env NEO4J_PASSWORD")
	fs.StringVar(&c.neo4j.Database, "neo4j-database", env("NEO4J_DATABASE", ""), "Neo4j database (empty: the server default); env NEO4J_DATABASE")
	fs.StringVar(&c.logLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error; env LOG_LEVEL")
	fs.StringVar(&c.logFormat, "log-format", env("LOG_FORMAT", "text"), "text or json; env LOG_FORMAT")
	return c
}

func (c *config) logger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func main() {
	args := os.Args[1:]
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args)
	case "generate":
		err = generate(ctx, args)
	case "seed":
		err = seed(ctx, args)
	case "import":
		err = importFiles(ctx, args)
	default:
		err = fmt.Errorf("unknown command %q; commands: serve, generate, seed, import", cmd)
	}
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "stakegraph:", err)
		os.Exit(1)
	}
}

// openStore connects to Neo4j and applies the schema migrations.
func openStore(ctx context.Context, c *config, logger *slog.Logger) (*neo4jstore.Store, error) {
	openCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	store, err := neo4jstore.Open(openCtx, c.neo4j)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(openCtx); err != nil {
		_ = store.Close(ctx)
		return nil, fmt.Errorf("schema migration: %w", err)
	}
	logger.Info("connected to Neo4j", "uri", c.neo4j.URI, "database", c.neo4j.Database)
	return store, nil
}

func serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c := bindConfig(fs)
	fs.StringVar(&c.httpAddr, "http", env("HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen address; env HTTP_ADDR")
	timeout := fs.String("request-timeout", env("REQUEST_TIMEOUT", "30s"), "per-request time limit; env REQUEST_TIMEOUT")
	cors := fs.String("cors-origins", env("CORS_ORIGINS", ""), "comma-separated origins allowed by CORS, or *; env CORS_ORIGINS")
	fs.Int64Var(&c.cacheBytes, "analytics-cache-bytes", envInt("ANALYTICS_CACHE_BYTES", analytics.DefaultCacheBytes), "memory bound of the analytics cache (snapshots and results); env ANALYTICS_CACHE_BYTES")
	demo := fs.Bool("demo", false, "load demo data (article network + 1,000 generated actors) when the database has no actors")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if c.requestTimeout, err = time.ParseDuration(*timeout); err != nil || c.requestTimeout <= 0 {
		return fmt.Errorf("request timeout %q is not a positive duration like 30s", *timeout)
	}
	for _, o := range strings.Split(*cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.corsOrigins = append(c.corsOrigins, o)
		}
	}
	logger := c.logger()
	store, err := openStore(ctx, c, logger)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())

	if *demo {
		if err := loadDemo(ctx, store, logger); err != nil {
			return err
		}
	}

	mux := http.NewServeMux()
	svc := analytics.New(store, c.cacheBytes)
	reg := metrics.New(metrics.Sources{Neo4jQueries: store.QueryCounts, Cache: svc.CacheStats})
	mux.Handle("/graphql", resolvers.NewGraphQLHandler(store, svc, logger, reg.ObserveGraphQL))
	mux.Handle("GET /metrics", reg.Handler())
	mux.Handle("GET /export/", export.Handler(store, export.AnalyticsMetrics(svc), logger))
	mux.Handle("GET /{$}", playground.Handler("stakegraph", "/graphql"))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		pingCtx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain")
		if err := store.Ping(pingCtx); err != nil {
			logger.Warn("readiness check failed", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("neo4j unreachable\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})

	srv := &http.Server{
		Addr:              c.httpAddr,
		Handler:           withLogging(logger, withCORS(c.corsOrigins, withTimeout(c.requestTimeout, mux))),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() {
		logger.Info("serving GraphQL", "graphiql", "http://"+c.httpAddr+"/", "endpoint", "http://"+c.httpAddr+"/graphql")
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), c.requestTimeout+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// loadDemo loads the article network and a generated network when there are no actors yet.
func loadDemo(ctx context.Context, store *neo4jstore.Store, logger *slog.Logger) error {
	n, err := store.CountActors(ctx, domainAll)
	if err != nil {
		return err
	}
	if n > 0 {
		logger.Info("demo data not loaded: the database already has actors", "actors", n)
		return nil
	}
	st, err := store.ImportNetwork(ctx, demodata.Article(), 0, nil)
	if err != nil {
		return fmt.Errorf("loading the article network: %w", err)
	}
	logger.Info("loaded the article network", "actors", st.Actors, "partnerships", st.Partnerships)
	st, err = store.ImportNetwork(ctx, demodata.Generate(demodata.Options{Actors: 1000, Seed: 1}), 0, nil)
	if err != nil {
		return fmt.Errorf("loading the generated network: %w", err)
	}
	logger.Info("loaded a generated network", "actors", st.Actors, "partnerships", st.Partnerships, "projects", st.Projects)
	return nil
}

func generate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	c := bindConfig(fs)
	actors := fs.Int("actors", 1000, "number of actors")
	per := fs.Float64("partnerships-per-actor", 5, "partnerships per actor")
	seedV := fs.Uint64("seed", 1, "random seed: the same seed gives the same network")
	batch := fs.Int("batch", 5000, "rows per write transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *actors < 1 || *actors > 10_000_000 {
		return fmt.Errorf("--actors must be between 1 and 10,000,000")
	}
	logger := c.logger()
	store, err := openStore(ctx, c, logger)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	net := demodata.Generate(demodata.Options{Actors: *actors, PartnershipsPer: *per, Seed: *seedV})
	start := time.Now()
	st, err := store.ImportNetwork(ctx, net, *batch, func(done, total int) { progressBar(os.Stderr, done, total) })
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return err
	}
	el := time.Since(start)
	logger.Info("generated network written", "actors", st.Actors, "partnerships", st.Partnerships, "projects", st.Projects,
		"seconds", el.Seconds(), "partnerships_per_second", float64(st.Partnerships)/el.Seconds())
	return nil
}

func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	c := bindConfig(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := c.logger()
	store, err := openStore(ctx, c, logger)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	st, err := store.ImportNetwork(ctx, demodata.Article(), 0, nil)
	if err != nil {
		return err
	}
	logger.Info("article network written", "actors", st.Actors, "partnerships", st.Partnerships)
	return nil
}

func importFiles(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	c := bindConfig(fs)
	actorsPath := fs.String("actors", "", "actors CSV (the columns /export/actors.csv writes)")
	tiesPath := fs.String("partnerships", "", "partnerships CSV (the columns /export/partnerships.csv writes)")
	jsonPath := fs.String("json", "", `JSON form instead of CSV: {"actors": [{"id": …, "name": …}], "partnerships": [{…}]} with the CSV columns as string fields`)
	skip := fs.Bool("skip-invalid", false, "import the good rows and report the bad ones (default: write nothing when any row is bad)")
	batch := fs.Int("batch", 5000, "rows per write transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *actorsPath == "" && *tiesPath == "" && *jsonPath == "" {
		return fmt.Errorf("give --actors and/or --partnerships, or --json")
	}
	open := func(path string) (io.Reader, func(), error) {
		if path == "" {
			return nil, func() {}, nil
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	ar, closeA, err := open(*actorsPath)
	if err != nil {
		return err
	}
	defer closeA()
	tr, closeT, err := open(*tiesPath)
	if err != nil {
		return err
	}
	defer closeT()
	logger := c.logger()
	store, err := openStore(ctx, c, logger)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	net, lines, bad := importer.Read(*actorsPath, ar, *tiesPath, tr)
	names := [2]string{*actorsPath, *tiesPath}
	if *jsonPath != "" {
		raw, err := os.ReadFile(*jsonPath)
		if err != nil {
			return err
		}
		var doc struct{ Actors, Partnerships []map[string]string }
		if err := json.Unmarshal(raw, &doc); err != nil {
			return fmt.Errorf("%s: %w", *jsonPath, err)
		}
		net, lines, bad = importer.FromRecords(doc.Actors, doc.Partnerships)
		names = [2]string{*jsonPath + " actors", *jsonPath + " partnerships"}
	}
	res, err := importer.Import(ctx, store, net, lines, bad, names, importer.Options{
		SkipInvalid: *skip, BatchSize: *batch,
		Progress: func(done, total int) { progressBar(os.Stderr, done, total) },
	})
	if res.Written {
		fmt.Fprintln(os.Stderr) // end the progress bar's line
	}
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, e.Error())
	}
	if err != nil {
		return err
	}
	if !res.Written {
		return fmt.Errorf("%d bad rows: nothing was written (use --skip-invalid to import the good rows)", len(res.Errors))
	}
	fmt.Fprintf(os.Stderr, "imported %d actors and %d partnerships (%d rows skipped)\n", res.Actors, res.Partnerships, len(res.Errors))
	return nil
}

// progressBar redraws a one-line progress bar.
func progressBar(w io.Writer, done, total int) {
	const width = 40
	if total <= 0 {
		return
	}
	n := done * width / total
	fmt.Fprintf(w, "\r[%s%s] %d/%d partnerships", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
}
