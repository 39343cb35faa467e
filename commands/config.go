// Package commands holds stakegraph's command-line commands besides serve — generate, seed,
// import and token — and what every command shares: the configuration from the environment
// with flag overrides (secrets never in usage text), the logger, and connecting to Neo4j with
// the schema migrated.
package commands

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"stakegraph/domain"
	"stakegraph/neo4jstore"
)

// Config is the process configuration: environment first, flags override.
type Config struct {
	Neo4j     neo4jstore.Config
	logLevel  string
	logFormat string
}

// Env returns the environment variable key, or def when it is unset or empty.
func Env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// EnvFloat returns key as a positive finite number, or def.
func EnvFloat(key string, def float64) float64 {
	if v, err := strconv.ParseFloat(Env(key, ""), 64); err == nil && v > 0 && !math.IsInf(v, 0) {
		return v
	}
	return def
}

// EnvInt returns key as an integer, or def.
func EnvInt(key string, def int64) int64 {
	if v, err := strconv.ParseInt(Env(key, ""), 10, 64); err == nil {
		return v
	}
	return def
}

// Bind registers the flags every command shares on fs, with environment defaults.
func Bind(fs *flag.FlagSet) *Config {
	c := &Config{}
	fs.StringVar(&c.Neo4j.URI, "neo4j-uri", Env("NEO4J_URI", "bolt://127.0.0.1:7687"), "Neo4j URI (bolt://, neo4j://, neo4j+s://); env NEO4J_URI")
	fs.StringVar(&c.Neo4j.User, "neo4j-user", Env("NEO4J_USER", "neo4j"), "Neo4j user; env NEO4J_USER")
	SecretVar(fs, &c.Neo4j.Password, "neo4j-password", Env("NEO4J_PASSWORD", ""), "Neo4j password; env NEO4J_PASSWORD (default: the local Neo4j's generated password when the URI is the local one)")
	fs.StringVar(&c.Neo4j.Database, "neo4j-database", Env("NEO4J_DATABASE", ""), "Neo4j database (empty: the server default); env NEO4J_DATABASE")
	fs.Float64Var(&domain.MinWeight, "min-weight", EnvFloat("MIN_WEIGHT", domain.MinWeight), "smallest tie weight accepted; env MIN_WEIGHT")
	fs.Float64Var(&domain.MaxWeight, "max-weight", EnvFloat("MAX_WEIGHT", domain.MaxWeight), "largest tie weight accepted; env MAX_WEIGHT")
	fs.StringVar(&c.logLevel, "log-level", Env("LOG_LEVEL", "info"), "debug, info, warn or error; env LOG_LEVEL")
	fs.StringVar(&c.logFormat, "log-format", Env("LOG_FORMAT", "text"), "text or json; env LOG_FORMAT")
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

// SecretVar registers a secret flag with def (from the environment) as its value.
func SecretVar(fs *flag.FlagSet, p *string, name, def, usage string) {
	*p = def
	fs.Var(secret{p}, name, usage)
}

// Logger is the logger the settings ask for.
func (c *Config) Logger() *slog.Logger {
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
	if port != Env("NEO4J_LOCAL_PORT", "7687") {
		return ""
	}
	raw, err := os.ReadFile(filepath.Join(Env("NEO4J_LOCAL_DATA", filepath.Join(".data", "neo4j")), "password"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(raw))
}

// Connect is a command's start: its logger, and the store with the schema migrated.
func Connect(ctx context.Context, c *Config) (*neo4jstore.Store, *slog.Logger, error) {
	logger := c.Logger()
	store, err := openStore(ctx, c, logger)
	return store, logger, err
}

// withStore runs do with a connected, migrated store (Connect) and closes the store after.
func withStore(ctx context.Context, c *Config, do func(*neo4jstore.Store, *slog.Logger) error) error {
	store, logger, err := Connect(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	return do(store, logger)
}

// openStore connects to Neo4j and applies the schema migrations.
func openStore(ctx context.Context, c *Config, logger *slog.Logger) (*neo4jstore.Store, error) {
	if c.Neo4j.Password == "" {
		c.Neo4j.Password = localPassword(c.Neo4j.URI)
	}
	openCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	store, err := neo4jstore.Open(openCtx, c.Neo4j)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(openCtx); err != nil {
		_ = store.Close(ctx)
		return nil, fmt.Errorf("schema migration: %w", err)
	}
	logger.Info("connected to Neo4j", "uri", RedactURI(c.Neo4j.URI), "database", c.Neo4j.Database)
	return store, nil
}

// Loopback reports whether a listen address only accepts connections from this machine.
func Loopback(addr string) bool {
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

// RedactURI hides a password inside a URI for logs.
func RedactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparsable URI)"
	}
	return u.Redacted()
}

// LoadTrustedDocuments reads a persisted-query file: a JSON object of id → query (what
// gqlgen's and Relay's tooling write), or Apollo's manifest {"operations": [{"id", "body"}]}.
func LoadTrustedDocuments(path string) (map[string]string, error) {
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

// SplitList splits a comma-separated setting.
func SplitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
