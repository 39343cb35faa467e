package commands

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"stakegraph/demodata"
	"stakegraph/neo4jstore"
)

// Generate writes a generated network to Neo4j (`stakegraph generate`).
func Generate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	c := Bind(fs)
	actors := fs.Int("actors", 1000, "number of actors")
	per := fs.Float64("partnerships-per-actor", 5, "partnerships per actor")
	seedV := fs.Uint64("seed", 1, "random seed: the same seed gives the same network")
	batch := fs.Int("batch", 5000, "rows per write transaction")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *actors < 1 || *actors > 10_000_000 {
		return fmt.Errorf("--actors must be between 1 and 10,000,000")
	}
	return withStore(ctx, c, func(store *neo4jstore.Store, logger *slog.Logger) error {
		net := demodata.Generate(demodata.Options{Actors: *actors, PartnershipsPer: *per, Seed: *seedV})
		start := time.Now()
		st, err := store.ImportNetwork(ctx, net, *batch, func(done, total int) { progressBar(os.Stderr, done, total) })
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return err
		}
		el := time.Since(start)
		logger.Info("generated network written", "actors", st.Actors, "partnerships", st.Partnerships, "projects", st.Projects,
			"seconds", el.Seconds(), "partnerships_per_second", float64(st.Partnerships)/el.Seconds())
		return nil
	})
}

// Seed writes the hand-written article network to Neo4j (`stakegraph seed`).
func Seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	c := Bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(ctx, c, func(store *neo4jstore.Store, logger *slog.Logger) error {
		st, err := store.ImportNetwork(ctx, demodata.Article(), 0, nil)
		if err == nil {
			logger.Info("article network written", "actors", st.Actors, "partnerships", st.Partnerships)
		}
		return err
	})
}

// progressBar redraws a one-line progress bar.
func progressBar(w io.Writer, done, total int) {
	const width = 40
	if total <= 0 {
		return
	}
	n := done * width / total
	fmt.Fprintf(w, "\r[%s%s] %d/%d partnerships", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
}
