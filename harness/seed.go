package harness

import (
	"context"
	"time"

	"stakegraph/demodata"
	"stakegraph/domain"
	"stakegraph/neo4jstore"
)

// Neo4j says how to reach a scratch Neo4j the runs may wipe.
type Neo4j struct{ URI, User, Password string }

func (n Neo4j) env() []string {
	return []string{"NEO4J_URI=" + n.URI, "NEO4J_USER=" + n.User, "NEO4J_PASSWORD=" + n.Password}
}

// apiEnv runs the API for the harness: anonymous clients may write, without budgets (the load
// is the harness's own), with quiet logs.
var apiEnv = []string{"ANONYMOUS_ROLE=editor", "RATE_LIMIT_POINTS_PER_MINUTE=-1", "LOG_LEVEL=error"}

// seed wipes the database and loads the article network and a generated one of actors. On a
// loaded machine the store's liveness probe may call a slow Neo4j unreachable for a moment
// (SERVICE_UNAVAILABLE): each step is retried, as the tests' Neo4j is waited for, for up to
// two minutes.
func seed(ctx context.Context, db Neo4j, actors int) (*neo4jstore.Store, []string, error) {
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: db.URI, User: db.User, Password: db.Password})
	if err != nil {
		return nil, nil, err
	}
	net := demodata.Generate(demodata.Options{Actors: actors, Seed: 1})
	steps := []func() error{
		func() error { return s.Migrate(ctx) },
		func() error { return s.DeleteAll(ctx) },
		func() error { return s.Migrate(ctx) },
		func() error { _, err := s.ImportNetwork(ctx, demodata.Article(), 10_000, nil); return err },
		func() error { _, err := s.ImportNetwork(ctx, net, 10_000, nil); return err },
	}
	for _, step := range steps {
		if err := retryUnavailable(ctx, step); err != nil {
			s.Close(ctx)
			return nil, nil, err
		}
	}
	ids := make([]string, 0, len(net.Actors))
	for _, a := range net.Actors {
		ids = append(ids, a.ID)
	}
	return s, ids, nil
}

// retryUnavailable runs step again while it fails with SERVICE_UNAVAILABLE, for up to two
// minutes (imports are idempotent upserts; a wipe and a migration may run twice).
func retryUnavailable(ctx context.Context, step func() error) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		err := step()
		if domain.ErrorCode(err) != domain.EUNAVAIL || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}
