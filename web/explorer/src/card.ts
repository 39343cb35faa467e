// The actor card: an actor's metrics, brokerage roles, reach, history, and paths to a sector.
import { gql, networkFilter } from "./api";
import { $, bar, el, fmt, sparkline } from "./dom";
import type * as S from "./schema.gen";
import { app } from "./state";
import { explain, saveState, metricLabel, sectorColor } from "./ui";
import { expand } from "./canvas";
import { selectTab, setHighlight } from "./view";
import { cardWhatIf } from "./weave";

// ---- the actor card ------------------------------------------------------------------------

const cardQuery = () => `query Card($id: ID!, $network: NetworkFilter, $history: NetworkFilter, $metric: CentralityMetric!, $from: Date!, $to: Date!) {
  actor(id: $id) {
    id name kind type region sector { code label } attributes
    metrics(network: $network) { ${app.metrics.filter((m) => m.field).map((m) => m.field).join(" ")} }
    brokerage(network: $network) { coordinator itinerant representative gatekeeper liaison total }
    reach(network: $network, maxHops: 2) { total crossGroup groupsReached diversity byGroup { key label count share } }
    eiIndex(network: $network)
    isCutVertex(network: $network)
    removalImpact(network: $network) { disconnected componentsBefore componentsAfter }
  }
  metricHistory(actorId: $id, metric: $metric, from: $from, to: $to, step: YEAR, network: $history) { date value }
}`;

/** The card's answer, in the schema's generated types. */
interface Card {
  actor: (Pick<S.Actor, "id" | "name" | "kind"> & {
    type: string | null; region: string | null; sector: Pick<S.Sector, "code" | "label">;
    attributes: Record<string, unknown>; // the actor's own attributes (JSON)
    metrics: Record<string, number | null> | null; // the registry's fields, chosen at run time
    brokerage: Record<string, number> | null; // Gould–Fernandez roles by name, and their total
    reach: (Pick<S.Reach, "total" | "crossGroup" | "groupsReached" | "diversity"> & { byGroup: Pick<S.GroupShare, "key" | "label" | "count" | "share">[] }) | null;
    eiIndex: number | null; isCutVertex: boolean | null;
    removalImpact: Pick<S.RemovalImpact, "disconnected" | "componentsBefore" | "componentsAfter"> | null;
  }) | null;
  metricHistory: { date: S.MetricPoint["date"]; value: number | null }[];
}

export async function showActor(id: string) {
  app.state.actor = id;
  app.state.tab = "actor";
  selectTab("actor");
  saveState();
  const card = $("actorCard");
  card.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  const metric = app.metrics.find((m) => m.metric === app.state.size)?.charted ? app.state.size : "DEGREE";
  const history = networkFilter(app.state);
  delete history.asOf; delete history.from; delete history.to;
  const year = new Date().getFullYear();
  let data: Card;
  try {
    data = await gql(cardQuery(), { id, network: networkFilter(app.state), history, metric, from: `${year - 15}-12-31`, to: `${year}-12-31` });
  } catch (e) {
    card.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  if (app.state.actor !== id) return;
  const a = data.actor;
  if (!a) {
    card.replaceChildren(el("p", { class: "error" }, "This actor no longer exists."));
    return;
  }
  card.dataset.actor = a.id;
  const rows: HTMLElement[] = [];
  for (const { field: k, label } of app.metrics.filter((m) => m.field)) {
    const v = a.metrics?.[k];
    rows.push(el("tr", {}, el("th", {}, label), el("td", { "data-metric": k, "data-value": v == null ? "" : String(v) }, fmt(v))));
  }
  const roles = a.brokerage
    ? ["coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total"].map((r) =>
      el("tr", {}, el("th", {}, r), el("td", { "data-role": r }, String(a.brokerage![r]))))
    : [el("tr", {}, el("td", {}, "not in this slice"))];
  const reach = a.reach;
  const maxShare = Math.max(0.0001, ...(reach?.byGroup.map((g) => g.share) ?? [0]));
  const sectorSelect = app.pathSelect;
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
    ...attributeTable(a.attributes),
    cardWhatIf(a.id) ?? "",
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
  if (app.graph.hasNode(a.id)) {
    const neighbours = new Set(app.graph.neighbors(a.id));
    neighbours.add(a.id);
    setHighlight(neighbours);
    const d = app.renderer?.getNodeDisplayData(a.id);
    if (d) app.renderer?.getCamera().animate({ x: d.x, y: d.y }, { duration: 300 });
  }
}

/** The actor's own attributes, in the definitions' order, labelled. */
function attributeTable(values: Record<string, unknown>): HTMLElement[] {
  const rows = app.attrs.filter((d) => values[d.name] !== undefined && values[d.name] !== null).map((d) =>
    el("tr", {}, el("th", {}, d.label || d.name), el("td", { "data-attribute": d.name }, String(values[d.name]))));
  return rows.length ? [el("h3", {}, "Attributes"), el("table", { class: "kv", id: "actorAttributes" }, ...rows)] : [];
}

const NEAREST = `query Nearest($id: ID!, $group: String!, $network: NetworkFilter) {
  nearestInGroup(actorId: $id, group: $group, network: $network) { hops distance actors { id name sector { code } } }
}`;

/** Highlights the shortest path from an actor to the nearest actor of a sector. */
async function showPath(id: string, sector: string, out: HTMLElement) {
  out.textContent = "Searching…";
  let path: { hops: number; distance: number; actors: { id: string; name: string; sector: { code: string } }[] } | null;
  try {
    path = (await gql<{ nearestInGroup: typeof path }>(NEAREST, { id, group: sector, network: networkFilter(app.state) })).nearestInGroup;
  } catch (e) {
    out.textContent = explain(e);
    return;
  }
  if (!path) {
    out.textContent = `No actor of ${app.sectors.find((s) => s.code === sector)?.label ?? sector} is reachable on this slice.`;
    setHighlight([id]);
    return;
  }
  const ids = path.actors.map((x) => x.id);
  let prev = app.graph.getNodeAttributes(id);
  for (const x of path.actors) { // actors outside the drawn slice join it along the path
    if (!app.graph.hasNode(x.id)) {
      app.graph.addNode(x.id, { x: prev.x + 15, y: prev.y + 15, label: x.name, size: 4, group: x.sector.code, community: 0, color: sectorColor(x.sector.code) });
    }
    prev = app.graph.getNodeAttributes(x.id);
  }
  for (let i = 1; i < ids.length; i++) {
    if (!app.graph.areNeighbors(ids[i - 1], ids[i])) app.graph.addUndirectedEdge(ids[i - 1], ids[i], { size: 2, color: "#e6194b" });
  }
  out.textContent = `${path.actors.map((x) => x.name).join(" → ")} (${path.hops} hops)`;
  out.dataset.path = ids.join(",");
  setHighlight(ids, ids);
}
