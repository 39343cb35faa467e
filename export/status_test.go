package export_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"stakegraph/domain"
	"stakegraph/export"
)

// TestHTTPStatusFollowsGraphQLCodes: an export's error answers with the status its GraphQL
// code stands for, never a blanket 500.
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
		{context.Canceled, http.StatusInternalServerError},
	} {
		if got := export.HTTPStatus(tc.err); got != tc.want {
			t.Errorf("HTTPStatus(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}
