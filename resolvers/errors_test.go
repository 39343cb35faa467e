package resolvers_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"stakegraph/auth"
	"stakegraph/domain"
	"stakegraph/resolvers"
)

// TestPanicsAndDriverErrorsAreInternal: a recovered panic and an unexpected (driver) error
// reach the client as INTERNAL_SERVER_ERROR with the request's id, never as BAD_USER_INPUT
// and never with their text; the log line carries the same id.
func TestPanicsAndDriverErrorsAreInternal(t *testing.T) {
	t.Parallel()
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, info := auth.WithRequestInfo(context.Background())
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, nil)
	present := resolvers.ErrorPresenter(logger)
	for name, err := range map[string]error{
		"panic":  resolvers.Recover(logger)(ctx, "index out of range [1] with length 0"),
		"driver": domain.Internal(errors.New("neo4j: Neo4jError: Neo.ClientError.Statement.EntityNotFound (Unable to load NODE 42)")),
		"plain":  errors.New("neo4j: Neo4jError: something"),
	} {
		e := present(ctx, err)
		if e.Extensions["code"] != domain.EINTERNAL || e.Extensions["requestId"] != info.ID {
			t.Errorf("%s: extensions %v, want INTERNAL_SERVER_ERROR with request %s", name, e.Extensions, info.ID)
		}
		if strings.Contains(e.Message, "neo4j") || strings.Contains(e.Message, "index out of range") {
			t.Errorf("%s: message %q leaks the cause", name, e.Message)
		}
	}
	if !strings.Contains(logs.String(), "request_id="+info.ID) || !strings.Contains(logs.String(), "index out of range") {
		t.Errorf("the log does not carry the request id and cause: %s", logs.String())
	}
}
