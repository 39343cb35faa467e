package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"stakegraph/analytics"
	"stakegraph/auth"
	"stakegraph/commands"
	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/gqltest"
	"stakegraph/memstore"
	"stakegraph/neo4jstore/neo4jtest"
	"stakegraph/resolvers"
)

// server is the whole HTTP stack over the test Neo4j, as `stakegraph serve` assembles it.
type server struct {
	tb    testing.TB
	url   string
	store Store
}

func newServer(tb testing.TB, store Store, o serveOptions, svcOptions ...analytics.Option) *server {
	tb.Helper()
	if o.requestTimeout == 0 {
		o.requestTimeout = 30 * time.Second
	}
	o.graphiql, o.explorer, o.introspection = true, true, true
	h, err := newHTTPHandler(context.Background(), store, analytics.New(store, 0, svcOptions...), slog.New(slog.NewTextHandler(io.Discard, nil)), o)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return &server{tb: tb, url: srv.URL, store: store}
}

// reply is a GraphQL response with its HTTP status and headers (the typed test client's).
type reply = gqltest.Reply

// client is the typed GraphQL client for this server, sending token when not empty.
func (s *server) client(token string) *gqltest.Client {
	return &gqltest.Client{TB: s.tb, URL: s.url + "/graphql", Token: token}
}

func (s *server) post(token, query string, vars any) reply {
	s.tb.Helper()
	return s.client(token).Do(query, vars)
}

// mustQuery runs an anonymous query and decodes its data into out; errors fail the test.
func (s *server) mustQuery(query string, vars any, out any) {
	s.tb.Helper()
	s.client("").Must(query, vars, out)
}

func (s *server) send(token string, body []byte) reply {
	s.tb.Helper()
	return s.client(token).Send(body)
}

func (s *server) get(token, path string) (*http.Response, []byte) {
	s.tb.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func mustToken(tb testing.TB, store domain.Store, name string, role domain.Role) string {
	tb.Helper()
	secret, err := store.CreateToken(context.Background(), name, role)
	if err != nil {
		tb.Fatal(err)
	}
	return secret
}

// TestRoleMatrix: anonymous (reader by default, or none), reader, editor and admin against
// each kind of request, with the codes and statuses of the README, and nothing written on a
// refusal.
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	store := neo4jtest.MustLoad(t, memstore.New(), demodata.Article())
	tokens := map[string]string{
		"reader": mustToken(t, store, "r", domain.RoleReader),
		"editor": mustToken(t, store, "e", domain.RoleEditor),
		"admin":  mustToken(t, store, "a", domain.RoleAdmin),
	}
	srv := newServer(t, store, serveOptions{})
	closed := newServer(t, store, serveOptions{auth: authConfig(domain.RoleNone)})
	n := 0
	requests := map[string]func(s *server, token string) (status int, code string){
		"query": func(s *server, token string) (int, string) {
			r := s.post(token, `{ actors(first: 1) { totalCount } }`, nil)
			return r.Status, r.Code()
		},
		"mutation": func(s *server, token string) (int, string) {
			n++
			r := s.post(token, `mutation($id: ID) { createActor(input: {id: $id, name: "X", sector: "media"}) { id } }`, gqltest.ID{ID: fmt.Sprintf("m%d", n)})
			return r.Status, r.Code()
		},
		"import": func(s *server, token string) (int, string) {
			n++
			r := s.post(token, `mutation($id: String!) { importNetworkJson(actors: [{id: $id, name: "Y", sector: "media"}]) { written } }`, gqltest.ID{ID: fmt.Sprintf("i%d", n)})
			return r.Status, r.Code()
		},
		"export": func(s *server, token string) (int, string) {
			resp, body := s.get(token, "/export/actors.csv")
			var e struct{ Error struct{ Code string } }
			_ = json.Unmarshal(body, &e)
			return resp.StatusCode, e.Error.Code
		},
		"sector": func(s *server, token string) (int, string) {
			n++
			r := s.post(token, `mutation($id: ID!) { createSector(input: {code: $id, label: "S"}) { code } }`, gqltest.ID{ID: fmt.Sprintf("s%d", n)})
			return r.Status, r.Code()
		},
		"token": func(s *server, token string) (int, string) {
			r := s.post(token, `{ apiTokens { name role } }`, nil)
			return r.Status, r.Code()
		},
	}
	ok, unauth, forbidden := "200 ", "401 UNAUTHENTICATED", "403 FORBIDDEN"
	want := map[string]map[string]string{
		"anonymous": {"query": ok, "mutation": unauth, "import": unauth, "export": ok, "sector": unauth, "token": unauth},
		"none":      {"query": unauth, "mutation": unauth, "import": unauth, "export": unauth, "sector": unauth, "token": unauth},
		"reader":    {"query": ok, "mutation": forbidden, "import": forbidden, "export": ok, "sector": forbidden, "token": forbidden},
		"editor":    {"query": ok, "mutation": ok, "import": ok, "export": ok, "sector": forbidden, "token": forbidden},
		"admin":     {"query": ok, "mutation": ok, "import": ok, "export": ok, "sector": ok, "token": ok},
	}
	for who, row := range want {
		for what, expect := range row {
			t.Run(who+"/"+what, func(t *testing.T) {
				s, token := srv, tokens[who]
				if who == "none" {
					s = closed
				}
				before := neo4jtest.MustSnapshot(t, store)
				status, code := requests[what](s, token)
				if got := fmt.Sprintf("%d %s", status, code); got != expect {
					t.Errorf("got %q, want %q", got, expect)
				}
				if expect != ok {
					if after := neo4jtest.MustSnapshot(t, store); after != before {
						t.Errorf("a refused %s changed the database: %+v → %+v", what, before, after)
					}
				}
			})
		}
	}
	t.Run("BadAndRevokedTokens", func(t *testing.T) {
		for _, token := range []string{"sg_not-a-token", "garbage.jwt.value"} {
			if r := srv.post(token, `{ graphVersion }`, nil); r.Status != 401 || r.Code() != domain.EUNAUTHENTICATED {
				t.Errorf("token %q: %d %s", token, r.Status, r.Code())
			}
			if resp, _ := srv.get(token, "/export/actors.csv"); resp.StatusCode != 401 {
				t.Errorf("export with token %q: %d", token, resp.StatusCode)
			}
		}
		victim := mustToken(t, store, "victim", domain.RoleEditor)
		if r := srv.post(victim, `{ graphVersion }`, nil); r.Status != 200 {
			t.Fatalf("fresh token: %d %s", r.Status, r.Code())
		}
		if r := srv.post(tokens["admin"], `mutation { revokeApiToken(name: "victim") { revokedAt } }`, nil); r.Code() != "" {
			t.Fatalf("revoke: %s", r.Code())
		}
		if r := srv.post(victim, `{ graphVersion }`, nil); r.Status != 401 || r.Code() != domain.EUNAUTHENTICATED {
			t.Errorf("revoked token: %d %s", r.Status, r.Code())
		}
	})
	t.Run("WritesRecordWho", func(t *testing.T) {
		srv.post(tokens["editor"], `mutation { createActor(input: {id: "who", name: "Who", sector: "media"}) { id } }`, nil)
		srv.post(tokens["admin"], `mutation { updateActor(id: "who", input: {name: "Whom"}) { id } }`, nil)
		r := srv.post(tokens["reader"], `{ actor(id: "who") { createdBy updatedBy } }`, nil)
		var d struct {
			Actor struct{ CreatedBy, UpdatedBy string }
		}
		_ = json.Unmarshal(r.Data, &d)
		if d.Actor.CreatedBy != "e" || d.Actor.UpdatedBy != "a" {
			t.Errorf("createdBy %q, updatedBy %q; want e, a", d.Actor.CreatedBy, d.Actor.UpdatedBy)
		}
	})
}

// authSettings are auth's settings as serveOptions holds them.
type authSettings = auth.Config

func authConfig(anonymous domain.Role) (c authSettings) {
	c.AnonymousRole = anonymous
	return c
}

// TestJWTFromJWKS verifies RS256 JWTs against a JWKS served on loopback: the role comes from
// the roles claim, the subject is recorded as the writer, and a token signed by another key,
// expired, or for another audience is refused.
func TestJWTFromJWKS(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	b64 := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	jwks := fmt.Sprintf(`{"keys":[{"kty":"RSA","kid":"k1","alg":"RS256","use":"sig","n":%q,"e":%q}]}`,
		b64(key.N.Bytes()), b64(big.NewInt(int64(key.E)).Bytes()))
	idp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, jwks)
	}))
	t.Cleanup(idp.Close)
	var cfg authSettings
	cfg.JWKSURL, cfg.Issuer, cfg.Audience = idp.URL, "https://idp.example", "stakegraph"
	srv := newServer(t, store, serveOptions{auth: cfg})
	sign := func(k *rsa.PrivateKey, claims jwt.MapClaims) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		tok.Header["kid"] = "k1"
		s, err := tok.SignedString(k)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	claims := func(mut func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"sub": "alice", "iss": "https://idp.example", "aud": "stakegraph", "roles": []string{"staff", "editor"},
			"exp": time.Now().Add(time.Hour).Unix()}
		if mut != nil {
			mut(c)
		}
		return c
	}
	good := sign(key, claims(nil))
	if r := srv.post(good, `mutation { createActor(input: {id: "jwt-made", name: "J", sector: "media"}) { createdBy } }`, nil); r.Code() != "" || !strings.Contains(string(r.Data), `"jwt:alice"`) {
		t.Errorf("editor JWT: %d %s %s", r.Status, r.Code(), r.Data)
	}
	readerJWT := sign(key, claims(func(c jwt.MapClaims) { c["roles"] = "reader" }))
	if r := srv.post(readerJWT, `mutation { createActor(input: {name: "J", sector: "media"}) { id } }`, nil); r.Status != 403 || r.Code() != domain.EFORBIDDEN {
		t.Errorf("reader JWT writing: %d %s", r.Status, r.Code())
	}
	for name, bad := range map[string]string{
		"other key":      sign(other, claims(nil)),
		"expired":        sign(key, claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })),
		"other audience": sign(key, claims(func(c jwt.MapClaims) { c["aud"] = "someone-else" })),
		"other issuer":   sign(key, claims(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" })),
	} {
		if r := srv.post(bad, `{ graphVersion }`, nil); r.Status != 401 || r.Code() != domain.EUNAUTHENTICATED {
			t.Errorf("%s: %d %s", name, r.Status, r.Code())
		}
	}
}

// TestAuditQueriesRefused: the two queries of the reliability audit are refused before they
// run (priced, not started), while a cheap query from another client is served as usual.
func TestAuditQueriesRefused(t *testing.T) {
	store := memstore.New()
	if _, err := store.ImportNetwork(context.Background(), demodata.Generate(demodata.Options{Actors: 11_000, Seed: 7}), 10_000, nil); err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, store, serveOptions{})
	nested := `{ actor(id: "x") { ` + strings.Repeat(`partners(first: 500) { edges { node { `, 4) + `name` + strings.Repeat(` } } }`, 4) + ` } }`
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := range 500 {
		fmt.Fprintf(&aliases, "c%d: centrality(metric: BETWEENNESS, first: 1, network: { minWeight: %v }) { totalCount } ", i, 0.001*float64(i))
	}
	aliases.WriteString("}")
	for name, q := range map[string]string{"nested partners": nested, "500 betweenness aliases": aliases.String()} {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			var cheap reply
			var cheapTook time.Duration
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				cheap = srv.post("", `{ actors(first: 5) { edges { node { name } } } }`, nil)
				cheapTook = time.Since(start)
			}()
			start := time.Now()
			r := srv.post("", q, nil)
			took := time.Since(start)
			wg.Wait()
			if r.Code() != domain.ETOOEXPENSIVE || r.Extensions.Cost == nil || r.Extensions.Cost.Requested <= r.Extensions.Cost.Limit {
				t.Fatalf("got %s %+v", r.Code(), r.Extensions.Cost)
			}
			t.Logf("refused in %v: cost %d, limit %d", took, r.Extensions.Cost.Requested, r.Extensions.Cost.Limit)
			if cheap.Code() != "" || cheapTook > time.Second {
				t.Errorf("the concurrent cheap query: %s after %v", cheap.Code(), cheapTook)
			}
		})
	}
	// /metrics counts the refusals, the points spent and who asked.
	_, body := srv.get("", "/metrics")
	for _, want := range []string{`stakegraph_rejections_total{code="QUERY_TOO_EXPENSIVE"} 2`, `stakegraph_http_requests_total{identity="anonymous"}`,
		"stakegraph_cost_points_total", "stakegraph_analytics_queued_computations"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestBudgetAndLimits: a spent budget answers 429 with Retry-After; every response reports its
// cost; oversized bodies answer 413; nesting and alias limits refuse; long error messages are
// cut short.
func TestBudgetAndLimits(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	seedPair(t, store)
	token := mustToken(t, store, "client", domain.RoleReader)
	srv := newServer(t, store, serveOptions{limits: resolvers.Limits{PointsPerMinute: 90, MaxBodyBytes: 4096, MaxImportBytes: 64 << 10}})
	page := `{ actors(first: 20) { edges { node { name } } } }` // 1 + 20 × 3 = 61 points
	first := srv.post(token, page, nil)
	if c := first.Extensions.Cost; first.Code() != "" || c == nil || c.Requested != 61 || c.Remaining != 90-61 || c.ResetAt == "" {
		t.Fatalf("first page: %s cost %+v", first.Code(), first.Extensions.Cost)
	}
	second := srv.post(token, page, nil)
	if second.Status != 429 || second.Code() != domain.ERATELIMITED || second.Header.Get("Retry-After") == "" {
		t.Errorf("over budget: %d %s Retry-After %q", second.Status, second.Code(), second.Header.Get("Retry-After"))
	}
	// Another identity has its own budget.
	if other := srv.post(mustToken(t, store, "other", domain.RoleReader), page, nil); other.Code() != "" {
		t.Errorf("another identity: %s", other.Code())
	}

	big := bytes.Repeat([]byte("x"), 70<<10)
	if r := srv.send(token, big); r.Status != 413 || r.Code() != domain.ETOOLARGE {
		t.Errorf("body over the import limit: %d %s", r.Status, r.Code())
	}
	body := gqltest.Body("{ graphVersion }", struct {
		Pad string `json:"pad"`
	}{strings.Repeat("p", 8000)})
	if r := srv.send(token, body); r.Status != 413 || r.Code() != domain.ETOOLARGE {
		t.Errorf("body over the limit: %d %s", r.Status, r.Code())
	}
	malformed := append([]byte(`{"query": `), bytes.Repeat([]byte("z"), 3000)...)
	if r := srv.send(token, malformed); len(r.Errors) == 0 || len(r.Errors[0].Message) > 400 {
		t.Errorf("a malformed body was echoed back: %d characters", len(r.Errors[0].Message))
	}
	deep := "{ actor(id: \"gov\") { " + strings.Repeat("partners { edges { node { ", 5) + "id" + strings.Repeat(" } } }", 5) + " } }"
	if r := srv.post(mustToken(t, store, "deep", domain.RoleReader), deep, nil); r.Code() != domain.EINVALID || !strings.Contains(r.Errors[0].Message, "deep") {
		t.Errorf("16 levels: %s %v", r.Code(), r.Errors)
	}
	var many strings.Builder
	many.WriteString("{ ")
	for i := range 1001 {
		fmt.Fprintf(&many, "v%d: graphVersion ", i)
	}
	many.WriteString("}")
	manyBody := gqltest.Body(many.String(), nil)
	srvBig := newServer(t, store, serveOptions{})
	if r := srvBig.send("", manyBody); r.Code() != domain.EINVALID || !strings.Contains(r.Errors[0].Message, "1001") {
		t.Errorf("1,001 aliases: %s %v", r.Code(), r.Errors)
	}
}

// TestResponsesArriveByTheDeadline: a computation that cannot finish by REQUEST_TIMEOUT at the
// machine's pace is refused at once with SERVICE_OVERLOADED; one admitted anyway (a service
// told points are nearly free) is answered with TIMEOUT within the deadline plus two seconds, and
// the computation stops. Both answers are the GraphQL ones, with the operation's price (the
// timeout handler's static answer used to win the race at the deadline, without it).
func TestResponsesArriveByTheDeadline(t *testing.T) {
	t.Parallel()
	// The store does not matter here (the deadline is the analytics'): memstore loads in a
	// second where the test Neo4j took ten.
	store := neo4jtest.MustLoad(t, memstore.New(), demodata.Generate(demodata.Options{Actors: 12_000, Seed: 3}))
	const q = `{ centrality(metric: CLOSENESS, network: { weighted: true }) { totalCount } }`
	for _, c := range []struct {
		name string
		opts []analytics.Option
		want string
		by   time.Duration
	}{
		// Bounds of a second or more: a busy machine must not fail them (TestNoShortWallClockBounds).
		{"at the machine's pace", nil, domain.EOVERLOADED, time.Second},
		{"admitted anyway", []analytics.Option{analytics.WithPointTime(time.Nanosecond)}, domain.ETIMEOUT, 3 * time.Second},
	} {
		srv := newServer(t, store, serveOptions{requestTimeout: time.Second, limits: resolvers.Limits{MaxCost: 1 << 30}}, c.opts...)
		// Load the graph outside the measurement: with a one-second deadline the first requests
		// may answer "still loading" while the load goes on.
		for i := 0; i < 50 && srv.post("", `{ networkStats { actors } }`, nil).Code() != ""; i++ {
			time.Sleep(200 * time.Millisecond)
		}
		start := time.Now()
		r := srv.post("", q, nil)
		took := time.Since(start)
		if r.Code() != c.want || took > c.by {
			t.Errorf("%s: got %q after %v; want %s within %v: %+v", c.name, r.Code(), took, c.want, c.by, r.Errors)
		}
		if r.Extensions.Cost == nil || r.Extensions.Cost.Requested <= 0 {
			t.Errorf("%s: the answer has no price (the timeout handler's static answer?): %+v", c.name, r)
		}
	}
}

// TestProductionSwitches: trusted documents bind anonymous clients; introspection and GraphiQL
// can be switched off; CORS never allows the null origin.
func TestProductionSwitches(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	seedPair(t, store)
	const listed = `query Sectors { sectors { code } }`
	docs := map[string]string{resolvers.TrustedDocumentID(listed): listed}
	o := serveOptions{limits: resolvers.Limits{TrustedDocuments: docs}, corsOrigins: []string{"*"}}
	o.requestTimeout = 30 * time.Second
	h, err := newHTTPHandler(context.Background(), store, analytics.New(store, 0), slog.New(slog.NewTextHandler(io.Discard, nil)), o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	srv := &server{tb: t, url: hs.URL, store: store}
	if r := srv.post("", listed, nil); r.Code() != "" {
		t.Errorf("a trusted document by text: %s", r.Code())
	}
	byID := gqltest.PersistedBody(resolvers.TrustedDocumentID(listed))
	if r := srv.send("", byID); r.Code() != "" {
		t.Errorf("a trusted document by id: %s %v", r.Code(), r.Errors)
	}
	if r := srv.post("", `{ actors { totalCount } }`, nil); r.Status != 403 || r.Code() != domain.EFORBIDDEN {
		t.Errorf("an untrusted anonymous query: %d %s", r.Status, r.Code())
	}
	if r := srv.post(mustToken(t, store, "app", domain.RoleReader), `{ actors { totalCount } }`, nil); r.Code() != "" {
		t.Errorf("a token holder's own query: %s", r.Code())
	}
	if r := srv.post(mustToken(t, store, "intro", domain.RoleReader), `{ __schema { queryType { name } } }`, nil); r.Code() == "" {
		t.Error("introspection answered with INTROSPECTION=false")
	}
	if resp, _ := srv.get("", "/"); resp.StatusCode != 404 {
		t.Errorf("GraphiQL with GRAPHIQL=false: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodOptions, hs.URL+"/graphql", nil)
	req.Header.Set("Origin", "null")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("CORS * reflected the null origin: %q", got)
	}
	if commands.RedactURI("neo4j+s://neo4j:secret@db.example:7687") != "neo4j+s://neo4j:xxxxx@db.example:7687" {
		t.Errorf("redacted URI = %q", commands.RedactURI("neo4j+s://neo4j:secret@db.example:7687"))
	}
}

// TestTokenCommand: `stakegraph token create` prints the token alone on its last line, and the
// token works; list shows it; revoke ends it.
func TestTokenCommand(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	uri := []string{"--neo4j-uri", neo4jtest.URI(), "--neo4j-user", neo4jtest.User(), "--neo4j-password", neo4jtest.Password()}
	var out bytes.Buffer
	if err := commands.Token(context.Background(), append([]string{"create", "--name", "cli", "--role", "editor"}, uri...), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	secret := lines[len(lines)-1]
	if !strings.HasPrefix(secret, "sg_") || strings.Contains(secret, " ") {
		t.Fatalf("last line %q is not a token", secret)
	}
	if tok, err := store.TokenByHash(context.Background(), domain.HashToken(secret)); err != nil || tok == nil || tok.Role != domain.RoleEditor {
		t.Fatalf("stored token: %+v %v", tok, err)
	}
	out.Reset()
	if err := commands.Token(context.Background(), append([]string{"list"}, uri...), &out); err != nil || !strings.Contains(out.String(), "cli\teditor") {
		t.Errorf("list: %v %q", err, out.String())
	}
	if err := commands.Token(context.Background(), append([]string{"revoke", "--name", "cli"}, uri...), &out); err != nil {
		t.Fatal(err)
	}
	if tok, _ := store.TokenByHash(context.Background(), domain.HashToken(secret)); tok != nil {
		t.Error("revoked token still found")
	}
}

func seedPair(tb testing.TB, store domain.Store) {
	tb.Helper()
	neo4jtest.MustCreateActor(tb, store, domain.ActorInput{ID: "gov", Name: "Ministry", Sector: "government"})
	neo4jtest.MustCreateActor(tb, store, domain.ActorInput{ID: "ngo", Name: "Charity", Sector: "civil_society"})
	neo4jtest.MustCreatePartnership(tb, store, domain.PartnershipInput{ID: "p1", Source: "gov", Target: "ngo"})
}

// TestCostRefusalStatusRule: one rule for an operation or an export refused by its cost, with
// the code QUERY_TOO_EXPENSIVE either way: an export answers the code's status from the one
// table (400); a GraphQL operation answers it too when the client takes
// application/graphql-response+json (a request error, without data), and 200 when it takes
// application/json, as the GraphQL over HTTP spec asks of that media type.
func TestCostRefusalStatusRule(t *testing.T) {
	store := neo4jtest.MustLoad(t, memstore.New(), demodata.Article())
	srv := newServer(t, store, serveOptions{limits: resolvers.Limits{MaxCost: 3}})
	post := func(accept string) (int, string) {
		body := strings.NewReader(`{"query":"{ centrality(metric: BETWEENNESS) { totalCount } }"}`)
		req, _ := http.NewRequest(http.MethodPost, srv.url+"/graphql", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := post("application/json"); status != http.StatusOK || !strings.Contains(body, domain.ETOOEXPENSIVE) {
		t.Errorf("application/json: %d %s", status, body)
	}
	if status, body := post("application/graphql-response+json"); status != http.StatusBadRequest || !strings.Contains(body, domain.ETOOEXPENSIVE) || strings.Contains(body, `"data"`) {
		t.Errorf("application/graphql-response+json: %d %s", status, body)
	}
	resp, body := srv.get("", "/export/graphml?layout=FORCE_ATLAS2&iterations=1000")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), domain.ETOOEXPENSIVE) {
		t.Errorf("export: %d %s", resp.StatusCode, body)
	}
}
