// Status line, error wording, the URL and the labels every panel uses.
import { ApiError, writeState } from "./api";
import { $ } from "./dom";
import { app } from "./state";

export function setStatus(text: string, error = false) {
  const s = $("status");
  s.textContent = text;
  s.title = text; // the whole line, where the header cuts it
  s.classList.toggle("error", error);
}

export function explain(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN") return e.message + " — set an API token above.";
    return e.message + (e.code ? ` (${e.code})` : "");
  }
  return e instanceof Error ? e.message : String(e);
}

export function saveState() {
  history.replaceState(null, "", writeState(app.state));
}

export function metricLabel(m: string): string {
  return app.metrics.find((x) => x.metric === m)?.label ?? m;
}

export function sectorColor(code: string): string {
  return app.sectors.find((s) => s.code === code)?.color ?? "#888888";
}
