// The explorer's link to the server: GraphQL over fetch with the session's API token, the
// filter state (the NetworkFilter the panels edit) and its encoding in the URL.
import type { AttributeCondition, CentralityMetric, NetworkFilter } from "./schema.gen";

/** Where the API token lives: the browser's session storage, gone when the tab closes. */
export const TOKEN_KEY = "stakegraph.token";

/** An error the API answered with: its message and extensions.code. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

/** Headers for a request to this server: the API token when one is set. */
export function authHeaders(): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: "Bearer " + token } : {};
}

/** Runs a GraphQL operation and returns its data, or throws the first error as an ApiError. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null = null;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`the server answered HTTP ${res.status}`, "HTTP_" + res.status);
  }
  if (body?.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code ?? "ERROR");
  }
  if (!body?.data) throw new ApiError(`the server answered HTTP ${res.status} without data`, "HTTP_" + res.status);
  return body.data;
}

/** The view the explorer shows; every field is kept in the URL so a link reopens it. */
export interface ViewState {
  sectors: string[];
  regions: string[];
  actorTypes: string[];
  partnershipTypes: string[];
  asOf: string; // YYYY-MM-DD or ""
  from: string;
  to: string;
  minWeight: string;
  weighted: boolean;
  directed: boolean;
  limit: number;
  size: CentralityMetric;
  /** A numeric actor attribute node sizes follow instead of `size` ("" for the metric). */
  sizeAttr: string;
  /** "sector", "community", "core" (the core/periphery split), or "attr:<name>" for a STRING
   * or BOOLEAN actor attribute. */
  color: string;
  /** An actor attribute filter: its name ("" for none), the values it equals (any), and a
   * NUMBER attribute's bounds. */
  af: string;
  afv: string[];
  afmin: string;
  afmax: string;
  actor: string; // the selected actor's id
  tab: "actor" | "intermediaries" | "communities" | "mixing" | "network" | "timeline" | "layers" | "weave";
  /** The partnership type the Layers panel draws alone ("" for every type). */
  layer: string;
  a: string; // intermediaries: the two sectors
  b: string;
}

export const defaultState: ViewState = {
  sectors: [], regions: [], actorTypes: [], partnershipTypes: [],
  asOf: "", from: "", to: "", minWeight: "", weighted: false, directed: false,
  limit: 300, size: "DEGREE", sizeAttr: "", color: "sector", af: "", afv: [], afmin: "", afmax: "",
  actor: "", tab: "actor", a: "", b: "", layer: "",
};

const lists = ["sectors", "regions", "actorTypes", "partnershipTypes", "afv"] as const;
const strings = ["asOf", "from", "to", "minWeight", "size", "sizeAttr", "af", "afmin", "afmax", "actor", "a", "b", "layer"] as const;

/** Reads the view from the URL's fragment (#sectors=ngo,gov&size=PAGE_RANK…). */
export function readState(hash: string): ViewState {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const s: ViewState = { ...defaultState };
  for (const k of lists) s[k] = (q.get(k) ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  for (const k of strings) if (k !== "size") s[k] = q.get(k) ?? defaultState[k];
  s.size = (q.get("size") ?? defaultState.size) as CentralityMetric; // the server refuses an unknown one
  s.weighted = q.get("weighted") === "1";
  s.directed = q.get("direction") === "DIRECTED";
  const limit = Number(q.get("limit"));
  if (Number.isInteger(limit) && limit > 0) s.limit = Math.min(limit, 10000);
  const color = q.get("color") ?? "";
  if (color === "community" || color === "core" || color.startsWith("attr:")) s.color = color;
  const tab = q.get("tab");
  if (tab === "intermediaries" || tab === "communities" || tab === "mixing" || tab === "network" || tab === "timeline" || tab === "layers" || tab === "weave") s.tab = tab;
  return s;
}

/** Writes the view as a URL fragment, leaving defaults out. */
export function writeState(s: ViewState): string {
  const q = new URLSearchParams();
  for (const k of lists) if (s[k].length) q.set(k, s[k].join(","));
  for (const k of strings) if (s[k] !== defaultState[k]) q.set(k, s[k]);
  if (s.weighted) q.set("weighted", "1");
  if (s.directed) q.set("direction", "DIRECTED");
  if (s.limit !== defaultState.limit) q.set("limit", String(s.limit));
  if (s.color !== "sector") q.set("color", s.color);
  if (s.tab !== "actor") q.set("tab", s.tab);
  return "#" + q.toString();
}

/** The GraphQL NetworkFilter of a view. */
export function networkFilter(s: ViewState): NetworkFilter {
  const f: NetworkFilter = {};
  if (s.sectors.length) f.sectors = s.sectors;
  if (s.regions.length) f.regions = s.regions;
  if (s.actorTypes.length) f.actorTypes = s.actorTypes;
  if (s.partnershipTypes.length) f.partnershipTypes = s.partnershipTypes;
  if (s.asOf) f.asOf = s.asOf;
  if (s.from) f.from = s.from;
  if (s.to) f.to = s.to;
  if (s.minWeight !== "" && !Number.isNaN(Number(s.minWeight))) f.minWeight = Number(s.minWeight);
  if (s.weighted) f.weighted = true;
  if (s.directed) f.direction = "DIRECTED";
  const cond = attributeCondition(s);
  if (cond) f.actorAttributes = [cond];
  return f;
}

/** The view's attribute filter as an AttributeCondition (null without one). */
export function attributeCondition(s: ViewState): AttributeCondition | null {
  if (!s.af) return null;
  const c: AttributeCondition = { name: s.af };
  if (s.afv.length) c.equals = s.afv;
  if (s.afmin !== "" && !Number.isNaN(Number(s.afmin))) c.min = Number(s.afmin);
  if (s.afmax !== "" && !Number.isNaN(Number(s.afmax))) c.max = Number(s.afmax);
  if (c.equals === undefined && c.min === undefined && c.max === undefined) c.exists = true;
  return c;
}

/** The export endpoint's query string for a view (the same filter as query parameters). */
export function exportQuery(s: ViewState): string {
  const q = new URLSearchParams();
  for (const k of lists) if (k !== "afv" && s[k].length) q.set(k, s[k].join(","));
  for (const k of ["asOf", "from", "to", "minWeight"] as const) if (s[k]) q.set(k, s[k]);
  if (s.directed) q.set("direction", "DIRECTED");
  q.set("layout", "FORCE_ATLAS2");
  return q.toString();
}
