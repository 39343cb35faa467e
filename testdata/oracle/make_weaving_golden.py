#!/usr/bin/env python3
"""Writes golden values for network weaving from NetworkX, over the dated multi-type oracle
network of make_dynamics_golden.py (dynamics/network.json, its undirected view: every
partnership an edge, parallel ones merged, whatever its dates).

    python3 testdata/oracle/make_weaving_golden.py      (or: make golden)

Golden values (weaving/golden.json):
  linkPrediction  for every actor u and each method, the actors v not adjacent to u (v ≠ u)
                  with a positive score: NetworkX common_neighbors (its count),
                  jaccard_coefficient, adamic_adar_index and resource_allocation_index;
  crossSector     the same for ADAMIC_ADAR with v restricted to sectors other than u's;
  via             for every actor and candidate, the shared partners (common_neighbors);
  whatIf          scenarios of hypothetical changes (ties added between existing actors,
                  partnerships and actors removed), each on a view: NetworkX recomputed on the
                  changed graph and on the original — the statistics (make_golden.stats), the
                  sector mixing (ties per sector pair, E-I indices, attribute assortativity),
                  every centrality metric (make_golden.metrics; HARMONIC divided by n − 1, the
                  API's normalisation) and the four weaving goals: government actors' reach into
                  civil society within 2 hops (multi-source BFS), connected pairs Σ s(s − 1)/2
                  over the components, a00's actors outside its sector within 2 hops, and the
                  largest government → civil-society betweenness_centrality_subset;
  suggest         greedy suggestions by brute force on the undirected view of the first 40
                  actors: each step adds, of all pairs not tied (and allowed by the candidate
                  filter), the one whose goal value improves most given the earlier picks,
                  the smallest pair of actor ids among equal gains (gains within 1e-12 are
                  equal), stopping when nothing improves; for GROUP_REACH (maxHops 1, 2 and a
                  candidate filter, on the grant and co-financing partnerships, where
                  many are unreached), CONNECTIVITY (on the grant partnerships only, which
                  leave several components), ACTOR_REACH (maxHops 2, and 3 on the grants) and BROKER_DEPENDENCE
                  (between two sectors' actors only, to keep the search small).
"""
import json
import os
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import math  # noqa: E402

from make_golden import clean, metrics, stats, views  # noqa: E402

OUT = os.path.join(HERE, "weaving")

SCENARIOS = {
    "undirected": {"direction": "UNDIRECTED",
                   "addTies": [{"source": "a00", "target": "a59", "weight": 1, "directed": False},
                               {"source": "a01", "target": "a30", "weight": 1, "directed": True},
                               {"source": "a10", "target": "a45", "weight": 2, "directed": False}],
                   "removeTies": ["p000", "p001"], "removeActors": ["a05"]},
    "directed": {"direction": "DIRECTED",
                 "addTies": [{"source": "a02", "target": "a58", "weight": 1, "directed": True},
                             {"source": "a33", "target": "a04", "weight": 1, "directed": False}],
                 "removeTies": ["p010"], "removeActors": []},
}
METRICS = {"DEGREE": "degree", "IN_DEGREE": "in_degree", "OUT_DEGREE": "out_degree", "STRENGTH": "strength",
           "BETWEENNESS": "betweenness", "CLOSENESS": "closeness", "HARMONIC": "harmonic", "PAGE_RANK": "pagerank",
           "EIGENVECTOR": "eigenvector", "CORE_NUMBER": "core_number", "CLUSTERING": "clustering"}


def changed(nodes, ties, sc):
    """The scenario's nodes and partnerships: its actors and partnerships removed, its ties added
    (between actors not tied before, as whatIf requires)."""
    U, _ = views(nodes, ties)
    for t in sc["addTies"]:
        assert not U.has_edge(t["source"], t["target"]), f"{t} joins actors already tied"
    gone = set(sc["removeActors"])
    kept = [n for n in nodes if n not in gone]
    out = [p for p in ties if p["id"] not in sc["removeTies"] and p["source"] not in gone and p["target"] not in gone]
    out += [{"id": f"hyp{i}", **t} for i, t in enumerate(sc["addTies"])]
    return kept, out


def mixing(U, sector):
    pairs = {}
    for u, v in U.edges():
        a, b = sorted((sector[u], sector[v]))
        pairs[f"{a}|{b}"] = pairs.get(f"{a}|{b}", 0) + 1
    groups = sorted({sector[n] for n in U})
    ei = {}
    for g in groups:
        E = sum(1 for u, v in U.edges() if (sector[u] == g) != (sector[v] == g))
        I = sum(1 for u, v in U.edges() if sector[u] == g and sector[v] == g)
        ei[g] = None if E + I == 0 else (E - I) / (E + I)
    E = sum(1 for u, v in U.edges() if sector[u] != sector[v])
    I = U.number_of_edges() - E
    nx.set_node_attributes(U, sector, "sector")
    try:
        assort = nx.attribute_assortativity_coefficient(U, "sector")
    except Exception:
        assort = float("nan")
    return {"pairs": pairs, "groupEI": ei, "ei": None if E + I == 0 else (E - I) / (E + I),
            "assortativity": None if math.isnan(assort) else assort}


def goals(G, U, sector):
    gov = [n for n in G if sector[n] == "government"]
    civil = [n for n in G if sector[n] == "civil_society"]
    nbrs = G.successors if G.is_directed() else G.neighbors
    seen, front = set(gov), list(gov)
    for _ in range(2):
        nxt = []
        for x in front:
            for y in nbrs(x):
                if y not in seen:
                    seen.add(y)
                    nxt.append(y)
        front = nxt
    reach = nx.single_source_shortest_path_length(G, "a00", cutoff=2)
    pair = nx.betweenness_centrality_subset(G, sources=gov, targets=civil, normalized=False)
    return {"GROUP_REACH": sum(1 for n in civil if n in seen),
            "CONNECTIVITY": sum(len(c) * (len(c) - 1) / 2 for c in nx.connected_components(U)),
            "ACTOR_REACH": sum(1 for n, d in reach.items() if d > 0 and sector[n] != sector["a00"]),
            "BROKER_DEPENDENCE": max(pair.values()) if pair else 0.0}


def goal_value(G, sector, goal):
    kind = goal["kind"]
    if kind == "CONNECTIVITY":
        return sum(len(c) * (len(c) - 1) / 2 for c in nx.connected_components(G))
    if kind == "BROKER_DEPENDENCE":
        a = [n for n in G if sector[n] == goal["from"]]
        b = [n for n in G if sector[n] == goal["to"]]
        pair = nx.betweenness_centrality_subset(G, sources=a, targets=b, normalized=False)
        return -max(pair.values())  # lower is better: maximise its negative
    if kind == "GROUP_REACH":
        sources = [n for n in G if sector[n] == goal["from"]]
        targets = {n for n in G if sector[n] == goal["to"]}
    else:
        sources = [goal["actorId"]]
        targets = {n for n in G if sector[n] != sector[goal["actorId"]]}
    reached = set()  # hops, not weights: within maxHops of some source
    for src in sources:
        reached |= set(nx.single_source_shortest_path_length(G, src, cutoff=goal["maxHops"]))
    return sum(1 for n in targets if n in reached)


def suggest(nodes, ties, sector, goal, k, allowed=None):
    U, _ = views(nodes, ties)
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    order = sorted(nodes)
    out, total = [], 0.0
    for _ in range(k):
        current = goal_value(U, sector, goal)
        best = None
        for i, u in enumerate(order):
            for v in order[i + 1:]:
                if U.has_edge(u, v) or (allowed and not allowed(u, v)):
                    continue
                U.add_edge(u, v)
                gain = goal_value(U, sector, goal) - current
                U.remove_edge(u, v)
                if gain > 1e-12 and (best is None or gain > best[2] + 1e-12):
                    best = (u, v, gain)
        if best is None:
            break
        U.add_edge(best[0], best[1])
        total += best[2]
        out.append({"source": best[0], "target": best[1], "gain": best[2], "cumulative": total})
    return out


def measure(nodes, ties, direction, sector):
    U, D = views(nodes, ties)
    for H in (U, D):
        H.remove_edges_from(list(nx.selfloop_edges(H)))
    G = D if direction == "DIRECTED" else U
    m = metrics(G, U, False)
    n = len(G)
    m["harmonic"] = {k: (None if v is None else v / (n - 1)) for k, v in m["harmonic"].items()}
    return {"stats": stats(G, U), "mixing": mixing(U, sector),
            "metrics": {api: m[key] for api, key in METRICS.items()}, "goals": goals(G, U, sector)}


def main():
    with open(os.path.join(HERE, "dynamics", "network.json")) as f:
        net = json.load(f)
    nodes = [a["id"] for a in net["actors"]]
    sector = {a["id"]: a["sector"] for a in net["actors"]}
    U, _ = views(nodes, net["partnerships"])
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    pairs = [(u, v) for u in nodes for v in nodes if u != v and not U.has_edge(u, v)]
    methods = {
        "JACCARD": nx.jaccard_coefficient,
        "ADAMIC_ADAR": nx.adamic_adar_index,
        "RESOURCE_ALLOCATION": nx.resource_allocation_index,
    }
    out = {"linkPrediction": {m: {u: {} for u in nodes} for m in ["COMMON_NEIGHBORS", *methods]}, "crossSector": {u: {} for u in nodes},
           "via": {u: {} for u in nodes}}
    for u, v in pairs:
        common = sorted(nx.common_neighbors(U, u, v))
        if not common:
            continue
        out["linkPrediction"]["COMMON_NEIGHBORS"][u][v] = len(common)
        out["via"][u][v] = common
    for name, fn in methods.items():
        for u, v, s in fn(U, pairs):
            if s > 0:
                out["linkPrediction"][name][u][v] = s
                if name == "ADAMIC_ADAR" and sector[u] != sector[v]:
                    out["crossSector"][u][v] = s
    out["whatIf"] = {}
    for name, sc in SCENARIOS.items():
        kept, ties = changed(nodes, net["partnerships"], sc)
        out["whatIf"][name] = {"scenario": sc, "before": measure(nodes, net["partnerships"], sc["direction"], sector),
                               "after": measure(kept, ties, sc["direction"], sector)}
    small = sorted(nodes)[:40]
    small_ties = [p for p in net["partnerships"] if p["source"] in small and p["target"] in small]
    suggest_cases = {
        "group_reach_2": ({"kind": "GROUP_REACH", "from": "government", "to": "civil_society", "maxHops": 2,
                           "partnershipTypes": ["grant", "co_financing"]}, None),
        "group_reach_1": ({"kind": "GROUP_REACH", "from": "business", "to": "media", "maxHops": 1}, None),
        "group_reach_between": ({"kind": "GROUP_REACH", "from": "civil_society", "to": "business", "maxHops": 2,
                                 "partnershipTypes": ["grant", "co_financing"]}, {"between": ["civil_society", "academia"]}),
        "actor_reach_3": ({"kind": "ACTOR_REACH", "actorId": "a03", "maxHops": 3, "partnershipTypes": ["grant"]}, None),
        "connectivity": ({"kind": "CONNECTIVITY", "partnershipTypes": ["grant"]}, None),
        "actor_reach": ({"kind": "ACTOR_REACH", "actorId": "a00", "maxHops": 2}, None),
        "broker_dependence": ({"kind": "BROKER_DEPENDENCE", "from": "government", "to": "civil_society"},
                              {"between": ["government", "civil_society"]}),
    }
    out["suggest"] = {"actors": small, "cases": {}}
    for name, (goal, cand) in suggest_cases.items():
        allowed = None
        if cand:
            a, b = cand["between"]
            allowed = lambda u, v, a=a, b=b: {sector[u], sector[v]} == {a, b} if a != b else sector[u] == sector[v] == a
        ties = small_ties
        if "partnershipTypes" in goal:  # a network filter on the slice, not part of the goal
            ties = [p for p in small_ties if p["type"] in goal["partnershipTypes"]]
        picks = suggest(small, ties, sector, goal, 4, allowed)
        out["suggest"]["cases"][name] = {"goal": goal, "candidates": cand, "picks": picks}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
