package resolvers

import (
	"context"
	"log/slog"
	"math"
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
	"stakegraph/httpapi"
	"stakegraph/importer"
)

// Observer is told about every GraphQL operation: its name, its outcome ("ok", or the first
// error's extensions.code) and how long it took. /metrics counts them.
type Observer func(operation, outcome string, d time.Duration)

// Options configure the GraphQL handler; the zero value serves with the default limits.
type Options struct {
	Observe              Observer
	Limits               Limits
	DisableIntrospection bool
	// OnRevoke is told when an API token is revoked (to drop cached lookups).
	OnRevoke func()
	// Charged is told what each admitted operation cost, and which were refused and why.
	Charged func(identity domain.Identity, points int, rejected string)
	// Budgets are the identities' budgets, shared with exports (nil: the handler's own).
	Budgets *Budgets
}

// NewGraphQLHandler returns the POST/GET /graphql handler over store: per-request
// dataloaders, one graph version per operation, access by role, depth, alias, size and cost
// limits with per-identity budgets, the analytics service, the error presenter and a query
// cache.
func NewGraphQLHandler(store domain.Store, svc *analytics.Service, logger *slog.Logger, o Options) http.Handler {
	limits := o.Limits.withDefaults()
	cost := newCostModel(svc)
	srv := handler.New(graph.NewExecutableSchema(graph.Config{ // prices come from the guard's cost model
		Resolvers: &Resolver{Store: store, Analytics: svc, Logger: logger, OnRevoke: o.OnRevoke, Jobs: &importer.Jobs{}},
	}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(smallQueries{lru.New[*ast.QueryDocument](1000)})
	if o.Budgets == nil {
		o.Budgets = newBudgets(limits.PointsPerMinute)
	}
	srv.Use(&guard{limits: limits, cost: cost, svc: svc, budgets: o.Budgets, charged: o.Charged})
	if !o.DisableIntrospection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(operationVersion{observe: o.Observe})
	srv.SetErrorPresenter(ErrorPresenter(logger))
	srv.SetRecoverFunc(Recover(logger))
	return httpapi.Body(httpapi.BodyLimits{Max: limits.MaxBodyBytes, MaxImport: limits.MaxImportBytes}, Loaders(store, srv))
}

// smallQueries caches the parsed documents of queries up to maxCachedQuery bytes: what
// clients send again and again is small, and a cache of a thousand 1 MiB documents would hold
// gigabytes for whoever sent them.
type smallQueries struct {
	graphql.Cache[*ast.QueryDocument]
}

const maxCachedQuery = 16 << 10

// Add implements graphql.Cache.
func (c smallQueries) Add(ctx context.Context, query string, doc *ast.QueryDocument) {
	if len(query) <= maxCachedQuery {
		c.Cache.Add(ctx, query, doc)
	}
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

// giveBackOver is how many bytes of slices an operation builds (besides its first) before its
// end returns the heap's free pages to the system (495 slices of 1,000 actors left 146 MB).
const giveBackOver = 64 << 20

func (o operationVersion) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	start := time.Now()
	name := ""
	if op := graphql.GetOperationContext(ctx).Operation; op != nil {
		name = op.Name
	}
	ctx = analytics.WithOperation(ctx)
	if cost := httpapi.StateFrom(ctx).Cost(); cost != nil {
		if points, ok := cost["requested"].(int); ok {
			analytics.PriceOperation(ctx, points)
		}
	}
	responses := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if analytics.OperationBuilt(ctx) > giveBackOver {
			httpapi.GiveBack() // its slices' building left garbage the scavenger keeps for minutes
		}
		if resp == nil {
			return nil
		}
		if v, ok := analytics.OperationVersion(ctx); ok {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["graphVersion"] = v
			if stale, age := analytics.OperationStaleness(ctx); stale {
				// Neo4j did not answer: the analytics come from the newest cached version.
				resp.Extensions["stale"] = true
				resp.Extensions["staleAgeSeconds"] = math.Round(age.Seconds()*10) / 10
			}
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
