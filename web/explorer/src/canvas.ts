// The graph on screen: loading a slice, drawing it with sigma.js, highlights, the legend
// and growing it by a neighbourhood.
import Graph from "graphology";
import Sigma from "sigma";
import { gql, networkFilter } from "./api";
import { $, el, fmt } from "./dom";
import { app, SEdge, Subgraph } from "./state";
import { setStatus, explain, saveState, metricLabel, sectorColor } from "./ui";
import { setHighlight } from "./view";
import { DISSOLVED, edgeState, FORMED } from "./dynamics";
import { drawDashed, weave, weaveClick } from "./weave";
import { bins, CATEGORICAL, COMMUNITY, CORE, GREY, NONE, OTHER, PERIPHERY, SEQUENTIAL, sequential } from "./palette";
import { attachLabels, drawLabel, hover } from "./labels";


// ---- the graph -------------------------------------------------------------------------------

const SLICE = `query Slice($network: NetworkFilter, $limit: Int, $orderBy: CentralityMetric) {
  subgraph(network: $network, limit: $limit, orderBy: $orderBy, layout: {algorithm: FORCE_ATLAS2, seed: 1, iterations: 100}) {
    truncated totalNodes graphVersion
    nodes { id label group groupLabel color score community x y actor { region type attributes } }
    edges { id source target weight type directed since until }
  }
}`;

function nodeSize(score: number | null, max: number): number {
  if (score == null || !(max > 0)) return 3;
  return 3 + 12 * Math.sqrt(Math.max(score, 0) / max);
}

/** Node attributes the colouring and sizing read. */
interface Drawn { group: string; community: number; attrs?: Record<string, unknown>; score?: number | null }

/** The colours of an attribute's values: a categorical attribute's most frequent values
 * (attributeDefinitions.values order) get the CATEGORICAL palette, others OTHER; a numeric
 * attribute's drawn values fall in SEQUENTIAL's equal-count bins; actors without a value NONE. */
function attrColouring(): { name: string; numeric: boolean; colour: Map<string, string>; edges: number[] } | null {
  if (!app.state.color.startsWith("attr:")) return null;
  const name = app.state.color.slice(5);
  const def = app.attrs.find((a) => a.name === name);
  const colour = new Map<string, string>();
  if (def?.type === "NUMBER") {
    const values = app.graph ? app.graph.mapNodes((_, a) => (a.attrs as Record<string, unknown>)?.[name]).filter((v): v is number => typeof v === "number") : [];
    return { name, numeric: true, colour, edges: bins(values) };
  }
  def?.values.slice(0, CATEGORICAL.length).forEach((v, i) => colour.set(v.key, CATEGORICAL[i]));
  return { name, numeric: false, colour, edges: [] };
}

/**
 * What the canvas asks of the rest of the explorer: it draws and reports, and main.ts says
 * what a click on an actor or a fresh drawing opens (the canvas imports no panel or card).
 */
export const canvasHooks = {
  /** An actor was clicked (outside the What if mode). */
  onNodeClick: (_id: string): void => {},
  /** A new drawing is ready. */
  afterLoad: (): void => {},
};

function nodeColor(n: Drawn, id?: string, ac = attrColouring()): string {
  if (app.state.color === "community") return COMMUNITY[n.community % COMMUNITY.length];
  if (app.state.color === "core") return id !== undefined && app.core?.has(id) ? CORE : PERIPHERY;
  if (ac) {
    const v = n.attrs?.[ac.name];
    if (v === undefined || v === null) return NONE;
    if (ac.numeric) return typeof v === "number" ? sequential(v, ac.edges) : NONE;
    return ac.colour.get(String(v)) ?? OTHER;
  }
  return sectorColor(n.group);
}

/** A node's size value: the numeric attribute chosen, else the metric's score. */
function sizeValue(n: Drawn): number | null {
  if (!app.state.sizeAttr) return n.score ?? null;
  const v = n.attrs?.[app.state.sizeAttr];
  return typeof v === "number" ? v : null;
}

/** Loads the slice the filters describe and draws it. */
export async function loadGraph() {
  const seq = ++app.loadSeq;
  app.ready = false;
  document.body.dataset.ready = "false";
  setStatus("Loading…");
  saveState();
  let data: { subgraph: Subgraph };
  try {
    data = await gql(SLICE, { network: networkFilter(app.state), limit: app.state.limit, orderBy: app.state.size });
  } catch (e) {
    if (seq === app.loadSeq) setStatus(explain(e), true);
    return;
  }
  if (seq !== app.loadSeq) return; // a newer request replaced this one
  const sg = data.subgraph;
  const g = new Graph({ multi: true, type: "mixed" });
  for (const n of sg.nodes) {
    g.addNode(n.id, {
      x: n.x ?? 0, y: n.y ?? 0, label: n.label, size: 3, group: n.group, groupLabel: n.groupLabel,
      community: n.community, score: n.score, region: n.actor.region ?? "", actorType: n.actor.type ?? "",
      attrs: n.actor.attributes ?? {}, color: "",
    });
  }
  for (const e of sg.edges) addEdge(g, e);
  resize(g);
  app.core = null;
  if (app.state.color === "core") await loadCore();
  app.graph = g;
  const ac = attrColouring();
  g.forEachNode((id, a) => g.setNodeAttribute(id, "color", nodeColor(a as Drawn, id, ac)));
  app.highlight = null;
  app.pathEdges = new Set();
  app.time = null;
  app.timeActors = null;
  weave.ties = [];
  weave.suggested = [];
  weave.changes.clear();
  weave.stats.clear();
  $("whatIfResult").replaceChildren();
  app.layer = app.state.layer || null;
  app.layerActors = null;
  if (app.layer) {
    const actors = new Set<string>();
    g.forEachEdge((_, a, u, v) => { if (a.kind === app.layer) { actors.add(u); actors.add(v); } });
    app.layerActors = actors;
  }
  draw();
  const shown = sg.nodes.length;
  setStatus(sg.truncated
    ? `Showing ${shown} of ${sg.totalNodes} actors, ranked by ${metricLabel(app.state.size)} · ${sg.edges.length} partnerships · graph version ${sg.graphVersion}`
    : `Showing all ${shown} actors · ${sg.edges.length} partnerships · graph version ${sg.graphVersion}`);
  $("status").dataset.nodes = String(shown);
  $("status").dataset.total = String(sg.totalNodes);
  fillSuggestions();
  showLegend();
  app.ready = true;
  document.body.dataset.ready = "true";
  canvasHooks.afterLoad();
}

function addEdge(g: Graph, e: SEdge) {
  if (g.hasEdge(e.id) || !g.hasNode(e.source) || !g.hasNode(e.target)) return;
  const attrs = { size: Math.min(1 + Math.log1p(e.weight), 4), weight: e.weight, kind: e.type, color: "#c5c5c5", type: e.directed ? "arrow" : "line",
    since: e.since ?? null, until: e.until ?? null };
  if (e.directed) g.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs);
  else g.addUndirectedEdgeWithKey(e.id, e.source, e.target, attrs);
}

function draw() {
  const container = $("graph");
  if (app.renderer) app.renderer.kill();
  app.renderer = new Sigma(app.graph, container, {
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 0,
    labelSize: 12,
    defaultEdgeType: "line",
    defaultDrawNodeLabel: drawLabel as never, // only the labels chooseLabels kept (labels.ts)
    nodeReducer: (node, data) => {
      // Every label is offered; chooseLabels keeps those that fit, hubs first.
      data = { ...data, forceLabel: true };
      // A layer drawn alone, or the timeline's step: actors without a tie there are greyed.
      if ((app.layerActors && !app.layerActors.has(node)) || (app.timeActors && !app.timeActors.has(node))) {
        data = { ...data, color: GREY, label: "", zIndex: 0 };
      }
      if (!app.highlight) return data;
      // Highlighted by size and colour, not sigma's "highlighted" (which would draw every
      // highlighted actor's label in a box, over each other): labels.ts places theirs first.
      if (app.highlight.has(node)) return { ...data, zIndex: 1 };
      return { ...data, color: GREY, label: "", zIndex: 0 };
    },
    edgeReducer: (edge, data) => {
      if (app.layer && data.kind !== app.layer) return { ...data, hidden: true };
      if (app.time) {
        const st = edgeState(data.since, data.until);
        if (st === "hidden") return { ...data, hidden: true };
        if (st === "formed") data = { ...data, color: FORMED, size: Math.max(data.size, 3), zIndex: 2 };
        if (st === "dissolved") data = { ...data, color: DISSOLVED, zIndex: 0 };
      }
      if (!app.highlight) return data;
      const [u, v] = app.graph.extremities(edge);
      if (app.pathEdges.has(u + "|" + v) || app.pathEdges.has(v + "|" + u)) return { ...data, color: "#e6194b", size: 4, zIndex: 1 };
      if (app.highlight.has(u) && app.highlight.has(v)) return data;
      return { ...data, hidden: true };
    },
  });
  const renderer = app.renderer;
  attachLabels(renderer, (node) => (app.highlight?.has(node) ? 1 : 0));
  renderer.on("enterNode", ({ node }) => { hover.node = node; renderer.refresh({ skipIndexation: true }); });
  renderer.on("leaveNode", () => { hover.node = null; renderer.refresh({ skipIndexation: true }); });
  app.renderer.on("clickNode", ({ node }) => { if (!weaveClick(node)) canvasHooks.onNodeClick(node); });
  app.renderer.on("afterRender", drawDashed);
  app.renderer.on("clickStage", () => setHighlight(null));
  renderer.refresh(); // the first frame was drawn before the labels were attached
}


function fillSuggestions() {
  const names = $("names");
  const regions = new Set<string>(), types = new Set<string>(), kinds = new Set<string>();
  app.graph.forEachNode((_, a) => {
    if (a.region) regions.add(a.region);
    if (a.actorType) types.add(a.actorType);
  });
  app.graph.forEachEdge((_, a) => kinds.add(a.kind));
  names.replaceChildren(...app.graph.mapNodes((_, a) => el("option", { value: a.label })));
  $("regionList").replaceChildren(...[...regions].sort().map((r) => el("option", { value: r })));
  $("typeList").replaceChildren(...[...types].sort().map((r) => el("option", { value: r })));
  $("ptypeList").replaceChildren(...[...kinds].sort().map((r) => el("option", { value: r })));
}

/** Sizes the nodes by the metric's score or the chosen numeric attribute. */
function resize(g: Graph) {
  const max = Math.max(0, ...g.mapNodes((_, a) => sizeValue(a as Drawn) ?? 0));
  g.forEachNode((id, a) => g.setNodeAttribute(id, "size", nodeSize(sizeValue(a as Drawn), max)));
}

function showLegend() {
  const legend = $("legend");
  const ac = attrColouring();
  const entry = (colour: string, text: string, key: string) => {
    const sw = el("span", { class: "swatch" });
    sw.style.background = colour;
    return el("div", { "data-key": key }, sw, text);
  };
  if (ac?.numeric) {
    const def = app.attrs.find((a) => a.name === ac.name);
    const e = ac.edges;
    const range = (i: number) => i === 0 ? `below ${fmt(e[0])}` : i >= e.length ? `${fmt(e[e.length - 1])} or more` : `${fmt(e[i - 1])} to ${fmt(e[i])}`;
    const steps = e.length ? SEQUENTIAL.slice(0, e.length + 1) : [];
    legend.replaceChildren(el("h3", {}, `Colour: ${def?.label || ac.name}`),
      ...steps.map((c, i) => entry(c, range(i), String(i))), entry(NONE, "no value", ""));
  } else if (ac) {
    const def = app.attrs.find((a) => a.name === ac.name);
    legend.replaceChildren(el("h3", {}, `Colour: ${def?.label || ac.name}`),
      ...[...ac.colour.entries()].map(([key, colour]) => entry(colour, `${key} (${def?.values.find((v) => v.key === key)?.count ?? 0})`, key)),
      ...((def?.values.length ?? 0) > CATEGORICAL.length ? [entry(OTHER, "other values", "")] : []),
      entry(NONE, "no value", ""));
  } else if (app.state.color === "core") {
    const sw = (c: string) => { const x = el("span", { class: "swatch" }); x.style.background = c; return x; };
    legend.replaceChildren(el("h3", {}, "Colour: core / periphery"),
      el("div", { "data-key": "core" }, sw(CORE), `core (${app.core?.size ?? "…"} actors)`), el("div", { "data-key": "periphery" }, sw(PERIPHERY), "periphery"));
  } else if (app.state.color === "sector") {
    const present = new Set(app.graph.mapNodes((_, a) => a.group as string));
    legend.replaceChildren(el("h3", {}, "Colour: sector"), ...app.sectors.filter((s) => present.has(s.code)).map((s) => {
      const sw = el("span", { class: "swatch" });
      sw.style.background = s.color ?? "#888";
      return el("div", {}, sw, s.label);
    }));
  } else {
    const sizes = new Map<number, number>();
    app.graph.forEachNode((_, a) => sizes.set(a.community, (sizes.get(a.community) ?? 0) + 1));
    const top = [...sizes.entries()].sort((x, y) => y[1] - x[1]).slice(0, COMMUNITY.length);
    legend.replaceChildren(el("h3", {}, "Colour: community"), ...top.map(([c, n]) => {
      const sw = el("span", { class: "swatch" });
      sw.style.background = COMMUNITY[c % COMMUNITY.length];
      return el("div", {}, sw, `community ${c} (${n} shown)`);
    }));
  }
  const sizeDef = app.attrs.find((a) => a.name === app.state.sizeAttr);
  legend.append(el("p", { class: "muted" }, `Size: ${sizeDef ? sizeDef.label || sizeDef.name : metricLabel(app.state.size)}`));
}

const CORE_QUERY = `query Core($network: NetworkFilter) { corePeriphery(network: $network) { core { id } } }`;

/** Reads the slice's core/periphery core, for colouring by it. */
export async function loadCore() {
  try {
    const r = await gql<{ corePeriphery: { core: { id: string }[] } }>(CORE_QUERY, { network: networkFilter(app.state) });
    app.core = new Set(r.corePeriphery.core.map((a) => a.id));
  } catch (e) {
    setStatus(explain(e), true);
    app.core = new Set();
  }
}

/** Recolours and resizes the drawn nodes after a drawing option changed. */
export async function recolor() {
  if (app.state.color === "core" && !app.core) await loadCore();
  resize(app.graph);
  const ac = attrColouring();
  app.graph.forEachNode((id, a) => app.graph.setNodeAttribute(id, "color", nodeColor(a as Drawn, id, ac)));
  showLegend();
  app.renderer?.refresh();
}

const NEIGHBOURHOOD = `query Near($ids: [ID!]!, $network: NetworkFilter) {
  neighborhood(actorIds: $ids, hops: 1, network: $network, limit: 200, orderBy: DEGREE) {
    truncated totalNodes nodes { id label group groupLabel color score community x y actor { region type attributes } }
    edges { id source target weight type directed since until }
  }
}`;

/** Adds a node of a neighbourhood answer at (x, y). */
function addDrawn(n: Subgraph["nodes"][number], x: number, y: number) {
  app.graph.addNode(n.id, {
    x, y, label: n.label, size: 3, group: n.group,
    groupLabel: n.groupLabel, community: n.community, score: null, region: n.actor.region ?? "", actorType: n.actor.type ?? "",
    attrs: n.actor.attributes ?? {}, color: "",
  });
  app.graph.setNodeAttribute(n.id, "color", nodeColor({ group: n.group, community: n.community, attrs: n.actor.attributes ?? {} }, n.id));
}

/**
 * Adds an actor's neighbours (up to 200, by degree) around it. An actor not drawn yet (a deep
 * link, a search) is added first: among its drawn partners when it has some, else beside the
 * drawing. False when the slice has no such actor.
 */
export async function expand(id: string): Promise<boolean> {
  let sg: Subgraph;
  try {
    sg = (await gql<{ neighborhood: Subgraph }>(NEIGHBOURHOOD, { ids: [id], network: networkFilter(app.state) })).neighborhood;
  } catch (e) {
    setStatus(explain(e), true);
    return false;
  }
  if (!app.graph.hasNode(id)) {
    const me = sg.nodes.find((n) => n.id === id);
    if (!me) {
      setStatus(`The slice has no actor ${id}.`, true);
      return false;
    }
    const known = sg.nodes.filter((n) => n.id !== id && app.graph.hasNode(n.id)).map((n) => app.graph.getNodeAttributes(n.id));
    let x: number, y: number;
    if (known.length) {
      x = known.reduce((t, a) => t + a.x, 0) / known.length;
      y = known.reduce((t, a) => t + a.y, 0) / known.length;
    } else {
      const xs = app.graph.mapNodes((_, a) => a.x as number), ys = app.graph.mapNodes((_, a) => a.y as number);
      x = xs.length ? Math.max(...xs) + 0.15 * (Math.max(...xs) - Math.min(...xs) || 100) : 0;
      y = ys.length ? (Math.max(...ys) + Math.min(...ys)) / 2 : 0;
    }
    addDrawn(me, x, y);
  }
  const centre = app.graph.getNodeAttributes(id);
  const fresh = sg.nodes.filter((n) => !app.graph.hasNode(n.id));
  fresh.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
    const r = 20 + 2 * Math.sqrt(fresh.length);
    addDrawn(n, centre.x + r * Math.cos(angle), centre.y + r * Math.sin(angle));
  });
  for (const e of sg.edges) addEdge(app.graph, e);
  setStatus(`Added ${fresh.length} neighbours of ${centre.label}${sg.truncated ? ` (the 200 of ${sg.totalNodes} with most partners)` : ""}; ${app.graph.order} actors shown`);
  $("status").dataset.nodes = String(app.graph.order);
  setHighlight([id, ...app.graph.neighbors(id)]);
  return true;
}
