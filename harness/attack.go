package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"stakegraph/demodata"
	"stakegraph/domain"
)

// AttackConfig configures an attack run (`make attack`, and its short version in `make test`):
// every item of the attack audit, sent to a real API process over loopback on a Neo4j of the
// run's own (which the run freezes with SIGSTOP), each bounded in count and time.
type AttackConfig struct {
	Root string // the module's root (the binary is built from it)
	Port int    // Bolt port of the Neo4j this run starts, freezes and stops
	Data string // its data folder
	// KeepNeo4j leaves that Neo4j running (thawed) at the end, for the next run on it.
	KeepNeo4j bool
	Actors    int           // generated actors (the article network comes too)
	Freeze    time.Duration // how long Neo4j stays frozen
	Bodies    int           // parallel 40 MiB bodies without credentials
	Audit     bool          // run graphql-http's audit (harness/audit, npm ci'd)
	// StoreAliases is how many aliased store fields the pool-draining attack sends (the
	// audit's 495 when 0); the short version sends fewer.
	StoreAliases int
	// CheapBound is the worst latency allowed to the cheap query sent alongside each attack
	// (attackCheapWorst, 1 s, when 0).
	CheapBound time.Duration
}

// AttackResult is one attack's outcome: what the API answered and how long it took, how far
// the API's resident memory rose above its size just before the attack, and the worst
// latency of a cheap query another client sent meanwhile. Problem says which guarantee did
// not hold ("" when all did).
type AttackResult struct {
	Name       string
	Answer     string
	Took       time.Duration
	GrowthMB   float64
	CheapWorst time.Duration
	// IdleAfter is how long after the answer the API's CPU use fell to idle (under
	// attackIdleShare of a core over attackIdleWindow), and AfterMB how far its resident
	// memory stood above its level before the attack once it settled (within attackSettle),
	// besides what its analytics cache kept.
	IdleAfter time.Duration
	AfterMB   float64
	Problem   string
}

func (r AttackResult) String() string {
	s := fmt.Sprintf("%-46s %-44s %7.2f s  +%6.0f MB  cheap query worst %5.0f ms  idle after %4.0f ms  %+5.0f MB after", r.Name, trim(r.Answer, 44), r.Took.Seconds(),
		r.GrowthMB, float64(r.CheapWorst.Microseconds())/1000, float64(r.IdleAfter.Microseconds())/1000, r.AfterMB)
	if r.Problem != "" {
		s += "  FAILED: " + r.Problem
	}
	return s
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// Bounds every attack must keep (issue "Bounded by construction").
const (
	attackMaxGrowthMB = 1536            // API memory above its idle size while an attack runs
	attackCheapWorst  = time.Second     // a concurrent cheap query's worst latency
	attackRefuseBy    = 2 * time.Second // a refusal's latency
	attackFrozenBy    = 3 * time.Second // any answer while Neo4j is frozen
	attackIdleBy      = time.Second     // the API's CPU back to idle after the answer
	attackAfterMB     = 100             // its memory back within this of its level before
	attackSettle      = 5 * time.Second // how long memory may take to get back there

	attackIdleWindow = 200 * time.Millisecond // CPU is idle when a window of this uses
	attackIdleShare  = 0.1                    // less than this share of one core
)

type attackRun struct {
	api, trusted *API
	client       *http.Client
	reader       string // a reader's token (the cheap query's)
	editor       string
	admin        string
	generated    []domain.Actor // the generated actors, as seeded
	actor        string         // an actor id
	pid          int
	cheapBound   time.Duration // the cheap query's worst latency allowed
}

// send posts a GraphQL body with an optional token and Host, and says "status CODE".
func (a *attackRun) send(url, token, host string, body io.Reader, size int64, accept string) (string, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		return "", nil, err
	}
	if size > 0 {
		req.ContentLength = size
	}
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return answerOf(resp.StatusCode, raw), raw, nil
}

// answerOf is "status CODE" (the first error's code, or the export error's).
func answerOf(status int, raw []byte) string {
	var r struct {
		Errors []struct{ Extensions struct{ Code string } }
		Error  struct{ Code string }
	}
	_ = json.Unmarshal(raw, &r)
	code := r.Error.Code
	if len(r.Errors) > 0 {
		code = r.Errors[0].Extensions.Code
	}
	if code == "" {
		code = "ok"
	}
	return fmt.Sprintf("%d %s", status, code)
}

func (a *attackRun) query(token, query string) (string, []byte, error) {
	body, _ := json.Marshal(struct {
		Query string `json:"query"`
	}{query})
	return a.send(a.api.URL+"/graphql", token, "", bytes.NewReader(body), 0, "")
}

func (a *attackRun) get(base, token, path string) (string, http.Header, error) {
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return answerOf(resp.StatusCode, raw), resp.Header, nil
}

// refused checks that an attack was answered with want (a prefix of "status CODE") within
// attackRefuseBy.
func refused(want string) func(string, time.Duration) string {
	return func(answer string, took time.Duration) string {
		if !strings.HasPrefix(answer, want) {
			return "want " + want
		}
		if took > attackRefuseBy {
			return fmt.Sprintf("refused after %v (bound %v)", took, attackRefuseBy)
		}
		return ""
	}
}

// answered checks that an attack ran to an answer with want.
func answered(want string) func(string, time.Duration) string {
	return func(answer string, took time.Duration) string {
		if !strings.HasPrefix(answer, want) {
			return "want " + want
		}
		return ""
	}
}

func aliases(n int, field func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(field(i))
		b.WriteByte(' ')
	}
	return b.String()
}

// RunAttack starts a Neo4j of its own and an API over it, runs every attack and prints one
// line each. It returns the results; an error means the run itself could not be made.
func RunAttack(ctx context.Context, cfg AttackConfig, out io.Writer) ([]AttackResult, error) {
	fc := FaultConfig{Root: cfg.Root, Port: cfg.Port, Data: cfg.Data}
	db, err := fc.StartNeo4j()
	if err != nil {
		return nil, err
	}
	if !cfg.KeepNeo4j {
		defer fc.neo4j("stop") //nolint:errcheck // best effort at the end
	}
	defer signalNeo4j(cfg.Data, syscall.SIGCONT) //nolint:errcheck // never leave it frozen
	store, ids, err := seed(ctx, db, cfg.Actors)
	if err != nil {
		return nil, err
	}
	defer store.Close(ctx)
	if cfg.CheapBound <= 0 {
		cfg.CheapBound = attackCheapWorst
	}
	run := &attackRun{client: &http.Client{Timeout: 90 * time.Second}, actor: ids[0], cheapBound: cfg.CheapBound,
		generated: demodata.Generate(demodata.Options{Actors: cfg.Actors, Seed: 1}).Actors} // seed's network
	if run.reader, err = store.CreateToken(ctx, "attack-reader", domain.RoleReader); err != nil {
		return nil, err
	}
	if run.editor, err = store.CreateToken(ctx, "attack-editor", domain.RoleEditor); err != nil {
		return nil, err
	}
	if run.admin, err = store.CreateToken(ctx, "attack-admin", domain.RoleAdmin); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "stakegraph-attack")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin, err := Build(cfg.Root, dir)
	if err != nil {
		return nil, err
	}
	// Default settings, but for quiet logs: the audit was made at the defaults.
	for _, x := range []struct {
		api *(*API)
		env []string
	}{{&run.api, nil}, {&run.trusted, []string{"TRUSTED_DOCUMENTS=" + filepath.Join(dir, "trusted.json")}}} {
		if err := os.WriteFile(filepath.Join(dir, "trusted.json"), []byte(`{"v": "{ graphVersion }"}`), 0o600); err != nil {
			return nil, err
		}
		addr, err := FreeAddr()
		if err != nil {
			return nil, err
		}
		api, err := Start(bin, addr, append(append(db.env(), "LOG_LEVEL=error"), x.env...)...)
		if err != nil {
			return nil, err
		}
		defer api.Stop()
		*x.api = api
	}
	run.pid = run.api.cmd.Process.Pid
	// Warm: the newest version loaded and its whole-network results cached, as a running
	// server's are.
	for i := 0; i < 100; i++ {
		if ans, _, _ := run.query(run.reader, `{ networkStats { actors } }`); ans == "200 ok" {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	// The editor has used its token before the attacks, as a working client has: the storm of
	// random tokens throttles new lookups from this address, not a token known good (step 6
	// tests input validation, not the throttle; without this it raced the throttle's window).
	if ans, _, _ := run.query(run.editor, `{ graphVersion }`); ans != "200 ok" {
		return nil, fmt.Errorf("the editor token does not work: %s", ans)
	}
	fmt.Fprintf(out, "attack run: %d generated actors + the article network, API pid %d, idle RSS %.0f MB\n", cfg.Actors, run.pid, rssMB(run.pid))
	var results []AttackResult
	report := func(r AttackResult) {
		fmt.Fprintln(out, r)
		if len(r.Answer) > 44 {
			fmt.Fprintln(out, "    "+r.Answer)
		}
		results = append(results, r)
	}
	for _, attack := range append(run.attacks(cfg), run.priceAttacks()...) {
		report(attack())
	}
	report(secretsInUsage(bin))
	report(run.frozen(cfg))
	if cfg.Audit {
		report(graphqlHTTPAudit(cfg.Root, run.api.URL+"/graphql"))
	}
	return results, nil
}
