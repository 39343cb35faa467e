package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/gqltest"
	"stakegraph/neo4jstore/neo4jtest"
	"stakegraph/resolvers"
)

// BenchmarkActorsMetricsPageM measures the page of 500 actors with three metrics each on the
// generated M network (10k actors, 50k partnerships) once every metric is cached, and reports
// the Neo4j statements per page: with one version per operation it is a constant (the page
// and the version), not one per actor and metric.
func BenchmarkActorsMetricsPageM(b *testing.B) {
	store := neo4jtest.MustOpen(b)
	if _, err := store.ImportNetwork(context.Background(), demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42}), 10_000, nil); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(resolvers.NewGraphQLHandler(store, analytics.New(store, 0), slog.New(slog.NewTextHandler(io.Discard, nil)), resolvers.Options{}))
	b.Cleanup(srv.Close)
	query := `{ actors(first: 500) { edges { node { id metrics { degree betweenness pageRank } } } } }`
	if q := os.Getenv("BENCH_QUERY"); q != "" { // to take the page apart while profiling
		query = q
	}
	body := gqltest.Body(query, nil)
	run := func() { postOK(b, srv.URL, body) }
	run() // computes and caches the three metrics
	before := store.QueryCount()
	b.ResetTimer()
	for range b.N {
		run()
	}
	b.ReportMetric(float64(store.QueryCount()-before)/float64(b.N), "neo4j-queries/op")
}

// BenchmarkNeighborhoodM measures a 2-hop neighbourhood of a hub on M (limit 200, with the
// partnerships among its nodes) once the slice's ranking and communities are cached: nodes
// and edges come from the version's graph in memory, without a database query.
func BenchmarkNeighborhoodM(b *testing.B) {
	store := neo4jtest.MustOpen(b)
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})
	if _, err := store.ImportNetwork(context.Background(), net, 10_000, nil); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(resolvers.NewGraphQLHandler(store, analytics.New(store, 0), slog.New(slog.NewTextHandler(io.Discard, nil)), resolvers.Options{}))
	b.Cleanup(srv.Close)
	body := gqltest.Body(`query($id: ID!) { neighborhood(actorIds: [$id], hops: 2, limit: 200) {
		totalNodes nodes { id label score } edges { id source target weight } } }`, gqltest.ID{ID: net.Actors[0].ID})
	run := func() { postOK(b, srv.URL, body) }
	run()
	before := store.QueryCount()
	b.ResetTimer()
	for range b.N {
		run()
	}
	b.ReportMetric(float64(store.QueryCount()-before)/float64(b.N), "neo4j-queries/op")
}

// postOK sends one GraphQL request body and fails the benchmark on any error.
func postOK(b *testing.B, url string, body []byte) {
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Errors []any }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		b.Fatalf("%v %v", err, out.Errors)
	}
}
