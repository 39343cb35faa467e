package network

import (
	"context"
	"math"
	"slices"
)

// LinkMethod is a link-prediction index over shared neighbours (Liben-Nowell and Kleinberg,
// "The link-prediction problem for social networks", 2007), as NetworkX computes them.
type LinkMethod int

const (
	// CommonNeighbors is |Γ(u) ∩ Γ(v)| (NetworkX common_neighbors).
	CommonNeighbors LinkMethod = iota
	// Jaccard is |Γ(u) ∩ Γ(v)| / |Γ(u) ∪ Γ(v)| (NetworkX jaccard_coefficient).
	Jaccard
	// AdamicAdar is Σ_{w ∈ Γ(u) ∩ Γ(v)} 1 / log |Γ(w)| (Adamic and Adar, "Friends and neighbors
	// on the Web", 2003; NetworkX adamic_adar_index).
	AdamicAdar
	// ResourceAllocation is Σ_{w ∈ Γ(u) ∩ Γ(v)} 1 / |Γ(w)| (Zhou, Lü and Zhang, "Predicting
	// missing links via local information", 2009; NetworkX resource_allocation_index).
	ResourceAllocation
)

// Candidate is a vertex not adjacent to the source with a positive score, and the shared
// neighbours that make it, the largest contribution first (fewest neighbours, then vertex).
type Candidate struct {
	V     int32
	Score float64
	Via   []int32
}

// PredictLinks scores every vertex two hops from u in the undirected graph g and not adjacent
// to it (every vertex with a positive score under any of the four indices), keeping those
// keep accepts (nil: all), best first (score descending, then vertex). Γ(x) is x's distinct
// neighbours without itself: g's rows are merged and free of self-loops. Cost O(Σ_{w ∈ Γ(u)}
// |Γ(w)|) time and O(n) memory.
func PredictLinks(ctx context.Context, g *Graph, u int32, method LinkMethod, keep func(int32) bool) ([]Candidate, error) {
	n := g.N
	adjU, _ := g.Out(u)
	neighbour := make([]bool, n)
	for _, w := range adjU {
		neighbour[w] = true
	}
	slot := make([]int32, n) // candidate x → index+1 in out
	var out []Candidate
	steps := 2*n + len(adjU) // the marks
	defer func() { addSteps(ctx, steps) }()
	for _, w := range adjU {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		adjW, _ := g.Out(w)
		steps += len(adjW) + 1
		dw := float64(len(adjW))
		var c float64
		switch method {
		case CommonNeighbors, Jaccard:
			c = 1
		case AdamicAdar:
			c = 1 / math.Log(dw) // |Γ(w)| ≥ 2: w neighbours u and the candidate
		case ResourceAllocation:
			c = 1 / dw
		}
		for _, x := range adjW {
			if x == u || neighbour[x] || (keep != nil && !keep(x)) {
				continue
			}
			if slot[x] == 0 {
				out = append(out, Candidate{V: x})
				slot[x] = int32(len(out))
			}
			cand := &out[slot[x]-1]
			cand.Score += c
			cand.Via = append(cand.Via, w)
		}
	}
	du := len(adjU)
	for i := range out {
		cand := &out[i]
		if method == Jaccard {
			dx := len(adjOf(g, cand.V))
			cand.Score = float64(len(cand.Via)) / float64(du+dx-len(cand.Via))
		}
		slices.SortFunc(cand.Via, func(a, b int32) int {
			if da, db := len(adjOf(g, a)), len(adjOf(g, b)); da != db {
				return da - db
			}
			return int(a - b)
		})
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return int(a.V - b.V)
	})
	return out, nil
}

// adjOf is v's row.
func adjOf(g *Graph, v int32) []int32 {
	adj, _ := g.Out(v)
	return adj
}
