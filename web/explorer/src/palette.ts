// The palettes, one per kind of colouring, so a colour never means two things: sectors take
// their stored colours (the default taxonomy uses Okabe & Ito's colour-blind-safe palette),
// communities Paul Tol's "muted", categorical attributes Tol's "light", numeric attributes the
// sequential viridis ramp (van der Walt & Smith), the core/periphery split red and grey. Tol's
// and Okabe–Ito's schemes are designed to stay distinct under the common colour-vision
// deficiencies (Tol 2021, "Colour Schemes", SRON/EPS/TN/09-002; Okabe & Ito 2008).

/** Communities, in rank order (largest first): Tol's muted scheme. */
export const COMMUNITY = ["#cc6677", "#332288", "#ddcc77", "#117733", "#88ccee", "#882255", "#44aa99", "#999933", "#aa4499"];

/** A categorical attribute's most frequent values: Tol's light scheme. */
export const CATEGORICAL = ["#77aadd", "#ee8866", "#eedd88", "#ffaabb", "#99ddff", "#44bb99", "#bbcc33", "#aaaa00"];

/** A numeric attribute, low to high: viridis in seven steps. */
export const SEQUENTIAL = ["#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743", "#fde725"];

/** Values outside the palette, and actors without a value. */
export const OTHER = "#9a9a9a", NONE = "#e4e4e4";

/** The core and the periphery when colouring by the core/periphery split. */
export const CORE = "#b2182b", PERIPHERY = "#c7c7c7";

/** Everything greyed out by a highlight, a layer or the timeline. */
export const GREY = "#d8d8d8";

/** The bins of a numeric attribute: SEQUENTIAL.length equal-count bins of the drawn values. */
export function bins(values: number[]): number[] {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return [];
  const k = SEQUENTIAL.length;
  const edges: number[] = [];
  for (let i = 1; i < k; i++) edges.push(v[Math.min(v.length - 1, Math.floor((i * v.length) / k))]);
  return edges; // value x falls in the first bin whose edge is above it
}

/** The sequential colour of x given bins' edges. */
export function sequential(x: number, edges: number[]): string {
  let i = 0;
  while (i < edges.length && x >= edges[i]) i++;
  return SEQUENTIAL[Math.min(i, SEQUENTIAL.length - 1)];
}
