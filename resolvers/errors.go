package resolvers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"stakegraph/auth"
	"stakegraph/domain"
	"stakegraph/httpapi"
)

// ErrorPresenter maps errors to GraphQL errors in one place:
//   - a domain.Error keeps its message; its code becomes `extensions.code` (and its field
//     `extensions.field`);
//   - an error gqlgen raised while reading arguments (a bad Date, a wrong enum, in the query
//     or in a variable) is the client's: BAD_USER_INPUT with gqlgen's message;
//   - a cancelled or timed-out request: TIMEOUT;
//   - anything else is logged and shown as "internal error", so driver text never reaches a
//     client.
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var de *domain.Error
		if errors.As(err, &de) {
			if de.Code == domain.EOVERLOADED {
				httpapi.StateFrom(ctx).Refuse(http.StatusServiceUnavailable, 2)
			}
			if de.Code == domain.EUNAVAIL {
				httpapi.StateFrom(ctx).AskRetry(5) // the database is away or the network still loading
			}
			if de.Code == domain.EINTERNAL {
				return internal(ctx, logger, err)
			}
			gqlErr := graphql.DefaultErrorPresenter(ctx, err)
			gqlErr.Message = de.Message
			gqlErr.Extensions = map[string]any{"code": de.Code}
			if de.Field != "" {
				gqlErr.Extensions["field"] = de.Field
			}
			return gqlErr
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			gqlErr := graphql.DefaultErrorPresenter(ctx, err)
			gqlErr.Message = "the request was cancelled or took too long"
			gqlErr.Extensions = map[string]any{"code": domain.ETIMEOUT}
			return gqlErr
		}
		var ge *gqlerror.Error
		if errors.As(err, &ge) {
			if ge.Extensions == nil {
				ge.Extensions = map[string]any{}
			}
			if code, ok := ge.Extensions["code"]; !ok || (code == errcode.ValidationFailed && badValue(ge)) {
				ge.Extensions["code"] = domain.EINVALID
			}
			return ge
		}
		return internal(ctx, logger, err)
	}
}

// badValue reports whether a validation error is about a value the client sent rather than
// the operation's shape: a literal that does not fit its type (an unknown enum value, a string
// for an Int) or a variable that does not. Those are BAD_USER_INPUT like every other bad
// argument; an unknown field or a missing selection stays GRAPHQL_VALIDATION_FAILED.
func badValue(ge *gqlerror.Error) bool {
	if ge.Rule == "ValuesOfCorrectType" {
		return true
	}
	return len(ge.Path) > 0 && ge.Path[0] == ast.PathName("variable")
}

// internal logs an unexpected error with the request's id and answers with the id alone.
func internal(ctx context.Context, logger *slog.Logger, err error) *gqlerror.Error {
	id := ""
	if info := auth.RequestInfoFrom(ctx); info != nil {
		id = info.ID
	}
	logger.ErrorContext(ctx, "internal error", "request_id", id, "path", graphql.GetPath(ctx).String(), "err", err)
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	gqlErr.Message = "internal error"
	gqlErr.Extensions = map[string]any{"code": domain.EINTERNAL}
	if id != "" {
		gqlErr.Message = "internal error (request " + id + ")"
		gqlErr.Extensions["requestId"] = id
	}
	return gqlErr
}

// Recover turns a panic in a resolver into an internal error, logged with its stack and the
// request's id.
func Recover(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		id := ""
		if info := auth.RequestInfoFrom(ctx); info != nil {
			id = info.ID
		}
		logger.ErrorContext(ctx, "panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return domain.Internal(fmt.Errorf("panic: %v", p))
	}
}
