package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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
	bin := filepath.Join(t.TempDir(), "stakegraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	start := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, bin, "serve", "--http", addr)
		cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jtest.URI(), "NEO4J_USER="+neo4jtest.User(), "NEO4J_PASSWORD="+neo4jtest.Password(),
			"ANONYMOUS_ROLE=editor", "LOG_LEVEL=warn")
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
	a, b := start(), start()
	post := func(base, query string) map[string]any {
		body, _ := json.Marshal(map[string]any{"query": query})
		resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Data   map[string]any
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
			t.Fatalf("%s: %v %v", query, err, out.Errors)
		}
		return out.Data
	}
	stats := `{ networkStats { actors partnerships graphVersion } }`
	before := post(a, stats)["networkStats"].(map[string]any) // A caches the slice
	post(b, `mutation { x: createActor(input: {id: "via-b", name: "Written through B", sector: "media"}) { id }
		y: createPartnership(input: {source: "via-b", target: "asi-system"}) { id } }`)
	after := post(a, stats)["networkStats"].(map[string]any)
	if after["actors"].(float64) != before["actors"].(float64)+1 || after["partnerships"].(float64) != before["partnerships"].(float64)+1 ||
		after["graphVersion"].(float64) <= before["graphVersion"].(float64) {
		t.Errorf("A after a write through B: %v (before %v)", after, before)
	}
}
