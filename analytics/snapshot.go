package analytics

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"stakegraph/domain"
	"stakegraph/network"
)

// maxQueuedBuilds bounds the snapshot builds waiting for a slot: waiting costs nothing but a
// goroutine (a build reserves its memory only once it runs), and how many distinct slices one
// operation may ask for is bounded by its bytes.
const maxQueuedBuilds = 1024

// DefaultOperationBytes bounds the memory of the uncached network slices one operation may
// build (MAX_OPERATION_BYTES): a few dozen distinct filters on a network of 10,000 actors.
const DefaultOperationBytes = 256 << 20

// WithOperationBytes sets the bound on one operation's uncached slices (DefaultOperationBytes
// when ≤ 0).
func WithOperationBytes(n int64) Option {
	return func(s *Service) {
		if n <= 0 {
			n = DefaultOperationBytes
		}
		s.opBytes = n
	}
}

// OperationBytes is the bound on the bytes of the uncached slices one operation may build.
func (s *Service) OperationBytes() int64 { return s.opBytes }

// build runs work, which allocates about bytes, once a build slot is free and the bytes are
// reserved in the memory budget (see cache.reserve).
func (s *Service) build(ctx context.Context, bytes int64, work func() error) error {
	return s.builds.run(ctx, func() error {
		release, err := s.cache.reserve(bytes)
		if err != nil {
			return err
		}
		defer release()
		return work()
	})
}

// Snapshot is an immutable, filtered copy of the network in both views. Vertex i is the actor
// IDs()[i]; ids are sorted.
type Snapshot struct {
	Version    int64
	key        string  // the slice's key (NetworkFilter.SliceKey)
	pairs      float64 // Σ d(v)² on the undirected view, for the cost model
	ids        []string
	index      map[string]int32
	actors     []int32 // vertex → index into the version's GraphData.Actors
	base       *base
	undirected *network.Graph
	directed   *network.Graph
	groupings  map[domain.ActorAttribute]*grouping
	bytes      int64

	mu     sync.Mutex                          // guards custom
	custom map[domain.ActorAttribute]*grouping // by attribute, built on first use
}

// ActorCount is the number of actors in the slice.
func (sn *Snapshot) ActorCount() int { return len(sn.ids) }

// Has reports whether an actor is in the slice.
func (sn *Snapshot) Has(actorID string) bool {
	_, ok := sn.index[actorID]
	return ok
}

// EdgeCount is the number of edges (undirected) or arcs (directed) in the view.
func (sn *Snapshot) EdgeCount(d domain.Direction) int { return sn.view(d).EdgeCount() }

// view returns the graph for a direction.
func (sn *Snapshot) view(d domain.Direction) *network.Graph {
	if d == domain.Directed {
		return sn.directed
	}
	return sn.undirected
}

// actor returns the stored attributes of vertex v.
func (sn *Snapshot) actor(v int32) *domain.GraphActor { return &sn.base.data.Actors[sn.actors[v]] }

// Not in the slice: every per-actor analysis answers an actor that is not in the slice (one
// the filter leaves out, or one that does not exist) with the same error, from the one lookup
// below — a NOT_FOUND error that NotInSlice recognises. A GraphQL field on an actor turns it
// into null (the actor exists, the slice lacks it); a query naming the actor reports it.
var errNotInSlice = errors.New("actor not in the slice")

// NotInSlice reports whether err says that an actor is not in the network slice.
func NotInSlice(err error) bool { return errors.Is(err, errNotInSlice) }

// vertex finds an actor in a snapshot. Errors: ENOTFOUND (NotInSlice) when the actor is not in
// the slice.
func (sn *Snapshot) vertex(actorID string) (int32, error) {
	v, ok := sn.index[actorID]
	if !ok {
		return 0, &domain.Error{Code: domain.ENOTFOUND, Message: fmt.Sprintf("actor %q is not in this network slice", actorID), Cause: errNotInSlice}
	}
	return v, nil
}

// sliceAt is f's slice (slice) and the vertices of actorIDs in it: the one place a request
// about given actors finds them. Errors: those of slice; ENOTFOUND (NotInSlice) for the first
// actor not in the slice.
func (s *Service) sliceAt(ctx context.Context, f *domain.NetworkFilter, actorIDs ...string) (*Snapshot, []int32, error) {
	sn, err := s.slice(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	vs := make([]int32, len(actorIDs))
	for i, id := range actorIDs {
		if vs[i], err = sn.vertex(id); err != nil {
			return nil, nil, err
		}
	}
	return sn, vs, nil
}

// checkSectors reports a filter sector that does not exist at the data's version.
// It also checks the filter's attribute conditions against the version's definitions and
// fills in their types.
func (b *base) checkSectors(f *domain.NetworkFilter) error {
	for _, code := range f.Sectors {
		if _, ok := b.sector[code]; !ok {
			return domain.FieldErrorf("network.sectors", domain.EINVALID, "unknown sector %q", code)
		}
	}
	return f.CheckAttributes(b.data.AttributeDefs)
}

// Snapshot returns the snapshot for f at the operation's graph version, deriving it once.
// Errors: EINVALID for a bad filter; ETIMEOUT when the request's time runs out.
func (s *Service) Snapshot(ctx context.Context, f domain.NetworkFilter) (*Snapshot, error) {
	return s.slice(ctx, &f)
}

// slice validates f in place (filling defaults such as the direction) and returns its
// snapshot. Callers take the view's direction and weighting from f, never from the cached
// snapshot, which serves every view of the slice.
func (s *Service) slice(ctx context.Context, f *domain.NetworkFilter) (*Snapshot, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	b, err := s.current(ctx, f.NeedsTieDetails())
	if err != nil {
		return nil, err
	}
	if err := b.checkSectors(f); err != nil {
		return nil, err
	}
	return s.snapshot(ctx, b, *f)
}

func (s *Service) snapshot(ctx context.Context, b *base, f domain.NetworkFilter) (*Snapshot, error) {
	v := b.data.Version
	id := sliceID(f)
	key := sliceKey(v, id).String()
	estimate := SnapshotBytesEstimate(int64(len(b.data.Actors)), int64(len(b.data.Ties)))
	if _, cached := s.cache.peek(key); !cached {
		if err := s.chargeSlice(ctx, key, estimate); err != nil {
			return nil, err
		}
	}
	val, err := s.cache.get(ctx, key, v, func(ctx context.Context) (any, int64, error) {
		g := b.data
		if f.NeedsTieDetails() {
			var err error
			if g, err = s.detailed(ctx, b); err != nil {
				return nil, 0, err
			}
		}
		var sn *Snapshot
		err := s.build(ctx, estimate, func() error {
			sn = buildSnapshot(b, g, f)
			sn.key = id
			network.MeterOf(ctx).Add(sn.buildSteps())
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		return sn, sn.bytes, nil
	})
	if err != nil {
		return nil, timeout(err)
	}
	return val.(*Snapshot), nil
}

// chargeSlice counts an uncached slice against the operation's memory bound, once per slice.
// An operation may always build one slice (whether it fits is the memory budget's to say:
// a network of a million actors takes more than the bound); opBytes bounds the others.
// Errors: ETOOEXPENSIVE when the operation's uncached slices would take more than opBytes
// (the cost model refuses such operations before they run; this holds whatever it missed).
func (s *Service) chargeSlice(ctx context.Context, key string, bytes int64) error {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		return nil
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	if op.slices[key] {
		return nil
	}
	if len(op.slices) > 0 && op.bytes+bytes > s.opBytes { // the first slice is the memory budget's to admit
		return domain.Errorf(domain.ETOOEXPENSIVE, "this operation asks for more distinct network slices than one operation may build (about %d MiB of %d MiB, MAX_OPERATION_BYTES): use fewer distinct network filters per operation", (op.bytes+bytes)>>20, s.opBytes>>20)
	}
	if op.slices == nil {
		op.slices = map[string]bool{}
		bytes = 0 // the first slice is not counted
	}
	op.slices[key] = true
	op.bytes += bytes
	return nil
}

// buildSnapshot derives f's slice from a version's whole network g, b's data or its detailed
// copy when f selects partnerships by type or date (design.md "Network views"; the semantics
// are domain.NetworkFilter's).
func buildSnapshot(b *base, g *domain.GraphData, f domain.NetworkFilter) *Snapshot {
	m := f.Matcher()
	vertexOf, kept := keptActors(g, m)
	var ties []network.Tie
	keptTies(g, f, vertexOf, func(i int, u, v int32, w float64) {
		ties = append(ties, network.Tie{U: u, V: v, W: w, Directed: g.Ties[i].Directed})
	})
	if f.IncludeProjectTies {
		ties = append(ties, projectTies(g, m, vertexOf)...)
	}
	if f.Overlay != nil {
		ties = append(ties, overlayTies(g, f.Overlay, vertexOf)...)
	}
	u, d := network.Views(len(kept), ties)
	sn := &Snapshot{Version: g.Version, ids: make([]string, len(kept)), index: make(map[string]int32, len(kept)),
		actors: kept, base: b, undirected: u, directed: d, pairs: network.DegreePairs(u)}
	values := map[domain.ActorAttribute][]string{}
	for _, a := range []domain.ActorAttribute{domain.BySector, domain.ByRegion, domain.ByType, domain.ByKind} {
		values[a] = make([]string, len(kept))
	}
	for v, i := range kept {
		a := &g.Actors[i]
		sn.ids[v] = a.ID
		sn.index[a.ID] = int32(v)
		values[domain.BySector][v], values[domain.ByRegion][v] = a.Sector, a.Region
		values[domain.ByType][v], values[domain.ByKind][v] = a.Type, string(a.Kind)
	}
	sn.groupings = map[domain.ActorAttribute]*grouping{}
	for a, vals := range values {
		sn.groupings[a] = newGrouping(a, vals)
	}
	sn.bytes = u.Bytes() + d.Bytes() + int64(cap(kept))*4 + int64(len(kept))*(16+4*4) + mapBytes(int64(len(kept)), 24)
	return sn
}

// buildSteps counts what deriving the slice did: a pass over the data's actors and ties, the
// two views' rows built from the kept ties, the groupings' passes over the kept actors.
func (sn *Snapshot) buildSteps() int {
	g := sn.base.data
	u, d := sn.undirected, sn.directed
	return len(g.Actors) + len(g.Ties) + 2*(u.N+len(u.OutAdj)) + 2*(d.N+len(d.OutAdj)+len(d.InAdj)) + 6*len(sn.actors)
}

// overlayTies are an overlay's hypothetical ties between kept actors (Service.checkOverlay has
// refused any other before the slice is built).
func overlayTies(g *domain.GraphData, o *domain.Overlay, vertexOf []int32) []network.Tie {
	want := map[string]int32{}
	for _, t := range o.AddTies {
		want[t.Source], want[t.Target] = -1, -1
	}
	for i := range g.Actors {
		if _, ok := want[g.Actors[i].ID]; ok {
			want[g.Actors[i].ID] = vertexOf[i]
		}
	}
	var out []network.Tie
	for _, t := range o.AddTies {
		if u, v := want[t.Source], want[t.Target]; u >= 0 && v >= 0 {
			out = append(out, network.Tie{U: u, V: v, W: t.Weight, Directed: t.Directed})
		}
	}
	return out
}

// projectTies ties every two kept actors that share an active project, weight 1 per shared
// project, mutually.
func projectTies(g *domain.GraphData, m *domain.NetworkMatcher, vertexOf []int32) []network.Tie {
	shared := map[[2]int32]int{}
	for _, p := range g.Projects {
		if !m.Active(p.Since, p.Until) {
			continue
		}
		var members []int32
		for _, a := range p.Members {
			if v := vertexOf[a]; v >= 0 {
				members = append(members, v)
			}
		}
		sort.Slice(members, func(i, j int) bool { return members[i] < members[j] })
		for i, a := range members {
			for _, b := range members[i+1:] {
				if a != b {
					shared[[2]int32{a, b}]++
				}
			}
		}
	}
	out := make([]network.Tie, 0, len(shared))
	for k, n := range shared {
		out = append(out, network.Tie{U: k[0], V: k[1], W: float64(n)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].U < out[j].U || (out[i].U == out[j].U && out[i].V < out[j].V) })
	return out
}

// ActorID is vertex v's actor id.
func (sn *Snapshot) ActorID(v int) string { return sn.ids[v] }
