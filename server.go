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
	"math"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/httpapi"
	"stakegraph/importer"
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

func envFloat(key string, def float64) float64 {
	if v, err := strconv.ParseFloat(env(key, ""), 64); err == nil && v > 0 && !math.IsInf(v, 0) {
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
	secretVar(fs, &c.neo4j.Password, "neo4j-password", env("NEO4J_PASSWORD", ""), "Neo4j password; env NEO4J_PASSWORD (default: the local Neo4j's generated password when the URI is the local one)")
	fs.StringVar(&c.neo4j.Database, "neo4j-database", env("NEO4J_DATABASE", ""), "Neo4j database (empty: the server default); env NEO4J_DATABASE")
	fs.Float64Var(&domain.MinWeight, "min-weight", envFloat("MIN_WEIGHT", domain.MinWeight), "smallest tie weight accepted; env MIN_WEIGHT")
	fs.Float64Var(&domain.MaxWeight, "max-weight", envFloat("MAX_WEIGHT", domain.MaxWeight), "largest tie weight accepted; env MAX_WEIGHT")
	fs.StringVar(&c.logLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error; env LOG_LEVEL")
	fs.StringVar(&c.logFormat, "log-format", env("LOG_FORMAT", "text"), "text or json; env LOG_FORMAT")
	return c
}

// secret is a flag whose value never appears in usage text (its default comes from the
// environment and is a secret too).
type secret struct{ v *string }

func (s secret) String() string { return "" }

// Set implements flag.Value.
func (s secret) Set(x string) error {
	*s.v = x
	return nil
}

// secretVar registers a secret flag with def (from the environment) as its value.
func secretVar(fs *flag.FlagSet, p *string, name, def, usage string) {
	*p = def
	fs.Var(secret{p}, name, usage)
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
	case "token":
		err = tokenCommand(ctx, args, os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q; commands: serve, generate, seed, import, token", cmd)
	}
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "stakegraph:", err)
		os.Exit(1)
	}
}

// localPassword returns the password `make neo4j` generated for the local Neo4j when uri
// points at it (127.0.0.1 or localhost on NEO4J_LOCAL_PORT), and "" otherwise.
func localPassword(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = "7687"
	}
	if port != env("NEO4J_LOCAL_PORT", "7687") {
		return ""
	}
	raw, err := os.ReadFile(filepath.Join(env("NEO4J_LOCAL_DATA", filepath.Join(".data", "neo4j")), "password"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(raw))
}

// connect is a command's start: its logger, and the store with the schema migrated.
func connect(ctx context.Context, c *config) (*neo4jstore.Store, *slog.Logger, error) {
	logger := c.logger()
	store, err := openStore(ctx, c, logger)
	return store, logger, err
}

// openStore connects to Neo4j and applies the schema migrations.
func openStore(ctx context.Context, c *config, logger *slog.Logger) (*neo4jstore.Store, error) {
	if c.neo4j.Password == "" {
		c.neo4j.Password = localPassword(c.neo4j.URI)
	}
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
	logger.Info("connected to Neo4j", "uri", redactURI(c.neo4j.URI), "database", c.neo4j.Database)
	return store, nil
}

func serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c := bindConfig(fs)
	fs.StringVar(&c.httpAddr, "http", env("HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen address; env HTTP_ADDR")
	timeout := fs.String("request-timeout", env("REQUEST_TIMEOUT", "30s"), "per-request time limit; env REQUEST_TIMEOUT")
	hosts := fs.String("allowed-hosts", env("ALLOWED_HOSTS", ""), "comma-separated host names served besides loopback names (a listener on loopback serves only those), or *; env ALLOWED_HOSTS")
	cors := fs.String("cors-origins", env("CORS_ORIGINS", ""), "comma-separated origins allowed by CORS, or *; env CORS_ORIGINS")
	fs.Int64Var(&c.cacheBytes, "analytics-cache-bytes", envInt("ANALYTICS_CACHE_BYTES", analytics.DefaultCacheBytes), "memory bound of the analytics cache (snapshots and results); env ANALYTICS_CACHE_BYTES")
	demo := fs.Bool("demo", false, "load demo data (article network + 1,000 generated actors) when the database has no actors")
	var o serveOptions
	anon := fs.String("anonymous-role", env("ANONYMOUS_ROLE", "reader"), "role of requests without credentials: none, reader or editor; env ANONYMOUS_ROLE")
	fs.StringVar(&o.auth.JWKSURL, "auth-jwks-url", env("AUTH_JWKS_URL", ""), "JWKS URL of an identity provider (RS256/ES256 JWTs); env AUTH_JWKS_URL")
	secretVar(fs, &o.auth.JWTSecret, "auth-jwt-secret", env("AUTH_JWT_SECRET", ""), "HS256 secret for JWTs; env AUTH_JWT_SECRET")
	fs.StringVar(&o.auth.Issuer, "auth-jwt-issuer", env("AUTH_JWT_ISSUER", ""), "required JWT issuer; env AUTH_JWT_ISSUER")
	fs.StringVar(&o.auth.Audience, "auth-jwt-audience", env("AUTH_JWT_AUDIENCE", ""), "required JWT audience; env AUTH_JWT_AUDIENCE")
	fs.StringVar(&o.auth.RoleClaim, "auth-role-claim", env("AUTH_ROLE_CLAIM", "roles"), "JWT claim holding the role; env AUTH_ROLE_CLAIM")
	maxCost := fs.Int64("max-query-cost", envInt("MAX_QUERY_COST", resolvers.DefaultMaxCost), "cost above which an operation is refused; env MAX_QUERY_COST")
	budget := fs.Int64("rate-limit-points-per-minute", envInt("RATE_LIMIT_POINTS_PER_MINUTE", resolvers.DefaultPointsPerMinute), "cost points each identity may spend a minute (-1: no budget); env RATE_LIMIT_POINTS_PER_MINUTE")
	maxBody := fs.Int64("max-body-bytes", envInt("MAX_BODY_BYTES", resolvers.DefaultMaxBodyBytes), "largest request body; env MAX_BODY_BYTES")
	maxImport := fs.Int64("max-import-bytes", envInt("MAX_IMPORT_BYTES", resolvers.DefaultMaxImportBytes), "largest import request body; env MAX_IMPORT_BYTES")
	graphiql := fs.Bool("graphiql", env("GRAPHIQL", "true") != "false", "serve GraphiQL at /; env GRAPHIQL")
	explorer := fs.Bool("explorer", env("EXPLORER", "true") != "false", "serve the network explorer at /explore; env EXPLORER")
	introspection := fs.Bool("introspection", env("INTROSPECTION", "true") != "false", "answer introspection queries; env INTROSPECTION")
	fs.BoolVar(&o.trustedExports, "trusted-exports", env("TRUSTED_EXPORTS", "false") == "true", "let anonymous clients export while TRUSTED_DOCUMENTS binds them; env TRUSTED_EXPORTS")
	trusted := fs.String("trusted-documents", env("TRUSTED_DOCUMENTS", ""), "JSON file of persisted operations: anonymous clients may run only these; env TRUSTED_DOCUMENTS")
	opBytes := fs.Int64("max-operation-bytes", envInt("MAX_OPERATION_BYTES", analytics.DefaultOperationBytes), "memory the uncached network slices of one operation may take; env MAX_OPERATION_BYTES")
	concurrency := fs.Int("analytics-concurrency", int(envInt("ANALYTICS_CONCURRENCY", 0)), "heavy computations at once (0: GOMAXPROCS); env ANALYTICS_CONCURRENCY")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if c.requestTimeout, err = time.ParseDuration(*timeout); err != nil || c.requestTimeout <= 0 {
		return fmt.Errorf("request timeout %q is not a positive duration like 30s", *timeout)
	}
	c.corsOrigins = splitList(*cors)
	o.requestTimeout, o.corsOrigins, o.graphiql, o.introspection = c.requestTimeout, c.corsOrigins, *graphiql, *introspection
	o.explorer = *explorer
	o.hosts = httpapi.HostPolicy{Loopback: loopback(c.httpAddr), Allowed: splitList(*hosts)}
	o.auth.AnonymousRole = domain.Role(strings.ToLower(*anon))
	o.limits = resolvers.Limits{MaxCost: int(*maxCost), PointsPerMinute: int(*budget), MaxBodyBytes: *maxBody, MaxImportBytes: *maxImport}
	if *trusted != "" {
		if o.limits.TrustedDocuments, err = loadTrustedDocuments(*trusted); err != nil {
			return err
		}
	}
	store, logger, err := connect(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())

	if *demo {
		if err := loadDemo(ctx, store, logger); err != nil {
			return err
		}
	}
	svc := analytics.New(store, c.cacheBytes, analytics.WithConcurrency(*concurrency), analytics.WithOperationBytes(*opBytes))
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		// The analytics budget bounds what is cached and computing; a soft limit above it
		// makes the collector return garbage before the heap doubles.
		bound := c.cacheBytes
		if bound <= 0 {
			bound = analytics.DefaultCacheBytes
		}
		debug.SetMemoryLimit(bound + 1<<30)
	}
	go svc.KeepWarm(ctx, 2*time.Second, 2*time.Second) // the newest version loads before anyone asks
	handler, err := newHTTPHandler(ctx, store, svc, logger, o)
	if err != nil {
		return err
	}
	logger.Info("access", "anonymous_role", o.auth.AnonymousRole, "graphiql", o.graphiql, "explorer", o.explorer, "introspection", o.introspection,
		"jwt", o.auth.JWKSURL != "" || o.auth.JWTSecret != "", "trusted_documents", len(o.limits.TrustedDocuments),
		"max_query_cost", *maxCost, "points_per_minute", *budget)
	if o.auth.AnonymousRole.Allows(domain.RoleEditor) {
		if loopback(c.httpAddr) {
			logger.Info("anonymous clients may write (ANONYMOUS_ROLE=editor): fine for a local demo on loopback")
		} else {
			logger.Warn("anonymous clients may write and the server listens beyond loopback: set ANONYMOUS_ROLE=reader or none", "addr", c.httpAddr)
		}
	}

	srv := &http.Server{
		Addr:              c.httpAddr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      c.requestTimeout + 10*time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() {
		logger.Info("serving GraphQL", "graphiql", "http://"+c.httpAddr+"/", "explorer", "http://"+c.httpAddr+"/explore", "endpoint", "http://"+c.httpAddr+"/graphql")
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
	store, logger, err := connect(ctx, c)
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
	store, logger, err := connect(ctx, c)
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
	graphmlPath := fs.String("graphml", "", "a GraphML file (as NetworkX, igraph or Gephi write it) instead of CSV")
	gexfPath := fs.String("gexf", "", "a GEXF file (as NetworkX or Gephi write it) instead of CSV")
	var maps listFlag
	fs.Var(&maps, "map", "column=attribute: read an import column from a differently named attribute of a GraphML/GEXF file, e.g. --map sector=sponsorship (repeatable)")
	createSectors := fs.Bool("create-sectors", false, `map sectors given as labels ("Non-profit org.") to stored ones, creating missing sectors`)
	batch := fs.Int("batch", 5000, "rows per write transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *actorsPath == "" && *tiesPath == "" && *jsonPath == "" && *graphmlPath == "" && *gexfPath == "" {
		return fmt.Errorf("give --actors and/or --partnerships, or --json, --graphml or --gexf")
	}
	mapping, err := importer.ParseMapping(maps)
	if err != nil {
		return err
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
	store, _, err := connect(ctx, c)
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
	for _, g := range []struct {
		path string
		read func(string, io.Reader, importer.Mapping) (domain.Network, importer.Lines, []importer.RowError)
	}{{*graphmlPath, importer.ReadGraphML}, {*gexfPath, importer.ReadGEXF}} {
		if g.path == "" {
			continue
		}
		f, err := os.Open(g.path)
		if err != nil {
			return err
		}
		net, lines, bad = g.read(g.path, f, mapping)
		f.Close()
		names = [2]string{g.path + " nodes", g.path + " edges"}
	}
	res, err := importer.Import(ctx, store, net, lines, bad, names, importer.Options{
		SkipInvalid: *skip, BatchSize: *batch, CreateSectors: *createSectors,
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

// tokenCommand manages API tokens: create (the token alone on the last line of stdout), list,
// revoke.
func tokenCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("token: give create, list or revoke")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("token "+sub, flag.ContinueOnError)
	c := bindConfig(fs)
	name := fs.String("name", "", "the token's name (create)")
	role := fs.String("role", "reader", "reader, editor or admin (create)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, _, err := connect(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	switch sub {
	case "create":
		secret, err := store.CreateToken(ctx, *name, domain.Role(strings.ToLower(*role)))
		if err != nil {
			return errors.New(domain.ErrorMessage(err))
		}
		fmt.Fprintf(stdout, "created token %q with role %s; send it as Authorization: Bearer <token>. It is shown only now:\n%s\n", *name, strings.ToLower(*role), secret)
	case "list":
		tokens, err := store.Tokens(ctx)
		if err != nil {
			return err
		}
		for _, t := range tokens {
			state := "valid"
			if t.RevokedAt != "" {
				state = "revoked " + t.RevokedAt
			}
			fmt.Fprintf(stdout, "%s\t%s\tcreated %s\t%s\n", t.Name, t.Role, t.CreatedAt, state)
		}
	case "revoke":
		target := *name
		if target == "" && fs.NArg() > 0 {
			target = fs.Arg(0)
		}
		if err := store.RevokeToken(ctx, target); err != nil {
			return errors.New(domain.ErrorMessage(err))
		}
		fmt.Fprintf(stdout, "revoked token %q\n", target)
	default:
		return fmt.Errorf("token: unknown subcommand %q (create, list, revoke)", sub)
	}
	return nil
}

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value.
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}
