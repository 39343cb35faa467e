package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"stakegraph/demodata"
	"stakegraph/neo4jstore/neo4jtest"
)

// TestTwoProcessesStayCoherent runs two API processes on one Neo4j: after a write through
// one, the other's next analytics answer reflects it (the graph version lives in Neo4j, so
// neither serves a stale cache).
func TestTwoProcessesStayCoherent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server twice")
	}
	store := neo4jtest.MustOpen(t)
	if _, err := store.ImportNetwork(context.Background(), demodata.Article(), 0, nil); err != nil {
		t.Fatal(err)
	}
	bin := buildServer(t)
	a, b := startServer(t, bin), startServer(t, bin)
	stats := `{ networkStats { actors partnerships graphVersion } }`
	before := mustPost(t, a, stats, nil)["networkStats"].(map[string]any) // A caches the slice
	mustPost(t, b, `mutation { x: createActor(input: {id: "via-b", name: "Written through B", sector: "media"}) { id }
		y: createPartnership(input: {source: "via-b", target: "asi-system"}) { id } }`, nil)
	after := mustPost(t, a, stats, nil)["networkStats"].(map[string]any)
	if after["actors"].(float64) != before["actors"].(float64)+1 || after["partnerships"].(float64) != before["partnerships"].(float64)+1 ||
		after["graphVersion"].(float64) <= before["graphVersion"].(float64) {
		t.Errorf("A after a write through B: %v (before %v)", after, before)
	}
}

// TestConcurrentWritesStayCoherent writes through two API processes at once, from several
// clients, while each client checks its own write in the other process: the graph version
// (a sum of counters that writes bump at random, see neo4jstore's version.go) must have grown
// past the one the client saw before writing, and the other process's analytics must show the
// new actor with its partnership. At the end both processes answer the same statistics, equal
// to what is stored.
func TestConcurrentWritesStayCoherent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server twice")
	}
	store := neo4jtest.MustOpen(t)
	ctx := context.Background()
	if _, err := store.ImportNetwork(ctx, demodata.Article(), 0, nil); err != nil {
		t.Fatal(err)
	}
	bin := buildServer(t)
	servers := []string{startServer(t, bin), startServer(t, bin)}
	const clients, writes = 8, 12
	var wg sync.WaitGroup
	errs := make(chan string, clients*writes)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < writes; i++ {
				via, other := servers[(c+i)%2], servers[(c+i+1)%2]
				id := fmt.Sprintf("coherent-%d-%d", c, i)
				seen, err := post(via, `{ graphVersion }`, nil)
				if err != nil {
					errs <- err.Error()
					return
				}
				if _, err := post(via, `mutation($id: ID!) { a: createActor(input: {id: $id, name: "Concurrent", sector: "media"}) { id }
					p: createPartnership(input: {source: $id, target: "asi-system"}) { id } }`, map[string]any{"id": id}); err != nil {
					errs <- err.Error()
					return
				}
				got, err := post(other, `query($id: ID!) { actor(id: $id) { metrics { degree graphVersion } } }`, map[string]any{"id": id})
				if err != nil {
					errs <- err.Error()
					return
				}
				actor, _ := got["actor"].(map[string]any)
				metrics, _ := actor["metrics"].(map[string]any)
				if metrics == nil || metrics["graphVersion"].(float64) <= seen["graphVersion"].(float64) || metrics["degree"].(float64) <= 0 {
					errs <- fmt.Sprintf("%s written through %s, read through %s: version before %v, answer %v", id, via, other, seen["graphVersion"], got)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	stats := `{ networkStats { actors partnerships graphVersion } }`
	sa, sb := mustPost(t, servers[0], stats, nil)["networkStats"], mustPost(t, servers[1], stats, nil)["networkStats"]
	if fmt.Sprint(sa) != fmt.Sprint(sb) {
		t.Errorf("the processes disagree at the end: %v and %v", sa, sb)
	}
	want := len(demodata.Article().Actors) + clients*writes
	if n := sa.(map[string]any)["actors"].(float64); int(n) != want {
		t.Errorf("actors = %v, want %d", n, want)
	}
	if v, err := store.GraphVersion(ctx); err != nil || float64(v) != sa.(map[string]any)["graphVersion"].(float64) {
		t.Errorf("stored version %d (%v), the processes say %v", v, err, sa)
	}
}

// buildServer builds the server binary into a temporary directory.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stakegraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startServer starts bin on a free loopback port against the test Neo4j, anonymous clients
// being editors, and returns its base URL; the test's cleanup stops it.
func startServer(t *testing.T, bin string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, bin, "serve", "--http", addr)
	cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jtest.URI(), "NEO4J_USER="+neo4jtest.User(), "NEO4J_PASSWORD="+neo4jtest.Password(),
		"ANONYMOUS_ROLE=editor", "LOG_LEVEL=warn", "RATE_LIMIT_POINTS_PER_MINUTE=-1")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cancel()
		}
		cancel()
	})
	for deadline := time.Now().Add(30 * time.Second); ; {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return "http://" + addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// post sends a GraphQL request to the server at base and returns its data, or an error that
// names the query and the errors it got.
func post(base, query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		return nil, fmt.Errorf("%s: %v %v", query, err, out.Errors)
	}
	return out.Data, nil
}

// mustPost is post that ends the test on an error.
func mustPost(t *testing.T, base, query string, vars map[string]any) map[string]any {
	t.Helper()
	data, err := post(base, query, vars)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
