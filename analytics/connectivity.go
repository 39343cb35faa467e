package analytics

import (
	"context"

	"stakegraph/domain"
	"stakegraph/network"
)

type cuts struct {
	isCut   []bool
	bridges [][2]int32
}

func (s *Service) cuts(ctx context.Context, f domain.NetworkFilter) (*cuts, *Snapshot, error) {
	f.Direction, f.Weighted = domain.Undirected, false
	return cached(ctx, s, f, "cuts", "", func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*cuts, int64, error) {
		isCut, bridges, err := network.CutPoints(ctx, sn.undirected)
		return &cuts{isCut: isCut, bridges: bridges}, int64(len(isCut)) + int64(len(bridges))*8, err
	})
}

// CutsResult lists the slice's cut vertices and bridges by actor id (undirected view).
type CutsResult struct {
	Version     int64
	CutVertices []string
	Bridges     [][2]string
}

// Cuts finds the slice's cut vertices and bridges (on the undirected view).
func (s *Service) Cuts(ctx context.Context, f domain.NetworkFilter) (*CutsResult, error) {
	c, sn, err := s.cuts(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &CutsResult{Version: sn.Version}
	for v, isCut := range c.isCut {
		if isCut {
			out.CutVertices = append(out.CutVertices, sn.ids[v])
		}
	}
	for _, b := range c.bridges {
		out.Bridges = append(out.Bridges, [2]string{sn.ids[b[0]], sn.ids[b[1]]})
	}
	return out, nil
}

// IsCutVertex reports whether removing the actor disconnects the slice's undirected view.
// Errors: ENOTFOUND (NotInSlice).
func (s *Service) IsCutVertex(ctx context.Context, f domain.NetworkFilter, actorID string) (*bool, error) {
	c, sn, err := s.cuts(ctx, f)
	if err != nil {
		return nil, err
	}
	v, err := sn.vertex(actorID)
	if err != nil {
		return nil, err
	}
	return &c.isCut[v], nil
}

// RemovalImpact is what removing one actor does to the slice's connectivity.
type RemovalImpact = network.RemovalImpact

// Removal reports what removing one actor does to the slice's connectivity (undirected).
// Errors: ENOTFOUND.
func (s *Service) Removal(ctx context.Context, f domain.NetworkFilter, actorID string) (RemovalImpact, error) {
	sn, v, err := s.sliceAt(ctx, &f, actorID)
	if err != nil {
		return RemovalImpact{}, err
	}
	release, err := lane(ctx)
	if err != nil {
		return RemovalImpact{}, err
	}
	defer release()
	return network.Removal(ctx, sn.undirected, v[0]), nil
}
