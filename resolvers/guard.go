package resolvers

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/httpapi"
)

// Limits bound what one operation may ask for and how much each identity may spend. Zero
// fields take the defaults (DefaultLimits).
type Limits struct {
	// MaxCost refuses operations whose cost, computed before execution, is over it
	// (QUERY_TOO_EXPENSIVE).
	MaxCost int
	// PointsPerMinute is each identity's budget (anonymous clients by address); an operation
	// that would overdraw it is refused (RATE_LIMITED, HTTP 429 with Retry-After). Negative:
	// no budget.
	PointsPerMinute int
	// MaxDepth bounds how deeply selections nest; MaxAliases how many fields one operation may
	// select (aliases included).
	MaxDepth, MaxAliases int
	// MaxBodyBytes bounds a request body (HTTP 413); imports may send up to MaxImportBytes.
	MaxBodyBytes, MaxImportBytes int64
	// TrustedDocuments, when not empty, are the only operations anonymous clients may run:
	// id → query text, sent as the query itself or by id (extensions.persistedQuery.sha256Hash).
	TrustedDocuments map[string]string
}

// Defaults. MaxCost lets one exact betweenness or closeness run on a network of about 10k
// actors and 100k ties (n·m/10⁵ = 10⁴ points … 10⁵), every README example, and pages of 500
// with nested pages of 20; it refuses what would run for minutes on two cores. The budget
// lets an identity spend ten maximal operations a minute, or hundreds of thousands of cached
// ones.
const (
	DefaultMaxCost         = 100_000
	DefaultPointsPerMinute = 1_000_000
	DefaultMaxDepth        = 15
	DefaultMaxAliases      = 1_000
	DefaultMaxBodyBytes    = 1 << 20
	DefaultMaxImportBytes  = 45 << 20
	// maxMessage bounds how much of an error message (which may quote the input) is sent.
	maxMessage = 300
)

// withDefaults fills the limits left zero.
func (l Limits) withDefaults() Limits {
	l.MaxCost = cmp.Or(l.MaxCost, DefaultMaxCost)
	l.PointsPerMinute = cmp.Or(l.PointsPerMinute, DefaultPointsPerMinute)
	l.MaxDepth = cmp.Or(l.MaxDepth, DefaultMaxDepth)
	l.MaxAliases = cmp.Or(l.MaxAliases, DefaultMaxAliases)
	l.MaxBodyBytes = cmp.Or(l.MaxBodyBytes, DefaultMaxBodyBytes)
	l.MaxImportBytes = cmp.Or(l.MaxImportBytes, DefaultMaxImportBytes)
	return l
}

// guard is the gqlgen extension that admits operations: trusted documents for anonymous
// clients, the role each top-level field needs, depth and alias limits, the body size, the
// operation's cost against MaxCost and the identity's budget. Nothing of a refused operation
// runs. It also shortens error messages and reports the cost in extensions.cost.
type guard struct {
	limits  Limits
	cost    *costModel
	svc     *analytics.Service
	budgets *budgets
	trusted map[string]bool // query texts of the trusted documents
	charged func(identity domain.Identity, points int, rejected string)
}

var (
	_ graphql.HandlerExtension          = (*guard)(nil)
	_ graphql.OperationParameterMutator = (*guard)(nil)
	_ graphql.OperationContextMutator   = (*guard)(nil)
	_ graphql.ResponseInterceptor       = (*guard)(nil)
)

func (g *guard) ExtensionName() string { return "Guard" }

func (g *guard) Validate(es graphql.ExecutableSchema) error {
	g.trusted = map[string]bool{}
	for _, q := range g.limits.TrustedDocuments {
		g.trusted[q] = true
	}
	return nil
}

func refusal(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": code}}
}

// MutateOperationParameters enforces trusted documents for anonymous clients.
func (g *guard) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if len(g.limits.TrustedDocuments) == 0 || !domain.IdentityFrom(ctx).Anonymous {
		return nil
	}
	if p.Query != "" {
		if g.trusted[p.Query] {
			return nil
		}
		httpapi.StateFrom(ctx).Refuse(http.StatusForbidden, 0)
		return refusal(domain.EFORBIDDEN, "anonymous clients may only run this server's trusted documents; send a token for other operations")
	}
	pq, _ := p.Extensions["persistedQuery"].(map[string]any)
	id, _ := pq["sha256Hash"].(string)
	if q, ok := g.limits.TrustedDocuments[id]; ok {
		p.Query = q
		delete(p.Extensions, "persistedQuery") // resolved here, not by the APQ cache
		return nil
	}
	httpapi.StateFrom(ctx).Refuse(http.StatusForbidden, 0)
	return refusal(domain.EFORBIDDEN, "no trusted document has id %.80q", id)
}

// adminFields need the admin role; other mutation fields need editor, queries reader.
var adminFields = map[string]bool{"createSector": true, "updateSector": true, "defineAttribute": true, "updateAttribute": true, "deleteAttribute": true, "createApiToken": true, "revokeApiToken": true, "apiTokens": true}

// MutateOperationContext admits or refuses the operation before anything runs. A refusal is
// a request error: its code decides the status of a response in
// application/graphql-response+json (httpapi.RequestState.RequestError).
func (g *guard) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	err := g.admit(ctx, oc)
	if err != nil {
		code, _ := err.Extensions["code"].(string)
		httpapi.StateFrom(ctx).RequestError(code)
	}
	return err
}

// admit is MutateOperationContext's decision.
func (g *guard) admit(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	st := httpapi.StateFrom(ctx)
	id := domain.IdentityFrom(ctx)
	// Access.
	need := domain.RoleReader
	if oc.Operation.Operation == ast.Mutation {
		need = domain.RoleEditor
	}
	importing := false
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, nil) {
		if adminFields[f.Name] {
			need = domain.RoleAdmin
		} else if f.Name == "importJob" && need == domain.RoleReader {
			need = domain.RoleEditor // imports are editors' business
		}
		importing = importing || f.Name == "importNetwork" || f.Name == "importNetworkJson"
	}
	if !id.Role.Allows(need) {
		g.reject(id, 0, domain.EFORBIDDEN)
		if id.Anonymous {
			st.Refuse(http.StatusUnauthorized, 0)
			return refusal(domain.EUNAUTHENTICATED, "this operation needs the %s role: send Authorization: Bearer <token>", need)
		}
		st.Refuse(http.StatusForbidden, 0)
		return refusal(domain.EFORBIDDEN, "this operation needs the %s role; %s has %s", need, id.Name, id.Role)
	}
	// Size and shape.
	if st.BodyBytes() > g.limits.MaxBodyBytes && !importing {
		st.Refuse(http.StatusRequestEntityTooLarge, 0)
		g.reject(id, 0, domain.ETOOLARGE)
		return refusal(domain.ETOOLARGE, "the request body is over %d bytes (only imports may be larger)", g.limits.MaxBodyBytes)
	}
	depth, fields := shape(oc, oc.Operation.SelectionSet, 1)
	if depth > g.limits.MaxDepth {
		g.reject(id, 0, domain.EINVALID)
		return refusal(domain.EINVALID, "selections nest %d deep; the limit is %d", depth, g.limits.MaxDepth)
	}
	if fields > g.limits.MaxAliases {
		g.reject(id, 0, domain.EINVALID)
		return refusal(domain.EINVALID, "the operation selects %d fields (aliases included); the limit is %d", fields, g.limits.MaxAliases)
	}
	// Cost.
	cost, bytes, bad := g.cost.Calculate(ctx, oc.Operation, oc.Variables)
	if bad != nil {
		g.reject(id, 0, domain.EINVALID)
		e := refusal(domain.EINVALID, "%s", domain.ErrorMessage(bad))
		var de *domain.Error
		if errors.As(bad, &de) && de.Field != "" {
			e.Extensions["field"] = de.Field
		}
		return e
	}
	cost = add(cost, introspectionCost(oc, oc.Operation.SelectionSet))
	info := map[string]any{"requested": cost, "limit": g.limits.MaxCost}
	st.SetCost(info)
	if limit := g.svc.OperationBytes(); bytes > limit {
		g.reject(id, 0, domain.ETOOEXPENSIVE)
		e := refusal(domain.ETOOEXPENSIVE, "this operation would build network slices of about %d MiB; the limit is %d MiB (MAX_OPERATION_BYTES): use fewer distinct network filters in one operation", bytes>>20, limit>>20)
		e.Extensions["cost"] = info
		return e
	}
	if cost > g.limits.MaxCost {
		g.reject(id, 0, domain.ETOOEXPENSIVE)
		e := refusal(domain.ETOOEXPENSIVE, "this operation would cost %d points; the limit is %d (narrow the network filter, page with smaller first/limit, use sampling, or ask a test for fewer replications)", cost, g.limits.MaxCost)
		e.Extensions["cost"] = info
		return e
	}
	if g.limits.PointsPerMinute > 0 && id.Key != "" { // in-process callers without an identity have no budget
		ok, remaining, resetAt, retry := g.budgets.take(id.Key, cost)
		info["remaining"], info["resetAt"] = remaining, resetAt.UTC().Format(time.RFC3339)
		if !ok {
			st.Refuse(http.StatusTooManyRequests, retry)
			g.reject(id, 0, domain.ERATELIMITED)
			e := refusal(domain.ERATELIMITED, "the budget of %d points a minute is spent; retry in %d s", g.limits.PointsPerMinute, retry)
			e.Extensions["cost"] = info
			return e
		}
	}
	g.reject(id, cost, "")
	return nil
}

func (g *guard) reject(id domain.Identity, points int, code string) {
	if g.charged != nil {
		g.charged(id, points, code)
	}
}

// Introspection's price: the whole schema is about 100 KB of response (gqlgen's complexity
// counts __schema as nothing), one type a little.
const (
	schemaPoints = 1000
	typePoints   = 10
)

// introspectionCost prices the __schema and __type fields of a selection set (fragments
// expanded).
func introspectionCost(oc *graphql.OperationContext, set ast.SelectionSet) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			switch s.Name {
			case "__schema":
				total = add(total, schemaPoints)
			case "__type":
				total = add(total, typePoints)
			}
		case *ast.InlineFragment:
			total = add(total, introspectionCost(oc, s.SelectionSet))
		case *ast.FragmentSpread:
			if s.Definition != nil {
				total = add(total, introspectionCost(oc, s.Definition.SelectionSet))
			}
		}
	}
	return total
}

// shape returns how deeply a selection set nests and how many fields it selects (fragments
// expanded).
func shape(oc *graphql.OperationContext, set ast.SelectionSet, depth int) (maxDepth, fields int) {
	maxDepth = depth - 1
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			fields++
			d, n := shape(oc, s.SelectionSet, depth+1)
			maxDepth, fields = max(maxDepth, d, depth), fields+n
		case *ast.InlineFragment:
			d, n := shape(oc, s.SelectionSet, depth)
			maxDepth, fields = max(maxDepth, d), fields+n
		case *ast.FragmentSpread:
			if s.Definition != nil {
				d, n := shape(oc, s.Definition.SelectionSet, depth)
				maxDepth, fields = max(maxDepth, d), fields+n
			}
		}
		if fields > 1<<20 {
			break
		}
	}
	return maxDepth, fields
}

// InterceptResponse shortens long error messages (which may quote the input) and reports the
// operation's cost.
func (g *guard) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	for _, e := range resp.Errors {
		if len(e.Message) > maxMessage {
			e.Message = e.Message[:maxMessage] + "… (shortened)"
		}
	}
	if cost := httpapi.StateFrom(ctx).Cost(); cost != nil {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["cost"] = cost
	}
	return resp
}

// Budgets are per-identity token buckets of cost points, refilled continuously; GraphQL
// operations and exports spend from the same ones.
type Budgets = budgets

// NewBudgets returns budgets of perMinute points an identity (DefaultPointsPerMinute when 0;
// negative: no budget).
func NewBudgets(perMinute int) *Budgets {
	return newBudgets(Limits{PointsPerMinute: perMinute}.withDefaults().PointsPerMinute)
}

// ExportAdmission admits exports as operations like any other: while trusted documents bind
// anonymous clients, they may export only when trustedExports allows it; an export's cost
// (analytics.Service.ExportCost) is checked against MaxCost and spent from the sender's
// budget, and reported to charged.
func ExportAdmission(limits Limits, b *Budgets, svc *analytics.Service, trustedExports bool,
	charged func(identity domain.Identity, points int, rejected string)) func(ctx context.Context, f domain.NetworkFilter, o formats.Options) (int, error) {
	limits = limits.withDefaults()
	g := &guard{limits: limits, budgets: b, charged: charged}
	return func(ctx context.Context, f domain.NetworkFilter, o formats.Options) (int, error) {
		id := domain.IdentityFrom(ctx)
		if len(limits.TrustedDocuments) > 0 && id.Anonymous && !trustedExports {
			g.reject(id, 0, domain.EFORBIDDEN)
			return 0, domain.Errorf(domain.EFORBIDDEN, "anonymous clients may only run this server's trusted documents, and exports are not among them (TRUSTED_EXPORTS); send a token")
		}
		if err := svc.EnsureSize(ctx); err != nil {
			return 0, err
		}
		cost := ExportPrice(svc, f, o)
		if cost > limits.MaxCost {
			g.reject(id, 0, domain.ETOOEXPENSIVE)
			return 0, domain.Errorf(domain.ETOOEXPENSIVE, "this export would cost %d points; the limit is %d (narrow the network filter, or export without layout or timeline)", cost, limits.MaxCost)
		}
		if limits.PointsPerMinute > 0 && id.Key != "" {
			if ok, _, _, retry := b.take(id.Key, cost); !ok {
				g.reject(id, 0, domain.ERATELIMITED)
				return retry, domain.Errorf(domain.ERATELIMITED, "the budget of %d points a minute is spent; retry in %d s", limits.PointsPerMinute, retry)
			}
		}
		g.reject(id, cost, "")
		return 0, nil
	}
}

// ExportPrice is an export's price in points: its rows and decoration, its layout's iterations
// (analytics.Service.ExportCost) and its timeline's panel (steps × (n + m) slices and the
// metric on each).
func ExportPrice(svc *analytics.Service, f domain.NetworkFilter, o formats.Options) int {
	iterations := 0
	if o.Layout != nil {
		iterations = max(o.Layout.Iterations, 1)
	}
	cost := svc.ExportCost(f, iterations)
	if t := o.Timeline; t != nil {
		cost = analytics.AddPoints(cost, svc.NewEstimate().Panel(f, t.Metric, analytics.Options{Normalized: true}, len(t.Dates)))
	}
	return cost
}

// budgets are per-identity token buckets of cost points, refilled continuously.
type budgets struct {
	mu      sync.Mutex
	perMin  float64
	buckets map[string]*bucket
}

type bucket struct {
	points float64
	at     time.Time
}

func newBudgets(perMinute int) *budgets {
	return &budgets{perMin: float64(perMinute), buckets: map[string]*bucket{}}
}

// take spends cost points of key's budget if it has them, and says what remains, when the
// bucket is full again, and (refused) in how many seconds cost points will be there.
func (b *budgets) take(key string, cost int) (ok bool, remaining int, resetAt time.Time, retryAfter int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	if len(b.buckets) > 100_000 { // forget idle identities rather than grow without bound
		for k, x := range b.buckets {
			if now.Sub(x.at) > time.Minute {
				delete(b.buckets, k)
			}
		}
	}
	x := b.buckets[key]
	if x == nil {
		x = &bucket{points: b.perMin, at: now}
		b.buckets[key] = x
	}
	rate := b.perMin / 60 // points per second
	x.points = math.Min(b.perMin, x.points+now.Sub(x.at).Seconds()*rate)
	x.at = now
	c := float64(cost)
	if c > x.points {
		retry := int(math.Ceil((c - x.points) / rate))
		return false, int(x.points), now.Add(time.Duration((b.perMin - x.points) / rate * float64(time.Second))), max(retry, 1)
	}
	x.points -= c
	return true, int(x.points), now.Add(time.Duration((b.perMin - x.points) / rate * float64(time.Second))), 0
}

// TrustedDocumentID is the id a query text has in a trusted-documents file written as a list
// of queries: the hex SHA-256 of the text, as Apollo's and gqlgen's persisted-query hashes.
func TrustedDocumentID(query string) string {
	sum := sha256.Sum256([]byte(query))
	return hex.EncodeToString(sum[:])
}
