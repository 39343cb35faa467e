package analytics

import (
	"context"

	"stakegraph/domain"
	"stakegraph/network"
)

// LinkMethods are the link-prediction indices by their GraphQL names.
var LinkMethods = map[string]network.LinkMethod{
	"COMMON_NEIGHBORS":    network.CommonNeighbors,
	"JACCARD":             network.Jaccard,
	"ADAMIC_ADAR":         network.AdamicAdar,
	"RESOURCE_ALLOCATION": network.ResourceAllocation,
}

// Partner is a suggested partner of an actor: an actor of the slice not tied to it, its
// link-prediction score, and the shared partners that make the score (largest contribution
// first).
type Partner struct {
	ActorID string
	Score   float64
	Via     []string
}

// SuggestedPartners scores the actors of f's slice not tied to actorID by a link-prediction
// index on the undirected view (network.PredictLinks; NetworkX's common_neighbors,
// jaccard_coefficient, adamic_adar_index and resource_allocation_index), best first (score
// descending, then actor id), at most first of them. With crossGroup only actors outside
// actorID's group by `by` are candidates. Errors: EINVALID (a bad filter or grouping),
// ENOTFOUND (an actor outside the slice), ETIMEOUT.
func (s *Service) SuggestedPartners(ctx context.Context, f domain.NetworkFilter, actorID string, method network.LinkMethod,
	crossGroup bool, by domain.ActorAttribute, first int) ([]Partner, int64, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, 0, err
	}
	sn, vs, err := s.sliceAt(ctx, &f, actorID)
	if err != nil {
		return nil, 0, err
	}
	u := vs[0]
	var keep func(int32) bool
	if crossGroup {
		of := sn.group(by).of
		keep = func(x int32) bool { return of[x] != of[u] }
	}
	// One actor's two-hop neighbourhood, priced with the field: not queued for a slot like a
	// whole-slice computation (an actor list asking each actor's partners would fill the queue
	// by itself and be refused as SERVICE_OVERLOADED).
	release, err := lane(ctx)
	if err != nil {
		return nil, 0, err
	}
	cands, err := network.PredictLinks(ctx, sn.undirected, u, method, keep)
	release()
	if err != nil {
		return nil, 0, timeout(err)
	}
	out := make([]Partner, 0, min(first, len(cands)))
	for _, c := range cands[:min(first, len(cands))] {
		p := Partner{ActorID: sn.ids[c.V], Score: c.Score, Via: make([]string, len(c.Via))}
		for i, w := range c.Via {
			p.Via[i] = sn.ids[w]
		}
		out = append(out, p)
	}
	return out, sn.Version, nil
}
