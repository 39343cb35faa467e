// Package harness drives a real stakegraph API process over loopback for the load and fault
// runs (`make loadtest`, `make faults`, and their short versions in `make test`): it builds
// and starts the server binary, sends bounded GraphQL load (every loop is bounded in count and
// time, and targets 127.0.0.1 only), and measures throughput, latency and errors.
package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Build compiles the server from the module at root into dir and returns the binary's path.
func Build(root, dir string) (string, error) {
	bin := filepath.Join(dir, "stakegraph")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// StartServer builds the server from the module at root and starts it on a free loopback
// address with the extra environment (Build, FreeAddr, Start). The binary's folder is gone
// once it runs.
func StartServer(root string, env ...string) (*API, error) {
	dir, err := os.MkdirTemp("", "stakegraph-api")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	bin, err := Build(root, dir)
	if err != nil {
		return nil, err
	}
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	return Start(bin, addr, env...)
}

// closed reports whether ch is closed, without waiting.
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// API is a running server process.
type API struct {
	URL  string
	cmd  *exec.Cmd
	logs *bytes.Buffer
	done chan struct{}
}

// FreeAddr returns a free loopback address.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Start runs `bin serve` on addr (a loopback address) with the extra environment and waits
// until /healthz answers.
func Start(bin, addr string, env ...string) (*API, error) {
	if host, _, err := net.SplitHostPort(addr); err != nil || (host != "127.0.0.1" && host != "localhost") {
		return nil, fmt.Errorf("the harness only targets loopback, not %q", addr)
	}
	cmd := exec.Command(bin, "serve", "--http", addr)
	cmd.Env = append(os.Environ(), env...)
	return startCommand(cmd, "http://"+addr)
}

// startCommand runs a server command and waits until url/healthz answers.
func startCommand(cmd *exec.Cmd, url string) (*API, error) {
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	a := &API{URL: url, cmd: cmd, logs: logs, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(a.done) }()
	for deadline := time.Now().Add(60 * time.Second); ; {
		if resp, err := http.Get(a.URL + "/healthz"); err == nil {
			resp.Body.Close()
			return a, nil
		}
		select {
		case <-a.done:
			return nil, fmt.Errorf("the server exited: %s", a.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			a.Kill()
			return nil, fmt.Errorf("the server did not answer within 60 s: %s", a.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop ends the server gracefully (SIGINT), killing it after 10 s.
func (a *API) Stop() {
	_ = a.cmd.Process.Signal(os.Interrupt)
	select {
	case <-a.done:
	case <-time.After(10 * time.Second):
		a.Kill()
	}
}

// Kill ends the server at once (SIGKILL), as a crash would.
func (a *API) Kill() {
	_ = a.cmd.Process.Kill()
	<-a.done
}

// Logs returns what the server printed.
func (a *API) Logs() string { return a.logs.String() }

// Response is a GraphQL answer: its data, and the first error's code ("" without errors).
type Response struct {
	Status int
	Data   json.RawMessage
	Code   string
}

// Post sends one GraphQL operation.
func Post(ctx context.Context, client *http.Client, url, query string, vars map[string]any) (Response, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return Response{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return Response{}, err
	}
	defer resp.Body.Close()
	var out struct {
		Data   json.RawMessage
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{Status: resp.StatusCode}, err
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return Response{Status: resp.StatusCode}, fmt.Errorf("status %d: %.200s", resp.StatusCode, raw)
	}
	r := Response{Status: resp.StatusCode, Data: out.Data}
	if len(out.Errors) > 0 {
		r.Code = firstNonEmpty(out.Errors[0].Extensions.Code, "UNKNOWN")
	}
	return r, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Scenario is one kind of request: Next returns the operation the i-th request sends.
type Scenario struct {
	Name string
	Next func(i int64) (query string, vars map[string]any)
}

// Stats are a load run's figures.
type Stats struct {
	Scenario    string
	Concurrency int
	Requests    int64
	Errors      int64
	Codes       map[string]int64
	Seconds     float64
	PerSecond   float64
	P50, P99    time.Duration
}

func (s Stats) String() string {
	codes := make([]string, 0, len(s.Codes))
	for c, n := range s.Codes {
		codes = append(codes, fmt.Sprintf("%s=%d", c, n))
	}
	sort.Strings(codes)
	return fmt.Sprintf("%-22s c=%-4d %7.1f req/s  p50 %7.2f ms  p99 %8.2f ms  requests %6d  errors %d %s",
		s.Scenario, s.Concurrency, s.PerSecond, ms(s.P50), ms(s.P99), s.Requests, s.Errors, strings.Join(codes, " "))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Load sends scenario's requests to url from concurrency workers until duration passes or
// maxRequests were sent, whichever comes first, and reports what happened.
func Load(ctx context.Context, url string, sc Scenario, concurrency int, duration time.Duration, maxRequests int64) Stats {
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency}}
	ctx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	var next, errs atomic.Int64
	var mu sync.Mutex
	var lat []time.Duration
	codes := map[string]int64{}
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for ctx.Err() == nil {
				i := next.Add(1)
				if i > maxRequests {
					break
				}
				q, vars := sc.Next(i)
				t0 := time.Now()
				r, err := Post(ctx, client, url, q, vars)
				if errors.Is(ctx.Err(), context.DeadlineExceeded) && err != nil {
					break // the run ended during this request
				}
				mine = append(mine, time.Since(t0))
				if err != nil || r.Code != "" {
					errs.Add(1)
					code := r.Code
					if err != nil {
						code = "TRANSPORT"
					}
					mu.Lock()
					codes[code]++
					mu.Unlock()
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	st := Stats{Scenario: sc.Name, Concurrency: concurrency, Requests: int64(len(lat)), Errors: errs.Load(), Codes: codes, Seconds: el}
	if el > 0 {
		st.PerSecond = float64(len(lat)) / el
	}
	if n := len(lat); n > 0 {
		st.P50, st.P99 = lat[n/2], lat[min(n-1, n*99/100)]
	}
	return st
}

// Scenarios are the load run's kinds of request over the demo network.
func Scenarios(actorIDs []string, writerPrefix string) []Scenario {
	pick := func(i int64) string { return actorIDs[int(i)%len(actorIDs)] }
	page := Scenario{Name: "actors page of 50", Next: func(int64) (string, map[string]any) {
		return `{ actors(first: 50) { edges { node { id name sector { code } } } } }`, nil
	}}
	ranking := Scenario{Name: "cached centrality", Next: func(int64) (string, map[string]any) {
		return `{ centrality(metric: PAGE_RANK, first: 20) { edges { node { score actor { name } } } } }`, nil
	}}
	hood := Scenario{Name: "neighborhood (2 hops)", Next: func(i int64) (string, map[string]any) {
		return `query($id: ID!) { neighborhood(actorIds: [$id], hops: 2, limit: 200) { totalNodes nodes { id } edges { source target } } }`,
			map[string]any{"id": pick(i)}
	}}
	// One request in five writes a new actor.
	mixed := Scenario{Name: "mixed 80/20 read/write", Next: func(i int64) (string, map[string]any) {
		if i%5 == 0 {
			return `mutation($id: ID) { createActor(input: {id: $id, name: "Load test", sector: "other"}) { id } }`,
				map[string]any{"id": fmt.Sprintf("%s%d", writerPrefix, i)}
		}
		return page.Next(i)
	}}
	// Writes only: one request in two creates an actor, the other a partnership between two
	// existing actors.
	writes := Scenario{Name: "writes", Next: func(i int64) (string, map[string]any) {
		if i%2 == 0 {
			return `mutation($id: ID) { createActor(input: {id: $id, name: "Load test", sector: "other"}) { id } }`,
				map[string]any{"id": fmt.Sprintf("%s%d", writerPrefix, i)}
		}
		return `mutation($s: ID!, $t: ID!) { createPartnership(input: {source: $s, target: $t, type: "load test"}) { id } }`,
			map[string]any{"s": pick(i), "t": pick(i*7919 + 1)}
	}}
	return []Scenario{page, ranking, hood, mixed, writes}
}
