// Small DOM helpers for the explorer: element construction, number formatting and the SVG/HTML
// charts of the actor card and the mixing matrix (no chart library: a sparkline, bars, a heatmap).

/** The element with this id (it is in index.html). */
export function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`index.html has no #${id}`);
  return e;
}

/** Creates an element with attributes and children (strings become text). */
export function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A number for reading: four significant digits, "–" when absent. */
export function fmt(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return "–";
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 ? v.toPrecision(4).replace(/\.?0+$/, "") : v.toExponential(2);
}

/** A labelled horizontal bar: width share (0..1) of the row, the count beside it. */
export function bar(label: string, count: number, share: number, color: string): HTMLElement {
  const fill = el("span", { class: "fill" });
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  fill.style.background = color;
  return el("div", { class: "bar", title: `${label}: ${count}` }, el("span", { class: "label" }, label), el("span", { class: "track" }, fill), el("span", { class: "count" }, String(count)));
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG sparkline of dated values; gaps where the actor was not in the slice. */
export function sparkline(points: { date: string; value: number | null }[]): Element {
  const w = 260, h = 48, pad = 4;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("class", "spark");
  const values = points.map((p) => p.value).filter((v): v is number => v != null);
  if (!values.length) {
    const t = document.createElementNS(SVG, "text");
    t.setAttribute("x", "4"); t.setAttribute("y", "28");
    t.textContent = "not in the network in these years";
    svg.append(t);
    return svg;
  }
  const lo = Math.min(...values), hi = Math.max(...values);
  const x = (i: number) => pad + (i * (w - 2 * pad)) / Math.max(points.length - 1, 1);
  const y = (v: number) => h - pad - (hi > lo ? ((v - lo) * (h - 2 * pad)) / (hi - lo) : (h - 2 * pad) / 2);
  let d = "";
  let pen = false;
  points.forEach((p, i) => {
    if (p.value == null) { pen = false; return; }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  const title = document.createElementNS(SVG, "title");
  title.textContent = points.map((p) => `${p.date.slice(0, 4)}: ${fmt(p.value)}`).join("\n");
  svg.append(title, path);
  const caption = el("div", { class: "muted spark-caption" }, `${points[0].date.slice(0, 4)}–${points[points.length - 1].date.slice(0, 4)}: ${fmt(lo)} to ${fmt(hi)}`);
  const box = el("div", {});
  box.append(svg, caption);
  return box;
}

/** A heatmap cell shaded by intensity (0..1). */
export function heat(intensity: number, text: string, title: string): HTMLElement {
  const td = el("td", { title }, text);
  const a = Math.max(0, Math.min(1, intensity));
  td.style.background = `rgba(31, 119, 180, ${(0.08 + 0.92 * a).toFixed(3)})`;
  td.style.color = a > 0.55 ? "#fff" : "#222";
  return td;
}
