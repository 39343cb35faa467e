package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// FaultConfig configures a fault run: it starts its own Neo4j (so it may kill it) through the
// project's launcher, on Port with data in Data.
type FaultConfig struct {
	Root       string
	Port       int
	Data       string
	Writers    int
	Before     time.Duration // write load before the kill
	Outage     time.Duration // write load while Neo4j is down
	After      time.Duration // write load after Neo4j is back
	ImportRows int           // rows of the import interrupted by killing the API
	// KeepNeo4j leaves the Neo4j running at the end, for the next run on the same Port and
	// Data (the tests share one: a Neo4j start is the slowest part of a short run).
	KeepNeo4j bool
}

// StartNeo4j starts the Neo4j of Port and Data (idempotent) and returns how to reach it.
func (cfg FaultConfig) StartNeo4j() (Neo4j, error) {
	if err := os.MkdirAll(cfg.Data, 0o755); err != nil {
		return Neo4j{}, err
	}
	if err := cfg.neo4j("start"); err != nil {
		return Neo4j{}, err
	}
	pw, err := os.ReadFile(filepath.Join(cfg.Data, "password"))
	if err != nil {
		return Neo4j{}, err
	}
	return Neo4j{URI: fmt.Sprintf("bolt://127.0.0.1:%d", cfg.Port), User: "neo4j", Password: strings.TrimSpace(string(pw))}, nil
}

// StopNeo4j stops the Neo4j of Port and Data (for runs that kept it).
func (cfg FaultConfig) StopNeo4j() error { return cfg.neo4j("stop") }

// FaultReport is what a fault run found.
type FaultReport struct {
	Acknowledged, Lost       int
	OutageRequests           int
	OutageCodes              map[string]int
	SlowestOutageAnswer      time.Duration // the longest time a request took to fail during the outage
	Recovery                 time.Duration // from Neo4j accepting connections to the API's first success
	ImportRows, ImportLanded int           // rows of the interrupted import, and how many are visible
	ImportFinishedFirst      bool          // the import completed before the kill (then all rows land)
}

func (r FaultReport) String() string {
	return fmt.Sprintf("kill -9 of Neo4j under write load: %d acknowledged writes, %d lost\n"+
		"requests during the outage: %d, answered %v, slowest in %.2f s\n"+
		"API recovered %.2f s after Neo4j was back\n"+
		"import interrupted by kill -9 of the API: %d of %d rows visible (finished before the kill: %v)",
		r.Acknowledged, r.Lost, r.OutageRequests, r.OutageCodes, r.SlowestOutageAnswer.Seconds(), r.Recovery.Seconds(),
		r.ImportLanded, r.ImportRows, r.ImportFinishedFirst)
}

func (cfg FaultConfig) neo4j(cmd string) error {
	c := exec.Command(filepath.Join(cfg.Root, "neo4jlocal", "neo4j.sh"), cmd)
	c.Env = append(os.Environ(), "NEO4J_LOCAL_PORT="+strconv.Itoa(cfg.Port), "NEO4J_LOCAL_DATA="+cfg.Data, "NEO4J_LOCAL_HEAP=1g")
	out, err := c.CombinedOutput()
	if err != nil {
		return fmt.Errorf("neo4j.sh %s: %v\n%s", cmd, err, out)
	}
	return nil
}

// killNeo4j sends SIGKILL to the run's Neo4j, as a crash would.
func (cfg FaultConfig) killNeo4j() error {
	raw, err := os.ReadFile(filepath.Join(cfg.Data, "neo4j.pid"))
	if err != nil {
		return err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return err
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	if err := p.Kill(); err != nil {
		return err
	}
	for i := 0; i < 100 && p.Signal(syscallZero) == nil; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

// RunFaults kills Neo4j under a write load and restarts it, checking that every acknowledged
// write survived, how requests fared meanwhile and how fast the API recovered; then kills the
// API during an import and checks that none of it is visible.
func RunFaults(ctx context.Context, cfg FaultConfig, out io.Writer) (FaultReport, error) {
	var rep FaultReport
	db, err := cfg.StartNeo4j()
	if err != nil {
		return rep, err
	}
	if !cfg.KeepNeo4j {
		defer cfg.neo4j("stop") //nolint:errcheck // best effort at the end
	}
	store, _, err := seed(ctx, db, 50)
	if err != nil {
		return rep, err
	}
	defer store.Close(ctx)
	api, err := StartServer(cfg.Root, append(db.env(), apiEnv...)...)
	if err != nil {
		return rep, err
	}

	// Write load: each writer creates actors with its own ids and remembers the acknowledged.
	client := &http.Client{Timeout: 30 * time.Second}
	var mu sync.Mutex
	var acked []string
	var outageStart time.Time
	rep.OutageCodes = map[string]int{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < cfg.Writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 100_000 && !closed(stop); i++ {
				id := fmt.Sprintf("fault-%d-%d", w, i)
				t0 := time.Now()
				r, err := Post(ctx, client, api.URL, `mutation($id: ID) { createActor(input: {id: $id, name: "Fault run", sector: "other"}) { id } }`, map[string]any{"id": id})
				took := time.Since(t0)
				mu.Lock()
				if err == nil && r.Code == "" {
					acked = append(acked, id)
				}
				if !outageStart.IsZero() && t0.After(outageStart) && (err != nil || r.Code != "") {
					rep.OutageRequests++
					code := r.Code
					if err != nil {
						code = "TRANSPORT"
					}
					rep.OutageCodes[code]++
					rep.SlowestOutageAnswer = max(rep.SlowestOutageAnswer, took)
				}
				mu.Unlock()
				if err != nil || r.Code != "" {
					time.Sleep(50 * time.Millisecond) // a client backing off
				}
			}
		}(w)
	}
	time.Sleep(cfg.Before)
	mu.Lock()
	outageStart = time.Now()
	mu.Unlock()
	if err := cfg.killNeo4j(); err != nil {
		close(stop)
		wg.Wait()
		api.Kill()
		return rep, err
	}
	time.Sleep(cfg.Outage)
	mu.Lock()
	outageStart = time.Time{}
	mu.Unlock()
	if err := cfg.neo4j("start"); err != nil {
		close(stop)
		wg.Wait()
		api.Kill()
		return rep, err
	}
	back := time.Now()
	for time.Since(back) < 60*time.Second {
		if r, err := Post(ctx, client, api.URL, `{ actors(first: 1) { totalCount } }`, nil); err == nil && r.Code == "" {
			rep.Recovery = time.Since(back)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(cfg.After)
	close(stop)
	wg.Wait()
	rep.Acknowledged = len(acked)
	found, err := store.ActorsByID(ctx, acked)
	if err != nil {
		api.Kill()
		return rep, err
	}
	rep.Lost = len(acked) - len(found)

	// An import interrupted by killing the API process.
	rows := make([]map[string]any, cfg.ImportRows)
	ids := make([]string, cfg.ImportRows)
	for i := range rows {
		ids[i] = fmt.Sprintf("imp-%d", i)
		rows[i] = map[string]any{"id": ids[i], "name": "Imported", "sector": "other"}
	}
	done := make(chan error, 1)
	go func() {
		body, _ := json.Marshal(map[string]any{"query": `mutation($a: [ImportActorRow!]) { importNetworkJson(actors: $a) { status } }`,
			"variables": map[string]any{"a": rows}})
		resp, err := http.Post(api.URL+"/graphql", "application/json", strings.NewReader(string(body)))
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	time.Sleep(400 * time.Millisecond)
	select {
	case err := <-done:
		rep.ImportFinishedFirst = err == nil
	default:
	}
	api.Kill()
	visible, err := store.ActorsByID(ctx, ids)
	if err != nil {
		return rep, err
	}
	rep.ImportRows, rep.ImportLanded = len(ids), len(visible)
	fmt.Fprintln(out, rep)
	return rep, nil
}

// syscallZero is signal 0: it tests whether a process still exists.
var syscallZero = syscall.Signal(0)
