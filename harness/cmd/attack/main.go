// Command attack runs every item of the attack audit against a real API process on a Neo4j of
// its own (started through the project's launcher on its own port and data folder, frozen
// with SIGSTOP for the stall attack): loopback only, each attack bounded in count and time.
// For each it prints the answer, the time, the API's memory growth over idle and a
// concurrent cheap query's worst latency (`make attack`). It exits 1 when a bound did not hold.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"stakegraph/harness"
)

func main() {
	port := flag.Int("port", 7697, "Bolt port of the Neo4j this run starts and freezes")
	data := flag.String("data", ".data/attack", "its data folder")
	actors := flag.Int("actors", 10_000, "generated actors (M: 10,000)")
	freeze := flag.Duration("freeze", 20*time.Second, "how long Neo4j stays frozen")
	bodies := flag.Int("bodies", 8, "parallel 40 MiB bodies without credentials")
	audit := flag.Bool("audit", true, "run graphql-http's audit (needs harness/audit/node_modules: npm ci there)")
	flag.Parse()
	results, err := harness.RunAttack(context.Background(), harness.AttackConfig{Root: ".", Port: *port, Data: *data, Actors: *actors,
		Freeze: *freeze, Bodies: *bodies, Audit: *audit}, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "attack:", err)
		os.Exit(1)
	}
	failed := 0
	for _, r := range results {
		if r.Problem != "" {
			failed++
		}
	}
	fmt.Printf("%d attacks, %d bounds broken\n", len(results), failed)
	if failed > 0 {
		os.Exit(1)
	}
}
