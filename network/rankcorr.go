package network

import (
	"math"
	"slices"
	"sort"
)

// Spearman is Spearman's rank correlation ρ of x and y (equal lengths): Pearson's correlation
// of their ranks, tied values sharing their average rank (SciPy's spearmanr). NaN with fewer
// than two values or when either has no variation.
func Spearman(x, y []float64) float64 {
	if len(x) < 2 || len(x) != len(y) {
		return math.NaN()
	}
	return pearson(averageRanks(x), averageRanks(y))
}

// averageRanks are x's 1-based ranks, ties sharing their mean rank.
func averageRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1 … j
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}

// KendallTauB is Kendall's τ-b of x and y (equal lengths), adjusted for ties (SciPy's
// kendalltau, variant "b"):
//
//	τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)),
//
// n₀ = n(n − 1)/2 pairs, n₁ and n₂ the pairs tied in x and in y, n_c − n_d = n₀ − n₁ − n₂ +
// n₃ − 2·n_d with n₃ the pairs tied in both. n_d is counted by Knight's O(n log n) method
// (W. R. Knight, "A computer method for calculating Kendall's tau with ungrouped data", JASA
// 61, 1966): sort by (x, y), then count the swaps a merge sort by y makes. NaN with fewer than
// two values or when either has no variation.
func KendallTauB(x, y []float64) float64 {
	n := len(x)
	if n < 2 || n != len(y) {
		return math.NaN()
	}
	type pt struct{ x, y float64 }
	p := make([]pt, n)
	for i := range p {
		p[i] = pt{x[i], y[i]}
	}
	slices.SortFunc(p, func(a, b pt) int {
		if a.x != b.x {
			if a.x < b.x {
				return -1
			}
			return 1
		}
		if a.y < b.y {
			return -1
		} else if a.y > b.y {
			return 1
		}
		return 0
	})
	tied := func(eq func(i int) bool) float64 { // Σ t(t − 1)/2 over runs of equal neighbours
		var s float64
		run := 1
		for i := 1; i <= n; i++ {
			if i < n && eq(i) {
				run++
				continue
			}
			s += float64(run) * float64(run-1) / 2
			run = 1
		}
		return s
	}
	n1 := tied(func(i int) bool { return p[i].x == p[i-1].x })
	n3 := tied(func(i int) bool { return p[i].x == p[i-1].x && p[i].y == p[i-1].y })
	ys := make([]float64, n)
	for i := range p {
		ys[i] = p[i].y
	}
	nd := float64(mergeSwaps(ys, make([]float64, n))) // sorts ys
	n2 := tied(func(i int) bool { return ys[i] == ys[i-1] })
	n0 := float64(n) * float64(n-1) / 2
	den := (n0 - n1) * (n0 - n2)
	if den <= 0 {
		return math.NaN()
	}
	return (n0 - n1 - n2 + n3 - 2*nd) / math.Sqrt(n0-n1) / math.Sqrt(n0-n2)
}

// mergeSwaps sorts a ascending by a stable merge sort (buf is scratch of the same length) and
// returns the number of inversions: pairs i < j with a[i] > a[j].
func mergeSwaps(a, buf []float64) int64 {
	if len(a) < 2 {
		return 0
	}
	mid := len(a) / 2
	swaps := mergeSwaps(a[:mid], buf[:mid]) + mergeSwaps(a[mid:], buf[mid:])
	i, j, k := 0, mid, 0
	for i < mid && j < len(a) {
		if a[j] < a[i] {
			buf[k] = a[j]
			swaps += int64(mid - i)
			j++
		} else {
			buf[k] = a[i]
			i++
		}
		k++
	}
	k += copy(buf[k:], a[i:mid])
	copy(buf[k:], a[j:])
	copy(a, buf)
	return swaps
}
