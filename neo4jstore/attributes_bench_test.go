package neo4jstore_test

import (
	"context"
	"testing"

	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/neo4jstore/neo4jtest"
)

// BenchmarkActorFilterM filters the actors of M (10k actors, 50k partnerships, demodata's five
// actor attributes) in Neo4j by sector and by attribute, side by side: a count and the first
// page, as the actors query runs them. Attribute conditions are property predicates on indexed
// properties, as a sector is.
func BenchmarkActorFilterM(b *testing.B) {
	s := neo4jtest.MustOpen(b)
	ctx := context.Background()
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42, Attributes: true})
	if _, err := s.ImportNetwork(ctx, net, 10_000, nil); err != nil {
		b.Fatal(err)
	}
	lo, hi := 50.0, 150.0
	cases := []struct {
		name string
		f    domain.ActorFilter
	}{
		{"sector", domain.ActorFilter{Sectors: []string{"civil_society"}}},
		{"attribute_equals", domain.ActorFilter{Attributes: []domain.AttributeCondition{{Name: "legal_form", Equals: []string{"ngo", "foundation", "association", "informal_group"}}}}},
		{"attribute_range", domain.ActorFilter{Attributes: []domain.AttributeCondition{{Name: "staff", Min: &lo, Max: &hi}}}},
	}
	for range 20 { // warm Neo4j's page cache and query plans for every case alike
		for _, bc := range cases {
			if _, err := s.FindActors(ctx, bc.f, domain.ActorOrder{Field: domain.OrderByName}, domain.PageArgs{First: 20}, domain.ActorPageWith{Count: true}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			var n int
			for i := 0; i < b.N; i++ {
				page, err := s.FindActors(ctx, bc.f, domain.ActorOrder{Field: domain.OrderByName}, domain.PageArgs{First: 20}, domain.ActorPageWith{Count: true})
				if err != nil {
					b.Fatal(err)
				}
				n = page.Total
			}
			b.ReportMetric(float64(n), "matches")
		})
	}
}
