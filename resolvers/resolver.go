// Package resolvers implements the GraphQL schema: thin resolvers that validate arguments, call
// the store through domain.Store, and map results to GraphQL types. Dependencies are injected
// in Resolver; per-request dataloaders come from the Loaders middleware; errors become GraphQL
// errors with an `extensions.code` in ErrorPresenter.
package resolvers

import (
	"log/slog"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/importer"
)

// Resolver is the root resolver and the one place dependencies are injected.
type Resolver struct {
	Store     domain.Store
	Analytics *analytics.Service
	Logger    *slog.Logger
	OnRevoke  func() // told when an API token is revoked, to drop cached lookups
	Jobs      *importer.Jobs

	actors actorCache // actors by graph version, for rendering cached rankings
}
