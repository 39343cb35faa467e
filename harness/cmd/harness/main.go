// Command harness runs the project's process-level checks against real API processes on
// loopback, each bounded in count and time:
//
//	harness attack    every item of the attack audit on a Neo4j of its own (`make attack`)
//	harness faults    kill -9 of Neo4j under write load, and of the API during an import (`make faults`)
//	harness loadtest  bounded load over a seeded network (`make loadtest`)
//	harness benchapi  stakegraph beside @neo4j/graphql on the same Neo4j (`make bench-api`)
//
// `harness <command> -h` lists a command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"stakegraph/commands"
	"stakegraph/harness"
)

// errFailed says a bound or guarantee did not hold; the report says which.
var errFailed = errors.New("a bound or guarantee did not hold")

func main() {
	commands := map[string]func(*flag.FlagSet, []string) error{"attack": attack, "faults": faults, "loadtest": loadtest, "benchapi": benchapi}
	if len(os.Args) < 2 || commands[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: harness attack|faults|loadtest|benchapi [flags]")
		os.Exit(2)
	}
	name := os.Args[1]
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	if err := commands[name](fs, os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// attack runs the attack audit on a Neo4j it starts, freezes and stops: for each attack the
// answer, the time, the API's memory growth over idle and a concurrent cheap query's worst
// latency.
func attack(fs *flag.FlagSet, args []string) error {
	port := fs.Int("port", 7697, "Bolt port of the Neo4j this run starts and freezes")
	data := fs.String("data", ".data/attack", "its data folder")
	actors := fs.Int("actors", 10_000, "generated actors (M: 10,000)")
	freeze := fs.Duration("freeze", 20*time.Second, "how long Neo4j stays frozen")
	bodies := fs.Int("bodies", 8, "parallel 40 MiB bodies without credentials")
	audit := fs.Bool("audit", true, "run graphql-http's audit (needs harness/audit/node_modules: npm ci there)")
	_ = fs.Parse(args)
	results, err := harness.RunAttack(context.Background(), harness.AttackConfig{Root: ".", Port: *port, Data: *data, Actors: *actors,
		Freeze: *freeze, Bodies: *bodies, Audit: *audit}, os.Stdout)
	if err != nil {
		return err
	}
	failed := 0
	for _, r := range results {
		if r.Problem != "" {
			failed++
		}
	}
	fmt.Printf("%d attacks, %d bounds broken\n", len(results), failed)
	if failed > 0 {
		return errFailed
	}
	return nil
}

// faults kills the Neo4j it starts with SIGKILL under a write load through a real API
// process, restarts it, and reports acknowledged writes lost, how requests fared during the
// outage and how fast the API recovered; then kills the API during an import and reports how
// much of it is visible.
func faults(fs *flag.FlagSet, args []string) error {
	port := fs.Int("port", 7699, "Bolt port of the Neo4j this run starts and kills")
	data := fs.String("data", ".data/faults", "its data folder")
	writers := fs.Int("writers", 8, "concurrent writers")
	before := fs.Duration("before", 5*time.Second, "write load before the kill")
	outage := fs.Duration("outage", 5*time.Second, "write load while Neo4j is down")
	after := fs.Duration("after", 5*time.Second, "write load after Neo4j is back")
	rows := fs.Int("import-rows", 40_000, "rows of the import interrupted by killing the API")
	_ = fs.Parse(args)
	rep, err := harness.RunFaults(context.Background(), harness.FaultConfig{Root: ".", Port: *port, Data: *data, Writers: *writers,
		Before: *before, Outage: *outage, After: *after, ImportRows: *rows}, os.Stdout)
	if err != nil {
		return err
	}
	if rep.Lost > 0 || (rep.ImportLanded != 0 && rep.ImportLanded != rep.ImportRows) || rep.SlowestOutageAnswer > 2*time.Second {
		return errFailed
	}
	return nil
}

// scratch is the scratch Neo4j loadtest and benchapi wipe (NEO4J_TEST_URI, as `make test` uses).
func scratch() (harness.Neo4j, error) {
	db := harness.Neo4j{URI: os.Getenv("NEO4J_TEST_URI"), User: os.Getenv("NEO4J_TEST_USER"), Password: os.Getenv("NEO4J_TEST_PASSWORD")}
	if db.URI == "" {
		return db, errors.New("NEO4J_TEST_URI is not set (run it through make)")
	}
	return db, nil
}

// loadtest sends a page of 50 actors, a cached centrality, a 2-hop neighbourhood, a mixed
// 80/20 read/write load and writes only, each at several concurrencies, printing req/s, p50,
// p99 and errors.
func loadtest(fs *flag.FlagSet, args []string) error {
	actors := fs.Int("actors", 10_000, "generated actors beside the article network (10,000: the M network)")
	seconds := fs.Float64("seconds", 10, "seconds per scenario and concurrency")
	conc := fs.String("concurrency", "8,32,128", "comma-separated concurrencies")
	maxReq := fs.Int64("max-requests", 200_000, "requests per scenario and concurrency at most")
	only := fs.String("scenarios", "", "comma-separated names (or name prefixes) of the scenarios to run: actors, cached, neighborhood, mixed, writes (default all)")
	_ = fs.Parse(args)
	var cs []int
	for _, c := range commands.SplitList(*conc) {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 || n > 512 {
			return fmt.Errorf("bad concurrency %q: give 1..512", c)
		}
		cs = append(cs, n)
	}
	db, err := scratch()
	if err != nil {
		return err
	}
	_, err = harness.RunLoad(context.Background(), harness.LoadConfig{Root: ".", DB: db, Actors: *actors,
		Duration: time.Duration(*seconds * float64(time.Second)), Concurrency: cs, MaxRequests: *maxReq, Scenarios: commands.SplitList(*only)}, os.Stdout)
	return err
}

// benchapi compares stakegraph's GraphQL API with @neo4j/graphql (npm, pinned in
// benchmarks/api/neo4j-graphql) on the same Neo4j: three CRUD reads and one analytics ranking
// at the same concurrency, printing req/s and p99 of both and `RATIO bench=<query>
// peer=neo4j-graphql value=<our req/s ÷ theirs>`.
func benchapi(fs *flag.FlagSet, args []string) error {
	actors := fs.Int("actors", 10_000, "generated actors beside the article network (10,000: the M network)")
	seconds := fs.Float64("seconds", 10, "seconds per query and server")
	conc := fs.Int("concurrency", 16, "concurrent clients")
	maxReq := fs.Int64("max-requests", 200_000, "requests per query and server at most")
	_ = fs.Parse(args)
	if *conc < 1 || *conc > 512 {
		return errors.New("concurrency must be 1..512")
	}
	db, err := scratch()
	if err != nil {
		return err
	}
	return harness.RunBenchAPI(context.Background(), harness.BenchAPIConfig{Root: ".", DB: db, Actors: *actors, Concurrency: *conc,
		Duration: time.Duration(*seconds * float64(time.Second)), MaxRequests: *maxReq}, os.Stdout)
}
