package analytics

import (
	"context"
	"math"

	"stakegraph/domain"
	"stakegraph/network"
)

// GroupMixing is one group's size and E-I index in a mixing result.
type GroupMixing struct {
	Group
	Size    int
	EIIndex float64 // NaN when the group has no ties
}

// PairMixing is the ties between two groups (A ≤ B by key) and their block density.
type PairMixing struct {
	A, B    Group
	Ties    int
	Density float64
}

// MixingResult is the slice's group mixing on the undirected view.
type MixingResult struct {
	Version       int64
	Groups        []GroupMixing // by key
	Pairs         []PairMixing  // pairs with ties, by key
	EIIndex       float64
	Assortativity float64
}

// MaxMixingGroups bounds the groups of a mixing matrix (G² cells): a STRING attribute could
// have a value per actor.
const MaxMixingGroups = 500

// Mixing computes group × group ties, densities, E-I indices and assortativity. Errors:
// EINVALID for a grouping with more than MaxMixingGroups groups in the slice.
func (s *Service) Mixing(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute) (*MixingResult, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, err
	}
	f.Direction, f.Weighted = domain.Undirected, false
	res, _, err := cached(ctx, s, f, "mixing", string(by), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*MixingResult, int64, error) {
		gr := sn.group(by)
		if len(gr.keys) > MaxMixingGroups {
			return nil, 0, domain.FieldErrorf("groupByAttribute", domain.EINVALID,
				"%s has %d values in the slice; mixing compares at most %d groups (its matrix grows as their square): group by an attribute with fewer values", by, len(gr.keys), MaxMixingGroups)
		}
		m, err := network.GroupMixing(ctx, sn.undirected, gr.of, len(gr.keys))
		if err != nil {
			return nil, 0, err
		}
		out := &MixingResult{Version: sn.Version, EIIndex: m.EI, Assortativity: m.Assortativity}
		for a, key := range gr.keys {
			out.Groups = append(out.Groups, GroupMixing{Group: sn.groupOf(by, key), Size: m.Size[a], EIIndex: m.GroupEI[a]})
			for b := a; b < len(gr.keys); b++ {
				if m.Ties[a][b] > 0 {
					out.Pairs = append(out.Pairs, PairMixing{A: sn.groupOf(by, key), B: sn.groupOf(by, gr.keys[b]),
						Ties: m.Ties[a][b], Density: m.Density[a][b]})
				}
			}
		}
		k := int64(len(gr.keys))
		return out, 64 + k*k*64, nil
	})
	return res, err
}

// ActorEI is an actor's E-I index over its neighbours on the undirected view by `by`; NaN when
// it has none. Errors: ENOTFOUND (NotInSlice), EINVALID.
func (s *Service) ActorEI(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID string) (float64, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return 0, err
	}
	sn, v, err := s.sliceAt(ctx, &f, actorID)
	if err != nil {
		return 0, err
	}
	release, err := lane(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	return network.ActorEI(ctx, sn.undirected, v[0], sn.group(by).of), nil
}

// AttributeAssortativity is Newman's assortativity of an actor attribute on f's view: by class
// for a STRING or BOOLEAN attribute, the Pearson correlation across ties for a NUMBER one, over
// the actors that have a value (network.AttributeAssortativity, NumericAssortativity). NaN when
// undefined. Errors: EINVALID (unknown attribute, a DATE attribute), those of the slice.
func (s *Service) AttributeAssortativity(ctx context.Context, f domain.NetworkFilter, name string) (float64, error) {
	sn, err := s.slice(ctx, &f)
	if err != nil {
		return 0, err
	}
	vv, err := sn.attributeValues("attribute", name, "assortativity")
	if err != nil {
		return 0, err
	}
	g := sn.view(f.Direction)
	switch {
	case vv.none:
		return math.NaN(), nil
	case vv.class != nil:
		return network.AttributeAssortativity(ctx, g, vv.class), nil
	}
	return network.NumericAssortativity(ctx, g, vv.x), nil
}
