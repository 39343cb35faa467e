package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// LoadConfig configures a load run.
type LoadConfig struct {
	Root        string // the module to build
	DB          Neo4j
	Actors      int           // generated actors beside the article network
	Duration    time.Duration // per scenario and concurrency
	Concurrency []int
	MaxRequests int64    // per scenario and concurrency
	Scenarios   []string // names (or name prefixes) of the scenarios to run; all when empty
}

// wants reports whether the run includes the scenario called name.
func (cfg LoadConfig) wants(name string) bool {
	for _, s := range cfg.Scenarios {
		if strings.HasPrefix(name, s) {
			return true
		}
	}
	return len(cfg.Scenarios) == 0
}

// RunLoad seeds the network, starts the API and sends each scenario at each concurrency,
// printing a line of figures per run to out.
func RunLoad(ctx context.Context, cfg LoadConfig, out io.Writer) ([]Stats, error) {
	store, ids, err := seed(ctx, cfg.DB, cfg.Actors)
	if err != nil {
		return nil, err
	}
	store.Close(ctx)
	api, err := StartServer(cfg.Root, append(cfg.DB.env(), apiEnv...)...)
	if err != nil {
		return nil, err
	}
	defer api.Stop()
	fmt.Fprintf(out, "load over %d + %d actors on %s, %v per run\n", len(ids), 17, api.URL, cfg.Duration)
	var all []Stats
	run := time.Now().UnixNano()
	for k := range Scenarios(ids, "") {
		if !cfg.wants(Scenarios(ids, "")[k].Name) {
			continue
		}
		q, vars := Scenarios(ids, "")[k].Next(1) // warm the caches the scenario reads
		if _, err := Post(ctx, http.DefaultClient, api.URL, q, vars); err != nil {
			return all, err
		}
		for _, c := range cfg.Concurrency {
			sc := Scenarios(ids, fmt.Sprintf("load-%d-s%d-c%d-", run, k, c))[k] // fresh ids for the writes of each run
			st := Load(ctx, api.URL, sc, c, cfg.Duration, cfg.MaxRequests)
			fmt.Fprintln(out, st)
			all = append(all, st)
		}
	}
	return all, nil
}
