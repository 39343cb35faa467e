package network_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"stakegraph/network"
)

// TestCorePeripheryOracle: on every oracle graph's undirected view the discrete core fits at
// least as well as cpnet's BE (make_core_golden.py); the fit reported is the correlation of the
// ties with the core's ideal pattern, recomputed here; no single actor's move improves it (the
// local optimum the search promises); and the continuous coreness fits the ties at least as
// well as SciPy's least-squares solution.
func TestCorePeripheryOracle(t *testing.T) {
	for _, name := range loadOracle(t) {
		t.Run(name, func(t *testing.T) {
			ids, u, _ := oracleViews(t, name)
			var golden struct {
				CpnetFit *float64 `json:"cpnet_fit"`
				Coreness map[string]float64
			}
			readJSON(t, filepath.Join(oracleDir, "core", name+".json"), &golden)
			cp, err := network.CorePeripheryOf(context.Background(), u, 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			fit := corrWithIdeal(u, cp.Core)
			if math.Abs(fit-cp.Fit) > 1e-12 {
				t.Errorf("reported fit %v, recomputed %v", cp.Fit, fit)
			}
			if golden.CpnetFit != nil && cp.Fit < *golden.CpnetFit-1e-12 {
				t.Errorf("fit %v is below cpnet's %v", cp.Fit, *golden.CpnetFit)
			}
			for v := range cp.Core {
				cp.Core[v] = !cp.Core[v]
				if f := corrWithIdeal(u, cp.Core); f > cp.Fit+1e-12 {
					t.Errorf("moving %s improves the fit %v → %v", ids[v], cp.Fit, f)
				}
				cp.Core[v] = !cp.Core[v]
			}
			// The continuous model's minimiser need not be unique (a graph's symmetries map one
			// to another), so the fits compare: ours leaves no more residual than SciPy's.
			if len(golden.Coreness) > 0 {
				ref := make([]float64, len(ids))
				for v, id := range ids {
					ref[v] = golden.Coreness[id]
				}
				// A star's loss has no minimiser (the centre's coreness grows without bound as the
				// residual falls towards 0, ever more slowly): any small residual is as good as
				// another there, and the sweeps are bounded (2,000 leave 7.5e-4 on this star).
				if ours, theirs := residual(u, cp.Coreness), residual(u, ref); ours > theirs*(1+1e-9)+1e-12 && !(ours < 1e-3 && theirs < 1e-3) {
					t.Errorf("coreness leaves residual %v, SciPy's %v", ours, theirs)
				}
			}
			t.Logf("fit %.6f (cpnet %v), core of %d", cp.Fit, deref(golden.CpnetFit), count(cp.Core))
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func count(b []bool) int {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}

// corrWithIdeal is the Pearson correlation over unordered pairs of the ties with the ideal
// pattern of a core (a tie wherever a core actor is involved); NaN when undefined.
func corrWithIdeal(u *network.Graph, core []bool) float64 {
	n := u.N
	var sx, sy, sxx, syy, sxy, k float64
	for i := range int32(n) {
		adj, _ := u.Out(i)
		for j := i + 1; j < int32(n); j++ {
			a := 0.0
			for _, w := range adj {
				if w == j {
					a = 1
					break
				}
			}
			d := 0.0
			if core[i] || core[j] {
				d = 1
			}
			sx, sy, sxx, syy, sxy, k = sx+a, sy+d, sxx+a*a, syy+d*d, sxy+a*d, k+1
		}
	}
	cov := sxy/k - sx/k*sy/k
	return cov / math.Sqrt((sxx/k-sx/k*sx/k)*(syy/k-sy/k*sy/k))
}

// residual is Σ_{i≠j} (a_ij − c_i c_j)², the continuous core/periphery model's loss.
func residual(u *network.Graph, c []float64) float64 {
	sum := 0.0
	for i := range int32(u.N) {
		adj, _ := u.Out(i)
		tied := map[int32]bool{}
		for _, w := range adj {
			tied[w] = true
		}
		for j := range int32(u.N) {
			if i == j {
				continue
			}
			a := 0.0
			if tied[j] {
				a = 1
			}
			d := a - c[i]*c[j]
			sum += d * d
		}
	}
	return sum
}
