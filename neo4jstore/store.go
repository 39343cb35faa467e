// Package neo4jstore is stakegraph's system of record: it implements domain.Store over Neo4j 5
// with the official Go driver. All Cypher lives here, every statement is parameterised, and
// every write runs in a managed transaction that also bumps the graph version counter.
//
// Exported methods open a session and a managed transaction and call lower-case helpers that
// take the transaction, so helpers compose inside one transaction. Driver errors are
// translated here: constraint violations become domain.ECONFLICT, an unreachable server
// domain.EUNAVAIL, a deadline domain.ETIMEOUT; anything else is internal.
package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"stakegraph/domain"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://, neo4j://, neo4j+s:// …
	User     string
	Password string
	Database string // empty: the server's default database
}

// Store implements domain.Store over one Neo4j driver.
type Store struct {
	driver    neo4j.DriverWithContext
	database  string
	bookmarks neo4j.BookmarkManager
	reads     atomic.Int64 // statements sent in read transactions
	writes    atomic.Int64 // statements sent in write transactions
	live      *liveness    // whether Neo4j answers, and the calls in flight
}

var _ domain.Store = (*Store)(nil)

// Bounds on waiting for an absent Neo4j: a request answers SERVICE_UNAVAILABLE within about a
// second instead of hanging until its deadline (a refused connection fails at once; a server
// that does not answer, after ConnectTimeout). Managed transactions still retry transient
// errors (a cluster's leader switch, a deadlock) with short backoffs within RetryBudget — our
// own loop (retrying), because the driver's first backoff alone is about two seconds. Waiting
// for a pooled connection under load is no outage: AcquireTimeout lets it queue.
const (
	ConnectTimeout = time.Second
	AcquireTimeout = 20 * time.Second
	RetryBudget    = time.Second
)

func failFast(c *config.Config) {
	c.SocketConnectTimeout = ConnectTimeout
	c.ConnectionAcquisitionTimeout = AcquireTimeout
	c.MaxTransactionRetryTime = time.Nanosecond // one attempt per call: retrying retries
}

// retrying runs attempt again on retryable errors (neo4j.IsRetryable: transient errors and
// lost connections) after 50, 100, 200, 400 ms, while the next wait stays within RetryBudget.
func retrying[T any](ctx context.Context, attempt func() (T, error)) (T, error) {
	start, delay := time.Now(), 50*time.Millisecond
	for {
		res, err := attempt()
		if err == nil || !retryable(err) || time.Since(start)+delay > RetryBudget {
			return res, err
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return res, err
		}
		delay *= 2
	}
}

// retryable reports an error worth another attempt, also when the driver wrapped it in its
// retry limit (which, with one attempt per call, it always does).
func retryable(err error) bool {
	err = lastAttempt(err)
	return neo4j.IsRetryable(err) || connectionLost(err)
}

// lastAttempt unwraps the driver's retry limit to the last attempt's error.
func lastAttempt(err error) error {
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		return limit.Errors[len(limit.Errors)-1]
	}
	return err
}

// connectionLost reports an error of the connection itself: the driver's connectivity error,
// or a pooled connection whose server went away (EOF, reset, refused).
func connectionLost(err error) bool {
	var ce *neo4j.ConnectivityError
	var ne net.Error
	return errors.As(err, &ce) || neo4j.IsConnectivityError(err) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED)
}

// Open creates the driver and checks that the server answers.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, failFast)
	if err != nil {
		return nil, fmt.Errorf("neo4j driver for %s: %w", cfg.URI, err)
	}
	s := &Store{driver: driver, database: cfg.Database, bookmarks: neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{})}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		_ = driver.Close(ctx)
		return nil, fmt.Errorf("neo4j at %s is not reachable: %w", cfg.URI, err)
	}
	s.live = newLiveness(driver.VerifyConnectivity)
	return s, nil
}

// Close stops the liveness watchdog and closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	s.live.close()
	return s.driver.Close(ctx)
}

// Ping checks that Neo4j answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error { return s.driver.VerifyConnectivity(ctx) }

// QueryCount is the number of Cypher statements this store has sent since it was opened. Tests
// use it to prove that a request costs a bounded number of queries.
func (s *Store) QueryCount() int64 { return s.reads.Load() + s.writes.Load() }

// QueryCounts returns the statements sent since the store was opened, by kind ("read" or
// "write" transaction), for /metrics.
func (s *Store) QueryCounts() map[string]int64 {
	return map[string]int64{"read": s.reads.Load(), "write": s.writes.Load()}
}

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{
		AccessMode:      mode,
		DatabaseName:    s.database,
		BookmarkManager: s.bookmarks,
		// Records stream as the server produces them rather than in pages of 1,000: bulk
		// reads (snapshots) are several times faster, and small reads are unaffected.
		FetchSize: neo4j.FetchAll,
	})
}

// managed runs work in a managed transaction of the given mode: admitted as a store call (the
// request's call slots, the liveness watchdog), under a server-side timeout below the
// request's deadline, retried on transient errors within RetryBudget, errors translated.
func managed[T any](ctx context.Context, s *Store, mode neo4j.AccessMode, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	ctx, done, err := s.enter(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	defer done()
	res, err := retrying(ctx, func() (T, error) {
		sess := s.session(ctx, mode)
		defer sess.Close(ctx)
		if mode == neo4j.AccessModeRead {
			return neo4j.ExecuteRead(ctx, sess, work, withTxTimeout(ctx))
		}
		return neo4j.ExecuteWrite(ctx, sess, work, withTxTimeout(ctx))
	})
	return res, translate(ctx, err)
}

// readTx runs work in a managed read transaction.
func readTx[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return managed(ctx, s, neo4j.AccessModeRead, work)
}

// writeTx runs work in a managed write transaction and, when the transaction changed
// anything, bumps the graph version in it, so the version changes exactly when data does: a
// no-op write (an import of what is stored, an update to the same values) keeps every
// analytics cache. work must be idempotent: the driver retries it on transient errors.
func writeTx[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	return managed(ctx, s, neo4j.AccessModeWrite, func(tx neo4j.ManagedTransaction) (T, error) {
		wt := &writeTracker{ManagedTransaction: tx}
		res, err := work(wt)
		if err != nil {
			return res, err
		}
		if wt.bumped {
			return res, nil
		}
		changed, err := wt.changed(ctx)
		if err != nil || !changed {
			return res, err
		}
		return res, s.bumpVersion(ctx, tx)
	})
}

// writeTracker remembers a write transaction's results, to tell from their summaries whether
// the transaction changed anything.
type writeTracker struct {
	neo4j.ManagedTransaction
	results []neo4j.ResultWithContext
	bumped  bool // a statement added one to the graph version itself (versionBumped)
}

// Run implements neo4j.ManagedTransaction.
func (w *writeTracker) Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	res, err := w.ManagedTransaction.Run(ctx, cypher, params)
	if err == nil {
		w.results = append(w.results, res)
	}
	return res, err
}

func (w *writeTracker) changed(ctx context.Context) (bool, error) {
	for _, r := range w.results {
		sum, err := r.Consume(ctx)
		if err != nil {
			return false, err
		}
		if sum.Counters().ContainsUpdates() {
			return true, nil
		}
	}
	return false, nil
}

// readQuery runs one read statement with neo4j.ExecuteQuery: a managed, retried transaction
// (routed to a reader on a cluster) for the one-statement reads on every request's path
// (graph version, actors by id). Reads that must see one state across statements use readTx.
func readQuery[T any](ctx context.Context, s *Store, cypher string, params map[string]any, scan func(recs []*neo4j.Record) (T, error)) (T, error) {
	var zero T
	ctx, done, err := s.enter(ctx)
	if err != nil {
		return zero, err
	}
	defer done()
	s.reads.Add(1)
	res, err := retrying(ctx, func() (*neo4j.EagerResult, error) {
		return neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithBookmarkManager(s.bookmarks), neo4j.ExecuteQueryWithTransactionConfig(withTxTimeout(ctx)))
	})
	if err != nil {
		return zero, translate(ctx, err)
	}
	return scan(res.Records)
}

// run sends one statement and counts it by the kind of transaction it runs in.
func (s *Store) run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (neo4j.ResultWithContext, error) {
	if _, ok := tx.(*writeTracker); ok {
		s.writes.Add(1)
	} else {
		s.reads.Add(1)
	}
	return tx.Run(ctx, cypher, params)
}

// collect runs a statement and returns all its records.
func (s *Store) collect(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := s.run(ctx, tx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// single runs a statement and returns its only record, or nil when it returned none.
func (s *Store) single(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (*neo4j.Record, error) {
	recs, err := s.collect(ctx, tx, cypher, params)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return recs[0], nil
}

// translate turns driver errors into domain errors; domain errors pass through.
func translate(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return de
	}
	if errors.Is(context.Cause(ctx), errUnresponsive) {
		return unavailable()
	}
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded {
		return &domain.Error{Code: domain.ETIMEOUT, Message: "the request took too long and was stopped"}
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) && ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed" {
		return &domain.Error{Code: domain.ECONFLICT, Message: "an object with this id already exists"}
	}
	if errors.As(err, &ne) && ne.Code == "Neo.ClientError.Statement.EntityNotFound" {
		// A concurrent write deleted what this one refers to.
		return &domain.Error{Code: domain.ENOTFOUND, Message: "an object this write refers to was deleted meanwhile"}
	}
	if errors.As(err, &ne) && strings.Contains(ne.Msg, "too large to index") {
		// A value over an index's key limit (the API's own limits keep values under it).
		return &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("a value is too large to store (attribute values take at most %d bytes)", domain.MaxAttributeValueBytes)}
	}
	if connectionLost(lastAttempt(err)) {
		return &domain.Error{Code: domain.EUNAVAIL, Message: "the database is not reachable; try again shortly"}
	}
	return domain.Internal(fmt.Errorf("neo4j: %w", err))
}

// Conversions between Neo4j values and domain values.

func str(m map[string]any, k string) string {
	v, _ := m[k].(string)
	return v
}

func strs(m map[string]any, k string) []string {
	l, _ := m[k].([]any)
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func dateOf(m map[string]any, k string) *time.Time {
	switch v := m[k].(type) {
	case dbtype.Date:
		t := v.Time()
		return &t
	case time.Time:
		return &v
	}
	return nil
}

func timeOf(m map[string]any, k string) time.Time {
	switch v := m[k].(type) {
	case time.Time:
		return v.UTC()
	case dbtype.LocalDateTime:
		return v.Time().UTC()
	}
	return time.Time{}
}

// dateParam converts a date for storage as a Neo4j DATE (nil stays null).
func dateParam(t *time.Time) any {
	if t == nil {
		return nil
	}
	return neo4j.DateOf(*t)
}

// nullIfEmpty stores empty strings as absent properties.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func listParam(l []string) []any {
	out := make([]any, len(l))
	for i, v := range l {
		out[i] = v
	}
	return out
}

func recordMap(rec *neo4j.Record, key string) map[string]any {
	v, _ := rec.Get(key)
	m, _ := v.(map[string]any)
	return m
}

func recordInt(rec *neo4j.Record, key string) int {
	v, _ := rec.Get(key)
	n, _ := v.(int64)
	return int(n)
}

// differs is a Cypher predicate: whether any key of the map m holds another value on the node
// or relationship x (null and absent count as equal). Writes set properties only when it
// holds, so writing the values already stored changes nothing and keeps the graph version.
// x and m are names from this package's own statements, never user text.
func differs(x, m string) string {
	return "any(k IN keys(" + m + ") WHERE NOT coalesce(" + x + "[k] = " + m + "[k], (" + x + "[k] IS NULL) = (" + m + "[k] IS NULL)))"
}

// where joins filter clauses with AND; no clause gives no WHERE.
func where(clauses []string) string {
	if len(clauses) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(clauses, " AND ")
}

func notFound(what, id string) error {
	return domain.Errorf(domain.ENOTFOUND, "%s %q not found", what, id)
}
