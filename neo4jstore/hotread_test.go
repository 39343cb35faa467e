package neo4jstore

import (
	"context"
	"os"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// BenchmarkHotRead times the one-statement read on every request's path (the graph version):
// a managed transaction through neo4j.ExecuteQuery, retried on transient errors and leader
// switches. (It replaced an auto-commit transaction, one round trip but never retried, which
// measured the same; that benchmark-only path is gone.)
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
	for range b.N {
		if _, err := readQuery(ctx, s, versionQuery, nil, scan); err != nil {
			b.Fatal(err)
		}
	}
}
