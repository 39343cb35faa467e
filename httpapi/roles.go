package httpapi

import (
	"fmt"
	"net/http"

	"stakegraph/domain"
)

// RequireRole refuses requests whose identity lacks role: 401 for anonymous clients, 403 for
// others. what names what is refused ("exports").
func RequireRole(role domain.Role, what string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := domain.IdentityFrom(r.Context())
		if !id.Role.Allows(role) {
			if id.Anonymous {
				WriteError(w, r, domain.EUNAUTHENTICATED, fmt.Sprintf("%s need the %s role: send Authorization: Bearer <token>", what, role), 0)
				return
			}
			WriteError(w, r, domain.EFORBIDDEN, fmt.Sprintf("%s need the %s role; %s has %s", what, role, id.Name, id.Role), 0)
			return
		}
		next.ServeHTTP(w, r)
	})
}
