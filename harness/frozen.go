package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"stakegraph/domain"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// signalNeo4j sends sig to the run's Neo4j.
func signalNeo4j(data string, sig syscall.Signal) error {
	raw, err := os.ReadFile(filepath.Join(data, "neo4j.pid"))
	if err != nil {
		return err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return err
	}
	return syscall.Kill(pid, sig)
}

// frozen freezes Neo4j (SIGSTOP) for cfg.Freeze while a cached analytics query and a store
// read are sent every 200 ms: each must answer within attackFrozenBy — the analytics from the
// cache marked stale, the store read SERVICE_UNAVAILABLE. After SIGCONT the API must answer
// fresh again by itself.
func (a *attackRun) frozen(cfg AttackConfig) AttackResult {
	cached := `{ networkStats { actors } }`
	_, _, _ = a.query(a.reader, cached) // cached before the freeze
	defer func(bound time.Duration) { a.cheapBound = bound }(a.cheapBound)
	a.cheapBound = attackFrozenBy // nothing answers faster than the freeze is noticed
	return a.measure(fmt.Sprintf("4. Neo4j frozen (SIGSTOP %v)", cfg.Freeze), func() (string, error) {
		if err := signalNeo4j(cfg.Data, syscall.SIGSTOP); err != nil {
			return "", err
		}
		thawed := false
		thaw := func() {
			if !thawed {
				_ = signalNeo4j(cfg.Data, syscall.SIGCONT)
				thawed = true
			}
		}
		defer thaw()
		counts := map[string]int{}
		var worst time.Duration
		end := time.Now().Add(cfg.Freeze)
		for i := 0; i < 1000 && time.Now().Before(end); i++ {
			for _, query := range []string{cached, `{ actors(first: 3) { totalCount } }`} {
				t0 := time.Now()
				ans, raw, err := a.query("", query)
				if err != nil {
					return "", err
				}
				worst = max(worst, time.Since(t0))
				if strings.Contains(string(raw), `"stale":true`) {
					ans += " stale"
				}
				counts[ans]++
			}
			time.Sleep(200 * time.Millisecond)
		}
		thaw()
		t0 := time.Now()
		for i := 0; ; i++ {
			_, raw, err := a.query("", cached)
			if err == nil && !strings.Contains(string(raw), `"stale"`) && strings.Contains(string(raw), `"actors"`) {
				break
			}
			if i > 300 {
				return "", fmt.Errorf("no fresh answer 30 s after SIGCONT")
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Sprintf("worst %.2f s, %v, fresh %.1f s after SIGCONT", worst.Seconds(), counts, time.Since(t0).Seconds()), nil
	}, func(answer string, _ time.Duration) string {
		var worst float64
		_, _ = fmt.Sscanf(answer, "worst %f s", &worst)
		if worst > attackFrozenBy.Seconds() {
			return fmt.Sprintf("an answer took %.2f s during the freeze (bound %v)", worst, attackFrozenBy)
		}
		if !strings.Contains(answer, "stale") || !strings.Contains(answer, domain.EUNAVAIL) {
			return "want stale analytics and SERVICE_UNAVAILABLE store reads"
		}
		return ""
	})
}
