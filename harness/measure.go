package harness

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The measurements around each attack: the API's memory (/proc/PID/status) and CPU time
// (/proc/PID/stat), its analytics cache (/metrics), and a cheap query sent alongside.

// cpuTime is the CPU time a process has used (user + system, /proc/PID/stat), and false when
// it cannot be read.
func cpuTime(pid int) (time.Duration, bool) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command may hold spaces: the fields after its closing parenthesis are fixed.
	i := bytes.LastIndexByte(raw, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(raw[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(ut+st) * time.Second / clockTicks, true
}

// clockTicks is the kernel's USER_HZ: /proc reports CPU time in these (100 on Linux).
const clockTicks = 100

// idleAfter waits until the process's CPU use over attackIdleWindow falls under
// attackIdleShare of a core, and says how long after start that window ended; false when it
// did not within attackIdleBy + a window, or CPU time could not be read.
func idleAfter(pid int, start time.Time) (time.Duration, bool) {
	prev, ok := cpuTime(pid)
	if !ok {
		return 0, false
	}
	for time.Since(start) <= attackIdleBy+attackIdleWindow {
		time.Sleep(attackIdleWindow)
		cur, ok := cpuTime(pid)
		if !ok {
			return 0, false
		}
		if float64(cur-prev) < attackIdleShare*float64(attackIdleWindow) {
			return time.Since(start), true
		}
		prev = cur
	}
	return time.Since(start), false
}

// rssMB is the resident memory of a process in MB.
func rssMB(pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// cacheMB is what the API's analytics cache holds (its /metrics gauge), in MB; 0 when it
// cannot be read.
func (a *attackRun) cacheMB() float64 {
	if a.api == nil {
		return 0
	}
	req, _ := http.NewRequest(http.MethodGet, a.api.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+a.reader)
	resp, err := a.client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "stakegraph_analytics_cache_bytes "); ok {
			b, _ := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return b / (1 << 20)
		}
	}
	return 0
}

// measure runs one attack while sampling the API's memory and sending a cheap query every
// 100 ms from another identity; check says what is wrong with the answer ("" when fine).
func (a *attackRun) measure(name string, attack func() (string, error), check func(answer string, took time.Duration) string) AttackResult {
	res := AttackResult{Name: name}
	idle := rssMB(a.pid)
	cachedBefore := a.cacheMB()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	peak := idle
	wg.Add(2)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if m := rssMB(a.pid); m > 0 {
					mu.Lock()
					peak = max(peak, m)
					mu.Unlock()
				}
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 10_000; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			t0 := time.Now()
			_, _, _ = a.query(a.reader, "{ sectors { code } }")
			mu.Lock()
			res.CheapWorst = max(res.CheapWorst, time.Since(t0))
			mu.Unlock()
		}
	}()
	start := time.Now()
	answer, err := attack()
	end := time.Now()
	res.Took = end.Sub(start)
	time.Sleep(150 * time.Millisecond) // one more cheap query and memory sample after the answer
	close(stop)
	wg.Wait()
	res.GrowthMB = max(peak-idle, 0)
	res.Answer = answer
	// Afterwards: no computation left running, and the memory given back (bounded waits).
	idleOK := false
	res.IdleAfter, idleOK = idleAfter(a.pid, end)
	after := rssMB(a.pid)
	// What the analytics cache kept (answers and slices it may hold, within its budget) is not
	// memory left behind.
	kept := max(a.cacheMB()-cachedBefore, 0)
	for time.Since(end) < attackSettle && after-kept > idle+attackAfterMB {
		time.Sleep(100 * time.Millisecond)
		after = rssMB(a.pid)
	}
	res.AfterMB = after - idle - kept
	switch {
	case err != nil:
		res.Problem = err.Error()
	case check != nil:
		res.Problem = check(answer, res.Took)
	}
	// A measurement that is missing fails the attack: a bound never measured holds nothing.
	if res.Problem == "" && idle <= 0 {
		res.Problem = "no memory measurement (the API's RSS could not be read)"
	}
	if res.Problem == "" && res.CheapWorst == 0 {
		res.Problem = "no cheap query was measured alongside"
	}
	if res.Problem == "" && res.GrowthMB > attackMaxGrowthMB {
		res.Problem = fmt.Sprintf("memory grew %.0f MB above idle (bound %d MB)", res.GrowthMB, attackMaxGrowthMB)
	}
	if res.Problem == "" && res.CheapWorst > a.cheapBound {
		res.Problem = fmt.Sprintf("a cheap query waited %v (bound %v)", res.CheapWorst, a.cheapBound)
	}
	if res.Problem == "" && !idleOK {
		res.Problem = fmt.Sprintf("the API's CPU was not idle %v after the answer (%v: busy, or not measured)", attackIdleBy, res.IdleAfter)
	}
	if res.Problem == "" && (after <= 0 || res.AfterMB > attackAfterMB) {
		res.Problem = fmt.Sprintf("memory stood %+.0f MB from its level before, %v after the answer (bound %d MB)", res.AfterMB, attackSettle, attackAfterMB)
	}
	return res
}
