package formats_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"stakegraph/domain"
	"stakegraph/httpapi"
)

// TestHTTPStatusFollowsGraphQLCodes: an export's error answers with the status its GraphQL
// code stands for (the one table in httpapi), never a blanket 500 — a request that ran out of
// time answers 504 TIMEOUT even when the error is a bare context error (it answered 500).
func TestHTTPStatusFollowsGraphQLCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{domain.Errorf(domain.EINVALID, "bad"), http.StatusBadRequest},
		{domain.Errorf(domain.ENOTFOUND, "missing"), http.StatusNotFound},
		{domain.Errorf(domain.ECONFLICT, "taken"), http.StatusConflict},
		{domain.Errorf(domain.EUNAVAIL, "down"), http.StatusServiceUnavailable},
		{domain.Errorf(domain.ETIMEOUT, "slow"), http.StatusGatewayTimeout},
		{errors.New("driver text"), http.StatusInternalServerError},
		{context.Canceled, http.StatusGatewayTimeout},
		{context.DeadlineExceeded, http.StatusGatewayTimeout},
	} {
		if got := httpapi.Status(httpapi.Code(tc.err)); got != tc.want {
			t.Errorf("HTTPStatus(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// unreachable is an export source whose database is away.
type unreachable struct{}

func (unreachable) StreamNetwork(context.Context, domain.NetworkFilter, func(*domain.Actor) error, func(*domain.Partnership) error) error {
	return domain.Errorf(domain.EUNAVAIL, "the database is not reachable; try again shortly")
}

// TestExportDuringOutage: an export with Neo4j away answers 503 with Retry-After and the code,
// not a 200 with an empty file.
func TestExportDuringOutage(t *testing.T) {
	srv := httptest.NewServer(httpapi.ExportHandler(unreachable{}, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/export/actors.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), domain.EUNAVAIL) {
		t.Errorf("status %d, Retry-After %q, body %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
}
