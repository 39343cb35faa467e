package resolvers

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"stakegraph/domain"
)

// loaders batch the lookups one GraphQL request makes, so that a page of 100 partnerships
// with both endpoints and their sectors costs one query per kind of object, not one per row.
// They live for one request only, so they never serve another request stale data.
type loaders struct {
	actors       *dataloadgen.Loader[string, *domain.Actor]
	sectors      *dataloadgen.Loader[string, *domain.Sector]
	sectorCounts *dataloadgen.Loader[string, int]
	projects     *dataloadgen.Loader[string, *domain.Project]
	// partnerPages are pages of partners read together with their actor (Query.actor), for
	// Actor.partners with the same arguments.
	partnerPages sync.Map // partnerKey → domain.Page[*domain.Actor]
}

type partnerKey struct {
	actor string
	page  domain.PageArgs
}

// childArgs returns the arguments of the one field called name selected under the current
// field, when there is exactly one such selection.
func childArgs(ctx context.Context, name string) (map[string]any, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return nil, false
	}
	oc := graphql.GetOperationContext(ctx)
	var found []graphql.CollectedField
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		if f.Name == name {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		return nil, false
	}
	return found[0].ArgumentMap(oc.Variables), true
}

// intArg reads an optional Int argument.
func intArg(args map[string]any, name string) *int {
	switch v := args[name].(type) {
	case int64:
		n := int(v)
		return &n
	case int:
		return &v
	}
	return nil
}

// partnersArgs reports the page arguments of the one `partners` field selected under the
// current field, when there is exactly one and its page size is valid.
func partnersArgs(ctx context.Context) (domain.PageArgs, bool) {
	args, ok := childArgs(ctx, "partners")
	if !ok {
		return domain.PageArgs{}, false
	}
	var after *string
	if v, ok := args["after"].(string); ok {
		after = &v
	}
	p := pageArgs(intArg(args, "first"), after)
	if domain.ValidatePageSize(p.First) != nil {
		return domain.PageArgs{}, false // Actor.partners reports it
	}
	return p, true
}

type loadersKey struct{}

// batchWait is how long a loader collects keys before it queries.
const batchWait = 2 * time.Millisecond

func newLoaders(s domain.Store) *loaders {
	return &loaders{
		actors:       dataloadgen.NewMappedLoader(s.ActorsByID, dataloadgen.WithWait(batchWait)),
		sectors:      dataloadgen.NewMappedLoader(s.SectorsByCode, dataloadgen.WithWait(batchWait)),
		sectorCounts: dataloadgen.NewMappedLoader(s.SectorActorCounts, dataloadgen.WithWait(batchWait)),
		projects:     dataloadgen.NewMappedLoader(s.ProjectsByID, dataloadgen.WithWait(batchWait)),
	}
}

// Loaders is HTTP middleware that gives each request its own dataloaders.
func Loaders(s domain.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, newLoaders(s))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (r *Resolver) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	// Outside the middleware (e.g. a direct executor in tests) loaders still work, per call.
	return newLoaders(r.Store)
}

// load returns the value for key, nil when it does not exist.
func load[V any](ctx context.Context, l *dataloadgen.Loader[string, *V], key string) (*V, error) {
	v, err := l.Load(ctx, key)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// loadRequired is load for references that must exist (a partnership's endpoints).
func loadRequired[V any](ctx context.Context, l *dataloadgen.Loader[string, *V], what, key string) (*V, error) {
	v, err := load(ctx, l, key)
	if err == nil && v == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "%s %q not found", what, key)
	}
	return v, err
}

// selects reports whether the current field's selection set includes the nested field path
// (fragments included), e.g. selects(ctx, "edges", "node", "source").
func selects(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return false
	}
	oc := graphql.GetOperationContext(ctx)
	sel := fc.Field.Selections
	for i, name := range path {
		var next ast.SelectionSet
		found := false
		for _, f := range graphql.CollectFields(oc, sel, nil) {
			if f.Name == name {
				found = true
				next = append(next, f.Selections...)
			}
		}
		if !found {
			return false
		}
		if i == len(path)-1 {
			return true
		}
		sel = next
	}
	return false
}

// prefetchEndpoints queues both endpoints of every partnership of a page into one actor batch
// when the client asked for them, so the batch does not depend on how fast the per-row
// resolvers start.
func (r *Resolver) prefetchEndpoints(ctx context.Context, page []*domain.Partnership) {
	src, tgt := selects(ctx, "edges", "node", "source"), selects(ctx, "edges", "node", "target")
	if !src && !tgt {
		return
	}
	ids := make([]string, 0, 2*len(page))
	for _, p := range page {
		if src {
			ids = append(ids, p.Source)
		}
		if tgt {
			ids = append(ids, p.Target)
		}
	}
	l := r.loaders(ctx)
	_ = l.actors.LoadAllThunk(ctx, ids)
}

// primeActors loads a ranking page's actors (from the per-version actor cache, else in one
// query) and primes the loader with them, so the per-row actor resolvers neither query nor
// wait for a batch window.
func (r *Resolver) primeActors(ctx context.Context, version int64, ids []string) error {
	if len(ids) == 0 || !selects(ctx, "edges", "node", "actor") {
		return nil
	}
	actors, err := r.actors.load(ctx, r.Store, version, ids)
	if err != nil {
		return err
	}
	l := r.loaders(ctx)
	codes := make([]string, 0, len(actors))
	for id, a := range actors {
		l.actors.Prime(id, a)
		codes = append(codes, a.Sector)
	}
	if selects(ctx, "edges", "node", "actor", "sector") {
		_ = l.sectors.LoadAllThunk(ctx, codes)
	}
	return nil
}
