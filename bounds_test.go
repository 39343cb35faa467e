package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/harness"
	"stakegraph/httpapi"
	"stakegraph/memstore"
	"stakegraph/neo4jstore/neo4jtest"
	"stakegraph/resolvers"
)

// TestBodiesBeforeCredentials: a body is admitted by its sender's role before it is read.
// Without credentials on a server that needs them, 8 bodies of 40 MiB are refused 401 after
// reading nothing; on a server whose anonymous clients read, they are refused 413 after at
// most MaxBodyBytes each. Either way the 8 parallel bodies allocate well under 300 MB (they
// took 2.0 GB at their peak before: each was read to the import limit and parsed).
func TestBodiesBeforeCredentials(t *testing.T) {
	store := memstore.New()
	for _, tc := range []struct {
		name      string
		anonymous domain.Role
		status    int
		code      string
	}{
		{"ANONYMOUS_ROLE=none", domain.RoleNone, http.StatusUnauthorized, domain.EUNAUTHENTICATED},
		{"ANONYMOUS_ROLE=reader", domain.RoleReader, http.StatusRequestEntityTooLarge, domain.ETOOLARGE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, store, serveOptions{auth: authConfig(tc.anonymous)})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					body := harness.NewPad(40 << 20)
					req, _ := http.NewRequest(http.MethodPost, srv.url+"/graphql", body)
					req.ContentLength = int64(body.N)
					req.Header.Set("Content-Type", "application/json")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						t.Errorf("a 40 MiB body: %v", err)
						return
					}
					defer resp.Body.Close()
					var r reply
					_ = json.NewDecoder(resp.Body).Decode(&r)
					if resp.StatusCode != tc.status || r.Code() != tc.code {
						t.Errorf("a 40 MiB body: %d %s, want %d %s", resp.StatusCode, r.Code(), tc.status, tc.code)
					}
				}()
			}
			wg.Wait()
			runtime.ReadMemStats(&after)
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("8 × 40 MiB bodies: %d MB allocated in all", allocated>>20)
			if allocated > 300<<20 {
				t.Errorf("8 × 40 MiB bodies allocated %d MB; want at most 300 MB", allocated>>20)
			}
		})
	}
}

// TestHostsHeadersAndInput: a request naming a host this loopback server does not serve is
// refused 421 (DNS rebinding); every response says nosniff; a body that is not UTF-8 and a
// weight below MIN_WEIGHT are refused with BAD_USER_INPUT and change nothing.
func TestHostsHeadersAndInput(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	seedPair(t, store)
	srv := newServer(t, store, serveOptions{hosts: hostsOnLoopback()})
	req, _ := http.NewRequest(http.MethodPost, srv.url+"/graphql", strings.NewReader(`{"query":"{ graphVersion }"}`))
	req.Host = "attacker.example:80"
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a rebound host name: %d, want 421", resp.StatusCode)
	}
	for _, path := range []string{"/healthz", "/export/actors.csv", "/", "/explore"} {
		resp, _ := srv.get("", path)
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
	}
	if r := srv.post("", "{ graphVersion }", nil); r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("/graphql: no nosniff")
	}

	var v struct{ GraphVersion int }
	srv.mustQuery("{ graphVersion }", nil, &v)
	bad := []byte("{\"query\":\"mutation { createActor(input: {id: \\\"u\\\", name: \\\"Caf\xe9\\\", sector: \\\"media\\\"}) { id } }\"}")
	if r := srv.send("", bad); r.Status != http.StatusBadRequest || r.Code() != domain.EINVALID {
		t.Errorf("a body that is not UTF-8: %d %s", r.Status, r.Code())
	}
	tiny := srv.post(mustToken(t, store, "editor", domain.RoleEditor),
		`mutation { createPartnership(input: {source: "gov", target: "ngo", weight: 5e-324}) { id } }`, nil)
	if tiny.Code() != domain.EINVALID || !strings.Contains(tiny.Errors[0].Message, "weight") {
		t.Errorf("a weight of 5e-324: %s %v", tiny.Code(), tiny.Errors)
	}
	var w struct{ GraphVersion int }
	srv.mustQuery("{ graphVersion }", nil, &w)
	if w.GraphVersion != v.GraphVersion {
		t.Errorf("refused writes changed the graph version: %d → %d", v.GraphVersion, w.GraphVersion)
	}
}

// hostsOnLoopback is the host policy of a server listening on loopback.
func hostsOnLoopback() (p httpapi.HostPolicy) {
	p.Loopback = true
	return p
}

// TestUncachedSlicesAreBudgeted: 990 aliases of an actor's E-I index, each on its own slice
// (a different minWeight), are refused before anything runs: their slices would take more
// than MAX_OPERATION_BYTES (one such request took 6.8 GB and stalled everyone for 24 s).
// Twenty distinct slices run.
func TestUncachedSlicesAreBudgeted(t *testing.T) {
	t.Parallel()
	store := neo4jtest.MustLoad(t, memstore.New(), demodata.Generate(demodata.Options{Actors: 2000, Seed: 4}))
	srv := newServer(t, store, serveOptions{})
	var id struct {
		Actors struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	srv.mustQuery(`{ actors(first: 1) { edges { node { id } } } }`, nil, &id)
	aliases := func(n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, `{ actor(id: %q) { `, id.Actors.Edges[0].Node.ID)
		for i := range n {
			fmt.Fprintf(&b, "e%d: eiIndex(network: {minWeight: %g}) ", i, 0.001*float64(i+1))
		}
		b.WriteString("} }")
		return b.String()
	}
	start := time.Now()
	r := srv.post("", aliases(990), nil)
	if took := time.Since(start); r.Code() != domain.ETOOEXPENSIVE || !strings.Contains(r.Errors[0].Message, "MAX_OPERATION_BYTES") || took > 2*time.Second {
		t.Errorf("990 distinct slices: %s %v after %v; want QUERY_TOO_EXPENSIVE within 2 s", r.Code(), r.Errors, took)
	}
	if r := srv.post("", aliases(20), nil); r.Code() != "" {
		t.Errorf("20 distinct slices: %s %v", r.Code(), r.Errors)
	}
}

// TestExportsAreOperations: while trusted documents bind anonymous clients, they may not
// export unless TRUSTED_EXPORTS says so; an export spends its sender's budget like an
// operation (RATE_LIMITED with Retry-After once it is spent).
func TestExportsAreOperations(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	seedPair(t, store)
	docs := map[string]string{"v": "{ graphVersion }"}
	locked := newServer(t, store, serveOptions{limits: resolvers.Limits{TrustedDocuments: docs}})
	if resp, body := locked.get("", "/export/actors.csv"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an anonymous export under trusted documents: %d %s", resp.StatusCode, body)
	}
	if resp, _ := locked.get(mustToken(t, store, "reader", domain.RoleReader), "/export/actors.csv"); resp.StatusCode != http.StatusOK {
		t.Errorf("a reader's export under trusted documents: %d", resp.StatusCode)
	}
	open := newServer(t, store, serveOptions{limits: resolvers.Limits{TrustedDocuments: docs}, trustedExports: true})
	if resp, _ := open.get("", "/export/actors.csv"); resp.StatusCode != http.StatusOK {
		t.Errorf("an anonymous export with TRUSTED_EXPORTS: %d", resp.StatusCode)
	}
	poor := newServer(t, store, serveOptions{limits: resolvers.Limits{PointsPerMinute: 5}})
	statuses := []int{}
	for range 6 {
		resp, _ := poor.get("", "/export/graphml")
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Error("a refused export without Retry-After")
		}
	}
	if statuses[0] != http.StatusOK || statuses[len(statuses)-1] != http.StatusTooManyRequests {
		t.Errorf("exports on a budget of 5 points a minute: %v; want 200 first, 429 once spent", statuses)
	}
}

// TestFrozenNeo4jServesStale: with Neo4j frozen (connections open, nothing answered), an
// analytics query the cache can serve answers within 3 s from the newest cached version,
// marked extensions.stale; a query only Neo4j can answer gets SERVICE_UNAVAILABLE within 3 s;
// once Neo4j answers again, answers are fresh without anyone stepping in.
func TestFrozenNeo4jServesStale(t *testing.T) {
	seedPair(t, neo4jtest.MustOpen(t))
	p, store := neo4jtest.MustOpenThroughProxy(t)
	ctx := context.Background()
	h, err := newHTTPHandler(ctx, store, analytics.New(store, 0), slog.New(slog.NewTextHandler(io.Discard, nil)),
		serveOptions{requestTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	defer hs.Close()
	srv := &server{tb: t, url: hs.URL, store: store}
	stats := `{ networkStats { actors partnerships } }`
	type staleReply struct {
		reply
		actors int
	}
	ask := func(query string) (staleReply, time.Duration) {
		start := time.Now()
		r := srv.post("", query, nil)
		var data struct{ NetworkStats struct{ Actors int } }
		_ = json.Unmarshal(r.Data, &data)
		return staleReply{r, data.NetworkStats.Actors}, time.Since(start)
	}
	warm, _ := ask(stats)
	if warm.actors != 2 || warm.Extensions.Stale {
		t.Fatalf("before the freeze: %+v", warm)
	}
	p.Freeze()
	frozen, took := ask(stats)
	t.Logf("cached analytics during the freeze: answered in %v, stale %v (age %.1f s)", took, frozen.Extensions.Stale, frozen.Extensions.StaleAgeSeconds)
	if frozen.actors != 2 || !frozen.Extensions.Stale || frozen.Extensions.GraphVersion == nil || warm.Extensions.GraphVersion == nil ||
		*frozen.Extensions.GraphVersion != *warm.Extensions.GraphVersion || took > 3*time.Second {
		t.Errorf("cached analytics during the freeze: %+v after %v; want the cached answer marked stale", frozen, took)
	}
	start := time.Now()
	r := srv.post("", `{ actors(first: 5) { totalCount } }`, nil)
	took = time.Since(start)
	t.Logf("a store read during the freeze: %s in %v", r.Code(), took)
	if r.Code() != domain.EUNAVAIL || took > 3*time.Second {
		t.Errorf("a store read during the freeze: %s after %v; want SERVICE_UNAVAILABLE within 3 s", r.Code(), took)
	}
	p.Thaw()
	deadline := time.Now().Add(15 * time.Second)
	for {
		fresh, _ := ask(stats)
		if !fresh.Extensions.Stale && fresh.actors == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("answers were still stale 15 s after the thaw")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestGraphQLOverHTTPStatuses: the GraphQL over HTTP spec's rules for requests that cannot be
// executed (the graphql-http audit's warnings): with Accept: application/json they answer 200
// (gqlgen answered 422); with application/graphql-response+json they answer 400 and carry no
// data entry (gqlgen wrote "data": null).
func TestGraphQLOverHTTPStatuses(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	srv := newServer(t, store, serveOptions{})
	for _, tc := range []struct {
		accept, query string
		status        int
	}{
		{"application/json", "{ graphVersion ", http.StatusOK},         // parse error
		{"application/json", "{ noSuchField }", http.StatusOK},         // validation error
		{"application/graphql-response+json", "{ graphVersion ", 400},  // parse error
		{"application/graphql-response+json", "{ noSuchField }", 400},  // validation error
		{"application/graphql-response+json", "{ graphVersion }", 200}, // fine
	} {
		body, _ := json.Marshal(struct {
			Query string `json:"query"`
		}{tc.query})
		req, _ := http.NewRequest(http.MethodPost, srv.url+"/graphql", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", tc.accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var out map[string]json.RawMessage
		_ = json.Unmarshal(raw, &out)
		_, hasData := out["data"]
		if resp.StatusCode != tc.status || (tc.status >= 400 && hasData) || (tc.status == 200 && tc.accept != "application/json" && !hasData) {
			t.Errorf("%s, %q: %d %s; want %d", tc.accept, tc.query, resp.StatusCode, raw, tc.status)
		}
	}
}
