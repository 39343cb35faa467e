package httpapi

import (
	"errors"
	"net/http"

	"stakegraph/auth"
	"stakegraph/domain"
)

// Authenticate identifies every request from its headers and puts the identity in its
// context, before anything reads the body. A request with bad credentials is answered 401
// UNAUTHENTICATED at once (as a GraphQL error on /graphql, as the exports' error elsewhere),
// and nothing runs; an address that failed too often lately is answered 429 RATE_LIMITED
// without its credentials being looked up.
func Authenticate(a *auth.Authenticator, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := a.Identify(r)
		if err != nil {
			var throttled *auth.Throttled
			code, msg := domain.ErrorCode(err), domain.ErrorMessage(err)
			switch {
			case errors.As(err, &throttled):
				WriteError(w, r, domain.ERATELIMITED, throttled.Error(), throttled.RetryAfter)
				return
			case code == domain.EUNAUTHENTICATED:
			case code == domain.EOVERLOADED, code == domain.ETIMEOUT:
				code = domain.EOVERLOADED
			default:
				code, msg = domain.EUNAVAIL, "credentials cannot be checked now: the database does not answer"
			}
			WriteError(w, r, code, msg, 0)
			return
		}
		if info := auth.RequestInfoFrom(r.Context()); info != nil {
			info.Identity = id
		}
		next.ServeHTTP(w, r.WithContext(domain.WithIdentity(r.Context(), id)))
	})
}
