package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"stakegraph/domain"
)

// The attack audit's list: each attack with what it must get back (attack.go runs and
// measures them).

// attacks are the audit's items, in its order.
func (a *attackRun) attacks(cfg AttackConfig) []func() AttackResult {
	actor := strconv.Quote(a.actor)
	q := func(name, query, token string, check func(string, time.Duration) string) func() AttackResult {
		return func() AttackResult {
			return a.measure(name, func() (string, error) { ans, _, err := a.query(token, query); return ans, err }, check)
		}
	}
	// Distinct slices are refused when they would take more than MAX_OPERATION_BYTES (on M);
	// on a small network they fit, and run within the bounds measure checks.
	tooExpensive := func(answer string, took time.Duration) string {
		if strings.HasSuffix(answer, " "+domain.ETOOEXPENSIVE) && took > attackRefuseBy {
			return fmt.Sprintf("refused after %v (bound %v)", took, attackRefuseBy)
		}
		return ""
	}
	storeAliases := cfg.StoreAliases
	if storeAliases <= 0 {
		storeAliases = 495
	}
	out := []func() AttackResult{
		q("1. eiIndex ×990, each on its own slice", "{ actor(id: "+actor+") { "+aliases(990, func(i int) string {
			return fmt.Sprintf("e%d: eiIndex(network: {minWeight: %g})", i, 0.001*float64(i+1))
		})+"} }", "", tooExpensive),
		q("1. metrics(network:) ×495, each its own slice", "{ actor(id: "+actor+") { "+aliases(495, func(i int) string {
			return fmt.Sprintf("m%d: metrics(network: {minWeight: %g}) { degree }", i, 0.001*float64(i+1))
		})+"} }", "", tooExpensive),
		q("1. reach(maxHops: 6) ×490", "{ actor(id: "+actor+") { "+aliases(490, func(i int) string {
			return fmt.Sprintf("r%d: reach(maxHops: 6) { total }", i)
		})+"} }", "", answered("200 ok")),
		func() AttackResult {
			return a.measure(fmt.Sprintf("2. %d × 40 MiB bodies, no credentials", cfg.Bodies), func() (string, error) {
				answers := make([]string, cfg.Bodies)
				var wg sync.WaitGroup
				for i := range answers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						body := NewPad(40 << 20)
						answers[i], _, _ = a.send(a.api.URL+"/graphql", "", "", body, int64(body.N), "")
					}()
				}
				wg.Wait()
				for _, x := range answers {
					if x != answers[0] {
						return strings.Join(answers, ", "), nil
					}
				}
				return answers[0], nil
			}, refused("413 "+domain.ETOOLARGE))
		},
		func() AttackResult {
			return a.measure("3. anonymous export under trusted documents", func() (string, error) {
				ans, _, err := a.get(a.trusted.URL, "", "/export/graphml")
				return ans, err
			}, refused("403 "+domain.EFORBIDDEN))
		},
		func() AttackResult {
			return a.measure("3. export of the whole network with a layout", func() (string, error) {
				ans, _, err := a.get(a.api.URL, "", "/export/gexf?layout=FORCE_ATLAS2&iterations=100")
				return ans, err
			}, func(answer string, took time.Duration) string {
				if strings.HasPrefix(answer, "200") || (strings.HasPrefix(answer, "400 "+domain.EINVALID) && took < attackRefuseBy) {
					return ""
				}
				return "want the file, or BAD_USER_INPUT at once over 10,000 actors"
			})
		},
		func() AttackResult {
			return a.measure("3. importNetworkJson of 38 MiB, anonymous", func() (string, error) {
				body := newImportPad(38 << 20)
				ans, _, err := a.send(a.api.URL+"/graphql", "", "", body, int64(body.N), "")
				return ans, err
			}, refused("413 "+domain.ETOOLARGE))
		},
		q(fmt.Sprintf("4. partnerships(minWeight) totalCount ×%d", storeAliases), "{ "+aliases(storeAliases, func(i int) string {
			return fmt.Sprintf("p%d: partnerships(filter: {minWeight: %g}) { totalCount }", i, 0.001*float64(i+1))
		})+"}", "", answered("200 ok")),
		func() AttackResult {
			return a.measure("4. 2,000 random bearer tokens", func() (string, error) {
				counts := map[string]int{}
				for i := range 2000 {
					ans, _, err := a.send(a.api.URL+"/graphql", fmt.Sprintf("sg_%064d", i), "", strings.NewReader(`{"query":"{ graphVersion }"}`), 0, "")
					if err != nil {
						return "", err
					}
					counts[ans]++
				}
				return fmt.Sprint(counts), nil
			}, func(answer string, _ time.Duration) string {
				if !strings.Contains(answer, domain.ERATELIMITED) {
					return "want RATE_LIMITED once an address fails too often"
				}
				return ""
			})
		},
		func() AttackResult {
			return a.measure("5. DNS rebinding (Host: attacker.example)", func() (string, error) {
				ans, _, err := a.send(a.api.URL+"/graphql", "", "attacker.example", strings.NewReader(`{"query":"{ graphVersion }"}`), 0, "")
				return ans, err
			}, refused("421 "+domain.EMISDIRECTED))
		},
		func() AttackResult {
			return a.measure("6. weighted betweenness priced", func() (string, error) {
				cost := func(weighted bool) int {
					_, raw, _ := a.query(a.reader, fmt.Sprintf(`{ centrality(metric: BETWEENNESS, network: {weighted: %v}, first: 1) { totalCount } }`, weighted))
					var r struct {
						Extensions struct{ Cost struct{ Requested int } }
					}
					_ = json.Unmarshal(raw, &r)
					return r.Extensions.Cost.Requested
				}
				u, w := cost(false), cost(true)
				if u == 0 || w == 0 { // it printed "0 vs 5012 points" and passed
					return "", fmt.Errorf("a price is missing: weighted %d, unweighted %d points", w, u)
				}
				return fmt.Sprintf("%d vs %d points (%.1f×)", w, u, float64(w)/float64(u)), nil
			}, func(answer string, _ time.Duration) string {
				if strings.Contains(answer, "(1.0×)") {
					return "weighted priced like unweighted"
				}
				return ""
			})
		},
		func() AttackResult {
			return a.measure("6. introspection ×37 priced", func() (string, error) {
				_, raw, err := a.query(a.reader, "{ "+aliases(37, func(i int) string { return fmt.Sprintf("s%d: __schema { queryType { name } }", i) })+"}")
				var r struct {
					Extensions struct{ Cost struct{ Requested int } }
				}
				_ = json.Unmarshal(raw, &r)
				return fmt.Sprintf("%d points", r.Extensions.Cost.Requested), err
			}, func(answer string, _ time.Duration) string {
				if n, _ := strconv.Atoi(strings.Fields(answer)[0]); n < 37_000 {
					return "introspection nearly free"
				}
				return ""
			})
		},
		q("6. weight 5e-324", `mutation { createPartnership(input: {source: `+actor+`, target: `+actor+`, weight: 5e-324}) { id } }`, a.editor,
			refused("200 "+domain.EINVALID)),
		func() AttackResult {
			return a.measure("6. invalid UTF-8", func() (string, error) {
				ans, _, err := a.send(a.api.URL+"/graphql", a.editor, "", bytes.NewReader([]byte("{\"query\":\"{ actors(filter: {search: \\\"\xff\\\"}) { totalCount } }\"}")), 0, "")
				return ans, err
			}, refused("400 "+domain.EINVALID))
		},
		func() AttackResult {
			return a.measure("6. nosniff on /graphql and /export", func() (string, error) {
				_, h1, err := a.get(a.api.URL, "", "/graphql?query=%7BgraphVersion%7D")
				if err != nil {
					return "", err
				}
				_, h2, err := a.get(a.api.URL, "", "/export/actors.csv?sectors=media")
				return h1.Get("X-Content-Type-Options") + " " + h2.Get("X-Content-Type-Options"), err
			}, answered("nosniff nosniff"))
		},
	}
	return out
}
