package neo4jstore_test

import (
	"context"
	"testing"
	"time"

	"stakegraph/domain"
	"stakegraph/neo4jstore"
	"stakegraph/neo4jstore/neo4jtest"
)

// TestOutageFailsFast: with Neo4j gone, reads and writes answer SERVICE_UNAVAILABLE within
// about two seconds instead of hanging, and the store recovers by itself when Neo4j returns.
func TestOutageFailsFast(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "x", Name: "X", Sector: "media"})
	p, s := neo4jtest.MustOpenThroughProxy(t)
	ctx := context.Background()
	if _, err := s.CountActors(ctx, domain.ActorFilter{}); err != nil {
		t.Fatal(err)
	}
	p.Cut()
	for name, op := range map[string]func() error{
		"read":    func() error { _, err := s.CountActors(ctx, domain.ActorFilter{}); return err },
		"version": func() error { _, err := s.GraphVersion(ctx); return err },
		"write": func() error {
			_, err := s.CreateActor(ctx, domain.ActorInput{ID: "y", Name: "Y", Sector: "media"})
			return err
		},
	} {
		start := time.Now()
		err := op()
		took := time.Since(start)
		if domain.ErrorCode(err) != domain.EUNAVAIL || took > 2*time.Second {
			t.Errorf("%s during the outage: %v after %v; want SERVICE_UNAVAILABLE within ~2 s", name, err, took)
		}
		t.Logf("%s: SERVICE_UNAVAILABLE after %v", name, took)
	}
	p.Restore(t)
	mustRecover(t, s, 30*time.Second, "Neo4j's return")
	// The retry path: a create with a client-chosen id either happened or not; sending it again
	// answers created or CONFLICT.
	in := domain.ActorInput{ID: "retry", Name: "Retry", Sector: "media"}
	if _, err := s.CreateActor(ctx, in); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateActor(ctx, in); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("the repeated create: %v, want CONFLICT", err)
	}
}

// TestFrozenNeo4jFailsFast: a Neo4j that accepts connections but answers nothing (SIGSTOP, a
// long GC pause, a stalled disk) no longer holds calls until their deadline: the calls in
// flight and new ones answer SERVICE_UNAVAILABLE within about StallAfter + ProbeTimeout, and
// the store answers again by itself once Neo4j does.
func TestFrozenNeo4jFailsFast(t *testing.T) {
	neo4jtest.MustOpen(t)
	p, s := neo4jtest.MustOpenThroughProxy(t)
	ctx := context.Background()
	if _, err := s.CountActors(ctx, domain.ActorFilter{}); err != nil {
		t.Fatal(err)
	}
	p.Freeze()
	bound := neo4jstore.StallAfter + neo4jstore.ProbeTimeout + time.Second
	for _, name := range []string{"in flight", "after"} {
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		start := time.Now()
		_, err := s.CountActors(rctx, domain.ActorFilter{})
		took := time.Since(start)
		cancel()
		if domain.ErrorCode(err) != domain.EUNAVAIL || took > bound {
			t.Errorf("a read %s the freeze: %v after %v; want SERVICE_UNAVAILABLE within %v", name, err, took, bound)
		}
		t.Logf("a read %s the freeze: SERVICE_UNAVAILABLE after %v", name, took)
	}
	if s.Responsive() {
		t.Error("the store says Neo4j answers while it is frozen")
	}
	p.Thaw()
	mustRecover(t, s, 15*time.Second, "the thaw")
}

// mustRecover polls s until it answers, or fails the test after within of event.
func mustRecover(t *testing.T, s *neo4jstore.Store, within time.Duration, event string) {
	t.Helper()
	start := time.Now()
	for {
		if _, err := s.CountActors(context.Background(), domain.ActorFilter{}); err == nil {
			t.Logf("recovered %v after %s", time.Since(start), event)
			return
		}
		if time.Since(start) > within {
			t.Fatalf("the store did not recover within %v of %s", within, event)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
