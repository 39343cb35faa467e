package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// APIQuery is one query of the API benchmark, as stakegraph and @neo4j/graphql ask it.
type APIQuery struct {
	Name         string
	Ours, Theirs string
	// Vars gives the i-th request's variables (nil: none).
	Vars func(i int64) map[string]any
}

// APIQueries are the benchmark's queries over the stored model: three CRUD reads and one
// analytics ranking (@neo4j/graphql's by a Cypher field; stakegraph's from its cache). Each
// pair answers with the same actors in the same order (stakegraph's pages are ordered by
// name then id, partners by id).
func APIQueries(actorIDs []string) []APIQuery {
	pick := func(i int64) map[string]any { return map[string]any{"id": actorIDs[int(i)%len(actorIDs)]} }
	return []APIQuery{
		{Name: "actors_by_name_with_sector",
			Ours:   `{ actors(first: 50, orderBy: {field: NAME}) { edges { node { id name sector { label } } } } }`,
			Theirs: `{ actors(limit: 50, sort: [{name: ASC}, {id: ASC}]) { id name sectorInfo { label } } }`},
		{Name: "actor_with_20_partners",
			Ours:   `query($id: ID!) { actor(id: $id) { name partners(first: 20) { edges { node { id name } } } } }`,
			Theirs: `query($id: ID!) { actors(where: {id: {eq: $id}}) { name partners(first: 20) { id name } } }`,
			Vars:   pick},
		{Name: "civil_society_first_50_with_count",
			Ours:   `{ actors(first: 50, filter: {sectors: ["civil_society"]}) { totalCount edges { node { id name } } } }`,
			Theirs: `{ actorsConnection(first: 50, where: {sector: {eq: "civil_society"}}, sort: [{name: ASC}, {id: ASC}]) { totalCount edges { node { id name } } } }`},
		{Name: "top_20_by_degree",
			Ours:   `{ centrality(metric: DEGREE, first: 20) { edges { node { score actor { id name } } } } }`,
			Theirs: `{ topByDegree(limit: 20) { id name } }`},
	}
}

// BenchAPIConfig configures an API benchmark run.
type BenchAPIConfig struct {
	Root        string // the module to build, with benchmarks/api/neo4j-graphql
	DB          Neo4j
	Actors      int
	Concurrency int
	Duration    time.Duration // per query and server
	MaxRequests int64
}

// RunBenchAPI seeds the network, starts stakegraph and @neo4j/graphql (benchmarks/api/
// neo4j-graphql, npm packages installed) on the same Neo4j, and sends each query to each in
// turn at the same concurrency, printing req/s and p99 of both and a RATIO line per query
// (stakegraph's req/s ÷ @neo4j/graphql's).
func RunBenchAPI(ctx context.Context, cfg BenchAPIConfig, out io.Writer) error {
	store, ids, err := seed(ctx, cfg.DB, cfg.Actors)
	if err != nil {
		return err
	}
	store.Close(ctx)
	api, err := StartServer(cfg.Root, append(cfg.DB.env(), apiEnv...)...)
	if err != nil {
		return err
	}
	defer api.Stop()
	peer, err := startNeo4jGraphQL(cfg)
	if err != nil {
		return err
	}
	defer peer.Stop()
	fmt.Fprintf(out, "bench-api over %d + 17 actors: stakegraph on %s, @neo4j/graphql on %s, c=%d, %v per run\n",
		len(ids), api.URL, peer.URL, cfg.Concurrency, cfg.Duration)
	for _, q := range APIQueries(ids) {
		var stats [2]Stats
		for k, side := range []struct{ name, url, query string }{{"stakegraph", api.URL, q.Ours}, {"neo4j-graphql", peer.URL, q.Theirs}} {
			sc := Scenario{Name: side.name + " " + q.Name, Next: func(i int64) (string, map[string]any) {
				if q.Vars == nil {
					return side.query, nil
				}
				return side.query, q.Vars(i)
			}}
			// Warm up (schema caches, JIT, the analytics cache), and refuse a query the side answers with an error.
			for i := int64(0); i < 20; i++ {
				query, vars := sc.Next(i)
				r, err := Post(ctx, http.DefaultClient, side.url, query, vars)
				if err != nil || r.Code != "" || r.Status != http.StatusOK {
					return fmt.Errorf("%s answers %s with %d %s: %v", side.name, q.Name, r.Status, r.Code, err)
				}
			}
			stats[k] = Load(ctx, side.url, sc, cfg.Concurrency, cfg.Duration, cfg.MaxRequests)
			fmt.Fprintln(out, stats[k])
			if stats[k].Errors > 0 {
				return fmt.Errorf("%s: %d errors", sc.Name, stats[k].Errors)
			}
		}
		ratio := 0.0
		if stats[1].PerSecond > 0 {
			ratio = stats[0].PerSecond / stats[1].PerSecond
		}
		fmt.Fprintf(out, "RATIO bench=%s peer=neo4j-graphql value=%.2f (p99 %.1f ms vs %.1f ms)\n", q.Name, ratio, ms(stats[0].P99), ms(stats[1].P99))
	}
	return nil
}

// startNeo4jGraphQL runs benchmarks/api/neo4j-graphql/server.mjs with Node on a free
// loopback port and waits until it answers.
func startNeo4jGraphQL(cfg BenchAPIConfig) (*API, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("node", filepath.Join(cfg.Root, "benchmarks", "api", "neo4j-graphql", "server.mjs"))
	cmd.Env = append(os.Environ(), "PORT="+addr[strings.LastIndex(addr, ":")+1:],
		"NEO4J_URI="+cfg.DB.URI, "NEO4J_USER="+cfg.DB.User, "NEO4J_PASSWORD="+cfg.DB.Password)
	return startCommand(cmd, "http://"+addr)
}
