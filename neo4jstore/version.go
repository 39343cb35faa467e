package neo4jstore

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"stakegraph/domain"
)

// The graph version is kept in Neo4j as versionShards counters, the GraphMeta nodes with ids
// "graph" (the one counter of earlier releases), "graph/1", …, "graph/31". A write transaction
// that changes data adds one to a counter picked at random as its last statement, so it holds
// that node's write lock only while it commits, and concurrent writers rarely wait for each
// other (one counter serialised every write's commit behind the one before: ~100 writes/s at
// any concurrency).
//
// The graph version is the sum of the counters. Every commit adds exactly one to it, so the
// versions of the states the database passes through strictly increase. Neo4j reads are read
// committed, not snapshots, so a single pass over the counters could mix values from before
// and after a commit and name a state that never existed. readVersion therefore reads the
// counters twice in one statement: when both passes agree, no counter changed between its
// two reads, so all first-pass values held together at the instant the first pass ended — a
// real state — and its sum names that state and no other. When they disagree (a commit
// landed in the microseconds between), it reads again.
const versionShards = 64

// graphMetaID is the id of counter 0.
const graphMetaID = "graph"

// versionShardIDs are the counters' ids.
var versionShardIDs = func() []string {
	ids := make([]string, versionShards)
	ids[0] = graphMetaID
	for i := 1; i < versionShards; i++ {
		ids[i] = fmt.Sprintf("%s/%d", graphMetaID, i)
	}
	return ids
}()

// versionQuery reads the counters twice, in two passes of one statement. The counters only
// grow, so the two sums are equal exactly when no counter changed between its two reads.
const versionQuery = `
	CALL () { MATCH (m:GraphMeta) RETURN sum(m.version) AS first }
	CALL () { MATCH (m:GraphMeta) RETURN sum(m.version) AS second }
	RETURN first, second`

// versionAttempts bounds the re-reads when commits keep landing between the two passes.
const versionAttempts = 20

// versionOf returns the version in a versionQuery record, and whether its two passes agree.
func versionOf(rec *neo4j.Record) (int64, bool) {
	if rec == nil {
		return 0, true
	}
	first, _ := rec.Get("first")
	second, _ := rec.Get("second")
	a, _ := first.(int64)
	b, _ := second.(int64)
	return a, a == b
}

// GraphVersion returns the graph version: the sum of the version counters, read as one real
// state of the database (see versionShards). Errors: EUNAVAIL, ETIMEOUT.
func (s *Store) GraphVersion(ctx context.Context) (int64, error) {
	for attempt := 0; attempt < versionAttempts; attempt++ {
		r, err := readQuery(ctx, s, versionQuery, nil, func(recs []*neo4j.Record) (versionRead, error) {
			var rec *neo4j.Record
			if len(recs) > 0 {
				rec = recs[0]
			}
			v, ok := versionOf(rec)
			return versionRead{v, ok}, nil
		})
		if err != nil {
			return 0, err
		}
		if r.ok {
			return r.v, nil
		}
	}
	return 0, domain.Errorf(domain.EUNAVAIL, "the network kept changing while its version was read; try again")
}

// versionRead is one GraphVersion attempt: the sum, and whether the two passes agreed.
type versionRead struct {
	v  int64
	ok bool
}

// readVersionTx reads the graph version inside tx, like GraphVersion.
func (s *Store) readVersionTx(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
	for attempt := 0; attempt < versionAttempts; attempt++ {
		rec, err := s.single(ctx, tx, versionQuery, nil)
		if err != nil {
			return 0, err
		}
		if v, ok := versionOf(rec); ok {
			return v, nil
		}
	}
	return 0, domain.Errorf(domain.EUNAVAIL, "the network kept changing while its version was read; try again")
}

// bumpVersion adds one to a counter picked at random. It is a write transaction's last
// statement, so the transaction holds the counter's lock only while it commits.
func (s *Store) bumpVersion(ctx context.Context, tx neo4j.ManagedTransaction) error {
	s.writes.Add(1)
	_, err := tx.Run(ctx, versionBumpClause, map[string]any{"versionShard": versionShard()})
	return err
}

// versionBumpClause adds one to the counter $versionShard (a versionShard()). The hot writes
// end their one statement with it, when that statement changed data, instead of the separate
// statement writeTx would send, and then call versionBumped.
const versionBumpClause = `MERGE (m:GraphMeta {id: $versionShard}) SET m.version = coalesce(m.version, 0) + 1`

// versionShard picks the counter a write transaction adds one to.
func versionShard() string { return versionShardIDs[rand.IntN(versionShards)] }

// versionBumped tells writeTx that tx's statements already added one to a counter.
func versionBumped(tx neo4j.ManagedTransaction) {
	if w, ok := tx.(*writeTracker); ok {
		w.bumped = true
	}
}
