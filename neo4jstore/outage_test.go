package neo4jstore_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"stakegraph/domain"
	"stakegraph/neo4jstore"
	"stakegraph/neo4jstore/neo4jtest"
)

// proxy forwards loopback TCP to the test Neo4j; cut drops every connection and refuses new
// ones, as a crashed Neo4j would; restore listens again on the same port.
type proxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), target: target}
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.serve(ln)
}

// TestOutageFailsFast: with Neo4j gone, reads and writes answer SERVICE_UNAVAILABLE within
// about two seconds instead of hanging, and the store recovers by itself when Neo4j returns.
func TestOutageFailsFast(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	neo4jtest.MustCreateActor(t, store, domain.ActorInput{ID: "x", Name: "X", Sector: "media"})
	u, err := url.Parse(neo4jtest.URI())
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	ctx := context.Background()
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: "bolt://" + p.addr, User: neo4jtest.User(), Password: neo4jtest.Password()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if _, err := s.CountActors(ctx, domain.ActorFilter{}); err != nil {
		t.Fatal(err)
	}
	p.cut()
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
	p.restore(t)
	start := time.Now()
	for {
		if _, err := s.CountActors(ctx, domain.ActorFilter{}); err == nil {
			t.Logf("recovered %v after Neo4j returned", time.Since(start))
			break
		}
		if time.Since(start) > 30*time.Second {
			t.Fatal("the store did not recover within 30 s of Neo4j's return")
		}
		time.Sleep(100 * time.Millisecond)
	}
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
