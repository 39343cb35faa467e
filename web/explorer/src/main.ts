// The stakegraph network explorer (/explore): a slice of the network drawn with sigma.js, a
// filter panel, an actor card, intermediaries, communities, the sector mixing matrix, network
// measures, a timeline that plays the network year by year, the layers of partnership types, and
// network weaving (what-if ties and suggested partnerships) — all
// read from the public GraphQL API, the view kept in the URL. This file starts it and wires
// the page; the one state object is in state.ts, what is shown (tab, highlight) in view.ts, the
// drawing in canvas.ts (a leaf with hooks this file wires), the panels in filters.ts, card.ts,
// panels.ts, dynamics.ts and weave.ts, the schema's types in schema.gen.ts (graphql-codegen).
import { ApiError, authHeaders, exportQuery, gql, readState, TOKEN_KEY, ViewState } from "./api";
import { $, el } from "./dom";
import { app, AttrDef, Sector } from "./state";
import { setStatus, explain, saveState } from "./ui";
import { showFilters, readFilters } from "./filters";
import { canvasHooks, expand, loadGraph, recolor } from "./canvas";
import { imagePNG, imageSVG } from "./image";
import * as palette from "./palette";
import { drawn as labelBoxes } from "./labels";
import { showActor } from "./card";
import { showTab, showBrokers } from "./panels";
import { selectTab } from "./view";
import { goTo, showTimeline, togglePlay } from "./dynamics";
import { clearWhatIf, suggest, toggleAdding, weave } from "./weave";

/** What tests and curious users can reach from the console. */
const api = {
  get graph() { return app.graph; }, get renderer() { return app.renderer; }, get state() { return app.state; }, get ready() { return app.ready; },
  get core() { return app.core ?? new Set<string>(); },
  get time() { return app.time; }, get layer() { return app.layer; }, get weave() { return weave; },
  /** The label boxes drawn in the last frame (viewport pixels). */
  get labelBoxes() { return labelBoxes.map((b) => ({ ...b })); },
  imageSVG, imagePNG, palette,
};
(window as unknown as { stakegraph: typeof api }).stakegraph = api;

// ---- exports, token, search ---------------------------------------------------------------------

async function download(file: string) {
  setStatus(`Preparing ${file}…`);
  try {
    const res = await fetch(`/export/${file}?${exportQuery(app.state)}`, { headers: authHeaders() });
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      throw new ApiError(body?.error?.message ?? `HTTP ${res.status}`, body?.error?.code ?? "");
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? "stakegraph-" + file;
    save(await res.blob(), name);
  } catch (e) {
    setStatus(explain(e), true);
  }
}

/** Saves a blob as a download. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name }) as HTMLAnchorElement;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  setStatus(`Saved ${name}`);
}

function findActor(name: string) {
  const wanted = name.trim().toLowerCase();
  if (!wanted) return;
  const hit = app.graph.findNode((_, a) => (a.label as string).toLowerCase() === wanted)
    ?? app.graph.findNode((_, a) => (a.label as string).toLowerCase().includes(wanted));
  if (hit) void showActor(hit);
  else setStatus(`No drawn actor is called “${name}”.`, true);
}

// ---- wiring ------------------------------------------------------------------------------------

// The canvas reports; what a click or a fresh drawing opens is decided here.
canvasHooks.onNodeClick = (id) => void showActor(id);
canvasHooks.afterLoad = () => {
  const wanted = app.state.actor;
  if (wanted && app.graph.hasNode(wanted)) void showActor(wanted);
  else if (wanted) void expand(wanted).then((ok) => { if (ok) void showActor(wanted); }); // a deep link to an actor not drawn
  if (app.state.tab !== "actor") void showTab(app.state.tab);
};

async function start() {
  app.pathSelect = $("pathSector") as HTMLSelectElement;
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
    if (id === "color" || id === "sizeAttr") { saveState(); void recolor(); return; }
    void loadGraph();
  });
  ($("asOf") as HTMLInputElement).addEventListener("input", () => {
    ($("useAsOf") as HTMLInputElement).checked = true;
    $("asOfLabel").textContent = `${($("asOf") as HTMLInputElement).value}-12-31`;
  });
  $("reset").onclick = () => { app.state = readState(""); showFilters(); void loadGraph(); };
  ($("search") as HTMLInputElement).addEventListener("change", (e) => findActor((e.target as HTMLInputElement).value));
  for (const b of document.querySelectorAll<HTMLButtonElement>("#tabs button")) b.onclick = () => void showTab(b.dataset.tab as ViewState["tab"]);
  $("findBrokers").onclick = () => void showBrokers();
  $("timelinePlay").onclick = () => togglePlay();
  $("whatIfAdd").onclick = () => toggleAdding();
  $("whatIfClear").onclick = () => clearWhatIf();
  $("suggestGo").onclick = () => void suggest();
  ($("timelineStep") as HTMLInputElement).addEventListener("input", (e) => goTo(Number((e.target as HTMLInputElement).value)));
  for (const id of ["timelineFrom", "timelineTo"]) $(id).addEventListener("change", () => void showTimeline());
  for (const b of document.querySelectorAll<HTMLButtonElement>("[data-export]")) b.onclick = () => void download(b.dataset.export!);
  $("imageSVG").onclick = () => save(new Blob([imageSVG()], { type: "image/svg+xml" }), "stakegraph-network.svg");
  $("imagePNG").onclick = () => void imagePNG().then((b) => save(b, "stakegraph-network.png"), (e) => setStatus(explain(e), true));
  selectTab(app.state.tab);
  await boot();
}

async function boot() {
  try {
    const resp = await fetch("/explore/metrics.json");
    if (!resp.ok) throw new Error(`the metric list answered ${resp.status}`);
    app.metrics = await resp.json();
    ($("size") as HTMLSelectElement).replaceChildren(...app.metrics.map((m) => el("option", { value: m.metric }, m.label)));
    ($("size") as HTMLSelectElement).value = app.state.size;
    const start = await gql<{ sectors: Sector[]; attributeDefinitions: AttrDef[] }>(`{ sectors { code label color actorCount }
      attributeDefinitions(target: ACTOR) { name type label values(first: 12) { key count } } }`);
    app.sectors = start.sectors;
    app.attrs = start.attributeDefinitions;
  } catch (e) {
    setStatus(explain(e), true);
    return;
  }
  showFilters();
  await loadGraph();
}

void start();
