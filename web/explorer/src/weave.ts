// Network weaving: a "What if" mode (click two actors to draw a hypothetical tie, dashed; the
// whatIf query's changes show here, in the actor card and in the network panel) and a
// suggestion panel (suggestPartnerships for a goal, the suggested ties drawn dashed with
// their gains). Dashed ties are drawn on a canvas layer above sigma's, from graph coordinates.
import { gql, networkFilter } from "./api";
import { $, el, fmt } from "./dom";
import type * as S from "./schema.gen";
import { app } from "./state";
import { explain, sectorColor } from "./ui";

/** Colours of the dashed ties: hypothetical (what if) and suggested. */
export const HYPOTHETICAL = "#9467bd", SUGGESTED = "#ff7f0e";

/** The what-if ties, the last whatIf answer, and the suggestions drawn. */
export const weave = {
  ties: [] as { source: string; target: string }[],
  pending: null as string | null, // the first actor clicked in "Add ties" mode
  adding: false,
  /** Actor id → metric before and after, from the last whatIf. */
  changes: new Map<string, { before: number | null; after: number | null; delta: number }>(),
  /** NetworkStats field → [before, after], from the last whatIf. */
  stats: new Map<string, [number | null, number | null]>(),
  suggested: [] as { source: string; target: string; gain: number }[],
};

// ---- the dashed layer ------------------------------------------------------------------------

let layer: HTMLCanvasElement | null = null;

/** Draws the dashed ties over sigma's canvas; called after each render. */
export function drawDashed() {
  const r = app.renderer;
  const box = $("graph");
  if (!r) return;
  if (!layer || !box.contains(layer)) {
    layer = el("canvas", { id: "dashLayer" }) as HTMLCanvasElement;
    Object.assign(layer.style, { position: "absolute", left: "0", top: "0", pointerEvents: "none", zIndex: "5" });
    box.append(layer);
  }
  const ratio = window.devicePixelRatio || 1;
  const w = box.clientWidth, h = box.clientHeight;
  if (layer.width !== Math.round(w * ratio) || layer.height !== Math.round(h * ratio)) {
    layer.width = Math.round(w * ratio);
    layer.height = Math.round(h * ratio);
    layer.style.width = `${w}px`;
    layer.style.height = `${h}px`;
  }
  const ctx = layer.getContext("2d")!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.lineWidth = 2.5;
  ctx.setLineDash([7, 5]);
  let drawn = 0;
  const line = (a: string, b: string, colour: string, label?: string) => {
    if (!app.graph.hasNode(a) || !app.graph.hasNode(b)) return;
    const pa = r.graphToViewport(app.graph.getNodeAttributes(a) as { x: number; y: number });
    const pb = r.graphToViewport(app.graph.getNodeAttributes(b) as { x: number; y: number });
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(pa.x, pa.y);
    ctx.lineTo(pb.x, pb.y);
    ctx.stroke();
    if (label) {
      ctx.fillStyle = colour;
      ctx.font = "bold 12px system-ui, sans-serif";
      ctx.fillText(label, (pa.x + pb.x) / 2 + 4, (pa.y + pb.y) / 2 - 4);
    }
    drawn++;
  };
  for (const t of weave.ties) line(t.source, t.target, HYPOTHETICAL);
  for (const t of weave.suggested) line(t.source, t.target, SUGGESTED, "+" + fmt(t.gain));
  layer.dataset.drawn = String(drawn);
}

// ---- what if ---------------------------------------------------------------------------------

type Stats = Record<string, number | null>;
type WhatIfAnswer = Pick<S.WhatIf, "graphVersion"> & {
  before: Stats; after: Stats;
  mixingBefore: { eiIndex: number | null }; mixingAfter: { eiIndex: number | null };
  changes: { actor: { id: string; name: string }; before: number | null; after: number | null; delta: number }[];
};

const STATS = "actors partnerships density components fragmentation transitivity averagePathLength";
const WHATIF = `query WhatIf($network: NetworkFilter, $add: [HypotheticalTie!], $metric: CentralityMetric) {
  whatIf(network: $network, addTies: $add, metric: $metric, first: 500) {
    before { ${STATS} } after { ${STATS} } mixingBefore { eiIndex } mixingAfter { eiIndex }
    changes { actor { id name } before after delta } graphVersion
  }
}`;

/** Turns "Add ties" mode on or off: in it, two clicks on actors draw a hypothetical tie. */
export function toggleAdding() {
  weave.adding = !weave.adding;
  weave.pending = null;
  $("whatIfAdd").textContent = weave.adding ? "Stop adding ties" : "Add ties";
  $("whatIfHint").textContent = weave.adding ? "Click an actor, then the actor to tie it to." : "";
}

/** A click on an actor in "Add ties" mode; true when the mode took it. */
export function weaveClick(id: string): boolean {
  if (!weave.adding) return false;
  if (!weave.pending) {
    weave.pending = id;
    $("whatIfHint").textContent = `Tie ${app.graph.getNodeAttribute(id, "label")} to…`;
    return true;
  }
  const a = weave.pending;
  weave.pending = null;
  if (a !== id && !weave.ties.some((t) => (t.source === a && t.target === id) || (t.source === id && t.target === a))) {
    weave.ties.push({ source: a, target: id });
    void computeWhatIf();
  }
  $("whatIfHint").textContent = "Click an actor, then the actor to tie it to.";
  return true;
}

/** Clears the hypothetical ties. */
export function clearWhatIf() {
  weave.ties = [];
  weave.changes.clear();
  weave.stats.clear();
  $("whatIfResult").replaceChildren();
  delete $("whatIfResult").dataset.version;
  app.renderer?.refresh();
}

/** Asks whatIf for the hypothetical ties and shows what they change. */
export async function computeWhatIf() {
  const box = $("whatIfResult");
  app.renderer?.refresh();
  if (!weave.ties.length) return;
  box.replaceChildren(el("p", { class: "muted" }, "Computing…"));
  let r: WhatIfAnswer;
  try {
    r = (await gql<{ whatIf: WhatIfAnswer }>(WHATIF, { network: networkFilter(app.state), add: weave.ties, metric: app.state.size })).whatIf;
  } catch (e) {
    weave.ties.pop(); // refused (already tied, …): not drawn
    app.renderer?.refresh();
    box.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  weave.changes = new Map(r.changes.map((c) => [c.actor.id, c]));
  weave.stats = new Map(STATS.split(" ").map((k) => [k, [r.before[k], r.after[k]]]));
  weave.stats.set("eiIndex", [r.mixingBefore.eiIndex, r.mixingAfter.eiIndex]);
  const rows = [...weave.stats.entries()].map(([k, [b, a]]) =>
    el("tr", {}, el("th", {}, k), el("td", { "data-measure": k, "data-before": String(b ?? ""), "data-after": String(a ?? "") }, `${fmt(b)} → ${fmt(a)}`)));
  const top = r.changes.slice(0, 8).map((c) => {
    const li = el("li", { "data-id": c.actor.id, "data-delta": String(c.delta) }, el("strong", {}, c.actor.name), ` ${fmt(c.before)} → ${fmt(c.after)}`);
    return li;
  });
  box.dataset.version = String(r.graphVersion);
  box.replaceChildren(
    el("p", {}, `${weave.ties.length} hypothetical ${weave.ties.length === 1 ? "tie" : "ties"} (dashed), computed and never written.`),
    el("table", { class: "kv", id: "whatIfStats" }, ...rows),
    el("h3", {}, `Largest changes in ${app.metrics.find((m) => m.metric === app.state.size)?.label ?? app.state.size}`),
    el("ol", { id: "whatIfChanges" }, ...top));
}

/** The card's what-if line for an actor (null without hypothetical ties). */
export function cardWhatIf(id: string): HTMLElement | null {
  const c = weave.changes.get(id);
  if (!weave.ties.length || !c) return null;
  return el("p", { id: "cardWhatIf", "data-delta": String(c.delta) },
    el("strong", {}, "What if: "), `${app.metrics.find((m) => m.metric === app.state.size)?.label ?? app.state.size} ${fmt(c.before)} → ${fmt(c.after)} with the dashed ties`);
}

// ---- suggestions -----------------------------------------------------------------------------

type End = { id: string; name: string; sector: { code: string } };
type Suggestion = Pick<S.SuggestedPartnership, "gain" | "cumulative" | "explanation"> & { source: End; target: End };

const SUGGEST = `query Suggest($network: NetworkFilter, $goal: WeavingGoal!, $k: Int) {
  suggestPartnerships(network: $network, goal: $goal, k: $k) {
    source { id name sector { code } } target { id name sector { code } } gain cumulative explanation
  }
}`;

/** Draws an actor a suggestion joins that is not drawn yet, beside its partner-to-be. */
function ensureDrawn(a: End, beside: End) {
  if (app.graph.hasNode(a.id)) return false;
  const near = app.graph.hasNode(beside.id) ? app.graph.getNodeAttributes(beside.id) : { x: 0, y: 0 };
  const angle = Math.random() * 2 * Math.PI;
  app.graph.addNode(a.id, { x: near.x + 25 * Math.cos(angle), y: near.y + 25 * Math.sin(angle), label: a.name, size: 4,
    group: a.sector.code, community: 0, color: sectorColor(a.sector.code) });
  return true;
}

/** Fills the goal form's group menus once the sectors are known: civil society's reach into
 * business to begin with. */
export function fillGoalForm() {
  for (const [id, first] of [["goalFrom", "civil_society"], ["goalTo", "business"]]) {
    const s = $(id) as HTMLSelectElement;
    if (s.options.length) continue;
    s.replaceChildren(...app.sectors.map((x) => el("option", { value: x.code }, x.label)));
    s.value = first;
    if (!s.value) s.selectedIndex = 0; // data without that sector
  }
}

/** Asks suggestPartnerships for the goal in the form and lists and draws the suggestions. */
export async function suggest() {
  const list = $("suggestions");
  const kind = ($("goalKind") as HTMLSelectElement).value as S.WeavingGoalKind;
  const goal: S.WeavingGoal = { kind, maxHops: Number(($("goalHops") as HTMLInputElement).value) || 2 };
  if (kind === "GROUP_REACH" || kind === "BROKER_DEPENDENCE") {
    goal.from = ($("goalFrom") as HTMLSelectElement).value;
    goal.to = ($("goalTo") as HTMLSelectElement).value;
  }
  if (kind === "ACTOR_REACH") {
    if (!app.state.actor) {
      list.replaceChildren(el("li", { class: "error" }, "Click an actor first: its reach is the goal."));
      return;
    }
    goal.actorId = app.state.actor;
  }
  list.replaceChildren(el("li", { class: "muted" }, "Searching…"));
  let rows: Suggestion[];
  try {
    rows = (await gql<{ suggestPartnerships: Suggestion[] }>(SUGGEST, { network: networkFilter(app.state), goal, k: Number(($("goalK") as HTMLInputElement).value) || 5 })).suggestPartnerships;
  } catch (e) {
    list.replaceChildren(el("li", { class: "error" }, explain(e)));
    return;
  }
  weave.suggested = rows.map((r) => ({ source: r.source.id, target: r.target.id, gain: r.gain }));
  let added = 0; // actors outside the drawn slice join it, beside their partner-to-be
  for (const r of rows) {
    if (ensureDrawn(r.source, r.target)) added++;
    if (ensureDrawn(r.target, r.source)) added++;
  }
  app.highlight = null;
  app.renderer?.getCamera().animatedReset({ duration: 200 });
  list.replaceChildren(...rows.map((r) => el("li", { "data-source": r.source.id, "data-target": r.target.id, "data-gain": String(r.gain) },
    el("strong", {}, `${r.source.name} – ${r.target.name}`), ` +${fmt(r.gain)} (total ${fmt(r.cumulative)})`, el("div", { class: "muted" }, r.explanation))));
  if (!rows.length) list.replaceChildren(el("li", { class: "muted" }, "No new partnership improves this goal."));
  $("suggestNote").textContent = added ? `${added} of the actors they join were not drawn: they are now, beside their partners-to-be.` : "";
  app.renderer?.refresh();
}
