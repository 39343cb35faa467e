// Command benchapi compares stakegraph's GraphQL API with @neo4j/graphql (npm, pinned in
// benchmarks/api/neo4j-graphql) on the same Neo4j over a seeded network (`make bench-api`):
// three CRUD reads and one analytics ranking, each at the same concurrency on loopback,
// printing req/s and p99 of both and `RATIO bench=<query> peer=neo4j-graphql value=<our
// req/s ÷ theirs>`. It wipes the scratch Neo4j it is given (NEO4J_TEST_URI).
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
	actors := flag.Int("actors", 10_000, "generated actors beside the article network (10,000: the M network)")
	seconds := flag.Float64("seconds", 10, "seconds per query and server")
	conc := flag.Int("concurrency", 16, "concurrent clients")
	maxReq := flag.Int64("max-requests", 200_000, "requests per query and server at most")
	flag.Parse()
	db := harness.Neo4j{URI: os.Getenv("NEO4J_TEST_URI"), User: os.Getenv("NEO4J_TEST_USER"), Password: os.Getenv("NEO4J_TEST_PASSWORD")}
	if db.URI == "" {
		fmt.Fprintln(os.Stderr, "benchapi: NEO4J_TEST_URI is not set (run it with make bench-api)")
		os.Exit(2)
	}
	if *conc < 1 || *conc > 512 {
		fmt.Fprintln(os.Stderr, "benchapi: concurrency must be 1..512")
		os.Exit(2)
	}
	err := harness.RunBenchAPI(context.Background(), harness.BenchAPIConfig{Root: ".", DB: db, Actors: *actors, Concurrency: *conc,
		Duration: time.Duration(*seconds * float64(time.Second)), MaxRequests: *maxReq}, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchapi:", err)
		os.Exit(1)
	}
}
