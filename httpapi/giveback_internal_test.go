package httpapi

import (
	"testing"
	"time"
)

// TestGiveBackIsNeverDropped: a GiveBack soon after the last one is delayed to the end of
// giveBackEvery, not dropped (a refused import 2 s after another import's give-back stayed
// 115 MB resident); calls while one is scheduled are covered by it.
func TestGiveBackIsNeverDropped(t *testing.T) {
	GiveBack()
	GiveBack() // covered by the first
	waitFor := func(after int64) int64 {
		t.Helper()
		for range 100 {
			if last := lastGiveBack.Load(); last > after {
				return last
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("no give-back ran within 5 s")
		return 0
	}
	first := waitFor(0)
	GiveBack() // right after: delayed, not dropped
	second := waitFor(first)
	if gap := time.Duration(second - first); gap < giveBackEvery {
		t.Errorf("two give-backs %v apart; at most one every %v", gap, giveBackEvery)
	}
}
