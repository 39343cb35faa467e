// The explorer's one state object and the shapes of what it reads, the latter taken from the
// GraphQL schema's generated types (schema.gen.ts, made by graphql-codegen from graph/*.graphqls).
import Graph from "graphology";
import Sigma from "sigma";
import { ViewState, readState } from "./api";
import type * as S from "./schema.gen";

/** A sector as the filter panel lists it. */
export type Sector = Pick<S.Sector, "code" | "label" | "actorCount"> & { color: string | null };
/** A node of a rendered slice. */
export type SNode = Pick<S.SubgraphNode, "id" | "label" | "group" | "groupLabel" | "community"> & {
  color: string | null; score: number | null; x: number | null; y: number | null;
  actor: { region: string | null; type: string | null; attributes: Record<string, unknown> };
};
/** A partnership of a rendered slice. */
export type SEdge = Pick<S.SubgraphEdge, "id" | "source" | "target" | "weight" | "type" | "directed"> & { since: string | null; until: string | null };
/** A rendered slice: nodes, edges, and whether the limit cut it. */
export type Subgraph = Pick<S.Subgraph, "truncated" | "totalNodes" | "graphVersion"> & { nodes: SNode[]; edges: SEdge[] };

/** An actor attribute as the explorer offers it: colour by the categorical ones (their most
 * frequent values, from attributeDefinitions.values), size by the numeric ones, filter by any. */
export type AttrDef = Pick<S.AttributeDefinition, "name" | "type"> & { label: string | null; values: Pick<S.GroupShare, "key" | "count">[] };

/** A metric of the server's registry (/explore/metrics.json): its CentralityMetric value, its
 * ActorMetrics field ("" when it has none), its label, and whether it may be charted by year. */
export interface Metric { metric: S.CentralityMetric; field: string; label: string; charted: boolean }

/** Everything the explorer holds between events, in one place. */
export const app = {
  /** The view, mirrored in the URL. */
  state: readState(location.hash) as ViewState,
  /** The metrics, read from the server at start: nodes are sized by any, the card lists those
   * with a field, the sparkline charts the cheap ones. */
  metrics: [] as Metric[],
  sectors: [] as Sector[],
  /** The actor attributes (attributeDefinitions), read at start. */
  attrs: [] as AttrDef[],
  /** The slice on screen. */
  graph: new Graph({ multi: true, type: "mixed" }),
  renderer: null as Sigma | null,
  /** Actors to emphasise (a path, brokers, a community), and the "u|v" pairs along a path. */
  highlight: null as Set<string> | null,
  pathEdges: new Set<string>(),
  /** Counts slice loads, so an answer to a superseded one is dropped. */
  loadSeq: 0,
  /** Whether the slice on screen is drawn and settled (browser tests wait for it). */
  ready: false,
  /** The slice's core/periphery core (actor ids), for colouring by "core"; null until read. */
  core: null as Set<string> | null,
  /** The timeline's step: its date and the previous step's (null at the first); null when the
   * timeline is not shown. */
  time: null as { date: string; prev: string | null } | null,
  /** The drawn actors with a tie active at the timeline's step. */
  timeActors: null as Set<string> | null,
  /** The partnership type drawn alone (the Layers panel), and the actors it ties; null: all. */
  layer: null as string | null,
  layerActors: null as Set<string> | null,
  /** The path's sector picker, which moves into each actor card. */
  pathSelect: null as unknown as HTMLSelectElement,
};
