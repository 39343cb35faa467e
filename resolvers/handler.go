package resolvers

import (
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph"
)

// MaxComplexity bounds how much one query may ask for (gqlgen's default cost of 1 per field).
const MaxComplexity = 20000

// NewGraphQLHandler returns the POST/GET /graphql handler over store, with per-request
// dataloaders, the analytics service, the error presenter, a query cache and a complexity limit.
func NewGraphQLHandler(store domain.Store, analytics *analytics.Service, logger *slog.Logger) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: &Resolver{Store: store, Analytics: analytics, Logger: logger}}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.SetErrorPresenter(ErrorPresenter(logger))
	return Loaders(store, srv)
}
