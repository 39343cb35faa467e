// Package neo4jtest connects tests to the real test Neo4j that `make test` starts (never a mock,
// never the user's database) and resets it between tests.
package neo4jtest

import (
	"context"
	"os"
	"testing"
	"time"

	"stakegraph/domain"
	"stakegraph/neo4jstore"
)

// URIEnv names the environment variable with the test Neo4j's Bolt URI. `make test` sets it.
const URIEnv = "NEO4J_TEST_URI"

// MustOpen returns a store on an emptied, migrated test database. The test fails when no test
// Neo4j is configured, so a run without one cannot pass silently; `go test -short` skips
// instead.
func MustOpen(tb testing.TB) *neo4jstore.Store {
	tb.Helper()
	uri := os.Getenv(URIEnv)
	if uri == "" {
		if testing.Short() {
			tb.Skip("no test Neo4j (" + URIEnv + " unset) in -short mode")
		}
		tb.Fatalf("%s is not set: run the tests with `make test`, which starts a local test Neo4j", URIEnv)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, User: User(), Password: Password()})
	if err != nil {
		tb.Fatalf("open test Neo4j: %v", err)
	}
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	if err := s.DeleteAll(ctx); err != nil {
		tb.Fatalf("reset: %v", err)
	}
	if err := s.Migrate(ctx); err != nil { // recreates the default sectors
		tb.Fatalf("migrate: %v", err)
	}
	return s
}

// The helpers below work on any domain.Store: the Neo4j store, or memstore in the tests that
// run without Neo4j.

// MustLoad imports the networks into s, in order, or fails the test; it returns s.
func MustLoad[S domain.Store](tb testing.TB, s S, nets ...domain.Network) S {
	tb.Helper()
	for _, n := range nets {
		if _, err := s.ImportNetwork(context.Background(), n, 0, nil); err != nil {
			tb.Fatalf("import: %v", err)
		}
	}
	return s
}

// must returns v, or fails the test with what and err.
func must[T any](v T, err error) func(tb testing.TB, what string, in any) T {
	return func(tb testing.TB, what string, in any) T {
		tb.Helper()
		if err != nil {
			tb.Fatalf("%s %+v: %v", what, in, err)
		}
		return v
	}
}

// MustCreateActor creates an actor or fails the test.
func MustCreateActor(tb testing.TB, s domain.Store, in domain.ActorInput) *domain.Actor {
	tb.Helper()
	return must(s.CreateActor(context.Background(), in))(tb, "create actor", in)
}

// MustCreatePartnership creates a partnership or fails the test.
func MustCreatePartnership(tb testing.TB, s domain.Store, in domain.PartnershipInput) *domain.Partnership {
	tb.Helper()
	return must(s.CreatePartnership(context.Background(), in))(tb, "create partnership", in)
}

// Snapshot is what a failed write must leave unchanged: the graph version and the counts.
type Snapshot struct {
	Version                        int64
	Actors, Partnerships, Projects int
	Sectors                        int
}

// MustSnapshot reads the graph version and the object counts.
func MustSnapshot(tb testing.TB, s domain.Store) Snapshot {
	tb.Helper()
	ctx := context.Background()
	var snap Snapshot
	var err error
	if snap.Version, err = s.GraphVersion(ctx); err != nil {
		tb.Fatal(err)
	}
	if snap.Actors, err = s.CountActors(ctx, domain.ActorFilter{}); err != nil {
		tb.Fatal(err)
	}
	if snap.Partnerships, err = s.CountPartnerships(ctx, domain.PartnershipFilter{}); err != nil {
		tb.Fatal(err)
	}
	if snap.Projects, err = s.CountProjects(ctx); err != nil {
		tb.Fatal(err)
	}
	secs, err := s.Sectors(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	snap.Sectors = len(secs)
	return snap
}

// URI is the test Neo4j's Bolt URI.
func URI() string { return os.Getenv(URIEnv) }

// User is the test Neo4j's user (NEO4J_TEST_USER).
func User() string { return os.Getenv("NEO4J_TEST_USER") }

// Password is the test Neo4j's password (NEO4J_TEST_PASSWORD).
func Password() string { return os.Getenv("NEO4J_TEST_PASSWORD") }
