package commands

import (
	"context"
	"fmt"
	"log/slog"

	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/neo4jstore"
)

// LoadDemo loads the article network and the demo network (demodata.Demo: six regional
// clusters with planted effects) when there are no actors yet.
func LoadDemo(ctx context.Context, store *neo4jstore.Store, logger *slog.Logger) error {
	n, err := store.CountActors(ctx, domain.ActorFilter{})
	if err != nil {
		return err
	}
	if n > 0 {
		logger.Info("demo data not loaded: the database already has actors", "actors", n)
		return nil
	}
	st, err := store.ImportNetwork(ctx, demodata.Article(), 0, nil)
	if err != nil {
		return fmt.Errorf("loading the article network: %w", err)
	}
	logger.Info("loaded the article network", "actors", st.Actors, "partnerships", st.Partnerships)
	st, err = store.ImportNetwork(ctx, demodata.Demo(), 0, nil)
	if err != nil {
		return fmt.Errorf("loading the generated network: %w", err)
	}
	logger.Info("loaded the demo network", "actors", st.Actors, "partnerships", st.Partnerships, "projects", st.Projects)
	return nil
}
