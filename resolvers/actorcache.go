package resolvers

import (
	"context"
	"sync"

	"stakegraph/domain"
)

// actorCache keeps actors read at one graph version, shared across requests. Every write
// bumps the version, so an actor read at version v is exactly what the store holds at v; the
// cache empties itself when a request brings a newer version. Rankings from the analytics
// cache can then be rendered without a query for their actors.
type actorCache struct {
	mu      sync.Mutex
	version int64
	actors  map[string]*domain.Actor
}

// maxCachedActors bounds the cache; past it the cache starts afresh.
const maxCachedActors = 200_000

// load returns the actors with ids as of version, reading from the store only those it does
// not hold.
func (c *actorCache) load(ctx context.Context, store domain.Store, version int64, ids []string) (map[string]*domain.Actor, error) {
	out := make(map[string]*domain.Actor, len(ids))
	var missing []string
	c.mu.Lock()
	if version > c.version || c.actors == nil {
		c.version, c.actors = version, map[string]*domain.Actor{}
	}
	current := version == c.version
	for _, id := range ids {
		if a, ok := c.actors[id]; ok && current {
			out[id] = a
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	fetched, err := store.ActorsByID(ctx, missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.actors)+len(fetched) > maxCachedActors {
		c.actors = map[string]*domain.Actor{}
	}
	for id, a := range fetched {
		out[id] = a
		if current && c.version == version {
			c.actors[id] = a
		}
	}
	return out, nil
}
