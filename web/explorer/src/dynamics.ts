// Change over time and across layers: the timeline, which plays the drawn network step by step
// (ties formed since the previous step highlighted, those that dissolved fading), with the
// slice's formed/dissolved counts from tieDynamics; and the Layers panel, partnership types as
// layers of one multiplex network (layers), whose rows draw one layer.
import { gql, networkFilter } from "./api";
import { $, el, fmt, heat } from "./dom";
import { app } from "./state";
import { explain, saveState } from "./ui";
import type * as S from "./schema.gen";

/** Colours of the timeline's edges: formed since the previous step, and dissolved (faded). */
export const FORMED = "#2ca02c", DISSOLVED = "rgba(214, 39, 40, 0.4)";

/** Whether a drawn edge's period covers a date, as asOf defines it (ISO dates compare as strings). */
export function activeOn(since: string | null | undefined, until: string | null | undefined, date: string): boolean {
  return (!since || since <= date) && (!until || until >= date);
}

/** How a drawn edge shows at the timeline's step: hidden, or drawn as formed, persisting, or dissolved. */
export function edgeState(since: string | null, until: string | null): "formed" | "active" | "dissolved" | "hidden" {
  const t = app.time;
  if (!t) return "active";
  const now = activeOn(since, until, t.date);
  const before = t.prev !== null && activeOn(since, until, t.prev);
  if (now) return t.prev !== null && !before ? "formed" : "active";
  return before ? "dissolved" : "hidden";
}

type Step = Pick<S.TieChangeStep, "from" | "to" | "formed" | "dissolved" | "persisted" | "jaccard" | "actorsEntered" | "actorsLeft">;

const DYNAMICS = `query Dynamics($network: NetworkFilter, $from: Date!, $to: Date!) {
  tieDynamics(network: $network, from: $from, to: $to, step: YEAR) { from to formed dissolved persisted jaccard actorsEntered actorsLeft }
}`;

/** The timeline's years and steps, and the player. */
const player = { dates: [] as string[], steps: [] as Step[], timer: 0 as number };

/** The first and last years the drawn edges start in (the timeline's default range). */
function drawnYears(): [number, number] {
  let lo = Infinity, hi = -Infinity;
  app.graph.forEachEdge((_, a) => {
    for (const d of [a.since, a.until] as (string | null)[]) {
      if (!d) continue;
      const y = Number(d.slice(0, 4));
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  });
  const now = new Date().getFullYear();
  return Number.isFinite(lo) ? [lo, Math.min(hi, now)] : [now - 10, now];
}

/** The timeline tab: the year range, the player and the slice's counts per step. */
export async function showTimeline() {
  const box = $("timelineBox");
  const from = $("timelineFrom") as HTMLInputElement, to = $("timelineTo") as HTMLInputElement;
  if (!from.value || !to.value) {
    const [lo, hi] = drawnYears();
    from.value = String(lo + 1);
    to.value = String(hi);
  }
  const y0 = Number(from.value), y1 = Number(to.value);
  if (!(y1 > y0) || y1 - y0 > 200) {
    box.replaceChildren(el("p", { class: "error" }, "Give a first year before the last (at most 200 years)."));
    return;
  }
  player.dates = [];
  for (let y = y0; y <= y1; y++) player.dates.push(`${y}-01-01`);
  // The slice's counts: the view's filter without its dates (the steps set them).
  const f = networkFilter(app.state);
  delete f.asOf; delete f.from; delete f.to;
  box.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  try {
    player.steps = (await gql<{ tieDynamics: Step[] }>(DYNAMICS, { network: f, from: player.dates[0], to: player.dates[player.dates.length - 1] })).tieDynamics;
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  const slider = $("timelineStep") as HTMLInputElement;
  slider.max = String(player.dates.length - 1);
  const most = Math.max(1, ...player.steps.map((s) => Math.max(s.formed, s.dissolved)));
  const chart = el("div", { class: "tchart", id: "timelineChart" }, ...player.steps.map((s, i) => {
    const col = el("div", { class: "tcol", title: `${s.from.slice(0, 4)}→${s.to.slice(0, 4)}: ${s.formed} formed, ${s.dissolved} dissolved, ${s.persisted} persisted` });
    const up = el("span", { class: "up" }), down = el("span", { class: "down" });
    up.style.height = `${(24 * s.formed) / most}px`;
    down.style.height = `${(24 * s.dissolved) / most}px`;
    col.append(up, down);
    col.onclick = () => goTo(i + 1);
    return col;
  }));
  box.replaceChildren(chart, el("p", { class: "muted" }, "Bars: ties formed (up) and dissolved (down) in the whole slice each year; click one to go there."));
  goTo(Math.min(Number(slider.value) || 0, player.dates.length - 1));
}

/** Shows step i: the drawn network as of its date, changes since the previous step marked. */
export function goTo(i: number) {
  if (!player.dates.length) return;
  i = Math.max(0, Math.min(i, player.dates.length - 1));
  ($("timelineStep") as HTMLInputElement).value = String(i);
  app.time = { date: player.dates[i], prev: i > 0 ? player.dates[i - 1] : null };
  let formed = 0, dissolved = 0, active = 0;
  const tied = new Set<string>();
  app.graph.forEachEdge((_, a, u, v) => {
    const s = edgeState(a.since, a.until);
    if (s === "formed") formed++;
    if (s === "dissolved") dissolved++;
    if (s === "formed" || s === "active") { active++; tied.add(u); tied.add(v); }
  });
  app.timeActors = tied;
  const step = i > 0 ? player.steps[i - 1] : null;
  const label = $("timelineYear");
  Object.assign(label.dataset, { date: app.time.date, formed: String(formed), dissolved: String(dissolved), active: String(active),
    sliceFormed: String(step?.formed ?? ""), sliceDissolved: String(step?.dissolved ?? "") });
  label.replaceChildren(el("strong", {}, app.time.date.slice(0, 4)),
    ` · drawn: ${active} ties, ${formed} formed, ${dissolved} dissolved since ${app.time.prev?.slice(0, 4) ?? "—"}`,
    step ? el("div", { class: "muted" }, `Whole slice: ${step.formed} formed, ${step.dissolved} dissolved, ${step.persisted} persisted (Jaccard ${fmt(step.jaccard)}); ${step.actorsEntered} actors entered, ${step.actorsLeft} left`) : "");
  for (const [k, c] of [...document.querySelectorAll<HTMLElement>("#timelineChart .tcol")].entries()) c.classList.toggle("now", k === i - 1);
  app.renderer?.refresh();
}

/** Plays the timeline a step every 1.2 s from the current step, or pauses it. */
export function togglePlay() {
  const button = $("timelinePlay");
  if (player.timer) {
    stopPlaying();
    return;
  }
  if (!player.dates.length) return;
  const slider = $("timelineStep") as HTMLInputElement;
  if (Number(slider.value) >= player.dates.length - 1) goTo(0);
  button.textContent = "Pause";
  player.timer = window.setInterval(() => {
    const next = Number(slider.value) + 1;
    if (next >= player.dates.length) { stopPlaying(); return; }
    goTo(next);
  }, 1200);
}

function stopPlaying() {
  window.clearInterval(player.timer);
  player.timer = 0;
  $("timelinePlay").textContent = "Play";
}

/** Leaves the timeline: the drawing shows every drawn tie again. */
export function leaveTimeline() {
  stopPlaying();
  if (!app.time) return;
  app.time = null;
  app.timeActors = null;
  app.renderer?.refresh();
}

// ---- layers ------------------------------------------------------------------------------------

type LayersResult = Pick<S.Layers, "multiplexity" | "graphVersion"> & {
  layers: Pick<S.Layer, "type" | "actors" | "ties" | "density" | "components">[];
  overlaps: Pick<S.LayerOverlap, "a" | "b" | "jaccard" | "correlation">[];
};

const LAYERS = `query Layers($network: NetworkFilter) {
  layers(network: $network) { layers { type actors ties density components } overlaps { a b jaccard correlation } multiplexity graphVersion }
}`;

/** The Layers tab: each partnership type's size, their overlaps as a heatmap, and a row per
 * layer that draws that layer alone. */
export async function showLayers() {
  const box = $("layersBox");
  box.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  let r: LayersResult;
  try {
    r = (await gql<{ layers: LayersResult }>(LAYERS, { network: networkFilter(app.state) })).layers;
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  const most = Math.max(1, ...r.layers.map((l) => l.ties));
  const rows = r.layers.map((l) => {
    const fill = el("span", { class: "fill" });
    fill.style.width = `${(100 * l.ties) / most}%`;
    const tr = el("tr", { "data-layer": l.type, class: app.layer === l.type ? "chosen" : "" },
      el("th", {}, l.type), el("td", {}, String(l.actors)), el("td", {}, String(l.ties)), el("td", {}, fmt(l.density)), el("td", {}, String(l.components)),
      el("td", { class: "track" }, fill));
    tr.onclick = () => drawLayer(app.layer === l.type ? null : l.type);
    return tr;
  });
  const overlap = new Map<string, LayersResult["overlaps"][number]>();
  for (const o of r.overlaps) { overlap.set(o.a + "|" + o.b, o); overlap.set(o.b + "|" + o.a, o); }
  const types = r.layers.map((l) => l.type);
  const heatRows = types.map((a) => el("tr", {}, el("th", {}, a), ...types.map((b) => {
    if (a === b) return heat(1, "", `${a}`);
    const o = overlap.get(a + "|" + b);
    const text = !o ? "–" : o.jaccard === 0 ? "0" : o.jaccard < 0.01 ? "<.01" : o.jaccard.toFixed(2);
    return heat(o ? o.jaccard : 0, text, o ? `${a} – ${b}: Jaccard ${fmt(o.jaccard)}, correlation ${fmt(o.correlation)}` : "");
  })));
  const all = el("button", { type: "button", id: "allLayers" }, "Draw all layers") as HTMLButtonElement;
  all.onclick = () => drawLayer(null);
  box.replaceChildren(
    el("p", { id: "multiplexity", "data-value": String(r.multiplexity) }, `${r.layers.length} layers; multiplexity ${fmt(r.multiplexity)} (share of tied pairs tied in two or more). Click a layer to draw it alone.`),
    el("table", { class: "kv layers", id: "layerTable" }, el("tr", {}, el("th", {}, "type"), el("th", {}, "actors"), el("th", {}, "ties"), el("th", {}, "density"), el("th", {}, "comp."), el("th", {}, "")), ...rows),
    all,
    el("h3", {}, "Overlap (Jaccard of tied pairs)"),
    el("table", { class: "heat", id: "layerHeat" }, el("tr", {}, el("th", {}, ""), ...types.map((t) => el("th", { class: "rot" }, t))), ...heatRows));
}

/** Draws one layer (its partnerships, its actors in colour) or, with null, every layer. */
export function drawLayer(type: string | null) {
  app.layer = type;
  app.state.layer = type ?? "";
  saveState();
  const actors = new Set<string>();
  if (type) app.graph.forEachEdge((_, a, u, v) => { if (a.kind === type) { actors.add(u); actors.add(v); } });
  app.layerActors = type ? actors : null;
  for (const tr of document.querySelectorAll<HTMLElement>("#layerTable tr[data-layer]")) tr.classList.toggle("chosen", tr.dataset.layer === type);
  $("layersBox").dataset.layer = type ?? "";
  $("layersBox").dataset.layerActors = String(actors.size);
  app.renderer?.refresh();
}
