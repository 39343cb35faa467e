package resolvers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"stakegraph/analytics"
	"stakegraph/demodata"
	"stakegraph/memstore"
	"stakegraph/resolvers"
)

// TestActorListDoesNotOverloadItself: an actor list asking each actor's suggested partners
// (one small computation per actor, resolved concurrently) answers on a service with one
// computation slot — each actor's computation queued for a slot made a list of 20 refuse
// itself as SERVICE_OVERLOADED (the queue holds QueueFactor computations per slot).
func TestActorListDoesNotOverloadItself(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	if _, err := store.ImportNetwork(context.Background(), demodata.Generate(demodata.Options{Actors: 300, Seed: 4}), 0, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(resolvers.NewGraphQLHandler(store, analytics.New(store, 0, analytics.WithConcurrency(1)), slog.New(slog.NewTextHandler(io.Discard, nil)), resolvers.Options{}))
	t.Cleanup(srv.Close)
	c := &client{tb: t, srv: srv}
	for range 5 {
		c.must(`{ actors(first: 50) { edges { node { suggestedPartners(first: 3) { score } } } } }`, nil, nil)
	}
}
