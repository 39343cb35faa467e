package neo4jtest

import (
	"context"
	"net"
	"net/url"
	"sync"
	"testing"

	"stakegraph/neo4jstore"
)

// MustOpenThroughProxy opens a store on the test Neo4j through a Proxy (closed when the test
// ends), to cut or freeze its connections.
func MustOpenThroughProxy(tb testing.TB) (*Proxy, *neo4jstore.Store) {
	tb.Helper()
	u, err := url.Parse(URI())
	if err != nil {
		tb.Fatal(err)
	}
	p := NewProxy(tb, u.Host)
	s, err := neo4jstore.Open(context.Background(), neo4jstore.Config{URI: "bolt://" + p.Addr, User: User(), Password: Password()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	return p, s
}

// Proxy forwards loopback TCP to a Neo4j. Cut drops every connection and refuses new ones, as
// a crashed Neo4j would; Restore listens again on the same port. Freeze keeps every
// connection open and accepts new ones but passes no byte either way, as a Neo4j stopped by
// SIGSTOP (or a long GC pause, or a stalled disk) does; Thaw lets the bytes flow again.
type Proxy struct {
	Addr, target string
	mu           sync.Mutex
	thawed       *sync.Cond
	frozen       bool
	ln           net.Listener
	conns        []net.Conn
}

// NewProxy starts a proxy on a free loopback port in front of target (host:port).
func NewProxy(tb testing.TB, target string) *Proxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	p := &Proxy{Addr: ln.Addr().String(), target: target}
	p.thawed = sync.NewCond(&p.mu)
	p.serve(ln)
	tb.Cleanup(func() { p.Thaw(); p.Cut() })
	return p
}

func (p *Proxy) serve(ln net.Listener) {
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
			go func() { p.relay(up, c); up.Close() }()
			go func() { p.relay(c, up); c.Close() }()
		}
	}()
}

// relay copies src to dst, holding each chunk while the proxy is frozen.
func (p *Proxy) relay(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			for p.frozen {
				p.thawed.Wait()
			}
			p.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Cut drops every connection and stops listening.
func (p *Proxy) Cut() {
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

// Restore listens again on the proxy's address.
func (p *Proxy) Restore(tb testing.TB) {
	ln, err := net.Listen("tcp", p.Addr)
	if err != nil {
		tb.Fatal(err)
	}
	p.serve(ln)
}

// Freeze stops every byte in both directions; connections stay open.
func (p *Proxy) Freeze() {
	p.mu.Lock()
	p.frozen = true
	p.mu.Unlock()
}

// Thaw lets bytes flow again.
func (p *Proxy) Thaw() {
	p.mu.Lock()
	p.frozen = false
	p.thawed.Broadcast()
	p.mu.Unlock()
}
