package network_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"stakegraph/network"
)

// TestCommunitiesOracle checks Modularity against NetworkX modularity on the same partition,
// and that Louvain's best of ten seeds comes within 3% of the best modularity NetworkX's
// louvain_communities finds over ten seeds.
func TestCommunitiesOracle(t *testing.T) {
	ctx := context.Background()
	for _, name := range loadOracle(t) {
		ids, und, _ := oracleViews(t, name)
		var golden struct {
			Views map[string]struct {
				Communities *struct {
					ModularityGroups float64  `json:"modularity_groups"`
					LouvainBest      *float64 `json:"louvain_best"`
				}
			}
		}
		readJSON(t, filepath.Join(oracleDir, "golden", name+".json"), &golden)
		for key, view := range golden.Views {
			want := view.Communities
			if want == nil {
				continue
			}
			weighted := strings.HasSuffix(key, "/weighted")
			t.Run(name+"/"+key, func(t *testing.T) {
				q := network.Modularity(und, oracleGroups(len(ids)), weighted, 1)
				closeTo(t, "modularity of the group partition", q, want.ModularityGroups)
				if want.LouvainBest == nil {
					return
				}
				got := -1.0
				for seed := uint64(1); seed <= 10; seed++ {
					comm, err := network.Louvain(ctx, und, weighted, 1, seed)
					if err != nil {
						t.Fatal(err)
					}
					got = max(got, network.Modularity(und, comm, weighted, 1))
				}
				comm, _ := network.Louvain(ctx, und, weighted, 1, 1)
				t.Logf("Louvain modularity %.4f, NetworkX best of 10 seeds %.4f", got, *want.LouvainBest)
				if got < *want.LouvainBest-0.03*abs(*want.LouvainBest) {
					t.Errorf("Louvain modularity %.4f more than 3%% below NetworkX's %.4f", got, *want.LouvainBest)
				}
				again, _ := network.Louvain(ctx, und, weighted, 1, 1)
				if !reflect.DeepEqual(comm, again) {
					t.Errorf("the same seed gave different partitions")
				}
			})
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
