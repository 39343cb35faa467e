package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"stakegraph/demodata"
	"stakegraph/network"
)

// testsReps is how many replications each side runs of the significance tests.
const testsReps = 200

// significancePeers times stakegraph's QAP correlation test and CUG test of transitivity
// (EDGES) against R sna's qaptest(…, gcor) and cug.test(…, gtrans, cmode = "edges") on the
// same slice of M — its government and media actors, undirected, relations over their pairs:
// x = same region, y = ties — with testsReps replications each, and returns
// {bench: {"sna": seconds}} with stakegraph's seconds in ours.
func significancePeers(dir string, ours map[string]float64) (map[string]map[string]any, error) {
	if _, err := exec.LookPath("Rscript"); err != nil {
		fmt.Println("R sna: no Rscript (apt-get install r-cran-sna); skipped")
		return nil, nil
	}
	net := demodata.Generate(demodata.Options{Actors: 10_000, Seed: 42})
	keep := map[string]int32{}
	var region []string
	for _, a := range net.Actors {
		if a.Sector == "government" || a.Sector == "media" {
			keep[a.ID] = int32(len(region))
			region = append(region, a.Region)
		}
	}
	n := len(region)
	var ties []network.Tie
	for _, p := range net.Partnerships {
		u, ok1 := keep[p.Source]
		v, ok2 := keep[p.Target]
		if ok1 && ok2 {
			ties = append(ties, network.Tie{U: u, V: v, W: 1})
		}
	}
	g, _ := network.Views(n, ties)
	x, y := make(network.Relation, n*n), make(network.Relation, n*n)
	for i := range n {
		for j := range n {
			if i != j && region[i] == region[j] {
				x[i*n+j] = 1
			}
		}
		adj, _ := g.Out(int32(i))
		for _, j := range adj {
			y[i*n+int(j)] = 1
		}
	}
	edges, labels := filepath.Join(dir, "slice.tsv"), filepath.Join(dir, "slice-regions.tsv")
	if err := writeEdgeList(edges, g); err != nil {
		return nil, err
	}
	f, err := os.Create(labels)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	for _, r := range region {
		fmt.Fprintln(w, r)
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	f.Close()
	fmt.Printf("slice of M (government and media): %d actors, %d ties; %d replications per test\n", n, g.EdgeCount(), testsReps)
	ctx := context.Background()
	start := time.Now()
	if _, err := network.QAPCorrelation(ctx, x, y, n, false, testsReps, 1); err != nil {
		return nil, err
	}
	ours["qaptest_slice"] = time.Since(start).Seconds()
	start = time.Now()
	if _, err := network.CUGTest(ctx, g, network.StatTransitivity, network.CondEdges, testsReps, 1); err != nil {
		return nil, err
	}
	ours["cug_transitivity_slice"] = time.Since(start).Seconds()
	for _, b := range []string{"qaptest_slice", "cug_transitivity_slice"} {
		fmt.Printf("stakegraph %-22s %9.3f s\n", b, ours[b])
	}
	spec, _ := json.Marshal(map[string]any{"edges": edges, "labels": labels, "reps": testsReps})
	cmd := exec.Command("Rscript", "benchmarks/peers/sna.R", string(spec))
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("sna.R: %w", err)
	}
	var out map[string]map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("sna.R output %q: %w", raw, err)
	}
	return out, nil
}
