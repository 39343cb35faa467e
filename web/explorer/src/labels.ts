// Labels that never overlap: in each frame, when sigma asks for the first label (its positions
// are computed by then — on beforeRender they may not be), the drawn actors are ranked (the hovered actor
// and its neighbours, then highlighted ones, then by size: hubs first) and each label is kept
// only when its box clears the boxes kept before it and the canvas' edges; a label that would
// run past the right edge goes to the left of its node. Sigma then draws only those. The kept
// boxes are exposed (window.stakegraph.labelBoxes) for the browser test and the image export.
import type Sigma from "sigma";
import type { Settings } from "sigma/settings";

export interface LabelBox { key: string; label: string; x: number; y: number; x0: number; y0: number; x1: number; y1: number }

const kept = new Map<string, LabelBox>();
/** The boxes drawn in the last frame. */
export const drawn: LabelBox[] = [];
let measure: CanvasRenderingContext2D | null = null;

/** The hovered actor, whose neighbours are labelled first. */
export const hover = { node: null as string | null };

/** Chooses the frame's labels (call on the renderer's beforeRender). */
/** The renderer whose labels are chosen, how it ranks actors, and whether this frame's choice is made. */
const frame = { renderer: null as Sigma | null, priority: (_node: string) => 0, chosen: false };

/** Takes charge of a renderer's labels: call once after creating it. */
export function attachLabels(renderer: Sigma, priority: (node: string) => number) {
  frame.renderer = renderer;
  frame.priority = priority;
  renderer.on("beforeRender", () => { frame.chosen = false; drawn.length = 0; });
}

/** Chooses the frame's labels. */
function chooseLabels(renderer: Sigma, priority: (node: string) => number) {
  kept.clear();
  const graph = renderer.getGraph();
  const settings = renderer.getSettings();
  const { width, height } = renderer.getDimensions();
  measure ??= document.createElement("canvas").getContext("2d");
  if (!measure) return;
  measure.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
  const near = new Set<string>(hover.node && graph.hasNode(hover.node) ? [hover.node, ...graph.neighbors(hover.node)] : []);
  const candidates: { key: string; rank: number; size: number; x: number; y: number; label: string }[] = [];
  graph.forEachNode((key) => {
    const d = renderer.getNodeDisplayData(key);
    if (!d || d.hidden || !d.label) return;
    const p = renderer.framedGraphToViewport(d);
    candidates.push({ key, label: d.label, size: renderer.scaleSize(d.size), x: p.x, y: p.y,
      rank: near.has(key) ? 2 : priority(key) });
  });
  candidates.sort((a, b) => b.rank - a.rank || b.size - a.size || (a.key < b.key ? -1 : 1));
  const boxes: LabelBox[] = [];
  for (const c of candidates) {
    const w = measure.measureText(c.label).width;
    const fs = settings.labelSize;
    let x = c.x + c.size + 3;
    if (x + w > width - 2) x = c.x - c.size - 3 - w; // past the right edge: to the left of the node
    const y = c.y + fs / 3;
    const box: LabelBox = { key: c.key, label: c.label, x, y, x0: x - 1, y0: y - fs, x1: x + w + 1, y1: y + fs * 0.3 };
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
    // A little air around each label keeps a crowded region readable.
    if (boxes.some((o) => box.x0 < o.x1 + 4 && o.x0 < box.x1 + 4 && box.y0 < o.y1 + 3 && o.y0 < box.y1 + 3)) continue;
    boxes.push(box);
    kept.set(c.key, box);
  }
}

/** Sigma's label drawing: only the labels chooseLabels kept, where it placed them, on a halo. */
export function drawLabel(ctx: CanvasRenderingContext2D, data: { key: string; label: string | null }, settings: Settings) {
  if (!frame.chosen && frame.renderer) {
    chooseLabels(frame.renderer, frame.priority);
    frame.chosen = true;
  }
  const box = kept.get(data.key);
  if (!box || !data.label) return;
  ctx.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.9)";
  ctx.strokeText(data.label, box.x, box.y);
  ctx.fillStyle = "#222";
  ctx.fillText(data.label, box.x, box.y);
  drawn.push(box);
}
