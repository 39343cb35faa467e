package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Node returns the object with the given id — an actor, partnership, project or sector (by
// code), in that order of precedence — as *domain.Actor, *domain.Partnership, *domain.Project
// or *domain.Sector; nil when none has it. One query.
func (s *Store) Node(ctx context.Context, id string) (any, error) {
	const cypher = `CALL {
		MATCH (a:Actor {id: $id}) RETURN 0 AS k, a{.*} AS r, null AS source, null AS target
		UNION ALL
		MATCH (x:Actor)-[p:PARTNERS_WITH {id: $id}]->(y:Actor) RETURN 1 AS k, p{.*} AS r, x.id AS source, y.id AS target
		UNION ALL
		MATCH (p:Project {id: $id}) RETURN 2 AS k, p{.*} AS r, null AS source, null AS target
		UNION ALL
		MATCH (c:Sector {code: $id}) RETURN 3 AS k, c{.*} AS r, null AS source, null AS target
	}
	RETURN k, r, source, target ORDER BY k LIMIT 1`
	return readQuery(ctx, s, cypher, map[string]any{"id": id}, func(recs []*neo4j.Record) (any, error) {
		if len(recs) == 0 {
			return nil, nil
		}
		rec := recs[0]
		switch recordInt(rec, "k") {
		case 0:
			return actorFrom(recordMap(rec, "r")), nil
		case 1:
			return partnershipFrom(rec), nil
		case 2:
			return projectFrom(recordMap(rec, "r")), nil
		default:
			return sectorFrom(recordMap(rec, "r")), nil
		}
	})
}
