package network

import "testing"

func TestDyadPairCovers(t *testing.T) {
	for _, n := range []int{2, 3, 5, 17, 100} {
		k := int64(0)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				a, b := dyadPair(k, n)
				if int(a) != i || int(b) != j {
					t.Fatalf("n=%d k=%d: (%d,%d), want (%d,%d)", n, k, a, b, i, j)
				}
				k++
			}
		}
	}
}
