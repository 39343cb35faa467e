package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"stakegraph/analytics"
	"stakegraph/commands"
	"stakegraph/domain"
	"stakegraph/gqltest"
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
	ctx := offlineBrowser(t, 60*time.Second)
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
	saveScreenshot(t, "graphiql.png", shot)
}

// offlineBrowser opens a tab, closed at the test's end, in the package's one headless Chromium
// (Debian's, started on first use, stopped by TestMain): it can reach nothing but 127.0.0.1
// (every other host fails to resolve); WebGL runs on SwiftShader (no GPU here); the window is
// 1400×900.
func offlineBrowser(t *testing.T, timeout time.Duration) context.Context {
	path := chromium(t)
	browser.once.Do(func() {
		alloc, stopAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
			chromedp.Flag("use-angle", "swiftshader"), chromedp.Flag("enable-unsafe-swiftshader", true),
			chromedp.WindowSize(1400, 900))...)
		ctx, stopBrowser := chromedp.NewContext(alloc)
		browser.ctx, browser.stop = ctx, func() { stopBrowser(); stopAlloc() }
		browser.err = chromedp.Run(ctx) // starts Chromium
	})
	if browser.err != nil {
		t.Fatalf("starting Chromium: %v", browser.err)
	}
	tab, closeTab := chromedp.NewContext(browser.ctx)
	t.Cleanup(closeTab)
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(cancel)
	return ctx
}

// browser is the package's one Chromium: each browser test is a tab of it.
var browser struct {
	once sync.Once
	ctx  context.Context
	stop func()
	err  error
}

// saveScreenshot writes a PNG under .data/screenshots for people to look at.
func saveScreenshot(t *testing.T, name string, png []byte) {
	dir := filepath.Join(".data", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("screenshot %s not saved: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Logf("screenshot %s not saved: %v", name, err)
	}
}

// TestExplorerShowsDemoNetwork drives /explore in a real Chromium that can reach nothing but
// the server, over the demo data `make run` loads: the network is drawn (the graph's pixels are
// not blank), a sector filter redraws fewer actors, clicking an actor opens a card with the
// values the API returns for it, and the intermediaries panel lists the actors the
// `intermediaries` query ranks. Screenshots go to .data/screenshots.
func TestExplorerShowsDemoNetwork(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	if err := commands.LoadDemo(context.Background(), store, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, store, serveOptions{})
	ctx := offlineBrowser(t, 120*time.Second)
	var mu sync.Mutex
	var outside []string
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && !strings.HasPrefix(e.Request.URL, srv.url) &&
			!strings.HasPrefix(e.Request.URL, "data:") && !strings.HasPrefix(e.Request.URL, "blob:") {
			mu.Lock()
			outside = append(outside, e.Request.URL)
			mu.Unlock()
		}
	})
	ready := func() chromedp.Action {
		return chromedp.Poll(`document.body.dataset.ready === "true"`, nil, chromedp.WithPollingTimeout(60*time.Second))
	}
	var nodesAll, nodesGov int
	var shot []byte
	err := chromedp.Run(ctx, network.Enable(), chromedp.Navigate(srv.url+"/explore"), ready(),
		chromedp.Sleep(500*time.Millisecond), // sigma draws on the next animation frame
		chromedp.Evaluate(`stakegraph.graph.order`, &nodesAll),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatalf("the explorer did not draw: %v", err)
	}
	saveScreenshot(t, "explorer.png", shot)
	if nodesAll < 100 {
		t.Fatalf("the explorer drew %d actors of the demo network", nodesAll)
	}
	var box []float64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const r = document.getElementById("graph").getBoundingClientRect();
		return [r.left * devicePixelRatio, r.top * devicePixelRatio, r.width * devicePixelRatio, r.height * devicePixelRatio]; })()`, &box)); err != nil {
		t.Fatal(err)
	}
	if inked, colours := ink(t, shot, box); inked < 0.005 || colours < 4 {
		t.Errorf("the graph area looks blank: %.4f of its pixels drawn, %d colours", inked, colours)
	}
	checkLabels(t, ctx, "1400×900, the first drawing", 10)
	checkLegendInView(t, ctx, "1400×900")

	// A filter change: government only.
	var status string
	var allGov bool
	err = chromedp.Run(ctx,
		chromedp.Click(`#sectors input[value="government"]`, chromedp.ByQuery), ready(),
		chromedp.Evaluate(`stakegraph.graph.order`, &nodesGov),
		chromedp.Evaluate(`stakegraph.graph.everyNode((_, a) => a.group === "government")`, &allGov),
		chromedp.Text("#status", &status, chromedp.ByQuery))
	if err != nil {
		t.Fatal(err)
	}
	if nodesGov == 0 || nodesGov >= nodesAll || !allGov {
		t.Errorf("after filtering on government: %d actors (all government: %v), %d before", nodesGov, allGov, nodesAll)
	}
	var total int
	srv.mustQuery(`{ networkStats(network: {sectors: ["government"]}) { actors } }`, nil, &struct {
		NetworkStats struct{ Actors *int } `json:"networkStats"`
	}{NetworkStats: struct{ Actors *int }{&total}})
	if !strings.Contains(status, fmt.Sprintf("%d", nodesGov)) || (nodesGov < total && !strings.Contains(status, fmt.Sprintf("of %d", total))) {
		t.Errorf("status %q for %d of %d government actors", status, nodesGov, total)
	}

	// Click the biggest actor drawn.
	var target struct {
		ID   string
		X, Y float64
	}
	err = chromedp.Run(ctx, chromedp.Evaluate(`(() => {
		const g = stakegraph.graph, r = stakegraph.renderer;
		let best = null;
		g.forEachNode((id, a) => { if (!best || a.size > g.getNodeAttribute(best, "size")) best = id; });
		const a = g.getNodeAttributes(best), p = r.graphToViewport({x: a.x, y: a.y});
		const box = document.getElementById("graph").getBoundingClientRect();
		return {id: best, x: box.left + p.x, y: box.top + p.y};
	})()`, &target))
	if err == nil { // the click's coordinates are known only now
		err = chromedp.Run(ctx, chromedp.MouseClickXY(target.X, target.Y),
			chromedp.Poll(`document.querySelector("#actorCard[data-actor] td[data-metric]") !== null`, nil, chromedp.WithPollingTimeout(30*time.Second)))
	}
	if err != nil {
		var text string
		_ = chromedp.Run(context.WithoutCancel(ctx), chromedp.Text("#side", &text, chromedp.ByQuery))
		t.Fatalf("clicking actor %s at (%.0f, %.0f): %v; the side panel reads %q", target.ID, target.X, target.Y, err, text)
	}
	var card struct {
		Actor   string
		Metrics map[string]string
		EI      string
	}
	err = chromedp.Run(ctx, chromedp.Sleep(300*time.Millisecond), chromedp.Evaluate(`(() => {
		const c = document.getElementById("actorCard"), m = {};
		for (const td of c.querySelectorAll("td[data-metric]")) m[td.dataset.metric] = td.dataset.value;
		return {actor: c.dataset.actor, metrics: m, ei: c.querySelector('td[data-field="eiIndex"]').textContent};
	})()`, &card), chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "explorer-actor.png", shot)
	checkLabels(t, ctx, "an actor's card, its neighbours highlighted", 2)
	if card.Actor != target.ID {
		t.Errorf("clicked %s, the card shows %s", target.ID, card.Actor)
	}
	var api struct {
		Actor struct {
			Metrics map[string]*float64
		}
	}
	var fields []string // the card shows every registered metric with an ActorMetrics field
	for _, m := range analytics.Metrics() {
		if m.Field != "" {
			fields = append(fields, m.Field)
		}
	}
	srv.mustQuery(`query($id: ID!) { actor(id: $id) { metrics(network: {sectors: ["government"]}) { `+strings.Join(fields, " ")+` } } }`,
		gqltest.ID{ID: card.Actor}, &api)
	if len(api.Actor.Metrics) != len(fields) || len(card.Metrics) != len(fields) {
		t.Fatalf("metrics: API %v, card %v", api.Actor.Metrics, card.Metrics)
	}
	for k, want := range api.Actor.Metrics {
		got := card.Metrics[k]
		if want == nil {
			if got != "" {
				t.Errorf("%s: card %q, API null", k, got)
			}
			continue
		}
		if g, err := strconv.ParseFloat(got, 64); err != nil || g != *want {
			t.Errorf("%s: card %q, API %v", k, got, *want)
		}
	}

	// The actor's own attributes on the card, as the API has them.
	var cardAttrs map[string]string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const m = {};
		for (const td of document.querySelectorAll("#actorAttributes td[data-attribute]")) m[td.dataset.attribute] = td.textContent;
		return m; })()`, &cardAttrs)); err != nil {
		t.Fatal(err)
	}
	var attrs struct {
		Actor struct{ Attributes map[string]any }
	}
	srv.mustQuery(`query($id: ID!) { actor(id: $id) { attributes } }`, gqltest.ID{ID: card.Actor}, &attrs)
	if len(cardAttrs) != len(attrs.Actor.Attributes) {
		t.Errorf("the card lists attributes %v; the API has %v", cardAttrs, attrs.Actor.Attributes)
	}
	for k, v := range attrs.Actor.Attributes {
		if cardAttrs[k] != fmt.Sprint(v) {
			t.Errorf("attribute %s: card %q, API %v", k, cardAttrs[k], v)
		}
	}

	// Colour by a custom attribute: the legend lists attributeDefinitions.values (most
	// frequent first) and every drawn actor has its value's colour; then filter by another
	// attribute: only actors with that value are drawn.
	var legend []struct{ Key, Colour string }
	var mismatched []string
	err = chromedp.Run(ctx,
		chromedp.SetValue("#color", "attr:legal_form", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("color").dispatchEvent(new Event("change", {bubbles: true}))`, nil),
		chromedp.Poll(`document.querySelector("#legend div[data-key]") !== null`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll("#legend div[data-key]")].filter(d => d.dataset.key).map(d =>
			({key: d.dataset.key, colour: getComputedStyle(d.querySelector(".swatch")).backgroundColor}))`, &legend),
		chromedp.Evaluate(`(() => { const byKey = {}, bad = [];
			for (const d of document.querySelectorAll("#legend div[data-key]")) if (d.dataset.key) byKey[d.dataset.key] = d.querySelector(".swatch").style.background;
			const hex = (c) => { const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(c); return m ? "#" + m.slice(1).map(x => (+x).toString(16).padStart(2, "0")).join("") : c; };
			stakegraph.graph.forEachNode((id, a) => { const v = a.attrs.legal_form;
				if (v !== undefined && byKey[v] !== undefined && hex(byKey[v]) !== a.color) bad.push(id); });
			return bad; })()`, &mismatched),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "explorer-attribute.png", shot)
	var defs struct {
		AttributeDefinitions []struct {
			Name   string
			Values []struct{ Key string }
		}
	}
	srv.mustQuery(`{ attributeDefinitions(target: ACTOR) { name values(first: 12) { key } } }`, nil, &defs)
	var wantKeys, gotKeys []string
	for _, d := range defs.AttributeDefinitions {
		if d.Name == "legal_form" {
			for _, v := range d.Values[:min(len(d.Values), categoricalColours)] {
				wantKeys = append(wantKeys, v.Key)
			}
		}
	}
	for _, l := range legend {
		gotKeys = append(gotKeys, l.Key)
	}
	if len(wantKeys) == 0 || strings.Join(gotKeys, ",") != strings.Join(wantKeys, ",") {
		t.Errorf("the legend lists %v; attributeDefinitions.values has %v", gotKeys, wantKeys)
	}
	if len(mismatched) > 0 {
		t.Errorf("%d actors are not in their legal form's colour, e.g. %v", len(mismatched), mismatched[:min(3, len(mismatched))])
	}
	// A NUMBER attribute colours on the sequential scale: colours follow the values' order
	// (bins never go down as budgets go up), several bins are used, and the legend lists them.
	var scale struct {
		Bins, Legend int
		Monotone     bool
	}
	err = chromedp.Run(ctx,
		chromedp.SetValue("#color", "attr:budget", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("color").dispatchEvent(new Event("change", {bubbles: true}))`, nil),
		chromedp.Poll(`document.querySelectorAll("#legend div[data-key]").length > 3`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`(() => { const seq = stakegraph.palette.SEQUENTIAL, rows = [];
			stakegraph.graph.forEachNode((id, a) => { if (typeof a.attrs.budget === "number") rows.push([a.attrs.budget, seq.indexOf(a.color)]); });
			rows.sort((x, y) => x[0] - y[0]);
			let monotone = rows.every((r, i) => r[1] >= 0 && (i === 0 || r[1] >= rows[i - 1][1]));
			return {bins: new Set(rows.map(r => r[1])).size, legend: document.querySelectorAll("#legend div[data-key]").length, monotone}; })()`, &scale))
	if err != nil {
		t.Fatal(err)
	}
	if !scale.Monotone || scale.Bins < 5 || scale.Legend < scale.Bins {
		t.Errorf("colouring by budget: %+v; want colours rising with the value over at least 5 bins, each in the legend", scale)
	}
	var formalOnly bool
	var nodesFormal int
	err = chromedp.Run(ctx,
		chromedp.SetValue("#attrFilter", "formal", chromedp.ByQuery),
		chromedp.SetValue("#attrValues", "true", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("attrValues").dispatchEvent(new Event("change", {bubbles: true}))`, nil),
		chromedp.Poll(`document.body.dataset.ready === "true" && location.hash.includes("af=formal")`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Evaluate(`stakegraph.graph.order`, &nodesFormal),
		chromedp.Evaluate(`stakegraph.graph.everyNode((_, a) => a.attrs.formal === true)`, &formalOnly))
	if err != nil {
		t.Fatal(err)
	}
	if nodesFormal == 0 || !formalOnly {
		t.Errorf("filtered by formal = true: %d actors drawn, all formal: %v", nodesFormal, formalOnly)
	}

	// Intermediaries between government and civil society, opened from a shared link.
	var listed []string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.url+"/explore#tab=intermediaries&a=government&b=civil_society"),
		chromedp.Reload(), ready(),
		chromedp.Poll(`document.querySelectorAll("#brokers li[data-id]").length > 0`, nil, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll("#brokers li[data-id]")].map(li => li.dataset.id)`, &listed),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "explorer-intermediaries.png", shot)
	var brokers struct {
		Intermediaries []struct{ Actor struct{ ID string } }
	}
	srv.mustQuery(`{ intermediaries(between: ["government", "civil_society"], first: 15) { actor { id } } }`, nil, &brokers)
	var want []string
	for _, b := range brokers.Intermediaries {
		want = append(want, b.Actor.ID)
	}
	if strings.Join(listed, ",") != strings.Join(want, ",") || len(want) == 0 {
		t.Errorf("the panel lists %v; the intermediaries query ranks %v", listed, want)
	}

	// The first broker's card, and the path from it to the nearest media actor.
	var path string
	err = chromedp.Run(ctx,
		chromedp.Click("#brokers li[data-id]", chromedp.ByQuery),
		chromedp.Poll(`document.querySelector("#actorCard[data-actor] td[data-metric]") !== null`, nil, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.SetValue("#pathSector", "media", chromedp.ByQuery),
		chromedp.Click("#actorCard .pathPick button", chromedp.ByQuery),
		chromedp.Poll(`(document.getElementById("pathResult") || {dataset: {}}).dataset.path || ""`, &path, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	var nearest struct {
		NearestInGroup struct{ Actors []struct{ ID string } }
	}
	srv.mustQuery(`query($id: ID!) { nearestInGroup(actorId: $id, group: "media") { actors { id } } }`, gqltest.ID{ID: want[0]}, &nearest)
	var wantPath []string
	for _, a := range nearest.NearestInGroup.Actors {
		wantPath = append(wantPath, a.ID)
	}
	if path != strings.Join(wantPath, ",") {
		t.Errorf("the path drawn is %q; nearestInGroup answers %v", path, wantPath)
	}

	// Communities and the mixing matrix render what the API answers.
	var communities, mixingRows int
	err = chromedp.Run(ctx,
		chromedp.Click(`#tabs button[data-tab="communities"]`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll("#communityList .community").length`, &communities, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Click(`#tabs button[data-tab="mixing"]`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll("#mixingMatrix table.heat tr").length`, &mixingRows, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		var text string
		_ = chromedp.Run(context.WithoutCancel(ctx), chromedp.Text("#side", &text, chromedp.ByQuery))
		t.Fatalf("%v; the side panel reads %q", err, text)
	}
	saveScreenshot(t, "explorer-mixing.png", shot)
	var api2 struct {
		Communities  struct{ Count int }
		SectorMixing struct{ Groups []struct{ Key string } } `json:"sectorMixing"`
	}
	srv.mustQuery(`{ communities { count } sectorMixing { groups { key } } }`, nil, &api2)
	if communities != min(api2.Communities.Count, 12) || mixingRows != len(api2.SectorMixing.Groups)+1 {
		t.Errorf("the panels show %d communities and %d matrix rows; the API has %d communities and %d groups",
			communities, mixingRows, api2.Communities.Count, len(api2.SectorMixing.Groups))
	}
	// The mixing panel's E-I tests are the API's (the same permutations and seed).
	var ei struct{ Expected, Ple, Pge string }
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const p = document.getElementById("eiSummary").dataset;
		return {expected: p.expected, ple: p.ple, pge: p.pge}; })()`, &ei)); err != nil {
		t.Fatal(err)
	}
	var eiAPI struct {
		EiTest struct{ Expected, PLessOrEqual, PGreaterOrEqual float64 }
	}
	srv.mustQuery(`{ eiTest(permutations: 2000, seed: 1) { expected pLessOrEqual pGreaterOrEqual } }`, nil, &eiAPI)
	if ei.Expected != fmt.Sprint(eiAPI.EiTest.Expected) || ei.Ple != fmt.Sprint(eiAPI.EiTest.PLessOrEqual) || ei.Pge != fmt.Sprint(eiAPI.EiTest.PGreaterOrEqual) {
		t.Errorf("the mixing panel's E-I test %+v; the API's %+v", ei, eiAPI.EiTest)
	}

	// The network panel: the measures and the core/periphery split the API answers, and
	// colouring by the core paints exactly the core's actors.
	var measures map[string]string
	var coreSize int
	var wrongColour []string
	err = chromedp.Run(ctx,
		chromedp.Click(`#tabs button[data-tab="network"]`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelector("#coreSummary") !== null`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Evaluate(`(() => { const m = {}; for (const td of document.querySelectorAll("#networkTable td[data-measure]")) m[td.dataset.measure] = td.dataset.value; return m; })()`, &measures),
		chromedp.Evaluate(`Number(document.getElementById("coreSummary").dataset.core)`, &coreSize),
		chromedp.Click("#colourCore", chromedp.ByQuery),
		chromedp.Poll(`document.querySelector('#legend div[data-key="core"]') !== null`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(`(() => { const bad = []; stakegraph.graph.forEachNode((id, a) => {
			const inCore = stakegraph.core.has(id); if ((a.color === stakegraph.palette.CORE) !== inCore) bad.push(id); }); return bad; })()`, &wrongColour),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "explorer-network.png", shot)
	var net struct {
		NetworkStats  map[string]*float64
		CorePeriphery struct{ CoreSize int }
	}
	srv.mustQuery(`{ networkStats { components density transitivity reciprocity averagePathLength fragmentation degree: centralization(metric: DEGREE)
		betweenness: centralization(metric: BETWEENNESS) } corePeriphery { coreSize } }`, nil, &net)
	for k, want := range net.NetworkStats {
		got := measures[k]
		if (want == nil && got != "") || (want != nil && got != fmt.Sprint(*want)) {
			t.Errorf("network panel %s = %q; the API's %v", k, got, deref(want))
		}
	}
	if coreSize != net.CorePeriphery.CoreSize || coreSize == 0 {
		t.Errorf("the panel's core has %d actors; the API's %d", coreSize, net.CorePeriphery.CoreSize)
	}
	if len(wrongColour) > 0 {
		t.Errorf("%d actors are coloured against the core split, e.g. %v", len(wrongColour), wrongColour[:min(3, len(wrongColour))])
	}
	var closeness string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#networkTable td[data-measure="closeness"]').dataset.undefined ?? ""`, &closeness)); err != nil {
		t.Fatal(err)
	}
	if net.NetworkStats["components"] != nil && *net.NetworkStats["components"] > 1 && !strings.Contains(closeness, "components") {
		t.Errorf("closeness centralization on a disconnected slice: %q, want it marked undefined with the reason", closeness)
	}
	checkTimeline(t, ctx, srv)
	checkLayers(t, ctx, srv)
	checkWeave(t, ctx, srv)
	checkImageExport(t, ctx)
	checkWideScreen(t, ctx, srv)
	mu.Lock()
	defer mu.Unlock()
	if len(outside) > 0 {
		t.Errorf("the explorer requested %v, outside the server", outside)
	}
}

// categoricalColours is the size of the explorer's palette for a categorical attribute's values
// (palette.ts CATEGORICAL): the legend lists that many of the most frequent, then "other values".
const categoricalColours = 8

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestExplorerAsksForAToken: on a server that refuses anonymous clients the explorer says so,
// and draws the network once a token is entered (kept in the tab's session storage).
func TestExplorerAsksForAToken(t *testing.T) {
	store := neo4jtest.MustOpen(t)
	seedPair(t, store)
	srv := newServer(t, store, serveOptions{auth: authConfig(domain.RoleNone)})
	token := mustToken(t, store, "explorer", domain.RoleReader)
	ctx := offlineBrowser(t, 60*time.Second)
	var status string
	var nodes int
	var stored string
	err := chromedp.Run(ctx, chromedp.Navigate(srv.url+"/explore"),
		chromedp.Poll(`document.getElementById("status").classList.contains("error") ? document.getElementById("status").textContent : ""`,
			&status, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.SendKeys("#token", token+"\n", chromedp.ByQuery),
		chromedp.Blur("#token", chromedp.ByQuery),
		chromedp.Poll(`document.body.dataset.ready === "true"`, nil, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Evaluate(`stakegraph.graph.order`, &nodes),
		chromedp.Evaluate(`sessionStorage.getItem("stakegraph.token")`, &stored))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(status, "API token") {
		t.Errorf("without a token the status reads %q", status)
	}
	if nodes != 2 || stored != token {
		t.Errorf("with the token: %d actors drawn, session storage %q", nodes, stored)
	}
}

// ink reports the share of non-background pixels in box (x, y, w, h in device pixels) of a PNG
// screenshot, and how many distinct colours (quantised) they have.
func ink(t *testing.T, shot []byte, box []float64) (float64, int) {
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	rect := image.Rect(int(box[0]), int(box[1]), int(box[0]+box[2]), int(box[1]+box[3])).Intersect(img.Bounds())
	drawn, all := 0, 0
	colours := map[[3]uint32]bool{}
	for y := rect.Min.Y; y < rect.Max.Y; y += 2 {
		for x := rect.Min.X; x < rect.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			all++
			if r < 0xf000 || g < 0xf000 || b < 0xf000 {
				drawn++
				colours[[3]uint32{r >> 12, g >> 12, b >> 12}] = true
			}
		}
	}
	if all == 0 {
		return 0, 0
	}
	return float64(drawn) / float64(all), len(colours)
}

// drawnEdge is a drawn partnership with its period and how the renderer shows it.
type drawnEdge struct {
	ID, Since, Until, Color, Kind string
	Hidden                        bool
}

// drawnEdges reads every drawn edge with its display data after the renderer's next frame.
func drawnEdges(ctx context.Context) ([]drawnEdge, error) {
	var out []drawnEdge
	err := chromedp.Run(ctx, chromedp.Sleep(300*time.Millisecond), chromedp.Evaluate(`stakegraph.graph.mapEdges((e, a) => {
		const d = stakegraph.renderer.getEdgeDisplayData(e) || {};
		return {id: e, since: a.since || "", until: a.until || "", kind: a.kind, color: d.color || "", hidden: !!d.hidden};
	})`, &out))
	return out, err
}

// checkTimeline opens the explorer on the timeline, moves to the step where the drawn network
// changed most, and checks every drawn edge against the rule (as asOf defines activity):
// formed since the previous step drawn highlighted, dissolved drawn faded, inactive hidden;
// the step's counts for the whole slice are tieDynamics'; Play advances the steps. A
// screenshot goes to .data/screenshots/explorer-timeline.png.
func checkTimeline(t *testing.T, ctx context.Context, srv *server) {
	t.Helper()
	var steps int
	// Reset the filters (the whole demo network, coloured by sector), then the timeline.
	err := chromedp.Run(ctx, chromedp.Click("#reset", chromedp.ByQuery),
		chromedp.Poll(`document.body.dataset.ready === "true" && stakegraph.state.sectors.length === 0 && stakegraph.state.color === "sector"`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Click(`#tabs button[data-tab="timeline"]`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll("#timelineChart .tcol").length`, &steps, chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		var text string
		_ = chromedp.Run(context.WithoutCancel(ctx), chromedp.Text("#side", &text, chromedp.ByQuery))
		t.Fatalf("the timeline did not open: %v; the side panel reads %q", err, text)
	}
	var years struct{ From, To string }
	var edges []struct{ Since, Until string }
	if err := chromedp.Run(ctx, chromedp.Evaluate(`({from: document.getElementById("timelineFrom").value, to: document.getElementById("timelineTo").value})`, &years),
		chromedp.Evaluate(`stakegraph.graph.mapEdges((e, a) => ({since: a.since || "", until: a.until || ""}))`, &edges)); err != nil {
		t.Fatal(err)
	}
	y0, _ := strconv.Atoi(years.From)
	y1, _ := strconv.Atoi(years.To)
	if steps != y1-y0 || steps < 2 {
		t.Fatalf("the timeline has %d steps for %s–%s", steps, years.From, years.To)
	}
	active := func(since, until, d string) bool { return (since == "" || since <= d) && (until == "" || until >= d) }
	date := func(i int) string { return fmt.Sprintf("%d-01-01", y0+i) }
	// The step where most drawn ties formed and dissolved.
	best, bestChange := 1, -1
	for i := 1; i <= steps; i++ {
		formed, dissolved := 0, 0
		for _, e := range edges {
			now, before := active(e.Since, e.Until, date(i)), active(e.Since, e.Until, date(i-1))
			if now && !before {
				formed++
			}
			if before && !now {
				dissolved++
			}
		}
		if c := min(formed, dissolved); c > bestChange {
			best, bestChange = i, c
		}
	}
	if bestChange <= 0 {
		t.Fatalf("no step of %s–%s both forms and dissolves drawn ties", years.From, years.To)
	}
	var label map[string]string
	var shot []byte
	err = chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`(() => { const s = document.getElementById("timelineStep"); s.value = "%d";
		s.dispatchEvent(new Event("input")); })()`, best), nil),
		chromedp.Sleep(500*time.Millisecond),
		chromedp.Evaluate(`Object.assign({}, document.getElementById("timelineYear").dataset)`, &label),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "explorer-timeline.png", shot)
	drawn, err := drawnEdges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	formed, dissolved := 0, 0
	for _, e := range drawn {
		now, before := active(e.Since, e.Until, date(best)), active(e.Since, e.Until, date(best-1))
		var ok bool
		switch {
		case now && !before:
			formed++
			ok = !e.Hidden && e.Color == "#2ca02c"
		case before && !now:
			dissolved++
			ok = !e.Hidden && strings.HasPrefix(e.Color, "rgba(214, 39, 40")
		case now:
			ok = !e.Hidden && e.Color != "#2ca02c" && !strings.HasPrefix(e.Color, "rgba(")
		default:
			ok = e.Hidden
		}
		if !ok {
			t.Errorf("timeline at %s: edge %s (%s–%s) drawn %q hidden %v", date(best), e.ID, e.Since, e.Until, e.Color, e.Hidden)
		}
	}
	if label["date"] != date(best) || label["formed"] != strconv.Itoa(formed) || label["dissolved"] != strconv.Itoa(dissolved) {
		t.Errorf("the timeline says %v; the drawn edges formed %d and dissolved %d by %s", label, formed, dissolved, date(best))
	}
	var dyn struct {
		TieDynamics []struct{ Formed, Dissolved int } `json:"tieDynamics"`
	}
	srv.mustQuery(`query($f: Date!, $t: Date!) { tieDynamics(from: $f, to: $t) { formed dissolved } }`, map[string]any{"f": date(0), "t": date(steps)}, &dyn)
	if len(dyn.TieDynamics) != steps || label["sliceFormed"] != strconv.Itoa(dyn.TieDynamics[best-1].Formed) || label["sliceDissolved"] != strconv.Itoa(dyn.TieDynamics[best-1].Dissolved) {
		t.Errorf("the timeline's slice counts %v; tieDynamics %+v", label, dyn.TieDynamics)
	}
	// Play moves on by itself.
	var moved bool
	err = chromedp.Run(ctx, chromedp.Evaluate(`(() => { const s = document.getElementById("timelineStep"); s.value = "0"; s.dispatchEvent(new Event("input")); })()`, nil),
		chromedp.Click("#timelinePlay", chromedp.ByQuery),
		chromedp.Poll(`Number(document.getElementById("timelineStep").value) >= 2`, &moved, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Click("#timelinePlay", chromedp.ByQuery))
	if err != nil || !moved {
		t.Errorf("Play did not advance the timeline: %v", err)
	}
}

// checkLayers opens the Layers panel and checks it against the layers query (each type's
// actors and ties, the overlap heatmap), then chooses the largest layer: only its
// partnerships stay drawn. A screenshot goes to .data/screenshots/explorer-layers.png.
func checkLayers(t *testing.T, ctx context.Context, srv *server) {
	t.Helper()
	var rows []struct{ Type, Actors, Ties string }
	var heatRows int
	err := chromedp.Run(ctx, chromedp.Click(`#tabs button[data-tab="layers"]`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll("#layerTable tr[data-layer]").length > 0`, nil, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll("#layerTable tr[data-layer]")].map((tr) => ({type: tr.dataset.layer,
			actors: tr.children[1].textContent, ties: tr.children[2].textContent}))`, &rows),
		chromedp.Evaluate(`document.querySelectorAll("#layerHeat tr").length`, &heatRows))
	if err != nil {
		t.Fatalf("the Layers panel did not open: %v", err)
	}
	var api struct {
		Layers struct {
			Layers []struct {
				Type         string
				Actors, Ties int
			}
		}
	}
	srv.mustQuery(`{ layers { layers { type actors ties } } }`, nil, &api)
	if len(rows) != len(api.Layers.Layers) || heatRows != len(rows)+1 || len(rows) < 2 {
		t.Fatalf("the panel lists %v (%d heatmap rows); the API %+v", rows, heatRows, api.Layers.Layers)
	}
	largest := ""
	most := -1
	for i, l := range api.Layers.Layers {
		if rows[i].Type != l.Type || rows[i].Actors != strconv.Itoa(l.Actors) || rows[i].Ties != strconv.Itoa(l.Ties) {
			t.Errorf("layer row %d: %+v; the API's %+v", i, rows[i], l)
		}
		if l.Ties > most {
			largest, most = l.Type, l.Ties
		}
	}
	var shot []byte
	err = chromedp.Run(ctx, chromedp.Click(fmt.Sprintf(`#layerTable tr[data-layer=%q]`, largest), chromedp.ByQuery),
		chromedp.Poll(fmt.Sprintf(`stakegraph.layer === %q`, largest), nil, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.Sleep(500*time.Millisecond), chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, "explorer-layers.png", shot)
	drawn, err := drawnEdges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shown := 0
	for _, e := range drawn {
		if !e.Hidden {
			shown++
		}
		if e.Hidden == (e.Kind == largest) {
			t.Errorf("with layer %s chosen, edge %s of type %s is hidden: %v", largest, e.ID, e.Kind, e.Hidden)
		}
	}
	if shown == 0 {
		t.Errorf("layer %s drew no partnership", largest)
	}
}

// checkWeave draws a hypothetical tie in the Weave panel's "What if" mode by clicking two
// actors, and checks that whatIf's answer shows there (statistics before → after, the largest
// changes), in the network panel and in the actor card, with the tie dashed on the graph; then
// asks for suggestions (civil society's reach into business) and checks them against
// suggestPartnerships, drawn dashed (their ends drawn, added when they were not). A screenshot goes to .data/screenshots/explorer-suggest.png.
func checkWeave(t *testing.T, ctx context.Context, srv *server) {
	t.Helper()
	err := chromedp.Run(ctx, chromedp.Click("#reset", chromedp.ByQuery),
		chromedp.Poll(`document.body.dataset.ready === "true" && stakegraph.state.sectors.length === 0`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Click(`#tabs button[data-tab="weave"]`, chromedp.ByQuery),
		chromedp.Click("#whatIfAdd", chromedp.ByQuery))
	if err != nil {
		t.Fatal(err)
	}
	var ends []struct {
		ID   string
		X, Y float64
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => {
		const g = stakegraph.graph, r = stakegraph.renderer, box = document.getElementById("graph").getBoundingClientRect();
		let a = null;
		g.forEachNode((id, x) => { if (!a || x.size > g.getNodeAttribute(a, "size")) a = id; });
		let b = null;
		g.forEachNode((id, x) => { if (!b && id !== a && !g.areNeighbors(a, id) && x.size > 4) b = id; });
		return [a, b].map((id) => { const p = r.graphToViewport(g.getNodeAttributes(id)); return {id, x: box.left + p.x, y: box.top + p.y}; });
	})()`, &ends)); err != nil || len(ends) != 2 {
		t.Fatalf("no pair to tie: %v %v", ends, err)
	}
	var stats map[string]string
	var firstChange struct{ ID, Delta string }
	var dashed string
	err = chromedp.Run(ctx, chromedp.MouseClickXY(ends[0].X, ends[0].Y), chromedp.Sleep(800*time.Millisecond), chromedp.MouseClickXY(ends[1].X, ends[1].Y),
		chromedp.Poll(`document.getElementById("whatIfResult").dataset.version !== undefined`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`(() => { const m = {}; for (const td of document.querySelectorAll("#whatIfStats td")) m[td.dataset.measure] = td.dataset.after; return m; })()`, &stats),
		chromedp.Evaluate(`(() => { const li = document.querySelector("#whatIfChanges li"); return {id: li.dataset.id, delta: li.dataset.delta}; })()`, &firstChange),
		chromedp.Evaluate(`document.getElementById("dashLayer").dataset.drawn`, &dashed))
	if err != nil {
		var text string
		_ = chromedp.Run(context.WithoutCancel(ctx), chromedp.Text("#weavePanel", &text, chromedp.ByQuery))
		t.Fatalf("what if: %v; the panel reads %q", err, text)
	}
	var api struct {
		WhatIf struct {
			After   struct{ Components, Partnerships int }
			Changes []struct {
				Actor struct{ ID string }
				Delta float64
			}
		} `json:"whatIf"`
	}
	srv.mustQuery(`query($s: ID!, $t: ID!) { whatIf(addTies: [{source: $s, target: $t}], metric: DEGREE, first: 1) { after { components partnerships } changes { actor { id } delta } } }`,
		map[string]any{"s": ends[0].ID, "t": ends[1].ID}, &api)
	if stats["components"] != strconv.Itoa(api.WhatIf.After.Components) || stats["partnerships"] != strconv.Itoa(api.WhatIf.After.Partnerships) ||
		len(api.WhatIf.Changes) == 0 || firstChange.ID != api.WhatIf.Changes[0].Actor.ID || firstChange.Delta != fmt.Sprint(api.WhatIf.Changes[0].Delta) {
		t.Errorf("the what-if panel shows %v and first change %+v; whatIf answers %+v", stats, firstChange, api.WhatIf)
	}
	if dashed != "1" {
		t.Errorf("%s dashed ties drawn, want the hypothetical one", dashed)
	}
	// The network panel and the actor card show the change too.
	var networkAfter, cardText string
	err = chromedp.Run(ctx, chromedp.Click("#whatIfAdd", chromedp.ByQuery), // adding off: a click opens the card
		chromedp.Click(`#tabs button[data-tab="network"]`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelector('#networkTable td.whatif') !== null`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Evaluate(`document.querySelector('#networkTable td[data-measure="partnerships"] + td.whatif').dataset.after`, &networkAfter),
		chromedp.MouseClickXY(ends[0].X, ends[0].Y),
		chromedp.Poll(`document.getElementById("cardWhatIf") !== null`, nil, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Text("#cardWhatIf", &cardText, chromedp.ByQuery))
	if err != nil {
		var shot []byte
		var where string
		_ = chromedp.Run(context.WithoutCancel(ctx), chromedp.CaptureScreenshot(&shot), chromedp.Evaluate(`(() => { const g = stakegraph.graph, r = stakegraph.renderer, box = document.getElementById("graph").getBoundingClientRect();
			const p = r.graphToViewport(g.getNodeAttributes(`+strconv.Quote(ends[0].ID)+`)); return JSON.stringify({x: box.left + p.x, y: box.top + p.y, box, tab: stakegraph.state.tab, card: document.getElementById("actorCard").innerText.slice(0, 200)}); })()`, &where))
		saveScreenshot(t, "explorer-card-failed.png", shot)
		t.Fatalf("the network panel or the card: %v (clicked %v; now %s)", err, ends[0], where)
	}
	if networkAfter != strconv.Itoa(api.WhatIf.After.Partnerships) || !strings.Contains(cardText, "What if") {
		t.Errorf("network panel partnerships after %q (whatIf %d); card %q", networkAfter, api.WhatIf.After.Partnerships, cardText)
	}

	// Suggestions: civil society's reach into business within 2 hops, 3 of them.
	var rows []struct{ Source, Target, Gain string }
	var shot []byte
	err = chromedp.Run(ctx, chromedp.Click(`#tabs button[data-tab="weave"]`, chromedp.ByQuery),
		chromedp.Click("#whatIfClear", chromedp.ByQuery),
		chromedp.SetValue("#goalKind", "GROUP_REACH", chromedp.ByQuery),
		chromedp.SetValue("#goalFrom", "civil_society", chromedp.ByQuery),
		chromedp.SetValue("#goalTo", "business", chromedp.ByQuery),
		chromedp.SetValue("#goalK", "3", chromedp.ByQuery),
		chromedp.Click("#suggestGo", chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll("#suggestions li[data-gain]").length > 0`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Evaluate(`[...document.querySelectorAll("#suggestions li[data-gain]")].map((li) => ({source: li.dataset.source, target: li.dataset.target, gain: li.dataset.gain}))`, &rows),
		chromedp.Sleep(400*time.Millisecond),
		chromedp.Evaluate(`document.getElementById("dashLayer").dataset.drawn`, &dashed),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		var text string
		_ = chromedp.Run(context.WithoutCancel(ctx), chromedp.Text("#weavePanel", &text, chromedp.ByQuery))
		t.Fatalf("suggestions: %v; the panel reads %q", err, text)
	}
	saveScreenshot(t, "explorer-suggest.png", shot)
	var sug struct {
		SuggestPartnerships []struct {
			Source, Target struct{ ID string }
			Gain           float64
		} `json:"suggestPartnerships"`
	}
	srv.mustQuery(`{ suggestPartnerships(goal: {kind: GROUP_REACH, from: "civil_society", to: "business", maxHops: 2}, k: 3) { source { id } target { id } gain } }`, nil, &sug)
	if len(rows) != len(sug.SuggestPartnerships) {
		t.Fatalf("the panel lists %v; suggestPartnerships %+v", rows, sug.SuggestPartnerships)
	}
	drawnBoth := 0
	for i, s := range sug.SuggestPartnerships {
		if rows[i].Source != s.Source.ID || rows[i].Target != s.Target.ID || rows[i].Gain != fmt.Sprint(s.Gain) {
			t.Errorf("suggestion %d: %+v; the API's %+v", i, rows[i], s)
		}
		var both bool
		_ = chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`stakegraph.graph.hasNode(%q) && stakegraph.graph.hasNode(%q)`, s.Source.ID, s.Target.ID), &both))
		if both {
			drawnBoth++
		}
	}
	if dashed != strconv.Itoa(drawnBoth) || drawnBoth != len(rows) {
		t.Errorf("%s suggested ties drawn dashed; %d have both ends drawn, of %d", dashed, drawnBoth, len(rows))
	}
}
