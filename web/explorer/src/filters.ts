// The filter panel: fills it from the view and reads the view back from it.
import { $, el } from "./dom";
import type * as S from "./schema.gen";
import { app } from "./state";

// ---- filter panel ------------------------------------------------------------------------------

function listValue(id: string): string[] {
  return ($(id) as HTMLInputElement).value.split(",").map((x) => x.trim()).filter(Boolean);
}

/** Fills the filter panel from the state. */
export function showFilters() {
  const box = $("sectors");
  box.replaceChildren(...app.sectors.map((s) => {
    const cb = el("input", { type: "checkbox", value: s.code }) as HTMLInputElement;
    cb.checked = app.state.sectors.includes(s.code);
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = s.color ?? "#888";
    return el("label", { class: "check" }, cb, swatch, `${s.label} (${s.actorCount})`);
  }));
  ($("regions") as HTMLInputElement).value = app.state.regions.join(", ");
  ($("actorTypes") as HTMLInputElement).value = app.state.actorTypes.join(", ");
  ($("partnershipTypes") as HTMLInputElement).value = app.state.partnershipTypes.join(", ");
  const year = app.state.asOf ? Number(app.state.asOf.slice(0, 4)) : new Date().getFullYear();
  ($("useAsOf") as HTMLInputElement).checked = !!app.state.asOf;
  ($("asOf") as HTMLInputElement).value = String(year);
  $("asOfLabel").textContent = app.state.asOf ? app.state.asOf : "any time";
  ($("from") as HTMLInputElement).value = app.state.from;
  ($("to") as HTMLInputElement).value = app.state.to;
  ($("minWeight") as HTMLInputElement).value = app.state.minWeight;
  ($("weighted") as HTMLInputElement).checked = app.state.weighted;
  ($("direction") as HTMLSelectElement).value = app.state.directed ? "DIRECTED" : "UNDIRECTED";
  ($("limit") as HTMLInputElement).value = String(app.state.limit);
  ($("size") as HTMLSelectElement).value = app.state.size;
  const categorical = app.attrs.filter((a) => a.type === "STRING" || a.type === "BOOLEAN");
  const numeric = app.attrs.filter((a) => a.type === "NUMBER");
  ($("color") as HTMLSelectElement).replaceChildren(el("option", { value: "sector" }, "sector"), el("option", { value: "community" }, "community"),
    el("option", { value: "core" }, "core / periphery"),
    ...categorical.map((a) => el("option", { value: "attr:" + a.name }, a.label || a.name)),
    ...numeric.map((a) => el("option", { value: "attr:" + a.name }, `${a.label || a.name} (scale)`)));
  ($("color") as HTMLSelectElement).value = app.state.color;
  ($("sizeAttr") as HTMLSelectElement).replaceChildren(el("option", { value: "" }, "(the metric)"),
    ...numeric.map((a) => el("option", { value: a.name }, a.label || a.name)));
  ($("sizeAttr") as HTMLSelectElement).value = app.state.sizeAttr;
  ($("attrFilter") as HTMLSelectElement).replaceChildren(el("option", { value: "" }, "any"),
    ...app.attrs.map((a) => el("option", { value: a.name }, a.label || a.name)));
  ($("attrFilter") as HTMLSelectElement).value = app.state.af;
  ($("attrValues") as HTMLInputElement).value = app.state.afv.join(", ");
  ($("attrMin") as HTMLInputElement).value = app.state.afmin;
  ($("attrMax") as HTMLInputElement).value = app.state.afmax;
  for (const sel of [app.pathSelect, $("brokerA") as HTMLSelectElement, $("brokerB") as HTMLSelectElement]) {
    const keep = sel.value;
    sel.replaceChildren(...app.sectors.map((s) => el("option", { value: s.code }, s.label)));
    if (keep) sel.value = keep;
  }
  ($("brokerA") as HTMLSelectElement).value = app.state.a || app.sectors[0]?.code || "";
  ($("brokerB") as HTMLSelectElement).value = app.state.b || app.sectors[1]?.code || "";
}

/** Reads the filter panel into the state. */
export function readFilters() {
  app.state.sectors = [...$("sectors").querySelectorAll<HTMLInputElement>("input:checked")].map((c) => c.value);
  app.state.regions = listValue("regions");
  app.state.actorTypes = listValue("actorTypes");
  app.state.partnershipTypes = listValue("partnershipTypes");
  const useAsOf = ($("useAsOf") as HTMLInputElement).checked;
  app.state.asOf = useAsOf ? `${($("asOf") as HTMLInputElement).value}-12-31` : "";
  $("asOfLabel").textContent = app.state.asOf || "any time";
  app.state.from = ($("from") as HTMLInputElement).value;
  app.state.to = ($("to") as HTMLInputElement).value;
  app.state.minWeight = ($("minWeight") as HTMLInputElement).value;
  app.state.weighted = ($("weighted") as HTMLInputElement).checked;
  app.state.directed = ($("direction") as HTMLSelectElement).value === "DIRECTED";
  const limit = Number(($("limit") as HTMLInputElement).value);
  app.state.limit = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 10000) : 300;
  app.state.size = ($("size") as HTMLSelectElement).value as S.CentralityMetric; // the options are the registry's metrics
  app.state.color = ($("color") as HTMLSelectElement).value || "sector";
  app.state.sizeAttr = ($("sizeAttr") as HTMLSelectElement).value;
  app.state.af = ($("attrFilter") as HTMLSelectElement).value;
  app.state.afv = app.state.af ? listValue("attrValues") : [];
  app.state.afmin = app.state.af ? ($("attrMin") as HTMLInputElement).value : "";
  app.state.afmax = app.state.af ? ($("attrMax") as HTMLInputElement).value : "";
}
