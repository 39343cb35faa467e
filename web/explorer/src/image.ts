// Export image: what is drawn, as SVG (vector, for papers) or PNG (at print resolution), with
// the legend beside it. Both are made from the renderer's own positions, colours and kept
// labels, so the file shows exactly the nodes, ties and labels on screen.
import { $ } from "./dom";
import { app } from "./state";
import { drawn } from "./labels";

/** The PNG's scale over the screen: 1,000 px on screen print 3,000 px wide (10 in at 300 dpi). */
export const PRINT_SCALE = 3;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The legend as drawn beside the graph: its title lines and its swatches. */
function legendEntries(): { title?: string; colour?: string; text: string }[] {
  const out: { title?: string; colour?: string; text: string }[] = [];
  for (const node of $("legend").children) {
    const e = node as HTMLElement;
    if (e.tagName === "H3") out.push({ title: e.textContent ?? "", text: "" });
    else {
      const sw = e.querySelector<HTMLElement>(".swatch");
      out.push({ colour: sw ? sw.style.background : undefined, text: (e.textContent ?? "").trim() });
    }
  }
  return out;
}

/** The drawing as an SVG document. */
export function imageSVG(): string {
  const r = app.renderer;
  if (!r) return "";
  const { width, height } = r.getDimensions();
  const legend = legendEntries();
  const legendW = 220;
  const W = Math.round(width + legendW), H = Math.round(Math.max(height, 24 + legend.length * 18));
  const parts: string[] = [];
  // The labels' font is sigma's, so the labels keep the sizes they were placed by.
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${esc(r.getSettings().labelFont)}, sans-serif">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  const pos = new Map<string, { x: number; y: number; size: number; color: string }>();
  app.graph.forEachNode((key) => {
    const d = r.getNodeDisplayData(key);
    if (!d || d.hidden) return;
    const p = r.framedGraphToViewport(d);
    pos.set(key, { x: p.x, y: p.y, size: r.scaleSize(d.size), color: d.color });
  });
  parts.push(`<g id="edges" stroke-linecap="round">`);
  app.graph.forEachEdge((key, _a, s, t) => {
    const d = r.getEdgeDisplayData(key);
    const a = pos.get(s), b = pos.get(t);
    if (!d || d.hidden || !a || !b) return;
    parts.push(`<line x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${b.x.toFixed(1)}" y2="${b.y.toFixed(1)}" stroke="${esc(d.color)}" stroke-width="${Math.max(0.5, r.scaleSize(d.size) * 0.5).toFixed(2)}"/>`);
  });
  parts.push(`</g><g id="nodes" stroke="#ffffff" stroke-width="0.5">`);
  for (const [key, p] of pos) {
    parts.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${p.size.toFixed(2)}" fill="${esc(p.color)}"><title>${esc(String(app.graph.getNodeAttribute(key, "label") ?? key))}</title></circle>`);
  }
  const fs = r.getSettings().labelSize;
  parts.push(`</g><g id="labels" font-size="${fs}" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">`);
  for (const b of drawn) parts.push(`<text x="${b.x.toFixed(1)}" y="${b.y.toFixed(1)}">${esc(b.label)}</text>`);
  parts.push(`</g><g id="legend" font-size="12" fill="#222222" transform="translate(${Math.round(width) + 12},16)">`);
  let y = 0;
  for (const e of legend) {
    if (e.title !== undefined) {
      parts.push(`<text x="0" y="${y + 10}" font-weight="600">${esc(e.title)}</text>`);
    } else {
      if (e.colour) parts.push(`<circle cx="5" cy="${y + 6}" r="5" fill="${esc(e.colour)}"/>`);
      parts.push(`<text x="${e.colour ? 14 : 0}" y="${y + 10}">${esc(e.text)}</text>`);
    }
    y += 18;
  }
  parts.push(`</g></svg>`);
  return parts.join("\n");
}

/** The drawing as a PNG at PRINT_SCALE times the screen's size. */
export async function imagePNG(): Promise<Blob> {
  // A data: URL: the page's Content-Security-Policy lets images come from data: and the server only.
  const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(imageSVG());
  {
    const img = new Image();
    await new Promise<void>((ok, fail) => { img.onload = () => ok(); img.onerror = () => fail(new Error("the drawing did not render")); img.src = url; });
    const canvas = document.createElement("canvas");
    canvas.width = img.width * PRINT_SCALE;
    canvas.height = img.height * PRINT_SCALE;
    const ctx = canvas.getContext("2d")!;
    ctx.scale(PRINT_SCALE, PRINT_SCALE);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error("no PNG"))), "image/png"));
  }
}
