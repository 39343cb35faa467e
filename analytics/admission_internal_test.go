package analytics

import (
	"context"
	"runtime"
	"testing"
	"time"
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
	b := &admission{base: time.Microsecond, fixed: true}
	b.observe(time.Second)
	if b.perPoint() != time.Microsecond {
		t.Errorf("with WithPointTime(1 µs) a point takes %v", b.perPoint())
	}
}

// TestStoppedComputationsOnlyRaisePointTime: a computation stopped by its request (abandoned
// by its client after 2 s) took at least its time a point; it never lowers the average.
func TestStoppedComputationsOnlyRaisePointTime(t *testing.T) {
	a := newAdmission(2)
	a.observe(3 * PointTime)
	a.atLeast(PointTime / 100) // stopped early: says nothing about being fast
	if got := a.perPoint(); got != 3*PointTime {
		t.Errorf("a computation stopped early lowered the time a point to %v", got)
	}
	a.atLeast(5 * PointTime)
	if got := a.perPoint(); got != 5*PointTime {
		t.Errorf("a computation stopped after 5× PointTime a point left it at %v", got)
	}
}

// TestLanesBoundAnOperation: an operation's actor-level computations hold at most GOMAXPROCS
// lanes at once; the next waits for a release (here: until its context ends).
func TestLanesBoundAnOperation(t *testing.T) {
	ctx := WithOperation(context.Background())
	var held []func()
	for range runtime.GOMAXPROCS(0) {
		release, err := lane(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := lane(short); err == nil {
		t.Fatal("a lane beyond GOMAXPROCS was granted")
	}
	held[0]()
	if release, err := lane(ctx); err != nil {
		t.Fatal(err)
	} else {
		release()
	}
	if release, err := lane(context.Background()); err != nil { // outside an operation: no bound
		t.Fatal(err)
	} else {
		release()
	}
}
