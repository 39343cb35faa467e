package analytics

import (
	"context"

	"stakegraph/domain"
	"stakegraph/network"
)

// Path is a sequence of actors joined by ties of the view.
type Path struct {
	ActorIDs []string
	Distance float64 // hops, or Σ 1/weight when weighted
}

// ShortestPath finds a shortest path between two actors on f's view; nil when none exists.
// Errors: ENOTFOUND.
func (s *Service) ShortestPath(ctx context.Context, f domain.NetworkFilter, from, to string) (*Path, error) {
	sn, ends, err := s.sliceAt(ctx, &f, from, to)
	if err != nil {
		return nil, err
	}
	release, err := lane(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	p, d := network.ShortestPath(ctx, sn.view(f.Direction), ends[0], ends[1], f.Weighted)
	return pathOf(sn, p, d), nil
}

// NearestInGroup finds the closest actor of group (by `by`) from actorID and the path to it;
// nil when none is reachable. Errors: EINVALID, ENOTFOUND.
func (s *Service) NearestInGroup(ctx context.Context, f domain.NetworkFilter, by domain.ActorAttribute, actorID, group string) (*Path, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, err
	}
	sn, v, err := s.sliceAt(ctx, &f, actorID)
	if err != nil {
		return nil, err
	}
	gr := sn.group(by)
	target, ok := gr.index[group]
	if !ok {
		return nil, nil
	}
	release, err := lane(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	p, d := network.NearestInGroup(ctx, sn.view(f.Direction), v[0], gr.of, target, f.Weighted)
	return pathOf(sn, p, d), nil
}

func pathOf(sn *Snapshot, p []int32, d float64) *Path {
	if p == nil {
		return nil
	}
	ids := make([]string, len(p))
	for i, v := range p {
		ids[i] = sn.ids[v]
	}
	return &Path{ActorIDs: ids, Distance: d}
}
