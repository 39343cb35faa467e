package analytics

import (
	"context"
	"sort"
	"sync"

	"stakegraph/domain"
)

// MemoryLoader serves a network held in memory as a Loader: unit tests of the analytics
// boundary and benchmarks run on it without a database. Set replaces the network and bumps
// the version, as a write to the store would.
type MemoryLoader struct {
	mu      sync.Mutex
	data    *domain.GraphData
	version int64
	// Loads counts LoadGraph calls.
	Loads int
}

// NewMemoryLoader returns a loader serving n at version 1.
func NewMemoryLoader(n domain.Network) *MemoryLoader {
	l := &MemoryLoader{}
	l.Set(n)
	return l
}

// Set replaces the network and bumps the version.
func (l *MemoryLoader) Set(n domain.Network) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.version++
	l.data = GraphDataOf(n, l.version)
}

// GraphVersion implements Loader.
func (l *MemoryLoader) GraphVersion(context.Context) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.version, nil
}

// LoadGraph implements Loader.
func (l *MemoryLoader) LoadGraph(ctx context.Context) (*domain.GraphData, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.Loads++
	return l.data, ctx.Err()
}

// GraphDataOf lays out a network as the store's LoadGraph would: actors sorted by id, ties
// and project members by actor index. Sectors are the network's, or the default taxonomy when
// it lists none.
func GraphDataOf(n domain.Network, version int64) *domain.GraphData {
	g := &domain.GraphData{Version: version, Sectors: n.Sectors, AttributeDefs: n.Attributes}
	if len(g.Sectors) == 0 {
		g.Sectors = domain.DefaultSectors
	}
	actors := append([]domain.Actor(nil), n.Actors...)
	sort.Slice(actors, func(i, j int) bool { return actors[i].ID < actors[j].ID })
	index := make(map[string]int32, len(actors))
	for i, a := range actors {
		index[a.ID] = int32(i)
		g.Actors = append(g.Actors, domain.GraphActorOf(&a))
	}
	g.ActorAttrs = attrColumns(n.Attributes, domain.TargetActor, len(actors), func(i int) domain.Attributes { return actors[i].Attributes })
	var tieAttrs []domain.Attributes
	types := map[string]int32{}
	for i := range n.Partnerships {
		p := &n.Partnerships[i]
		u, okU := index[p.Source]
		v, okV := index[p.Target]
		if !okU || !okV {
			continue
		}
		k, ok := types[p.Type]
		if !ok {
			k = int32(len(g.TieTypes))
			types[p.Type] = k
			g.TieTypes = append(g.TieTypes, p.Type)
		}
		g.Ties = append(g.Ties, domain.GraphTieOf(p, u, v, k))
		tieAttrs = append(tieAttrs, p.Attributes)
	}
	g.TieAttrs = attrColumns(n.Attributes, domain.TargetPartnership, len(g.Ties), func(i int) domain.Attributes { return tieAttrs[i] })
	projects := map[string]int{}
	for _, p := range n.Projects {
		projects[p.ID] = len(g.Projects)
		g.Projects = append(g.Projects, domain.GraphProject{Since: domain.DayOr(p.Since, domain.NoSince), Until: domain.DayOr(p.Until, domain.NoUntil)})
	}
	for _, pp := range n.Participations {
		i, okP := projects[pp.ProjectID]
		a, okA := index[pp.ActorID]
		if okP && okA {
			g.Projects[i].Members = append(g.Projects[i].Members, a)
		}
	}
	return g
}

// GraphSize implements Sizer.
func (l *MemoryLoader) GraphSize(context.Context) (int, int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.data.Actors), len(l.data.Ties), nil
}

// attrColumns builds the columns of target's attributes among defs over n rows.
func attrColumns(defs []domain.AttributeDefinition, target domain.AttributeTarget, n int, row func(int) domain.Attributes) domain.AttrColumns {
	var cs domain.AttrColumns
	for _, d := range defs {
		if d.Target != target {
			continue
		}
		c := domain.NewAttrColumn(d, n)
		for i := range n {
			c.Set(i, row(i)[d.Name])
		}
		cs = append(cs, c)
	}
	return cs
}
