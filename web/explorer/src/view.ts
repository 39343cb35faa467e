// View state shared by the canvas, the card and the panels: which tab is shown and which
// actors are highlighted. A leaf: it imports only the app's state, so none of its users need
// each other to change what is shown.
import { ViewState } from "./api";
import { app } from "./state";

/** Shows a tab's panel and marks its button (without loading it: panels.showTab does). */
export function selectTab(tab: ViewState["tab"]) {
  for (const b of document.querySelectorAll<HTMLButtonElement>("#tabs button")) b.classList.toggle("active", b.dataset.tab === tab);
  for (const p of document.querySelectorAll<HTMLElement>(".panel")) p.hidden = p.id !== tab + "Panel";
}

/** Highlights actors (null: none), and a path's consecutive ties in red. */
export function setHighlight(ids: Iterable<string> | null, path: string[] = []) {
  app.highlight = ids ? new Set(ids) : null;
  app.pathEdges = new Set(path.slice(1).map((v, i) => path[i] + "|" + v));
  app.renderer?.refresh();
}
