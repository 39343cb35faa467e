package resolvers_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"stakegraph/demodata"
	"stakegraph/neo4jstore/neo4jtest"
)

// TestReadmeQueriesRun runs every GraphQL query block of the README (mutations aside, which
// other tests run, and the attribute examples that read the README's own survey import)
// against the demo data in memory: the examples must answer without errors.
func TestReadmeQueriesRun(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	c, store := newClient(t)
	neo4jtest.MustLoad(t, store, demodata.Article(), demodata.Generate(demodata.Options{Actors: 1000, Seed: 1, Attributes: true}))
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	ran := 0
	for _, b := range blocks {
		q := b[1]
		if strings.Contains(q, "mutation") || strings.Contains(q, "subscription") || strings.Contains(q, "$") ||
			strings.Contains(q, `"location"`) {
			continue
		}
		ran++
		if r := c.ask(q, nil); len(r.Errors) > 0 {
			t.Errorf("README query\n%s\nanswered %s: %s", q, r.Code(), r.Errors[0].Message)
		}
	}
	if ran < 10 {
		t.Errorf("only %d README queries found", ran)
	}
}
