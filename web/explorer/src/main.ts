// The stakegraph network explorer (/explore): a slice of the network drawn with sigma.js, a
// filter panel, an actor card, intermediaries, communities and the sector mixing matrix — all
// read from the public GraphQL API, the view kept in the URL.
import Graph from "graphology";
import Sigma from "sigma";
import { ApiError, TOKEN_KEY, ViewState, authHeaders, exportQuery, gql, networkFilter, readState, writeState } from "./api";
import { $, bar, el, fmt, heat, sparkline } from "./dom";

interface Sector { code: string; label: string; color: string | null; actorCount: number }
interface SNode {
  id: string; label: string; group: string; groupLabel: string; color: string | null; score: number | null;
  community: number; x: number | null; y: number | null; actor: { region: string | null; type: string | null };
}
interface SEdge { id: string; source: string; target: string; weight: number; type: string; directed: boolean }
interface Subgraph { nodes: SNode[]; edges: SEdge[]; truncated: boolean; totalNodes: number; graphVersion: number }

/** A metric of the server's registry (/explore/metrics.json): its CentralityMetric value, its
 * ActorMetrics field ("" when it has none), its label, and whether it may be charted by year. */
interface Metric { metric: string; field: string; label: string; charted: boolean }
/** The metrics, read from the server at start: nodes are sized by any, the card lists those
 * with a field, the sparkline charts the cheap ones. */
let METRICS: Metric[] = [];
/** Colours for communities, in rank order (largest first). */
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#393b79", "#ad494a"];
const GREY = "#d8d8d8";

let state: ViewState = readState(location.hash);
let sectors: Sector[] = [];
let graph = new Graph({ multi: true, type: "mixed" });
let renderer: Sigma | null = null;
let highlight: Set<string> | null = null; // actors to emphasise (a path, brokers, a community)
let pathEdges: Set<string> = new Set(); // "u|v" pairs along a highlighted path
let loadSeq = 0;
let pathSelect: HTMLSelectElement; // moves into each actor card

/** What tests and curious users can reach from the console. */
const api = { get graph() { return graph; }, get renderer() { return renderer; }, get state() { return state; }, ready: false };
(window as unknown as { stakegraph: typeof api }).stakegraph = api;

function setStatus(text: string, error = false) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("error", error);
}

function explain(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN") return e.message + " — set an API token above.";
    return e.message + (e.code ? ` (${e.code})` : "");
  }
  return e instanceof Error ? e.message : String(e);
}

function saveState() {
  history.replaceState(null, "", writeState(state));
}

function metricLabel(m: string): string {
  return METRICS.find((x) => x.metric === m)?.label ?? m;
}

function sectorColor(code: string): string {
  return sectors.find((s) => s.code === code)?.color ?? "#888888";
}

// ---- filter panel ------------------------------------------------------------------------------

function listValue(id: string): string[] {
  return ($(id) as HTMLInputElement).value.split(",").map((x) => x.trim()).filter(Boolean);
}

/** Fills the filter panel from the state. */
function showFilters() {
  const box = $("sectors");
  box.replaceChildren(...sectors.map((s) => {
    const cb = el("input", { type: "checkbox", value: s.code }) as HTMLInputElement;
    cb.checked = state.sectors.includes(s.code);
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = s.color ?? "#888";
    return el("label", { class: "check" }, cb, swatch, `${s.label} (${s.actorCount})`);
  }));
  ($("regions") as HTMLInputElement).value = state.regions.join(", ");
  ($("actorTypes") as HTMLInputElement).value = state.actorTypes.join(", ");
  ($("partnershipTypes") as HTMLInputElement).value = state.partnershipTypes.join(", ");
  const year = state.asOf ? Number(state.asOf.slice(0, 4)) : new Date().getFullYear();
  ($("useAsOf") as HTMLInputElement).checked = !!state.asOf;
  ($("asOf") as HTMLInputElement).value = String(year);
  $("asOfLabel").textContent = state.asOf ? state.asOf : "any time";
  ($("from") as HTMLInputElement).value = state.from;
  ($("to") as HTMLInputElement).value = state.to;
  ($("minWeight") as HTMLInputElement).value = state.minWeight;
  ($("weighted") as HTMLInputElement).checked = state.weighted;
  ($("direction") as HTMLSelectElement).value = state.directed ? "DIRECTED" : "UNDIRECTED";
  ($("limit") as HTMLInputElement).value = String(state.limit);
  ($("size") as HTMLSelectElement).value = state.size;
  ($("color") as HTMLSelectElement).value = state.color;
  for (const sel of [pathSelect, $("brokerA") as HTMLSelectElement, $("brokerB") as HTMLSelectElement]) {
    const keep = sel.value;
    sel.replaceChildren(...sectors.map((s) => el("option", { value: s.code }, s.label)));
    if (keep) sel.value = keep;
  }
  ($("brokerA") as HTMLSelectElement).value = state.a || sectors[0]?.code || "";
  ($("brokerB") as HTMLSelectElement).value = state.b || sectors[1]?.code || "";
}

/** Reads the filter panel into the state. */
function readFilters() {
  state.sectors = [...$("sectors").querySelectorAll<HTMLInputElement>("input:checked")].map((c) => c.value);
  state.regions = listValue("regions");
  state.actorTypes = listValue("actorTypes");
  state.partnershipTypes = listValue("partnershipTypes");
  const useAsOf = ($("useAsOf") as HTMLInputElement).checked;
  state.asOf = useAsOf ? `${($("asOf") as HTMLInputElement).value}-12-31` : "";
  $("asOfLabel").textContent = state.asOf || "any time";
  state.from = ($("from") as HTMLInputElement).value;
  state.to = ($("to") as HTMLInputElement).value;
  state.minWeight = ($("minWeight") as HTMLInputElement).value;
  state.weighted = ($("weighted") as HTMLInputElement).checked;
  state.directed = ($("direction") as HTMLSelectElement).value === "DIRECTED";
  const limit = Number(($("limit") as HTMLInputElement).value);
  state.limit = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 10000) : 300;
  state.size = ($("size") as HTMLSelectElement).value;
  state.color = ($("color") as HTMLSelectElement).value === "community" ? "community" : "sector";
}

// ---- the graph -------------------------------------------------------------------------------

const SLICE = `query Slice($network: NetworkFilter, $limit: Int, $orderBy: CentralityMetric) {
  subgraph(network: $network, limit: $limit, orderBy: $orderBy, layout: {algorithm: FORCE_ATLAS2, seed: 1, iterations: 100}) {
    truncated totalNodes graphVersion
    nodes { id label group groupLabel color score community x y actor { region type } }
    edges { id source target weight type directed }
  }
}`;

function nodeSize(score: number | null, max: number): number {
  if (score == null || !(max > 0)) return 3;
  return 3 + 12 * Math.sqrt(Math.max(score, 0) / max);
}

function nodeColor(attrs: { group: string; community: number }): string {
  return state.color === "community" ? PALETTE[attrs.community % PALETTE.length] : sectorColor(attrs.group);
}

/** Loads the slice the filters describe and draws it. */
async function loadGraph() {
  const seq = ++loadSeq;
  api.ready = false;
  document.body.dataset.ready = "false";
  setStatus("Loading…");
  saveState();
  let data: { subgraph: Subgraph };
  try {
    data = await gql(SLICE, { network: networkFilter(state), limit: state.limit, orderBy: state.size });
  } catch (e) {
    if (seq === loadSeq) setStatus(explain(e), true);
    return;
  }
  if (seq !== loadSeq) return; // a newer request replaced this one
  const sg = data.subgraph;
  const g = new Graph({ multi: true, type: "mixed" });
  const max = Math.max(0, ...sg.nodes.map((n) => n.score ?? 0));
  for (const n of sg.nodes) {
    g.addNode(n.id, {
      x: n.x ?? 0, y: n.y ?? 0, label: n.label, size: nodeSize(n.score, max), group: n.group, groupLabel: n.groupLabel,
      community: n.community, score: n.score, region: n.actor.region ?? "", actorType: n.actor.type ?? "",
      color: "",
    });
  }
  for (const e of sg.edges) addEdge(g, e);
  g.forEachNode((id, a) => g.setNodeAttribute(id, "color", nodeColor(a as { group: string; community: number })));
  graph = g;
  highlight = null;
  pathEdges = new Set();
  draw();
  const shown = sg.nodes.length;
  setStatus(sg.truncated
    ? `Showing ${shown} of ${sg.totalNodes} actors, ranked by ${metricLabel(state.size)} · ${sg.edges.length} partnerships · graph version ${sg.graphVersion}`
    : `Showing all ${shown} actors · ${sg.edges.length} partnerships · graph version ${sg.graphVersion}`);
  $("status").dataset.nodes = String(shown);
  $("status").dataset.total = String(sg.totalNodes);
  fillSuggestions();
  showLegend();
  api.ready = true;
  document.body.dataset.ready = "true";
  if (state.actor && g.hasNode(state.actor)) void showActor(state.actor);
  if (state.tab !== "actor") void showTab(state.tab);
}

function addEdge(g: Graph, e: SEdge) {
  if (g.hasEdge(e.id) || !g.hasNode(e.source) || !g.hasNode(e.target)) return;
  const attrs = { size: Math.min(1 + Math.log1p(e.weight), 4), weight: e.weight, kind: e.type, color: "#c5c5c5", type: e.directed ? "arrow" : "line" };
  if (e.directed) g.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs);
  else g.addUndirectedEdgeWithKey(e.id, e.source, e.target, attrs);
}

function draw() {
  const container = $("graph");
  if (renderer) renderer.kill();
  renderer = new Sigma(graph, container, {
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 9,
    defaultEdgeType: "line",
    nodeReducer: (node, data) => {
      if (!highlight) return data;
      if (highlight.has(node)) return { ...data, highlighted: true, zIndex: 1, forceLabel: true };
      return { ...data, color: GREY, label: "", zIndex: 0 };
    },
    edgeReducer: (edge, data) => {
      if (!highlight) return data;
      const [u, v] = graph.extremities(edge);
      if (pathEdges.has(u + "|" + v) || pathEdges.has(v + "|" + u)) return { ...data, color: "#e6194b", size: 4, zIndex: 1 };
      if (highlight.has(u) && highlight.has(v)) return data;
      return { ...data, hidden: true };
    },
  });
  renderer.on("clickNode", ({ node }) => void showActor(node));
  renderer.on("clickStage", () => setHighlight(null));
}

function setHighlight(ids: Iterable<string> | null, path: string[] = []) {
  highlight = ids ? new Set(ids) : null;
  pathEdges = new Set(path.slice(1).map((v, i) => path[i] + "|" + v));
  renderer?.refresh();
}

function fillSuggestions() {
  const names = $("names");
  const regions = new Set<string>(), types = new Set<string>(), kinds = new Set<string>();
  graph.forEachNode((_, a) => {
    if (a.region) regions.add(a.region);
    if (a.actorType) types.add(a.actorType);
  });
  graph.forEachEdge((_, a) => kinds.add(a.kind));
  names.replaceChildren(...graph.mapNodes((_, a) => el("option", { value: a.label })));
  $("regionList").replaceChildren(...[...regions].sort().map((r) => el("option", { value: r })));
  $("typeList").replaceChildren(...[...types].sort().map((r) => el("option", { value: r })));
  $("ptypeList").replaceChildren(...[...kinds].sort().map((r) => el("option", { value: r })));
}

function showLegend() {
  const legend = $("legend");
  if (state.color === "sector") {
    const present = new Set(graph.mapNodes((_, a) => a.group as string));
    legend.replaceChildren(el("h3", {}, "Colour: sector"), ...sectors.filter((s) => present.has(s.code)).map((s) => {
      const sw = el("span", { class: "swatch" });
      sw.style.background = s.color ?? "#888";
      return el("div", {}, sw, s.label);
    }));
  } else {
    const sizes = new Map<number, number>();
    graph.forEachNode((_, a) => sizes.set(a.community, (sizes.get(a.community) ?? 0) + 1));
    const top = [...sizes.entries()].sort((x, y) => y[1] - x[1]).slice(0, PALETTE.length);
    legend.replaceChildren(el("h3", {}, "Colour: community"), ...top.map(([c, n]) => {
      const sw = el("span", { class: "swatch" });
      sw.style.background = PALETTE[c % PALETTE.length];
      return el("div", {}, sw, `community ${c} (${n} shown)`);
    }));
  }
  legend.append(el("p", { class: "muted" }, `Size: ${metricLabel(state.size)}`));
}

function recolor() {
  graph.forEachNode((id, a) => graph.setNodeAttribute(id, "color", nodeColor(a as { group: string; community: number })));
  showLegend();
  renderer?.refresh();
}

// ---- the actor card ------------------------------------------------------------------------

const cardQuery = () => `query Card($id: ID!, $network: NetworkFilter, $history: NetworkFilter, $metric: CentralityMetric!, $from: Date!, $to: Date!) {
  actor(id: $id) {
    id name kind type region sector { code label }
    metrics(network: $network) { ${METRICS.filter((m) => m.field).map((m) => m.field).join(" ")} }
    brokerage(network: $network) { coordinator itinerant representative gatekeeper liaison total }
    reach(network: $network, maxHops: 2) { total crossGroup groupsReached diversity byGroup { key label count share } }
    eiIndex(network: $network)
    isCutVertex(network: $network)
    removalImpact(network: $network) { disconnected componentsBefore componentsAfter }
  }
  metricHistory(actorId: $id, metric: $metric, from: $from, to: $to, step: YEAR, network: $history) { date value }
}`;

interface Card {
  actor: {
    id: string; name: string; kind: string; type: string | null; region: string | null; sector: { code: string; label: string };
    metrics: Record<string, number | null> | null;
    brokerage: Record<string, number> | null;
    reach: { total: number; crossGroup: number; groupsReached: number; diversity: number; byGroup: { key: string; label: string; count: number; share: number }[] } | null;
    eiIndex: number | null; isCutVertex: boolean | null;
    removalImpact: { disconnected: number; componentsBefore: number; componentsAfter: number } | null;
  } | null;
  metricHistory: { date: string; value: number | null }[];
}

async function showActor(id: string) {
  state.actor = id;
  state.tab = "actor";
  selectTab("actor");
  saveState();
  const card = $("actorCard");
  card.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  const metric = METRICS.find((m) => m.metric === state.size)?.charted ? state.size : "DEGREE";
  const history = networkFilter(state);
  delete history.asOf; delete history.from; delete history.to;
  const year = new Date().getFullYear();
  let data: Card;
  try {
    data = await gql(cardQuery(), { id, network: networkFilter(state), history, metric, from: `${year - 15}-12-31`, to: `${year}-12-31` });
  } catch (e) {
    card.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  if (state.actor !== id) return;
  const a = data.actor;
  if (!a) {
    card.replaceChildren(el("p", { class: "error" }, "This actor no longer exists."));
    return;
  }
  card.dataset.actor = a.id;
  const rows: HTMLElement[] = [];
  for (const { field: k, label } of METRICS.filter((m) => m.field)) {
    const v = a.metrics?.[k];
    rows.push(el("tr", {}, el("th", {}, label), el("td", { "data-metric": k, "data-value": v == null ? "" : String(v) }, fmt(v))));
  }
  const roles = a.brokerage
    ? ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"].map((r) =>
      el("tr", {}, el("th", {}, r), el("td", { "data-role": r }, String(a.brokerage![r]))))
    : [el("tr", {}, el("td", {}, "not in this slice"))];
  const reach = a.reach;
  const maxShare = Math.max(0.0001, ...(reach?.byGroup.map((g) => g.share) ?? [0]));
  const sectorSelect = pathSelect;
  sectorSelect.hidden = false; // kept out of sight until a card holds it
  const pathButton = el("button", { type: "button" }, "Path to the nearest actor of") as HTMLButtonElement;
  const expandButton = el("button", { type: "button" }, "Expand neighbourhood") as HTMLButtonElement;
  const pathResult = el("p", { id: "pathResult", class: "muted" });
  pathButton.onclick = () => void showPath(a.id, sectorSelect.value, pathResult);
  expandButton.onclick = () => void expand(a.id);
  const impact = a.removalImpact;
  card.replaceChildren(
    el("h2", {}, a.name),
    el("p", { class: "muted" }, [a.sector.label, a.kind.toLowerCase(), a.type, a.region].filter(Boolean).join(" · ")),
    el("div", { class: "actions" }, expandButton, el("span", { class: "pathPick" }, pathButton, sectorSelect)),
    pathResult,
    el("h3", {}, "Metrics on this slice"),
    el("table", { class: "kv", id: "actorMetrics" }, ...rows),
    el("h3", {}, `${metricLabel(metric)} by year`),
    sparkline(data.metricHistory),
    el("h3", {}, "Brokerage roles (Gould–Fernandez)"),
    el("table", { class: "kv" }, ...roles),
    el("h3", {}, "Reach within 2 hops, by sector"),
    reach
      ? el("div", {}, el("p", { class: "muted" }, `${reach.total} actors, ${reach.crossGroup} outside its sector, ${reach.groupsReached} sectors, diversity ${fmt(reach.diversity)}`),
        ...reach.byGroup.map((g) => bar(g.label, g.count, g.share / maxShare, sectorColor(g.key))))
      : el("p", { class: "muted" }, "not in this slice"),
    el("table", { class: "kv" },
      el("tr", {}, el("th", {}, "E-I index"), el("td", { "data-field": "eiIndex" }, fmt(a.eiIndex))),
      el("tr", {}, el("th", {}, "cut vertex"), el("td", { "data-field": "isCutVertex" }, a.isCutVertex == null ? "–" : a.isCutVertex ? "yes" : "no")),
      el("tr", {}, el("th", {}, "removal disconnects"), el("td", { "data-field": "disconnected" },
        impact ? `${impact.disconnected} actors (components ${impact.componentsBefore} → ${impact.componentsAfter})` : "–"))),
  );
  if (graph.hasNode(a.id)) {
    const neighbours = new Set(graph.neighbors(a.id));
    neighbours.add(a.id);
    setHighlight(neighbours);
    const d = renderer?.getNodeDisplayData(a.id);
    if (d) renderer?.getCamera().animate({ x: d.x, y: d.y }, { duration: 300 });
  }
}

const NEIGHBOURHOOD = `query Near($ids: [ID!]!, $network: NetworkFilter) {
  neighborhood(actorIds: $ids, hops: 1, network: $network, limit: 200, orderBy: DEGREE) {
    truncated totalNodes nodes { id label group groupLabel color score community x y actor { region type } }
    edges { id source target weight type directed }
  }
}`;

/** Adds an actor's neighbours (up to 200, by degree) around it. */
async function expand(id: string) {
  let sg: Subgraph;
  try {
    sg = (await gql<{ neighborhood: Subgraph }>(NEIGHBOURHOOD, { ids: [id], network: networkFilter(state) })).neighborhood;
  } catch (e) {
    setStatus(explain(e), true);
    return;
  }
  const centre = graph.getNodeAttributes(id);
  const fresh = sg.nodes.filter((n) => !graph.hasNode(n.id));
  fresh.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
    const r = 20 + 2 * Math.sqrt(fresh.length);
    graph.addNode(n.id, {
      x: centre.x + r * Math.cos(angle), y: centre.y + r * Math.sin(angle), label: n.label, size: 3, group: n.group,
      groupLabel: n.groupLabel, community: n.community, score: null, region: n.actor.region ?? "", actorType: n.actor.type ?? "", color: "",
    });
    graph.setNodeAttribute(n.id, "color", nodeColor({ group: n.group, community: n.community }));
  });
  for (const e of sg.edges) addEdge(graph, e);
  setStatus(`Added ${fresh.length} neighbours of ${centre.label}${sg.truncated ? ` (the 200 of ${sg.totalNodes} with most partners)` : ""}; ${graph.order} actors shown`);
  $("status").dataset.nodes = String(graph.order);
  setHighlight([id, ...graph.neighbors(id)]);
}

const NEAREST = `query Nearest($id: ID!, $group: String!, $network: NetworkFilter) {
  nearestInGroup(actorId: $id, group: $group, network: $network) { hops distance actors { id name sector { code } } }
}`;

/** Highlights the shortest path from an actor to the nearest actor of a sector. */
async function showPath(id: string, sector: string, out: HTMLElement) {
  out.textContent = "Searching…";
  let path: { hops: number; distance: number; actors: { id: string; name: string; sector: { code: string } }[] } | null;
  try {
    path = (await gql<{ nearestInGroup: typeof path }>(NEAREST, { id, group: sector, network: networkFilter(state) })).nearestInGroup;
  } catch (e) {
    out.textContent = explain(e);
    return;
  }
  if (!path) {
    out.textContent = `No actor of ${sectors.find((s) => s.code === sector)?.label ?? sector} is reachable on this slice.`;
    setHighlight([id]);
    return;
  }
  const ids = path.actors.map((x) => x.id);
  let prev = graph.getNodeAttributes(id);
  for (const x of path.actors) { // actors outside the drawn slice join it along the path
    if (!graph.hasNode(x.id)) {
      graph.addNode(x.id, { x: prev.x + 15, y: prev.y + 15, label: x.name, size: 4, group: x.sector.code, community: 0, color: sectorColor(x.sector.code) });
    }
    prev = graph.getNodeAttributes(x.id);
  }
  for (let i = 1; i < ids.length; i++) {
    if (!graph.areNeighbors(ids[i - 1], ids[i])) graph.addUndirectedEdge(ids[i - 1], ids[i], { size: 2, color: "#e6194b" });
  }
  out.textContent = `${path.actors.map((x) => x.name).join(" → ")} (${path.hops} hops)`;
  out.dataset.path = ids.join(",");
  setHighlight(ids, ids);
}

// ---- side panels ------------------------------------------------------------------------------

function selectTab(tab: ViewState["tab"]) {
  for (const b of document.querySelectorAll<HTMLButtonElement>("#tabs button")) b.classList.toggle("active", b.dataset.tab === tab);
  for (const p of document.querySelectorAll<HTMLElement>(".panel")) p.hidden = p.id !== tab + "Panel";
}

async function showTab(tab: ViewState["tab"]) {
  state.tab = tab;
  selectTab(tab);
  saveState();
  if (tab === "communities") await showCommunities();
  if (tab === "mixing") await showMixing();
  if (tab === "intermediaries" && state.a && state.b) await showBrokers();
}

const BROKERS = `query Brokers($network: NetworkFilter, $between: [String!]) {
  intermediaries(network: $network, between: $between, first: 15) {
    actor { id name } groupPairBetweenness betweenness isCutVertex connects { aLabel bLabel count }
  }
}`;

/** The ranked brokers between two sectors, highlighted on the graph. */
async function showBrokers() {
  state.a = ($("brokerA") as HTMLSelectElement).value;
  state.b = ($("brokerB") as HTMLSelectElement).value;
  saveState();
  const list = $("brokers");
  list.replaceChildren(el("li", { class: "muted" }, "Loading…"));
  let rows: { actor: { id: string; name: string }; groupPairBetweenness: number; betweenness: number; isCutVertex: boolean; connects: { aLabel: string; bLabel: string; count: number }[] }[];
  try {
    rows = (await gql<{ intermediaries: typeof rows }>(BROKERS, { network: networkFilter(state), between: [state.a, state.b] })).intermediaries;
  } catch (e) {
    list.replaceChildren(el("li", { class: "error" }, explain(e)));
    return;
  }
  list.replaceChildren(...rows.map((r) => {
    const li = el("li", { "data-id": r.actor.id },
      el("strong", {}, r.actor.name), ` ${fmt(r.groupPairBetweenness)} between the two`,
      r.isCutVertex ? el("span", { class: "tag" }, "cut vertex") : "",
      el("div", { class: "muted" }, "connects " + r.connects.slice(0, 3).map((c) => `${c.aLabel}–${c.bLabel} (${c.count})`).join(", ")));
    li.onclick = () => void showActor(r.actor.id);
    return li;
  }));
  if (!rows.length) list.replaceChildren(el("li", { class: "muted" }, "No actor brokers between these sectors on this slice."));
  const ids = rows.map((r) => r.actor.id);
  const missing = ids.filter((id) => !graph.hasNode(id)).length;
  $("brokerNote").textContent = missing ? `${missing} of them are outside the drawn actors (raise the limit to see them).` : "";
  setHighlight(ids);
}

const COMMUNITIES = `query Communities($network: NetworkFilter) {
  communities(network: $network) {
    modularity count
    communities(first: 12) { id size members(first: 500) { id } composition { key label count share } }
  }
}`;

async function showCommunities() {
  const box = $("communityList");
  box.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  let res: { modularity: number; count: number; communities: { id: number; size: number; members: { id: string }[]; composition: { key: string; label: string; count: number; share: number }[] }[] };
  try {
    res = (await gql<{ communities: typeof res }>(COMMUNITIES, { network: networkFilter(state) })).communities;
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  box.replaceChildren(el("p", {}, `${res.count} communities (Louvain), modularity ${fmt(res.modularity)}`),
    ...res.communities.map((c) => {
      const stack = el("div", { class: "stack" }, ...c.composition.map((g) => {
        const seg = el("span", { title: `${g.label}: ${g.count}` });
        seg.style.width = `${(100 * g.share).toFixed(2)}%`;
        seg.style.background = sectorColor(g.key);
        return seg;
      }));
      const item = el("div", { class: "community" }, el("strong", {}, `Community ${c.id}`), ` ${c.size} actors`, stack,
        el("div", { class: "muted" }, c.composition.slice(0, 3).map((g) => `${g.label} ${Math.round(100 * g.share)}%`).join(", ")));
      item.onclick = () => setHighlight(c.members.map((m) => m.id));
      return item;
    }));
}

const MIXING = `query Mixing($network: NetworkFilter) {
  sectorMixing(network: $network) { eiIndex assortativity groups { key label size eiIndex } pairs { a b aLabel bLabel ties density } }
}`;

async function showMixing() {
  const box = $("mixingMatrix");
  box.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  let m: { eiIndex: number | null; assortativity: number | null; groups: { key: string; label: string; size: number; eiIndex: number | null }[]; pairs: { a: string; b: string; ties: number; density: number }[] };
  try {
    m = (await gql<{ sectorMixing: typeof m }>(MIXING, { network: networkFilter(state) })).sectorMixing;
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  const density = new Map<string, { ties: number; density: number }>();
  for (const p of m.pairs) { density.set(p.a + "|" + p.b, p); density.set(p.b + "|" + p.a, p); }
  const max = Math.max(1e-9, ...m.pairs.map((p) => p.density));
  const head = el("tr", {}, el("th", {}, ""), ...m.groups.map((g) => el("th", { class: "rot" }, g.label)));
  const rows = m.groups.map((r) => el("tr", {}, el("th", {}, `${r.label} (E-I ${fmt(r.eiIndex)})`), ...m.groups.map((c) => {
    const p = density.get(r.key + "|" + c.key);
    return heat(p ? p.density / max : 0, p ? String(p.ties) : "0", p ? `${r.label} – ${c.label}: ${p.ties} ties, density ${fmt(p.density)}` : "no ties");
  })));
  box.replaceChildren(el("p", {}, `Network E-I ${fmt(m.eiIndex)}, assortativity ${fmt(m.assortativity)}. Cells: ties; shade: density.`),
    el("table", { class: "heat" }, head, ...rows));
}

// ---- exports, token, search ---------------------------------------------------------------------

async function download(file: string) {
  setStatus(`Preparing ${file}…`);
  try {
    const res = await fetch(`/export/${file}?${exportQuery(state)}`, { headers: authHeaders() });
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      throw new ApiError(body?.error?.message ?? `HTTP ${res.status}`, body?.error?.code ?? "");
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? "stakegraph-" + file;
    const url = URL.createObjectURL(await res.blob());
    const a = el("a", { href: url, download: name }) as HTMLAnchorElement;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus(`Saved ${name}`);
  } catch (e) {
    setStatus(explain(e), true);
  }
}

function findActor(name: string) {
  const wanted = name.trim().toLowerCase();
  if (!wanted) return;
  const hit = graph.findNode((_, a) => (a.label as string).toLowerCase() === wanted)
    ?? graph.findNode((_, a) => (a.label as string).toLowerCase().includes(wanted));
  if (hit) void showActor(hit);
  else setStatus(`No drawn actor is called “${name}”.`, true);
}

async function start() {
  pathSelect = $("pathSector") as HTMLSelectElement;
  const token = $("token") as HTMLInputElement;
  token.value = sessionStorage.getItem(TOKEN_KEY) ?? "";
  token.onchange = () => {
    if (token.value) sessionStorage.setItem(TOKEN_KEY, token.value.trim());
    else sessionStorage.removeItem(TOKEN_KEY);
    void boot();
  };
  $("filters").addEventListener("change", (e) => {
    const id = (e.target as HTMLElement).id;
    readFilters();
    if (id === "color") { saveState(); recolor(); return; }
    void loadGraph();
  });
  ($("asOf") as HTMLInputElement).addEventListener("input", () => {
    ($("useAsOf") as HTMLInputElement).checked = true;
    $("asOfLabel").textContent = `${($("asOf") as HTMLInputElement).value}-12-31`;
  });
  $("reset").onclick = () => { state = readState(""); showFilters(); void loadGraph(); };
  ($("search") as HTMLInputElement).addEventListener("change", (e) => findActor((e.target as HTMLInputElement).value));
  for (const b of document.querySelectorAll<HTMLButtonElement>("#tabs button")) b.onclick = () => void showTab(b.dataset.tab as ViewState["tab"]);
  $("findBrokers").onclick = () => void showBrokers();
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-export]")) b.onclick = () => void download(b.dataset.export!);
  selectTab(state.tab);
  await boot();
}

async function boot() {
  try {
    const resp = await fetch("/explore/metrics.json");
    if (!resp.ok) throw new Error(`the metric list answered ${resp.status}`);
    METRICS = await resp.json();
    ($("size") as HTMLSelectElement).replaceChildren(...METRICS.map((m) => el("option", { value: m.metric }, m.label)));
    ($("size") as HTMLSelectElement).value = state.size;
    sectors = (await gql<{ sectors: Sector[] }>(`{ sectors { code label color actorCount } }`)).sectors;
  } catch (e) {
    setStatus(explain(e), true);
    return;
  }
  showFilters();
  await loadGraph();
}

void start();
