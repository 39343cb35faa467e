package analytics

import (
	"context"
	"fmt"
	"sort"

	"stakegraph/domain"
	"stakegraph/network"
)

// communities is a Louvain partition by vertex.
type communities struct {
	labels     []int32
	count      int
	modularity float64
}

func (s *Service) louvain(ctx context.Context, f domain.NetworkFilter, resolution float64, seed uint64) (*communities, *Snapshot, error) {
	if !(resolution > 0) || resolution > 1e6 {
		return nil, nil, domain.FieldErrorf("resolution", domain.EINVALID, "resolution must be a positive number, got %v", resolution)
	}
	f.Direction = domain.Undirected
	return cached(ctx, s, f, "louvain", fmt.Sprintf("%v|%d", resolution, seed), func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*communities, int64, error) {
		labels, err := network.Louvain(ctx, sn.undirected, f.Weighted, resolution, seed)
		if err != nil {
			return nil, 0, err
		}
		count := 0
		for _, c := range labels {
			count = max(count, int(c)+1)
		}
		network.MeterOf(ctx).Add(2*len(labels) + len(sn.undirected.OutAdj)) // the count and the modularity
		return &communities{labels: labels, count: count,
			modularity: network.Modularity(sn.undirected, labels, f.Weighted, resolution)}, int64(len(labels)) * 4, nil
	})
}

// Community is one community: its rank by size (0 is the largest), members' ids (in id order)
// and composition by group (most first).
type Community struct {
	ID          int
	MemberIDs   []string
	Composition []GroupShare
}

// CommunitiesResult is a Louvain partition of a slice's undirected view, largest community
// first.
type CommunitiesResult struct {
	Version     int64
	Modularity  float64
	Communities []Community
}

// Communities partitions f's undirected view by Louvain with the given resolution and seed,
// with each community's composition by `by`. Errors: EINVALID (resolution ≤ 0, groupBy),
// ETIMEOUT.
func (s *Service) Communities(ctx context.Context, f domain.NetworkFilter, resolution float64, seed uint64, by domain.ActorAttribute) (*CommunitiesResult, error) {
	by, err := s.checkGroupBy(ctx, by)
	if err != nil {
		return nil, err
	}
	c, sn, err := s.louvain(ctx, f, resolution, seed)
	if err != nil {
		return nil, err
	}
	members := make([][]int32, c.count)
	for v, l := range c.labels {
		members[l] = append(members[l], int32(v))
	}
	sort.SliceStable(members, func(i, j int) bool { return len(members[i]) > len(members[j]) })
	gr := sn.group(by)
	out := &CommunitiesResult{Version: sn.Version, Modularity: c.modularity, Communities: make([]Community, len(members))}
	for rank, ms := range members {
		counts := make([]int, len(gr.keys))
		ids := make([]string, len(ms))
		for i, v := range ms {
			ids[i] = sn.ids[v]
			counts[gr.of[v]]++
		}
		out.Communities[rank] = Community{ID: rank, MemberIDs: ids, Composition: shares(sn, gr, counts, len(ms))}
	}
	return out, nil
}
