package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stakegraph/neo4jstore/neo4jtest"
)

// chromium finds Debian's Chromium (installed by .ci/run and make test).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no chromium on PATH: `apt-get install chromium` (make test and .ci/run install it)")
	return ""
}

// TestGraphiQLRunsOffline opens GraphiQL in a real Chromium that can reach nothing but the
// server (every other host fails to resolve), runs the default query, and checks that the
// answer arrived and that no request left the server. A screenshot goes to .data/screenshots.
func TestGraphiQLRunsOffline(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	seedPair(t, store)
	srv := newServer(t, store, serveOptions{})
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1400, 900))...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var mu sync.Mutex
	var requested []string
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, e.Request.URL)
			mu.Unlock()
		}
	})
	var answer string
	var shot []byte
	err := chromedp.Run(ctx,
		network.Enable(),
		chromedp.Navigate(srv.url+"/"),
		chromedp.WaitVisible(".graphiql-container", chromedp.ByQuery),
		chromedp.WaitVisible(".graphiql-execute-button", chromedp.ByQuery),
		chromedp.Click(".graphiql-execute-button", chromedp.ByQuery),
		chromedp.Poll(`(() => { const r = document.querySelector(".graphiql-response");
			return r && r.innerText.includes("graphVersion") ? r.innerText : ""; })()`, &answer, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.CaptureScreenshot(&shot),
	)
	if err != nil {
		t.Fatalf("GraphiQL in Chromium: %v", err)
	}
	if !strings.Contains(answer, `"centrality"`) || strings.Contains(answer, `"errors"`) {
		t.Errorf("GraphiQL's answer: %s", answer)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, u := range requested {
		if !strings.HasPrefix(u, srv.url) && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page requested %s, outside the server", u)
		}
	}
	if len(requested) < 5 {
		t.Errorf("only %d requests seen: %v", len(requested), requested)
	}
	dir := filepath.Join(".data", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(dir, "graphiql.png"), shot, 0o644)
	}
}
