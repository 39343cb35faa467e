package analytics

import (
	"context"
	"fmt"
	"time"

	"stakegraph/domain"
)

// DefaultLoadTimeout bounds loading one version's network into memory: far longer than a
// request may take, since the load goes on when its request has gone.
const DefaultLoadTimeout = 10 * time.Minute

// WithLoadTimeout sets how long loading one version's network may take (DefaultLoadTimeout
// when ≤ 0).
func WithLoadTimeout(d time.Duration) Option {
	return func(s *Service) {
		if d <= 0 {
			d = DefaultLoadTimeout
		}
		s.loadTimeout = d
	}
}

// KeepWarm loads the newest version's network in the background until ctx ends: at once, and
// after writes once the version has not changed for settle (debounced: a burst of writes
// causes one load), so the first analytics request after start-up or a write rarely waits.
// The loads go through the memory budget like any other; errors are left for requests to
// meet.
func (s *Service) KeepWarm(ctx context.Context, every, settle time.Duration) {
	var seen int64 = -1
	var since time.Time
	first := true
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		vctx, cancel := context.WithTimeout(ctx, VersionTimeout)
		v, err := s.readVersion(vctx)
		cancel()
		if err == nil {
			if v != seen {
				seen, since = v, time.Now()
			}
			key := dataKey(kindBase, v).String()
			_, cached := s.cache.peek(key)
			if !cached && !s.cache.running(key) && (first || time.Since(since) >= settle) {
				lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.loadTimeout)
				_, _ = s.loadWithin(lctx, v, false, s.loadTimeout)
				cancel()
			}
			first = false
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// base is one graph version's whole network, from which slices are derived. Its data may
// lack the partnerships' ids, types and dates (TieRefs set); detailed adds them.
type base struct {
	data   *domain.GraphData
	sector map[string]domain.Sector
	// pairs is Σ over actors of their partnerships' count squared: at least DegreePairs of
	// any slice (a slice's degrees count distinct partners among fewer ties), so the cost
	// model's bound for a slice it has not built.
	pairs float64
}

// tiePairs is Σ over actors of (partnerships touching them)².
func tiePairs(g *domain.GraphData) float64 {
	deg := make([]float64, len(g.Actors))
	for _, t := range g.Ties {
		deg[t.U]++
		if t.V != t.U {
			deg[t.V]++
		}
	}
	sum := 0.0
	for _, d := range deg {
		sum += d * d
	}
	return sum
}

// current returns the graph data for ctx: the operation's, or the current version's. details
// says whether the request will need the partnerships' ids, types or dates; when the version
// is not loaded yet, they are then loaded with it rather than in a second pass.
func (s *Service) current(ctx context.Context, details bool) (*base, error) {
	op, _ := ctx.Value(operationKey{}).(*operation)
	if op == nil {
		v, err := s.readVersion(ctx)
		if err != nil {
			if b, _, ok := s.staleBase(ctx, err); ok {
				return b, nil
			}
			return nil, err
		}
		return s.loadWithin(ctx, v, details, LoadWait)
	}
	op.mu.Lock()
	defer op.mu.Unlock()
	if op.base != nil {
		return op.base, nil
	}
	wasPinned := op.pinned
	if !op.pinned {
		v, err := s.readVersion(ctx)
		if err != nil {
			b, confirmed, ok := s.staleBase(ctx, err)
			if !ok {
				return nil, err
			}
			op.version, op.pinned, op.base, op.stale, op.confirmed = b.data.Version, true, b, true, confirmed
			return b, nil
		}
		op.version = v
	}
	b, err := s.loadWithin(ctx, op.version, details, LoadWait)
	if err != nil {
		return nil, err
	}
	if b.data.Version != op.version {
		if wasPinned {
			// The operation already answered with op.version, whose data is gone.
			return nil, domain.Errorf(domain.ECONFLICT, "the network changed while this operation ran; send it again")
		}
		op.version = b.data.Version // a write landed between reading the version and loading
	}
	op.pinned, op.base = true, b
	return b, nil
}

// LoadWait is how long a request waits for its version's network to load before it answers
// SERVICE_UNAVAILABLE ("still loading", Retry-After) and leaves the load running: networks up
// to about a million ties load within it.
const LoadWait = 5 * time.Second

// loadWithin returns version v's data, loading it once per version: its structure only (see
// StructureLoader) unless details. The store reads the version inside the loading
// transaction, so the data's Version may be newer than v when a write landed in between.
func (s *Service) loadWithin(ctx context.Context, v int64, details bool, maxWait time.Duration) (*base, error) {
	// The load is shared work that outlives the request that started it (bounded by
	// loadTimeout); a request waits for it at most maxWait, and at most until its own
	// deadline, then answers SERVICE_UNAVAILABLE ("still loading"), so a retry finds the load
	// done or further along.
	until := time.Now().Add(maxWait)
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(until) {
		until = deadline
	}
	wait, cancel := context.WithDeadline(ctx, until)
	defer cancel()
	key := dataKey(kindBase, v).String()
	val, err := s.cache.getDetached(wait, key, v, func(ctx context.Context) (any, int64, error) {
		ctx, cancel := context.WithTimeout(ctx, s.loadTimeout)
		defer cancel()
		load := s.loader.LoadGraph
		if sl, ok := s.loader.(StructureLoader); ok && !details {
			load = sl.LoadGraphStructure
		}
		n, m := s.Size()
		attrs := int64(n)*s.attrBytes.actor.Load() + int64(m)*s.attrBytes.tie.Load()
		release, err := s.cache.reserve(GraphBytesEstimate(int64(n), int64(m)) + attrs)
		if err != nil {
			return nil, 0, err
		}
		defer release()
		g, err := load(ctx)
		if err != nil {
			return nil, 0, err
		}
		if len(g.Actors) > 0 {
			s.attrBytes.actor.Store(g.ActorAttrs.Bytes() / int64(len(g.Actors)))
		}
		if len(g.Ties) > 0 {
			s.attrBytes.tie.Store(g.TieAttrs.Bytes() / int64(len(g.Ties)))
		}
		b := &base{data: g, sector: make(map[string]domain.Sector, len(g.Sectors)), pairs: tiePairs(g)}
		for _, sec := range g.Sectors {
			b.sector[sec.Code] = sec
		}
		return b, graphBytes(g), nil
	})
	if err != nil && wait.Err() != nil && s.cache.running(key) {
		return nil, domain.Errorf(domain.EUNAVAIL, "the network (version %d) is still loading into memory; retry in a few seconds", v)
	}
	if err != nil {
		return nil, timeout(err)
	}
	b := val.(*base)
	s.observe(b.data.Version)
	return b, nil
}

// detailed returns b's data with the partnerships' ids, types and dates, loading them once
// per version when b has only the structure. Errors: ECONFLICT when the network changed
// since b's version (the operation must start again), EUNAVAIL, ETIMEOUT.
func (s *Service) detailed(ctx context.Context, b *base) (*domain.GraphData, error) {
	if b.data.TieRefs == nil {
		return b.data, nil
	}
	sl, ok := s.loader.(StructureLoader)
	if !ok {
		return nil, domain.Internal(fmt.Errorf("analytics: a structure-only graph from a loader that cannot add details"))
	}
	v := b.data.Version
	val, err := s.cache.get(ctx, dataKey(kindDetails, v).String(), v, func(ctx context.Context) (any, int64, error) {
		release, err := s.cache.reserve(int64(len(b.data.Ties)) * (graphTieBytes + 16))
		if err != nil {
			return nil, 0, err
		}
		defer release()
		d, err := sl.LoadTieDetails(ctx, b.data)
		if err != nil {
			return nil, 0, err
		}
		g := b.data.WithTieDetails(d)
		return g, graphBytes(g), nil
	})
	if err != nil {
		return nil, timeout(err)
	}
	return val.(*domain.GraphData), nil
}
