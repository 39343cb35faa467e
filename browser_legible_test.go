package main

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// labelBox is a drawn label's box in viewport pixels, as the explorer reports it.
type labelBox struct {
	Key, Label     string
	X0, Y0, X1, Y1 float64
}

// checkLabels: the labels drawn in the last frame — read from the explorer's own record of
// what it drew — do not overlap and lie inside the graph area; at least atLeast are drawn.
func checkLabels(t *testing.T, ctx context.Context, what string, atLeast int) {
	t.Helper()
	var boxes []labelBox
	var size struct{ W, H float64 }
	if err := chromedp.Run(ctx, chromedp.Sleep(300*time.Millisecond), chromedp.Evaluate(`stakegraph.labelBoxes`, &boxes),
		chromedp.Evaluate(`(() => { const d = stakegraph.renderer.getDimensions(); return {w: d.width, h: d.height}; })()`, &size)); err != nil {
		t.Fatalf("%s: reading the labels: %v", what, err)
	}
	if len(boxes) < atLeast {
		var why string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`(() => { const r = stakegraph.renderer, g = stakegraph.graph; const k = g.nodes()[0]; const d = r.getNodeDisplayData(k);
			return JSON.stringify({d, v: r.framedGraphToViewport(d), s: r.scaleSize(d.size), dim: r.getDimensions(), lw: r.getSettings().labelWeight}); })()`, &why))
		t.Errorf("%s: %d labels drawn, want at least %d (%s)", what, len(boxes), atLeast, why)
	}
	for i, a := range boxes {
		if a.X0 < 0 || a.Y0 < 0 || a.X1 > size.W || a.Y1 > size.H {
			t.Errorf("%s: label %q runs out of the graph area (%v in %vx%v)", what, a.Label, a, size.W, size.H)
		}
		for _, b := range boxes[:i] {
			if a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1 {
				t.Errorf("%s: labels %q and %q overlap", what, a.Label, b.Label)
			}
		}
	}
}

// checkLegendInView: the legend is inside the window and lists entries.
func checkLegendInView(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	var r struct {
		Top, Bottom, Left, Right, W, H float64
		Entries                        int
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const b = document.getElementById("legend").getBoundingClientRect();
		return {top: b.top, bottom: b.bottom, left: b.left, right: b.right, w: innerWidth, h: innerHeight,
			entries: document.querySelectorAll("#legend .swatch").length}; })()`, &r)); err != nil {
		t.Fatal(err)
	}
	if r.Entries == 0 || r.Top < 0 || r.Left < 0 || r.Bottom > r.H || r.Right > r.W {
		t.Errorf("%s: the legend (%d entries) is at %+v, outside the %vx%v window", what, r.Entries, r, r.W, r.H)
	}
}

// checkImageExport: Export image gives an SVG that parses, with a circle per drawn actor, the
// drawn labels and the legend, and a PNG at three times the screen's size. Both are kept under
// .data/screenshots.
func checkImageExport(t *testing.T, ctx context.Context) {
	t.Helper()
	var svg, pngB64 string
	var drawn int
	var size struct{ W, H float64 }
	await := func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
	err := chromedp.Run(ctx,
		chromedp.Evaluate(`stakegraph.imageSVG()`, &svg),
		chromedp.Evaluate(`(() => { let n = 0; stakegraph.graph.forEachNode((k) => { const d = stakegraph.renderer.getNodeDisplayData(k); if (d && !d.hidden) n++; }); return n; })()`, &drawn),
		chromedp.Evaluate(`(() => { const d = stakegraph.renderer.getDimensions(); return {w: d.width, h: d.height}; })()`, &size),
		chromedp.Evaluate(`stakegraph.imagePNG().then((b) => b.arrayBuffer()).then((a) => { let s = ""; const u = new Uint8Array(a);
			for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode(...u.subarray(i, i + 8192)); return btoa(s); })`, &pngB64, await))
	if err != nil {
		t.Fatalf("export image: %v", err)
	}
	var doc struct {
		Width  string `xml:"width,attr"`
		Groups []struct {
			ID      string     `xml:"id,attr"`
			Circles []struct{} `xml:"circle"`
			Texts   []string   `xml:"text"`
		} `xml:"g"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("the exported SVG does not parse: %v", err)
	}
	count := map[string][2]int{}
	for _, g := range doc.Groups {
		count[g.ID] = [2]int{len(g.Circles), len(g.Texts)}
	}
	if count["nodes"][0] != drawn || count["labels"][1] == 0 || count["legend"][1] == 0 {
		t.Errorf("the SVG has %v (nodes: circles; labels, legend: texts); %d actors are drawn", count, drawn)
	}
	raw, err := base64.StdEncoding.DecodeString(pngB64)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("the exported PNG does not decode: %v", err)
	}
	if b := img.Bounds(); float64(b.Dx()) < 3*size.W || float64(b.Dy()) < 3*size.H {
		t.Errorf("the PNG is %dx%d; the graph on screen %vx%v (want three times, for print)", b.Dx(), b.Dy(), size.W, size.H)
	}
	dir := filepath.Join(".data", "screenshots")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "explorer-export.svg"), []byte(svg), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "explorer-export.png"), raw, 0o644)
}

// checkDeepLink opens /explore#actor=<id> for an actor the default drawing leaves out: the
// explorer fetches it with its neighbourhood, draws it, and opens its card.
func checkDeepLink(t *testing.T, ctx context.Context, srv *server, width, height int) {
	t.Helper()
	var sg struct {
		Subgraph struct{ Nodes []struct{ ID string } }
	}
	srv.mustQuery(`{ subgraph(limit: 300, orderBy: DEGREE) { nodes { id } } }`, nil, &sg)
	drawn := map[string]bool{}
	for _, n := range sg.Subgraph.Nodes {
		drawn[n.ID] = true
	}
	var page struct {
		Actors struct {
			Edges []struct{ Node struct{ ID, Name string } }
		}
	}
	srv.mustQuery(`{ actors(first: 500, filter: {sectors: ["civil_society"]}) { edges { node { id name } } } }`, nil, &page)
	var id, name string
	for _, e := range page.Actors.Edges {
		if !drawn[e.Node.ID] {
			id, name = e.Node.ID, e.Node.Name
			break
		}
	}
	if id == "" {
		t.Fatal("every civil society actor is drawn: no actor to link to")
	}
	var card string
	var has bool
	var shot []byte
	err := chromedp.Run(ctx, chromedp.EmulateViewport(int64(width), int64(height)),
		chromedp.Navigate(srv.url+"/explore?link#actor="+id), // a query string: a new page, not a jump within this one
		chromedp.Poll(`document.body.dataset.ready === "true"`, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Poll(fmt.Sprintf(`document.getElementById("actorCard").innerText.includes(%q)`, name), nil, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Evaluate(fmt.Sprintf(`stakegraph.graph.hasNode(%q)`, id), &has),
		chromedp.Text("#actorCard", &card, chromedp.ByQuery),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.CaptureScreenshot(&shot))
	if err != nil {
		t.Fatalf("deep link to %s (%s), not drawn by default: %v", id, name, err)
	}
	if !has || !strings.Contains(card, name) {
		t.Errorf("deep link to %s: drawn %v, card %q", id, has, card)
	}
	saveScreenshot(t, fmt.Sprintf("explorer-%dx%d.png", width, height), shot)
}

// checkWideScreen: at 1920×1080 a deep link opens an actor the drawing left out (its card, its
// partners highlighted), no two labels overlap and the legend is in view; the screenshot is the
// guide's wide picture.
func checkWideScreen(t *testing.T, ctx context.Context, srv *server) {
	t.Helper()
	checkDeepLink(t, ctx, srv, 1920, 1080)
	checkLabels(t, ctx, "1920×1080, a deep-linked actor's card", 3)
	checkLegendInView(t, ctx, "1920×1080")
}
