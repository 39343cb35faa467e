package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// schemaStatements are the constraints and indexes of design.md's data model. Each is
// idempotent (IF NOT EXISTS), so Migrate can run at every start.
var schemaStatements = []string{
	`CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE`,
	`CREATE CONSTRAINT sector_code IF NOT EXISTS FOR (s:Sector) REQUIRE s.code IS UNIQUE`,
	`CREATE CONSTRAINT project_id IF NOT EXISTS FOR (p:Project) REQUIRE p.id IS UNIQUE`,
	`CREATE CONSTRAINT partnership_id IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() REQUIRE r.id IS UNIQUE`,
	`CREATE CONSTRAINT graph_meta_id IF NOT EXISTS FOR (m:GraphMeta) REQUIRE m.id IS UNIQUE`,
	`CREATE CONSTRAINT attribute_definition_key IF NOT EXISTS FOR (d:AttributeDefinition) REQUIRE d.key IS UNIQUE`,
	`CREATE CONSTRAINT api_token_name IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.name IS UNIQUE`,
	`CREATE INDEX api_token_hash IF NOT EXISTS FOR (t:ApiToken) ON (t.hash)`,
	`CREATE INDEX actor_sector IF NOT EXISTS FOR (a:Actor) ON (a.sector)`,
	`CREATE INDEX actor_region IF NOT EXISTS FOR (a:Actor) ON (a.region)`,
	`CREATE INDEX actor_type IF NOT EXISTS FOR (a:Actor) ON (a.type)`,
	`CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind)`,
	`CREATE INDEX actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name)`,
	`CREATE INDEX actor_created IF NOT EXISTS FOR (a:Actor) ON (a.createdAt)`,
	`CREATE INDEX partnership_type IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.type)`,
	`CREATE INDEX partnership_since IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.since)`,
	`CREATE INDEX partnership_until IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.until)`,
	`CREATE INDEX partnership_weight IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.weight)`,
	`CREATE INDEX partnership_project IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.projectId)`,
}

// Migrate applies the schema (constraints, indexes), creates the graph version counters, and
// adds the default sectors that are missing. It is idempotent.
func (s *Store) Migrate(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	// Schema changes cannot share a transaction with data writes, so each runs on its own.
	for _, stmt := range schemaStatements {
		if _, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			_, err := s.run(ctx, tx, stmt, nil)
			return nil, err
		}); err != nil {
			return fmt.Errorf("migration %q: %w", stmt, translate(ctx, err))
		}
	}
	// The attributes' indexes, in case one was defined while its index could not be created.
	defs, err := s.AttributeDefinitions(ctx)
	if err != nil {
		return fmt.Errorf("reading attribute definitions: %w", err)
	}
	if err := s.ensureAttributeIndexes(ctx, defs); err != nil {
		return fmt.Errorf("attribute indexes: %w", err)
	}
	if _, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		_, err := s.run(ctx, tx, `CALL db.awaitIndexes(300)`, nil)
		return nil, err
	}); err != nil {
		return fmt.Errorf("waiting for indexes: %w", translate(ctx, err))
	}
	_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if _, err := s.run(ctx, tx, `UNWIND $ids AS id MERGE (m:GraphMeta {id: id}) ON CREATE SET m.version = 0`,
			map[string]any{"ids": versionShardIDs}); err != nil {
			return nil, err
		}
		rows := make([]any, len(domain.DefaultSectors))
		for i, sec := range domain.DefaultSectors {
			rows[i] = map[string]any{"code": sec.Code, "label": sec.Label, "color": sec.Color}
		}
		rec, err := s.single(ctx, tx, `
			UNWIND $rows AS row
			OPTIONAL MATCH (existing:Sector {code: row.code})
			WITH row WHERE existing IS NULL
			CREATE (:Sector {code: row.code, label: row.label, color: row.color})
			RETURN count(*) AS created`, map[string]any{"rows": rows})
		if err != nil {
			return nil, err
		}
		if rec != nil && recordInt(rec, "created") > 0 {
			return nil, s.bumpVersion(ctx, tx)
		}
		return nil, nil
	})
	return translate(ctx, err)
}

// DeleteAll removes every node and relationship except the schema, in batches, and resets
// nothing else: the graph version keeps counting. Tests and `generate --reset` use it.
func (s *Store) DeleteAll(ctx context.Context) error {
	for {
		n, err := writeTx(ctx, s, func(tx neo4j.ManagedTransaction) (int, error) {
			rec, err := s.single(ctx, tx, `
				MATCH (n) WHERE NOT n:GraphMeta
				WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n`, nil)
			if err != nil || rec == nil {
				return 0, err
			}
			return recordInt(rec, "n"), nil
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}
