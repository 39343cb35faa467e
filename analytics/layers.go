package analytics

import (
	"context"
	"math"
	"math/bits"
	"slices"

	"stakegraph/domain"
	"stakegraph/network"
)

// Multiplex partnerships. The partnership types of a slice are the layers of one multiplex
// network over the slice's actors (M. De Domenico et al., "Mathematical formulation of
// multilayer networks", Phys. Rev. X 3, 2013): a layer's ties are the actor pairs tied by
// partnerships of its type (parallel ties merged, direction ignored). Project ties have no type
// and are in no layer.

// Layers is a slice's layers, their overlaps and each actor's partners in each.
type Layers struct {
	Snapshot *Snapshot
	Layers   []Layer        // by type
	Overlaps []LayerOverlap // each pair of layers once, in layer order
	// Multiplexity is the share of tied actor pairs tied in two or more layers (0 without ties).
	Multiplexity float64
}

// Layer is one partnership type's layer: the actors with a partner in it, its tied pairs,
// their density over all the slice's actor pairs (N(N − 1)/2 for N actors, so that layers
// compare), and its connected components among its own actors (isolates left out).
type Layer struct {
	Type       string
	Actors     int
	Ties       int
	Density    float64
	Components int
	pairs      []uint64 // tied pairs (pairKey), sorted
	ends       []int32  // both ends of every pair, sorted: a vertex's count is its degree
}

// degree is v's distinct partners in the layer.
func (l *Layer) degree(v int32) int {
	lo, _ := slices.BinarySearch(l.ends, v)
	hi, _ := slices.BinarySearch(l.ends, v+1)
	return hi - lo
}

// MaxLayers bounds the partnership types one layers computation compares (their overlaps are
// L(L − 1)/2 pairs): partnership types are free text, so a slice could otherwise hold any
// number of them.
const MaxLayers = 100

// LayerOverlap compares two layers: the Jaccard index of their tied pairs, and the Pearson
// correlation of their 0/1 adjacency over all N(N − 1)/2 actor pairs (sna's gcor on the two
// layers; NaN when either layer has no variation).
type LayerOverlap struct {
	A, B                 string
	Jaccard, Correlation float64
}

// Layers computes f's slice's layers, cached per operation. Cost O(m log m + L²·m) for m ties
// and L layers. Errors: EINVALID for a bad filter, ETIMEOUT.
func (s *Service) Layers(ctx context.Context, f domain.NetworkFilter) (*Layers, error) {
	l, _, err := cached(ctx, s, f, "layers", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*Layers, int64, error) {
		g, err := s.detailed(ctx, sn.base)
		if err != nil {
			return nil, 0, err
		}
		n := len(sn.ids)
		byType := map[int32][]uint64{}
		keptTies(g, f, sn.vertexOfData(), func(i int, u, v int32, _ float64) {
			if u != v {
				t := g.Ties[i].Type
				byType[t] = append(byType[t], network.PairKey(u, v))
			}
		})
		if len(byType) > MaxLayers {
			return nil, 0, domain.FieldErrorf("network.partnershipTypes", domain.EINVALID,
				"the slice has %d partnership types; layers compares at most %d: choose some with network.partnershipTypes", len(byType), MaxLayers)
		}
		out := &Layers{Snapshot: sn}
		for typ, pairs := range byType {
			slices.Sort(pairs)
			out.Layers = append(out.Layers, Layer{Type: g.TieTypes[typ], pairs: slices.Compact(pairs)})
		}
		slices.SortFunc(out.Layers, func(a, b Layer) int {
			if a.Type < b.Type {
				return -1
			}
			if a.Type > b.Type {
				return 1
			}
			return 0
		})
		allPairs := float64(n) * float64(n-1) / 2
		bytes := int64(0)
		// One union–find over the slice's vertices, shared by the layers: each layer resets
		// only the vertices it touched, so L layers cost O(n + L + m), not O(L·n).
		uf := network.NewUnionFind(n)
		for li := range out.Layers {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
			l := &out.Layers[li]
			l.ends = make([]int32, 0, 2*len(l.pairs))
			components := 0
			for _, k := range l.pairs {
				u, v := network.PairOf(k)
				l.ends = append(l.ends, u, v)
				if uf.Union(u, v) {
					components--
				}
			}
			slices.Sort(l.ends)
			for i, x := range l.ends {
				if i == 0 || l.ends[i-1] != x {
					l.Actors++
					components++
				}
			}
			uf.Reset(l.ends)
			l.Ties, l.Components = len(l.pairs), components
			if allPairs > 0 {
				l.Density = float64(l.Ties) / allPairs
			}
			bytes += int64(len(l.ends))*4 + int64(len(l.pairs))*8
		}
		for a := range out.Layers {
			if err := ctx.Err(); err != nil {
				return nil, 0, err
			}
			for b := a + 1; b < len(out.Layers); b++ {
				out.Overlaps = append(out.Overlaps, overlap(&out.Layers[a], &out.Layers[b], allPairs))
			}
		}
		var all []uint64
		for _, l := range out.Layers {
			all = append(all, l.pairs...)
		}
		slices.Sort(all)
		// The ties by type, sorted; each layer's ends; each pair of layers' merge; the union.
		lg := bits.Len(uint(len(all)))
		network.MeterOf(ctx).Add(n + len(all)*(2*lg+3) + max(len(out.Layers)-1, 0)*len(all))
		distinct, multi := 0, 0
		for i := 0; i < len(all); {
			j := i + 1
			for j < len(all) && all[j] == all[i] {
				j++
			}
			distinct++
			if j-i >= 2 {
				multi++
			}
			i = j
		}
		if distinct > 0 {
			out.Multiplexity = float64(multi) / float64(distinct)
		}
		return out, bytes, nil
	})
	return l, err
}

// overlap compares two layers' sorted pairs over allPairs actor pairs.
func overlap(a, b *Layer, allPairs float64) LayerOverlap {
	common := 0
	for i, j := 0, 0; i < len(a.pairs) && j < len(b.pairs); {
		switch {
		case a.pairs[i] < b.pairs[j]:
			i++
		case a.pairs[i] > b.pairs[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	na, nb, c := float64(len(a.pairs)), float64(len(b.pairs)), float64(common)
	o := LayerOverlap{A: a.Type, B: b.Type, Jaccard: c / (na + nb - c), Correlation: math.NaN()}
	// Pearson's r of two 0/1 vectors over P pairs: (P·c − a·b) / √(a(P − a)·b(P − b)).
	if den := na * (allPairs - na) * nb * (allPairs - nb); den > 0 {
		o.Correlation = (allPairs*c - na*nb) / math.Sqrt(den)
	}
	return o
}

// LayerDegree is an actor's distinct partners in one layer.
type LayerDegree struct {
	Type   string
	Degree int
}

// Degrees returns an actor's distinct partners in each layer (every layer, 0 where it has
// none), and false when the actor is not in the slice.
func (l *Layers) Degrees(actorID string) ([]LayerDegree, bool) {
	v, ok := l.Snapshot.index[actorID]
	if !ok {
		return nil, false
	}
	out := make([]LayerDegree, len(l.Layers))
	for i, layer := range l.Layers {
		out[i] = LayerDegree{Type: layer.Type, Degree: layer.degree(v)}
	}
	return out, true
}

// Participation is an actor's multiplex participation coefficient over the M layers (F.
// Battiston, V. Nicosia and V. Latora, "Structural measures for multiplex networks", Phys.
// Rev. E 89, 032804, 2014):
//
//	P = M/(M − 1) · (1 − Σ_α (k_α / o)²),  o = Σ_α k_α,
//
// k_α the actor's distinct partners in layer α: 0 when all its partners are in one layer, 1
// when they are spread evenly over all. NaN without partners or with fewer than two layers;
// false when the actor is not in the slice.
func (l *Layers) Participation(actorID string) (float64, bool) {
	v, ok := l.Snapshot.index[actorID]
	if !ok {
		return 0, false
	}
	M := float64(len(l.Layers))
	var o, sq float64
	ks := make([]float64, len(l.Layers))
	for i := range l.Layers {
		ks[i] = float64(l.Layers[i].degree(v))
		o += ks[i]
	}
	if o == 0 || M < 2 {
		return math.NaN(), true
	}
	for _, k := range ks {
		sq += (k / o) * (k / o)
	}
	return M / (M - 1) * (1 - sq), true
}
