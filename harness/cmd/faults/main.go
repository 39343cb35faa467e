// Command faults kills the Neo4j it starts (through the project's launcher, on its own port and
// data folder) with SIGKILL under a write load through a real API process, restarts it, and
// reports acknowledged writes lost, how requests fared during the outage and how fast the API
// recovered; then kills the API during an import and reports how much of it is visible
// (`make faults`). Loopback only, bounded in time.
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
	port := flag.Int("port", 7699, "Bolt port of the Neo4j this run starts and kills")
	data := flag.String("data", ".data/faults", "its data folder")
	writers := flag.Int("writers", 8, "concurrent writers")
	before := flag.Duration("before", 5*time.Second, "write load before the kill")
	outage := flag.Duration("outage", 5*time.Second, "write load while Neo4j is down")
	after := flag.Duration("after", 5*time.Second, "write load after Neo4j is back")
	rows := flag.Int("import-rows", 40_000, "rows of the import interrupted by killing the API")
	flag.Parse()
	rep, err := harness.RunFaults(context.Background(), harness.FaultConfig{Root: ".", Port: *port, Data: *data, Writers: *writers,
		Before: *before, Outage: *outage, After: *after, ImportRows: *rows}, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		os.Exit(1)
	}
	if rep.Lost > 0 || (rep.ImportLanded != 0 && rep.ImportLanded != rep.ImportRows) || rep.SlowestOutageAnswer > 2*time.Second {
		fmt.Fprintln(os.Stderr, "faults: a guarantee did not hold")
		os.Exit(1)
	}
}
