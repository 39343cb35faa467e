package neo4jstore

import (
	"context"
	"os"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// BenchmarkHotRead compares the two ways of sending the one-statement reads on every
// request's path (the graph version): a managed transaction through neo4j.ExecuteQuery
// (retried on transient errors and leader switches; what the store uses) and the auto-commit
// transaction it replaced (one round trip, never retried).
func BenchmarkHotRead(b *testing.B) {
	uri := os.Getenv("NEO4J_TEST_URI")
	if uri == "" {
		b.Skip("NEO4J_TEST_URI unset: run with make bench")
	}
	ctx := context.Background()
	s, err := Open(ctx, Config{URI: uri, User: os.Getenv("NEO4J_TEST_USER"), Password: os.Getenv("NEO4J_TEST_PASSWORD")})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close(ctx)
	scan := func(recs []*neo4j.Record) (int, error) { return len(recs), nil }
	const cypher = versionQuery
	var params map[string]any
	for _, c := range []struct {
		name string
		read func() (int, error)
	}{
		{"ExecuteQuery", func() (int, error) { return readQuery(ctx, s, cypher, params, scan) }},
		{"AutoCommit", func() (int, error) { return readAuto(ctx, s, cypher, params, scan) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if _, err := c.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
