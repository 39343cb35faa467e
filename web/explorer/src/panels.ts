// The side panels: intermediaries between two sectors, communities, and sector mixing.
import { gql, networkFilter, ViewState } from "./api";
import { $, el, fmt, heat } from "./dom";
import { app } from "./state";
import { explain, saveState, sectorColor } from "./ui";
import { recolor } from "./canvas";
import { selectTab, setHighlight } from "./view";
import { showActor } from "./card";
import { leaveTimeline, showLayers, showTimeline } from "./dynamics";
import { fillGoalForm, weave } from "./weave";

// ---- side panels ------------------------------------------------------------------------------

export async function showTab(tab: ViewState["tab"]) {
  app.state.tab = tab;
  selectTab(tab);
  saveState();
  if (tab === "communities") await showCommunities();
  if (tab === "mixing") await showMixing();
  if (tab === "network") await showNetwork();
  if (tab === "timeline") await showTimeline();
  else leaveTimeline();
  if (tab === "layers") await showLayers();
  if (tab === "weave") fillGoalForm();
  if (tab === "intermediaries" && app.state.a && app.state.b) await showBrokers();
}

const BROKERS = `query Brokers($network: NetworkFilter, $between: [String!]) {
  intermediaries(network: $network, between: $between, first: 15) {
    actor { id name } groupPairBetweenness betweenness isCutVertex connects { aLabel bLabel count }
  }
}`;

/** The ranked brokers between two sectors, highlighted on the graph. */
export async function showBrokers() {
  app.state.a = ($("brokerA") as HTMLSelectElement).value;
  app.state.b = ($("brokerB") as HTMLSelectElement).value;
  saveState();
  const list = $("brokers");
  list.replaceChildren(el("li", { class: "muted" }, "Loading…"));
  let rows: { actor: { id: string; name: string }; groupPairBetweenness: number; betweenness: number; isCutVertex: boolean; connects: { aLabel: string; bLabel: string; count: number }[] }[];
  try {
    rows = (await gql<{ intermediaries: typeof rows }>(BROKERS, { network: networkFilter(app.state), between: [app.state.a, app.state.b] })).intermediaries;
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
  const missing = ids.filter((id) => !app.graph.hasNode(id)).length;
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
    res = (await gql<{ communities: typeof res }>(COMMUNITIES, { network: networkFilter(app.state) })).communities;
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

/** The E-I test's permutations and seed in the mixing panel (the same seed, the same answer). */
export const EI_PERMUTATIONS = 2000, EI_SEED = 1;

const MIXING = `query Mixing($network: NetworkFilter, $permutations: Int, $seed: Int) {
  sectorMixing(network: $network) { eiIndex assortativity groups { key label size eiIndex } pairs { a b aLabel bLabel ties density } }
  eiTest(network: $network, permutations: $permutations, seed: $seed) {
    observed expected pGreaterOrEqual pLessOrEqual groups { key expected pGreaterOrEqual pLessOrEqual }
  }
}`;

/** A permutation p-value for the side the observed value lies on: p ≤ below the expectation,
 * p ≥ above it. */
function pText(observed: number | null, t: { expected: number; pGreaterOrEqual: number; pLessOrEqual: number }): string {
  if (observed == null) return "";
  const below = observed < t.expected;
  return `expected ${fmt(t.expected)}, p${below ? "≤" : "≥"} ${fmt(below ? t.pLessOrEqual : t.pGreaterOrEqual)}`;
}

async function showMixing() {
  const box = $("mixingMatrix");
  box.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  type Test = { expected: number; pGreaterOrEqual: number; pLessOrEqual: number };
  let m: { eiIndex: number | null; assortativity: number | null; groups: { key: string; label: string; size: number; eiIndex: number | null }[]; pairs: { a: string; b: string; ties: number; density: number }[] };
  let test: Test & { observed: number | null; groups: (Test & { key: string })[] };
  try {
    const r = await gql<{ sectorMixing: typeof m; eiTest: typeof test }>(MIXING, { network: networkFilter(app.state), permutations: EI_PERMUTATIONS, seed: EI_SEED });
    m = r.sectorMixing;
    test = r.eiTest;
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  const density = new Map<string, { ties: number; density: number }>();
  for (const p of m.pairs) { density.set(p.a + "|" + p.b, p); density.set(p.b + "|" + p.a, p); }
  const max = Math.max(1e-9, ...m.pairs.map((p) => p.density));
  const head = el("tr", {}, el("th", {}, ""), ...m.groups.map((g) => el("th", { class: "rot" }, g.label)));
  const groupTest = new Map(test.groups.map((g) => [g.key, g]));
  const rows = m.groups.map((r) => el("tr", {}, el("th", { "data-group": r.key, "data-expected": String(groupTest.get(r.key)?.expected ?? ""),
    "data-ple": String(groupTest.get(r.key)?.pLessOrEqual ?? ""), "data-pge": String(groupTest.get(r.key)?.pGreaterOrEqual ?? "") },
    `${r.label} (E-I ${fmt(r.eiIndex)}${groupTest.has(r.key) && r.eiIndex != null ? "; " + pText(r.eiIndex, groupTest.get(r.key)!) : ""})`), ...m.groups.map((c) => {
    const p = density.get(r.key + "|" + c.key);
    return heat(p ? p.density / max : 0, p ? String(p.ties) : "0", p ? `${r.label} – ${c.label}: ${p.ties} ties, density ${fmt(p.density)}` : "no ties");
  })));
  box.replaceChildren(el("p", { id: "eiSummary", "data-expected": String(test.expected), "data-ple": String(test.pLessOrEqual), "data-pge": String(test.pGreaterOrEqual) },
    `Network E-I ${fmt(m.eiIndex)} (${pText(test.observed, test)}; ${EI_PERMUTATIONS} random labellings), assortativity ${fmt(m.assortativity)}. Cells: ties; shade: density.`),
    el("table", { class: "heat" }, head, ...rows));
}

const NETWORK = `query Network($network: NetworkFilter) {
  networkStats(network: $network) {
    actors partnerships density components transitivity reciprocity averagePathLength fragmentation
    degree: centralization(metric: DEGREE) betweenness: centralization(metric: BETWEENNESS)
    closeness: centralization(metric: CLOSENESS) eigenvector: centralization(metric: EIGENVECTOR)
  }
  corePeriphery(network: $network) { coreSize fit core { id } }
}`;

/**
 * Why closeness centralization is undefined on this slice, or "": sna's closeness is 0 for an
 * actor that does not reach every other, so on a disconnected slice (or a directed one no actor
 * reaches all of) every score is 0 and the index says nothing.
 */
function closenessUndefined(st: Record<string, number | null>): string {
  const parts = st.components ?? 1;
  if (parts > 1) return `undefined: the slice has ${parts} components, so no actor reaches every other (closeness needs that); filter to one component`;
  if (app.state.directed && st.closeness === 0) return "undefined: no actor reaches every other along the ties' directions";
  return "";
}

/** The network-level measures and the core/periphery split, with a button colouring the core. */
async function showNetwork() {
  const box = $("networkMeasures");
  box.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  type Stats = Record<string, number | null>;
  let r: { networkStats: Stats; corePeriphery: { coreSize: number; fit: number; core: { id: string }[] } };
  try {
    r = await gql<typeof r>(NETWORK, { network: networkFilter(app.state) });
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, explain(e)));
    return;
  }
  const st = r.networkStats;
  const rows: [string, string][] = [["actors", "actors"], ["partnerships", "ties"], ["density", "density"], ["components", "components"],
    ["transitivity", "transitivity"], ["reciprocity", "reciprocity"], ["averagePathLength", "mean path length"], ["fragmentation", "fragmentation"],
    ["degree", "degree centralization"], ["betweenness", "betweenness centralization"], ["closeness", "closeness centralization"],
    ["eigenvector", "eigenvector centralization"]];
  const cp = r.corePeriphery;
  app.core = new Set(cp.core.map((a) => a.id));
  const colour = el("button", { type: "button", id: "colourCore" }, "Colour the core") as HTMLButtonElement;
  colour.onclick = () => {
    setHighlight(null);
    app.state.color = "core";
    ($("color") as HTMLSelectElement).value = "core";
    saveState();
    void recolor();
  };
  box.replaceChildren(
    el("table", { class: "kv", id: "networkTable" }, ...rows.map(([k, label]) => {
      const after = weave.ties.length ? weave.stats.get(k)?.[1] : undefined; // with the what-if ties
      const why = k === "closeness" ? closenessUndefined(st) : "";
      if (why) return el("tr", {}, el("th", {}, label), el("td", { "data-measure": k, "data-value": "", "data-undefined": why, title: why }, "undefined"));
      return el("tr", {}, el("th", {}, label), el("td", { "data-measure": k, "data-value": st[k] == null ? "" : String(st[k]) }, st[k] == null ? "–" : fmt(st[k])),
        after === undefined ? "" : el("td", { class: "whatif", "data-after": String(after ?? "") }, `→ ${fmt(after)}`));
    })),
    el("h3", {}, "Core / periphery (Borgatti–Everett)"),
    el("p", { id: "coreSummary", "data-core": String(cp.coreSize), "data-fit": String(cp.fit) },
      `${cp.coreSize} core actors; fit ${fmt(cp.fit)} (correlation with the ideal pattern).`),
    colour);
}
