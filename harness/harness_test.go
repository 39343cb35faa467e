package harness_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"stakegraph/harness"
)

// TestLoadShort is `make loadtest` in seconds: every scenario answers without errors.
func TestLoadShort(t *testing.T) {
	data := ownNeo4j(t, "loads the harness tests' own Neo4j")
	db, err := harness.FaultConfig{Root: "..", Port: harnessPort, Data: data}.StartNeo4j()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	stats, err := harness.RunLoad(context.Background(), harness.LoadConfig{Root: "..", Actors: 300, Duration: time.Second,
		Concurrency: []int{4}, MaxRequests: 300, DB: db}, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stats {
		if st.Requests == 0 || st.Errors > 0 {
			t.Errorf("%s", st)
		}
	}
}

// TestFaultsShort is `make faults` in seconds: no acknowledged write is lost across a kill -9
// of Neo4j, requests during the outage answer within 2 s, the API recovers, and an import
// interrupted by killing the API leaves nothing of itself (or, had it finished, all of it).
func TestFaultsShort(t *testing.T) {
	data := ownNeo4j(t, "kills and restarts the harness tests' own Neo4j")
	var out strings.Builder
	rep, err := harness.RunFaults(context.Background(), harness.FaultConfig{Root: "..", Port: harnessPort, Data: data, Writers: 4,
		Before: time.Second, Outage: 2 * time.Second, After: time.Second, ImportRows: 30_000, KeepNeo4j: true}, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Acknowledged == 0 || rep.Lost != 0 {
		t.Errorf("%d acknowledged, %d lost", rep.Acknowledged, rep.Lost)
	}
	if rep.OutageRequests == 0 || rep.SlowestOutageAnswer > 2*time.Second {
		t.Errorf("outage: %d requests, slowest answer %v", rep.OutageRequests, rep.SlowestOutageAnswer)
	}
	if rep.Recovery == 0 || rep.Recovery > 30*time.Second {
		t.Errorf("recovery took %v", rep.Recovery)
	}
	if rep.ImportLanded != 0 && rep.ImportLanded != rep.ImportRows {
		t.Errorf("an interrupted import left %d of %d rows", rep.ImportLanded, rep.ImportRows)
	}
}

// TestAttackShort is `make attack` in seconds: every attack of the audit is refused at once
// with its code or runs within the memory and latency bounds, a frozen Neo4j is answered
// around (stale analytics, prompt SERVICE_UNAVAILABLE) and recovered from, and the GraphQL
// over HTTP audit finds no failure and no warning.
func TestAttackShort(t *testing.T) {
	data := ownNeo4j(t, "freezes the harness tests' own Neo4j")
	_, statErr := os.Stat(filepath.Join("audit", "node_modules", "graphql-http"))
	var out strings.Builder
	results, err := harness.RunAttack(context.Background(), harness.AttackConfig{Root: "..", Port: harnessPort, Data: data, Actors: 1000, KeepNeo4j: true,
		Freeze: 4 * time.Second, Bodies: 8, Audit: statErr == nil, StoreAliases: 100,
		// make test runs the other packages' tests beside this one on two cores.
		CheapBound: 2 * time.Second}, &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if statErr != nil {
		t.Error("graphql-http is not installed in harness/audit (make test runs npm ci there)")
	}
	for _, r := range results {
		if r.Problem != "" {
			t.Errorf("%s: %s", r.Name, r.Problem)
		}
	}
}

// harnessPort and harnessData are the Neo4j the harness tests share (the load run wipes it, the
// fault run kills and restarts it, the attack run freezes and thaws it; TestMain stops it): one
// Neo4j start for all three, and none of them touches the test Neo4j, so `make test` runs this
// package beside the others.
const harnessPort = 7696

var harnessData, _ = filepath.Abs(filepath.Join("..", ".data", "harness-test"))

// ownNeo4j is the data folder of the harness tests' own Neo4j, emptied on first use;
// -short skips the test, saying what it would do.
func ownNeo4j(t *testing.T, what string) string {
	if testing.Short() {
		t.Skip(what)
	}
	emptyOnce.Do(func() { _ = os.RemoveAll(filepath.Join(harnessData, "db")) })
	return harnessData
}

var emptyOnce sync.Once

func TestMain(m *testing.M) {
	code := m.Run()
	if !testing.Short() {
		_ = harness.FaultConfig{Root: "..", Port: harnessPort, Data: harnessData}.StopNeo4j()
	}
	os.Exit(code)
}
