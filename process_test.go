package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"stakegraph/demodata"
	"stakegraph/gqltest"
	"stakegraph/neo4jstore/neo4jtest"
)

// TestTwoProcessesStayCoherent runs two API processes on one Neo4j: after a write through
// one, the other's next analytics answer reflects it (the graph version lives in Neo4j, so
// neither serves a stale cache).
func TestTwoProcessesStayCoherent(t *testing.T) {
	skipShort(t, "builds and starts the server twice")
	neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), demodata.Article())
	bin := buildServer(t)
	a, b := startServer(t, bin), startServer(t, bin)
	var before, after networkStats
	client(t, a).Must(statsQuery, nil, &before) // A caches the slice
	client(t, b).Must(`mutation { x: createActor(input: {id: "via-b", name: "Written through B", sector: "media"}) { id }
		y: createPartnership(input: {source: "via-b", target: "asi-system"}) { id } }`, nil, nil)
	client(t, a).Must(statsQuery, nil, &after)
	if s, b := after.NetworkStats, before.NetworkStats; s.Actors != b.Actors+1 || s.Partnerships != b.Partnerships+1 || s.GraphVersion <= b.GraphVersion {
		t.Errorf("A after a write through B: %+v (before %+v)", after, before)
	}
}

// TestConcurrentWritesStayCoherent writes through two API processes at once, from several
// clients, while each client checks its own write in the other process: the graph version
// (a sum of counters that writes bump at random, see neo4jstore's version.go) must have grown
// past the one the client saw before writing, and the other process's analytics must show the
// new actor with its partnership. At the end both processes answer the same statistics, equal
// to what is stored.
func TestConcurrentWritesStayCoherent(t *testing.T) {
	skipShort(t, "builds and starts the server twice")
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
				via, other := client(t, servers[(c+i)%2]), client(t, servers[(c+i+1)%2])
				id := struct {
					ID string `json:"id"`
				}{fmt.Sprintf("coherent-%d-%d", c, i)}
				var seen struct{ GraphVersion int }
				var got struct {
					Actor *struct {
						Metrics *struct {
							Degree       float64
							GraphVersion int
						}
					}
				}
				err := via.Try(`{ graphVersion }`, nil, &seen)
				if err == nil {
					err = via.Try(`mutation($id: ID!) { a: createActor(input: {id: $id, name: "Concurrent", sector: "media"}) { id }
					p: createPartnership(input: {source: $id, target: "asi-system"}) { id } }`, id, nil)
				}
				if err == nil {
					err = other.Try(`query($id: ID!) { actor(id: $id) { metrics { degree graphVersion } } }`, id, &got)
				}
				if err != nil {
					errs <- err.Error()
					return
				}
				if got.Actor == nil || got.Actor.Metrics == nil || got.Actor.Metrics.GraphVersion <= seen.GraphVersion || got.Actor.Metrics.Degree <= 0 {
					errs <- fmt.Sprintf("%s written through %s, read through %s: version before %d, answer %+v", id.ID, via.URL, other.URL, seen.GraphVersion, got.Actor)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var sa, sb networkStats
	client(t, servers[0]).Must(statsQuery, nil, &sa)
	client(t, servers[1]).Must(statsQuery, nil, &sb)
	if sa != sb {
		t.Errorf("the processes disagree at the end: %+v and %+v", sa, sb)
	}
	if want := len(demodata.Article().Actors) + clients*writes; sa.NetworkStats.Actors != want {
		t.Errorf("actors = %d, want %d", sa.NetworkStats.Actors, want)
	}
	if v, err := store.GraphVersion(ctx); err != nil || int(v) != sa.NetworkStats.GraphVersion {
		t.Errorf("stored version %d (%v), the processes say %+v", v, err, sa)
	}
}

// buildServer builds the server binary once for the package's tests (into a directory
// TestMain removes) and returns its path.
func buildServer(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "stakegraph-bin")
		if err != nil {
			built.err = err
			return
		}
		built.dir, built.bin = dir, filepath.Join(dir, "stakegraph")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// built is the package's one server binary.
var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.stop != nil {
		browser.stop()
	}
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// startServer starts bin on a free loopback port against the test Neo4j, anonymous clients
// being editors, and returns its base URL; the test's cleanup stops it.
func startServer(t *testing.T, bin string) string {
	t.Helper()
	return startServerWith(t, bin, []string{"ANONYMOUS_ROLE=editor", "RATE_LIMIT_POINTS_PER_MINUTE=-1"})
}

// startServerWith starts `bin serve` with env and args added (besides the test Neo4j and the
// address) and returns its base URL once it answers; the test's cleanup stops it.
func startServerWith(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--http", addr}, args...)...)
	cmd.Env = append(append(os.Environ(), "NEO4J_URI="+neo4jtest.URI(), "NEO4J_USER="+neo4jtest.User(), "NEO4J_PASSWORD="+neo4jtest.Password(),
		"LOG_LEVEL=warn"), env...)
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
	for deadline := time.Now().Add(90 * time.Second); ; {
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

// newToken creates an API token with bin's token command on the test Neo4j and returns it.
func newToken(t *testing.T, bin, name, role string) string {
	t.Helper()
	cmd := exec.Command(bin, "token", "create", "--name", name, "--role", role)
	cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jtest.URI(), "NEO4J_USER="+neo4jtest.User(), "NEO4J_PASSWORD="+neo4jtest.Password(), "LOG_LEVEL=warn")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// statsQuery and networkStats read a process's statistics.
const statsQuery = `{ networkStats { actors partnerships graphVersion } }`

type networkStats struct {
	NetworkStats struct{ Actors, Partnerships, GraphVersion int }
}

// client is the typed GraphQL client of the server at base.
func client(t *testing.T, base string) *gqltest.Client {
	return &gqltest.Client{TB: t, URL: base + "/graphql"}
}

// skipShort skips a test that builds and starts server processes under -short, saying what it
// would do.
func skipShort(t *testing.T, what string) {
	if testing.Short() {
		t.Skip(what)
	}
}

// TestTestsReproducibleAcrossProcesses: two API processes answer the same significance tests
// with the same seed identically (byte for byte), whatever their goroutines' scheduling — the
// replication streams depend only on the seed and the replication's number.
func TestTestsReproducibleAcrossProcesses(t *testing.T) {
	skipShort(t, "builds and starts the server twice")
	neo4jtest.MustLoad(t, neo4jtest.MustOpen(t), demodata.Generate(demodata.Options{Actors: 300, Seed: 9, Attributes: true}))
	bin := buildServer(t)
	a, b := startServer(t, bin), startServer(t, bin)
	q := `{ eiTest(groupByAttribute: "legal_form", permutations: 3000, seed: 17) { observed expected sd pGreaterOrEqual pLessOrEqual groups { key expected pLessOrEqual } }
		assortativityTest(attribute: "budget", permutations: 2000, seed: 17) { expected sd pGreaterOrEqual pLessOrEqual }
		cugTest(statistic: TRANSITIVITY, condition: EDGES, replications: 500, seed: 17) { expected sd pGreaterOrEqual pLessOrEqual }
		qapTest(x: {sameGroup: SECTOR}, y: {}, replications: 500, seed: 17) { correlation pGreaterOrEqual pLessOrEqual pAbsGreaterOrEqual }
		corePeriphery(seed: 17) { coreSize fit } }`
	ra, rb := client(t, a).Do(q, nil), client(t, b).Do(q, nil)
	if len(ra.Errors)+len(rb.Errors) > 0 {
		t.Fatalf("errors: %+v %+v", ra.Errors, rb.Errors)
	}
	if string(ra.Data) != string(rb.Data) {
		t.Errorf("two processes, one seed, two answers:\n%s\n%s", ra.Data, rb.Data)
	}
}
