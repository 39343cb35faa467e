package analytics

import (
	"testing"
)

// TestPointTimeFollowsTheMachine: the time a point takes follows what computations have taken
// lately (a busy machine makes them slower than PointTime), never assumed faster than
// PointTime, and comes back down when they speed up again.
func TestPointTimeFollowsTheMachine(t *testing.T) {
	a := newAdmission(2)
	if a.perPoint() != PointTime {
		t.Fatalf("with nothing measured a point takes %v, want PointTime", a.perPoint())
	}
	for range 10 {
		a.observe(2 * PointTime) // two busy loops took half the cores
	}
	if got := a.perPoint(); got < 19*PointTime/10 {
		t.Errorf("after points took 2× PointTime: %v", got)
	}
	for range 20 {
		a.observe(PointTime / 2)
	}
	if got := a.perPoint(); got != PointTime {
		t.Errorf("after points took half PointTime again: %v, want PointTime", got)
	}
}
