package resolvers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
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

// Observer is told about every GraphQL operation: its name, its outcome ("ok", or the first
// error's extensions.code) and how long it took. /metrics counts them.
type Observer func(operation, outcome string, d time.Duration)

// NewGraphQLHandler returns the POST/GET /graphql handler over store, with per-request
// dataloaders, one graph version per operation, the analytics service, the error presenter,
// a query cache and a complexity limit. observe may be nil.
func NewGraphQLHandler(store domain.Store, svc *analytics.Service, logger *slog.Logger, observe Observer) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: &Resolver{Store: store, Analytics: svc, Logger: logger}}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.Use(operationVersion{observe: observe})
	srv.SetErrorPresenter(ErrorPresenter(logger))
	return Loaders(store, srv)
}

// operationVersion gives every operation one graph version: it prepares the operation's
// context so that all its analytics fields compute on the version the first one reads, and
// reports that version in the response's extensions.graphVersion.
type operationVersion struct{ observe Observer }

var (
	_ graphql.HandlerExtension     = operationVersion{}
	_ graphql.OperationInterceptor = operationVersion{}
)

func (operationVersion) ExtensionName() string                          { return "OperationVersion" }
func (operationVersion) Validate(schema graphql.ExecutableSchema) error { return nil }

func (o operationVersion) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	start := time.Now()
	name := ""
	if op := graphql.GetOperationContext(ctx).Operation; op != nil {
		name = op.Name
	}
	responses := next(analytics.WithOperation(ctx))
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil {
			return nil
		}
		if v, ok := analytics.OperationVersion(ctx); ok {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["graphVersion"] = v
		}
		if o.observe != nil {
			outcome := "ok"
			if len(resp.Errors) > 0 {
				outcome = domain.EINTERNAL
				if code, ok := resp.Errors[0].Extensions["code"].(string); ok {
					outcome = code
				}
			}
			o.observe(name, outcome, time.Since(start))
		}
		return resp
	}
}
