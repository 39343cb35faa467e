package analytics

import (
	"context"
	"math"
	"math/bits"
	"sort"
	"time"

	"stakegraph/domain"
	"stakegraph/network"
)

// Layout algorithms for renderings.
const (
	LayoutForceAtlas2 = "FORCE_ATLAS2"
	LayoutCircular    = "CIRCULAR"
	LayoutByGroup     = "BY_GROUP"
)

// LayoutOptions ask for node positions.
type LayoutOptions struct {
	Algorithm  string // LayoutForceAtlas2, LayoutCircular or LayoutByGroup
	Seed       uint64 // ForceAtlas2's initial positions
	Iterations int    // ForceAtlas2: 1..1000
}

// MaxLayoutNodes bounds ForceAtlas2 (Barnes–Hut, O(n log n) per iteration): the largest
// rendering a request may ask for.
const MaxLayoutNodes = 10000

// RenderNode is one actor of a rendering: label, sector group and colour, the ranking
// metric's score (NaN when undefined), its Louvain community on the slice (seed 1) and, when
// a layout was asked for, its position.
type RenderNode struct {
	ActorID   string
	Label     string
	Group     Group
	Color     string
	Score     float64
	Community int
	X, Y      *float64
}

// RenderEdge is a partnership between two rendered actors that passes the filter.
type RenderEdge struct {
	ID, Source, Target, Type string
	Weight                   float64
	Directed                 bool
	Since, Until             *time.Time // the partnership's period; nil where open
}

// Rendering is a ranked selection of a slice's actors for drawing, with the partnerships
// among them (by id; project co-participation ties are not partnerships and are left out).
type Rendering struct {
	Version   int64
	Nodes     []RenderNode
	Edges     []RenderEdge
	Total     int  // actors before truncation
	Truncated bool // whether actors were left out to respect the limit
}

// checkLimit validates a rendering's node limit.
func checkLimit(limit int) error {
	if limit < 1 || limit > 10000 {
		return domain.FieldErrorf("limit", domain.EINVALID, "limit must be between 1 and 10000, got %d", limit)
	}
	return nil
}

// Neighborhood selects the actors within hops of the seeds on the slice's undirected view (a
// neighbourhood includes ties either way): the seeds first, then the others by descending
// orderBy score, cut at limit (the seeds always kept). Errors: EINVALID, ENOTFOUND (a seed not
// in the slice), ETIMEOUT.
func (s *Service) Neighborhood(ctx context.Context, f domain.NetworkFilter, seeds []string, hops, limit int, orderBy domain.Metric, layout *LayoutOptions) (*Rendering, error) {
	if err := checkLimit(limit); err != nil {
		return nil, err
	}
	if hops < 1 || hops > MaxHops {
		return nil, domain.FieldErrorf("hops", domain.EINVALID, "hops must be between 1 and %d, got %d", MaxHops, hops)
	}
	if len(seeds) == 0 || len(seeds) > domain.MaxFilterValues {
		return nil, domain.FieldErrorf("actorIds", domain.EINVALID, "give 1 to %d actor ids", domain.MaxFilterValues)
	}
	if _, err := s.current(ctx, true); err != nil { // its edges need the partnerships' ids and types
		return nil, err
	}
	res, err := s.Compute(ctx, f, orderBy, Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	sn := res.Snapshot
	dist := make(map[int32]int, 64)
	var front, kept []int32
	for _, id := range seeds {
		v, err := sn.vertex(id)
		if err != nil {
			return nil, err
		}
		if _, dup := dist[v]; !dup {
			dist[v] = 0
			front = append(front, v)
			kept = append(kept, v)
		}
	}
	nSeeds := len(kept)
	for d := 1; d <= hops; d++ {
		var next []int32
		for _, v := range front {
			adj, _ := sn.undirected.Out(v)
			for _, w := range adj {
				if _, ok := dist[w]; !ok {
					dist[w] = d
					next = append(next, w)
				}
			}
		}
		front = next
	}
	others := make([]int32, 0, len(dist)-nSeeds)
	for v, d := range dist {
		if d > 0 {
			others = append(others, v)
		}
	}
	sort.Slice(others, func(i, j int) bool { return res.rank[others[i]] < res.rank[others[j]] })
	network.MeterOf(ctx).Add(2*len(dist) + len(others)*bits.Len(uint(len(others)))) // the search's ball, ranked
	kept = append(kept, others...)
	total := len(kept)
	kept = kept[:min(max(limit, nSeeds), len(kept))]
	return s.render(ctx, f, res, kept, total, layout)
}

// Subgraph selects the slice's highest-ranked actors by orderBy, up to limit. Errors:
// EINVALID, ETIMEOUT.
func (s *Service) Subgraph(ctx context.Context, f domain.NetworkFilter, limit int, orderBy domain.Metric, layout *LayoutOptions) (*Rendering, error) {
	if err := checkLimit(limit); err != nil {
		return nil, err
	}
	if _, err := s.current(ctx, true); err != nil { // its edges need the partnerships' ids and types
		return nil, err
	}
	res, err := s.Compute(ctx, f, orderBy, Options{Normalized: true})
	if err != nil {
		return nil, err
	}
	kept := res.order[:min(limit, len(res.order))]
	return s.render(ctx, f, res, kept, len(res.order), layout)
}

// render describes the kept vertices (in rank order) of a ranking's snapshot.
func (s *Service) render(ctx context.Context, f domain.NetworkFilter, res *Result, kept []int32, total int, layout *LayoutOptions) (*Rendering, error) {
	sn := res.Snapshot
	comm, _, err := s.louvain(ctx, f, 1, 1)
	if err != nil {
		return nil, err
	}
	out := &Rendering{Version: sn.Version, Total: total, Truncated: len(kept) < total, Nodes: make([]RenderNode, len(kept))}
	for i, v := range kept {
		a := sn.actor(v)
		out.Nodes[i] = RenderNode{ActorID: a.ID, Label: a.Name, Group: sn.groupOf(domain.BySector, a.Sector),
			Color: sn.base.sector[a.Sector].Color, Score: res.scores[v], Community: int(comm.labels[v])}
	}
	if layout != nil {
		// A layout is a heavy computation like any other: it waits for a slot.
		if err := s.admission.run(ctx, func() error { return place(ctx, sn, kept, out.Nodes, *layout) }); err != nil {
			return nil, timeout(err)
		}
	}
	g, err := s.detailed(ctx, sn.base)
	if err != nil {
		return nil, err
	}
	out.Edges = edgesAmong(g, sn, f, kept)
	network.MeterOf(ctx).Add(2*len(kept) + len(g.Ties) + len(out.Edges)*bits.Len(uint(len(out.Edges)))) // the nodes, the ties' pass, the edges sorted
	return out, nil
}

// edgesAmong lists the partnerships between the kept vertices that pass f, by id, from the
// version's graph in memory (g, with its partnerships' details): one pass over its ties.
func edgesAmong(g *domain.GraphData, sn *Snapshot, f domain.NetworkFilter, kept []int32) []RenderEdge {
	in := make(map[int32]bool, len(kept))
	for _, v := range kept {
		in[sn.actors[v]] = true
	}
	m := f.Matcher()
	out := []RenderEdge{}
	for i := range g.Ties {
		t := &g.Ties[i]
		if !in[t.U] || !in[t.V] || !m.Tie(t, g.TieTypes[t.Type]) {
			continue
		}
		out = append(out, RenderEdge{ID: t.ID, Source: g.Actors[t.U].ID, Target: g.Actors[t.V].ID, Type: g.TieTypes[t.Type],
			Weight: t.W, Directed: t.Directed, Since: dayOrNil(t.Since), Until: dayOrNil(t.Until)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// dayOrNil is a day number's date, nil for an open bound.
func dayOrNil(d int32) *time.Time {
	if d == domain.NoSince || d == domain.NoUntil {
		return nil
	}
	t := dayDate(d)
	return &t
}

// place positions the nodes (kept[i] is node i's vertex) with the requested algorithm.
func place(ctx context.Context, sn *Snapshot, kept []int32, nodes []RenderNode, o LayoutOptions) error {
	switch o.Algorithm {
	case LayoutCircular, LayoutByGroup:
		placeOnCircle(nodes, o.Algorithm == LayoutByGroup)
		return nil
	case LayoutForceAtlas2:
	default:
		return domain.FieldErrorf("layout.algorithm", domain.EINVALID, "unknown layout %q", o.Algorithm)
	}
	if o.Iterations < 1 || o.Iterations > 1000 {
		return domain.FieldErrorf("layout.iterations", domain.EINVALID, "iterations must be between 1 and 1000, got %d", o.Iterations)
	}
	if len(kept) > MaxLayoutNodes {
		return domain.FieldErrorf("layout", domain.EINVALID, "FORCE_ATLAS2 lays out at most %d nodes; lower the limit", MaxLayoutNodes)
	}
	pos := make(map[int32]int32, len(kept))
	for i, v := range kept {
		pos[v] = int32(i)
	}
	var ties []network.Tie
	for i, v := range kept {
		adj, _ := sn.undirected.Out(v)
		for _, w := range adj {
			if j, ok := pos[w]; ok && int32(i) < j {
				ties = append(ties, network.Tie{U: int32(i), V: j, W: 1})
			}
		}
	}
	g, _ := network.Views(len(kept), ties)
	network.MeterOf(ctx).Add(2*len(kept) + 4*len(ties)) // the positions, the kept ties, the view
	x, y, err := network.ForceAtlas2(ctx, g, o.Seed, o.Iterations)
	if err != nil {
		return err
	}
	for i := range nodes {
		nodes[i].X, nodes[i].Y = &x[i], &y[i]
	}
	return nil
}

// placeOnCircle lays nodes out deterministically on the unit circle: in rank order, or with
// one arc per group (sorted by key, sized by membership).
func placeOnCircle(nodes []RenderNode, byGroup bool) {
	n := len(nodes)
	slot := make([]int, n)
	for i := range slot {
		slot[i] = i
	}
	if byGroup {
		sort.SliceStable(slot, func(a, b int) bool { return nodes[slot[a]].Group.Key < nodes[slot[b]].Group.Key })
	}
	for pos, i := range slot {
		angle := 2 * math.Pi * float64(pos) / float64(n)
		x, y := math.Cos(angle), math.Sin(angle)
		nodes[i].X, nodes[i].Y = &x, &y
	}
}

// SectorColors maps each sector's code to its display colour ("#rrggbb"; absent when the
// sector has none) at the operation's graph version.
func (s *Service) SectorColors(ctx context.Context) (map[string]string, error) {
	b, err := s.current(ctx, false)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(b.sector))
	for code, sec := range b.sector {
		if sec.Color != "" {
			out[code] = sec.Color
		}
	}
	return out, nil
}
