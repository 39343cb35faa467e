// Command peers times stakegraph's kernels and NetworkX, igraph, NetworKit and (when the system
// Python has Debian's python3-graph-tool) graph-tool side by side in one run on the same
// generated graphs, and prints one line per comparison:
//
//	RATIO bench=<name> peer=<peer> value=<peer seconds / stakegraph seconds>
//
// Run it with `make bench-peers`, which installs the peers from PyPI into a local venv.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"stakegraph/demodata"
	"stakegraph/network"
)

type bench struct {
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	Graph      string  `json:"graph"`
	Tol        float64 `json:"tol,omitempty"`
	Epsilon    float64 `json:"epsilon,omitempty"`
	Delta      float64 `json:"delta,omitempty"`
	NXSources  int     `json:"nx_sources,omitempty"`
	stakegraph func(g *network.Graph) error
}

func main() {
	out := flag.String("dir", ".data/bench", "where to write the benchmark graphs")
	python := flag.String("python", ".data/bench-venv/bin/python", "Python with networkx, igraph and networkit")
	systemPython := flag.String("system-python", "/usr/bin/python3", "Python with graph-tool (Debian's python3-graph-tool); skipped when it lacks it")
	gdsURI := flag.String("gds-uri", "", "Bolt URI of a Neo4j with Graph Data Science (benchmarks/gds/gds.sh); empty: GDS skipped")
	gdsPassword := flag.String("gds-password-file", ".data/gds/password", "file with the neo4j user's password for -gds-uri")
	onlyTests := flag.Bool("only-tests", false, "run only the significance tests against R sna")
	flag.Parse()
	if *onlyTests {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "bench-peers:", err)
			os.Exit(1)
		}
		ours := map[string]float64{}
		sna, err := significancePeers(*out, ours)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench-peers:", err)
			os.Exit(1)
		}
		printRatios(sna, ours)
		return
	}
	if err := run(*out, *python, *systemPython, *gdsURI, *gdsPassword); err != nil {
		fmt.Fprintln(os.Stderr, "bench-peers:", err)
		os.Exit(1)
	}
}

func run(dir, python, systemPython, gdsURI, gdsPasswordFile string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sizes := map[string]int{"M": 10_000, "L": 100_000}
	graphs := map[string]*network.Graph{}
	paths := map[string]string{}
	for name, n := range sizes {
		net := demodata.Generate(demodata.Options{Actors: n, Seed: 42})
		index := map[string]int32{}
		for i, a := range net.Actors {
			index[a.ID] = int32(i)
		}
		ties := make([]network.Tie, len(net.Partnerships))
		for i, p := range net.Partnerships {
			ties[i] = network.Tie{U: index[p.Source], V: index[p.Target], W: p.Weight, Directed: p.Directed}
		}
		u, _ := network.Views(n, ties)
		graphs[name] = u
		paths[name] = filepath.Join(dir, name+".tsv")
		if err := writeEdgeList(paths[name], u); err != nil {
			return err
		}
		fmt.Printf("graph %s: %d actors, %d edges (undirected view)\n", name, u.N, u.EdgeCount())
	}
	ctx := context.Background()
	benches := []bench{
		{Name: "betweenness_M", Kind: "betweenness", Graph: "M", NXSources: 100, stakegraph: func(g *network.Graph) error {
			_, err := network.Betweenness(ctx, g, network.BetweennessOptions{Normalized: true})
			return err
		}},
		{Name: "closeness_M", Kind: "closeness", Graph: "M", NXSources: 200, stakegraph: func(g *network.Graph) error {
			_, err := network.Closeness(ctx, g, false)
			return err
		}},
		{Name: "pagerank_L", Kind: "pagerank", Graph: "L", Tol: 1e-9, stakegraph: func(g *network.Graph) error {
			_, _, err := network.PageRank(ctx, g, network.PageRankOptions{Tolerance: 1e-9})
			return err
		}},
		{Name: "approx_betweenness_L", Kind: "approx_betweenness", Graph: "L", Epsilon: 0.01, Delta: 0.1, stakegraph: func(g *network.Graph) error {
			_, _, err := network.ApproxBetweenness(ctx, g, network.ApproxOptions{Epsilon: 0.01, Delta: 0.1, Seed: 1, Normalized: true})
			return err
		}},
	}
	ours := map[string]float64{}
	for _, b := range benches {
		best := 0.0
		reps := 1
		if b.Kind == "pagerank" {
			reps = 5 // short: take the best of several
		}
		for r := 0; r < reps; r++ {
			start := time.Now()
			if err := b.stakegraph(graphs[b.Graph]); err != nil {
				return err
			}
			if s := time.Since(start).Seconds(); r == 0 || s < best {
				best = s
			}
		}
		ours[b.Name] = best
		fmt.Printf("stakegraph %-22s %9.3f s (GOMAXPROCS=%d)\n", b.Name, best, runtime.GOMAXPROCS(0))
	}
	spec, _ := json.Marshal(map[string]any{"graphs": paths, "benches": benches, "threads": runtime.GOMAXPROCS(0)})
	peers, err := runScript(python, "benchmarks/peers/peers.py", spec)
	if err != nil {
		return err
	}
	sna, err := significancePeers(dir, ours)
	if err != nil {
		return err
	}
	for name, res := range sna {
		peers[name] = res
		benches = append(benches, bench{Name: name})
	}
	if exec.Command(systemPython, "-c", "import graph_tool").Run() != nil {
		fmt.Println("graph-tool: not installed for", systemPython, "(apt-get install python3-graph-tool); skipped")
	} else {
		gt, err := runScript(systemPython, "benchmarks/peers/graphtool.py", spec)
		if err != nil {
			return err
		}
		for bench, res := range gt {
			for k, v := range res {
				peers[bench][k] = v
			}
		}
	}
	if gdsURI != "" {
		pw, err := os.ReadFile(gdsPasswordFile)
		if err != nil {
			return err
		}
		gds, err := gdsPeer(ctx, gdsURI, strings.TrimSpace(string(pw)), graphs, benches, runtime.GOMAXPROCS(0))
		if err != nil {
			return fmt.Errorf("gds: %w", err)
		}
		for name, res := range gds {
			if secs, ok := res["_ours"].(float64); ok { // a comparison only GDS makes
				delete(res, "_ours")
				ours[name] = secs
				benches = append(benches, bench{Name: name})
			}
			if peers[name] == nil {
				peers[name] = map[string]any{}
			}
			for k, v := range res {
				peers[name][k] = v
			}
		}
	}
	for _, b := range benches {
		printRatios(map[string]map[string]any{b.Name: peers[b.Name]}, ours)
	}
	return nil
}

// printRatios prints each peer's seconds and its RATIO line (peer seconds ÷ stakegraph's).
func printRatios(peers map[string]map[string]any, ours map[string]float64) {
	names := make([]string, 0, len(peers))
	for name := range peers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, bname := range names {
		b := bench{Name: bname}
		res := peers[b.Name]
		names := make([]string, 0, len(res))
		for k := range res {
			if _, ok := res[k].(float64); ok {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		for _, p := range names {
			secs := res[p].(float64)
			note := ""
			if n, ok := res[p+"_note"].(string); ok {
				note = " (" + n + ")"
			}
			fmt.Printf("%-10s %-22s %9.3f s%s\n", p, b.Name, secs, note)
		}
		for _, p := range names {
			fmt.Printf("RATIO bench=%s peer=%s value=%.2f\n", b.Name, p, res[p].(float64)/ours[b.Name])
		}
	}
}

// runScript runs a peer script with the benchmark spec and decodes its {bench: {peer: seconds}}.
func runScript(python, script string, spec []byte) (map[string]map[string]any, error) {
	cmd := exec.Command(python, script, string(spec))
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", script, err)
	}
	var out map[string]map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s output: %w", script, err)
	}
	return out, nil
}

func writeEdgeList(path string, g *network.Graph) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, g.N)
	for v := int32(0); v < int32(g.N); v++ {
		adj, wt := g.Out(v)
		for i, u := range adj {
			if u > v {
				fmt.Fprintf(w, "%d\t%d\t%g\n", v, u, wt[i])
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
