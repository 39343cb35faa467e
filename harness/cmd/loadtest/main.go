// Command loadtest sends bounded loopback load to a real stakegraph API process over a seeded
// network (`make loadtest`): a page of 50 actors, a cached centrality, a 2-hop neighbourhood
// a mixed 80/20 read/write load and writes only (actors and partnerships), each at several concurrencies, printing req/s, p50, p99
// and errors. It wipes the scratch Neo4j it is given (NEO4J_TEST_URI, as `make test` uses).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"stakegraph/harness"
)

func main() {
	actors := flag.Int("actors", 10_000, "generated actors beside the article network (10,000: the M network)")
	seconds := flag.Float64("seconds", 10, "seconds per scenario and concurrency")
	conc := flag.String("concurrency", "8,32,128", "comma-separated concurrencies")
	maxReq := flag.Int64("max-requests", 200_000, "requests per scenario and concurrency at most")
	only := flag.String("scenarios", "", "comma-separated names (or name prefixes) of the scenarios to run: actors, cached, neighborhood, mixed, writes (default all)")
	flag.Parse()
	var cs []int
	for _, c := range strings.Split(*conc, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 || n > 512 {
			fmt.Fprintln(os.Stderr, "loadtest: bad concurrency", c)
			os.Exit(2)
		}
		cs = append(cs, n)
	}
	db := harness.Neo4j{URI: os.Getenv("NEO4J_TEST_URI"), User: os.Getenv("NEO4J_TEST_USER"), Password: os.Getenv("NEO4J_TEST_PASSWORD")}
	if db.URI == "" {
		fmt.Fprintln(os.Stderr, "loadtest: NEO4J_TEST_URI is not set (run it with make loadtest)")
		os.Exit(2)
	}
	_, err := harness.RunLoad(context.Background(), harness.LoadConfig{Root: ".", DB: db, Actors: *actors,
		Duration: time.Duration(*seconds * float64(time.Second)), Concurrency: cs, MaxRequests: *maxReq, Scenarios: names(*only)}, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// names splits a comma-separated list, dropping empty items.
func names(list string) []string {
	var out []string
	for _, n := range strings.Split(list, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
