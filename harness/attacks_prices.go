package harness

import (
	"bytes"
	"context"
	gocsv "encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"stakegraph/domain"
)

// The honest-prices audit's attacks: a census grouped by a value per actor, abandoned; the
// significance tests at their largest; an attribute value over what Neo4j can index; an
// attribute name with dots and colons through the service's own CSV. Each must be answered
// within its price or refused before it runs, with a cheap query served meanwhile (measure).

// queryVars sends query with variables.
func (a *attackRun) queryVars(token, query string, vars map[string]any) (string, []byte, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return a.send(a.api.URL+"/graphql", token, "", bytes.NewReader(body), 0, "")
}

// priceAttacks are the honest-prices audit's items, after the first audit's.
func (a *attackRun) priceAttacks() []func() AttackResult {
	// Answered, or refused before its work: too expensive, or — on a loaded machine — too late
	// to finish by its deadline at the pace computations have kept lately.
	withinPrice := func(answer string, _ time.Duration) string {
		switch answer {
		case "200 ok", "200 " + domain.ETOOEXPENSIVE, "503 " + domain.EOVERLOADED, "200 " + domain.EOVERLOADED:
			return ""
		}
		return "want 200 ok, or " + domain.ETOOEXPENSIVE + " or " + domain.EOVERLOADED + " before its work"
	}
	return []func() AttackResult{
		func() AttackResult {
			return a.measure("7. census by a value per actor ×4, abandoned", func() (string, error) {
				// Every actor gets its own value of a STRING attribute, by the CSV import.
				var csv strings.Builder
				w := gocsv.NewWriter(&csv)
				_ = w.Write([]string{"id", "name", "sector", "uid:string"})
				for _, act := range a.generated {
					_ = w.Write([]string{act.ID, act.Name, act.Sector, act.ID})
				}
				w.Flush()
				if ans, raw, err := a.queryVars(a.admin, `mutation($a: String) { importNetwork(actorsCsv: $a, defineAttributes: true) { status } }`,
					map[string]any{"a": csv.String()}); ans != "200 ok" || !bytes.Contains(raw, []byte("SUCCEEDED")) {
					return ans, fmt.Errorf("the uid import: %s %.200s %v", ans, raw, err)
				}
				var wg sync.WaitGroup
				for i := range 4 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
						defer cancel()
						body, _ := json.Marshal(map[string]any{"query": fmt.Sprintf(`{ brokerageCensus(groupByAttribute: "uid", network: {minWeight: %g}) { roles { observed } } }`, 0.0001*float64(i+1))})
						req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.api.URL+"/graphql", bytes.NewReader(body))
						req.Header.Set("Content-Type", "application/json")
						if resp, err := a.client.Do(req); err == nil {
							resp.Body.Close()
						}
					}()
				}
				wg.Wait()
				// Then an uncached analytics query answers as usual.
				ans, _, err := a.query(a.reader, `{ centrality(metric: DEGREE, network: {minWeight: 0.00042}, first: 1) { totalCount } }`)
				return ans, err
			}, answered("200 ok"))
		},
		func() AttackResult {
			return a.measure("7. eiTest ×100,000 permutations", func() (string, error) {
				ans, _, err := a.query(a.reader, `{ eiTest(permutations: 100000) { observed } }`)
				return ans, err
			}, withinPrice)
		},
		func() AttackResult {
			return a.measure("7. cugTest(TRANSITIVITY) ×100,000", func() (string, error) {
				ans, _, err := a.query(a.reader, `{ cugTest(statistic: TRANSITIVITY, replications: 100000) { observed } }`)
				return ans, err
			}, withinPrice)
		},
		func() AttackResult {
			// Eight tests at their largest at once, from one identity: each answered within its
			// price, or refused before its work (too expensive, the queue full, or too late to
			// finish by its deadline when its turn comes).
			return a.measure("7. 8 tests at their maxima in parallel", func() (string, error) {
				// Six priced under the limit (eiTest at 60,000 points, assortativityTest at 80,000
				// permutations at 96,000 on M: two run at once, the others wait their turn) and
				// two over it.
				queries := []string{
					`{ eiTest(permutations: 100000, seed: 11) { observed } }`,
					`{ eiTest(permutations: 100000, seed: 12) { observed } }`,
					`{ eiTest(permutations: 100000, seed: 13) { observed } }`,
					`{ eiTest(permutations: 100000, seed: 14) { observed } }`,
					`{ assortativityTest(groupBy: SECTOR, permutations: 80000, seed: 11) { observed } }`,
					`{ assortativityTest(groupBy: REGION, permutations: 80000, seed: 12) { observed } }`,
					`{ qapTest(network: {sectors: ["government", "academia"]}, x: {}, y: {sameGroup: REGION}, replications: 100000) { correlation } }`,
					`{ qapRegression(network: {sectors: ["government", "academia"]}, y: {}, x: [{sameGroup: REGION}], replications: 100000) { rSquared } }`,
				}
				answers := make([]string, len(queries))
				var wg sync.WaitGroup
				for i, q := range queries {
					wg.Add(1)
					go func() {
						defer wg.Done()
						answers[i], _, _ = a.query(a.reader, q)
					}()
				}
				wg.Wait()
				counts := map[string]int{}
				for i, ans := range answers {
					switch ans {
					case "200 ok", "200 " + domain.ETOOEXPENSIVE, "200 " + domain.EOVERLOADED, "429 " + domain.ERATELIMITED, "503 " + domain.EOVERLOADED:
						counts[ans]++
					default:
						return ans, fmt.Errorf("%s answered %s: neither within its price nor refused before its work", queries[i], ans)
					}
				}
				keys := make([]string, 0, len(counts))
				for k := range counts {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				var parts []string
				for _, k := range keys {
					parts = append(parts, fmt.Sprintf("%d× %s", counts[k], strings.TrimPrefix(k, "200 ")))
				}
				return strings.Join(parts, ", "), nil
			}, nil)
		},
		func() AttackResult {
			// 700,000 rows under the 20 MiB a CSV may have: admitted by its line count before a
			// row is parsed, so a refusal costs a pass over its newlines and no lasting memory.
			return a.measure("7. a 700,000-row CSV import", func() (string, error) {
				var csv strings.Builder
				csv.WriteString("id,name,sector\n")
				for i := range 700_000 {
					fmt.Fprintf(&csv, "x%d,A%d,government\n", i, i)
				}
				ans, _, err := a.queryVars(a.editor, `mutation($a: String) { importNetwork(actorsCsv: $a) { status } }`, map[string]any{"a": csv.String()})
				return ans, err
			}, refused("200 "+domain.ETOOEXPENSIVE))
		},
		func() AttackResult {
			return a.measure("7. a 9,000-byte attribute value", func() (string, error) {
				if ans, _, err := a.query(a.admin, `mutation { defineAttribute(input: {name: "note", target: ACTOR, type: STRING}) { name } }`); ans != "200 ok" {
					return ans, err
				}
				ans, _, err := a.queryVars(a.editor, `mutation($id: ID!, $v: JSON) { updateActor(id: $id, input: {attributes: $v}) { id } }`,
					map[string]any{"id": a.actor, "v": map[string]any{"note": strings.Repeat("a", 9000)}})
				return ans, err
			}, answered("200 "+domain.EINVALID))
		},
		func() AttackResult {
			return a.measure("7. attribute x.y:z through its own CSV", func() (string, error) {
				if ans, _, err := a.query(a.admin, `mutation { defineAttribute(input: {name: "x.y:z", target: ACTOR, type: STRING}) { name } }`); ans != "200 ok" {
					return ans, err
				}
				if ans, _, err := a.queryVars(a.editor, `mutation($id: ID!, $v: JSON) { updateActor(id: $id, input: {attributes: $v}) { id } }`,
					map[string]any{"id": a.actor, "v": map[string]any{"x.y:z": "kept"}}); ans != "200 ok" {
					return ans, err
				}
				req, _ := http.NewRequest(http.MethodGet, a.api.URL+"/export/actors.csv", nil)
				req.Header.Set("Authorization", "Bearer "+a.reader)
				resp, err := a.client.Do(req)
				if err != nil {
					return "", err
				}
				var csv bytes.Buffer
				_, _ = csv.ReadFrom(resp.Body)
				resp.Body.Close()
				ans, raw, err := a.queryVars(a.admin, `mutation($a: String) { importNetwork(actorsCsv: $a) { status errors { reason } } }`, map[string]any{"a": csv.String()})
				if ans == "200 ok" && !bytes.Contains(raw, []byte("SUCCEEDED")) {
					return "200 not written", fmt.Errorf("re-importing the export: %.300s", raw)
				}
				return ans, err
			}, answered("200 ok"))
		},
	}
}
