package harness

import (
	"context"

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

// seed wipes the database and loads the article network and a generated one of actors.
func seed(ctx context.Context, db Neo4j, actors int) (*neo4jstore.Store, []string, error) {
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: db.URI, User: db.User, Password: db.Password})
	if err != nil {
		return nil, nil, err
	}
	err = s.Migrate(ctx)
	if err == nil {
		err = s.DeleteAll(ctx)
	}
	if err == nil {
		err = s.Migrate(ctx)
	}
	if err != nil {
		s.Close(ctx)
		return nil, nil, err
	}
	net := demodata.Generate(demodata.Options{Actors: actors, Seed: 1})
	for _, n := range []domain.Network{demodata.Article(), net} {
		if _, err := s.ImportNetwork(ctx, n, 10_000, nil); err != nil {
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
