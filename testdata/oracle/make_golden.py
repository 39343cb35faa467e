#!/usr/bin/env python3
"""Writes stakegraph's oracle test graphs and their golden values, computed by NetworkX.

    python3 testdata/oracle/make_golden.py        (or: make golden)

Graphs are written to testdata/oracle/graphs/<name>.json as *partnerships* (source, target,
weight, directed flag, type, dates) so the Go tests exercise the network views as well as the
algorithms. Golden values go to testdata/oracle/golden/<name>.json. This script builds the
views itself, following design.md ("Network views"), independently of the Go code:

  UNDIRECTED: every partnership is an edge; parallel edges merge with weights summed; self-loops
              are ignored.
  DIRECTED:   a directed partnership is one arc source->target; a mutual one is two arcs;
              parallel arcs merge with weights summed.
  Weighted shortest paths use distance = 1/weight; PageRank and strength use weight.

Filtered goldens (for the end-to-end tests through GraphQL and Neo4j) apply NetworkFilter's
semantics, also written here independently.
"""
import json
import math
import os
import random
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
SECTORS = ["government", "business", "civil_society", "media", "academia"]
TYPES = ["grant", "joint_project", "information_exchange", "co_financing"]


def tie(s, t, w=1.0, directed=False, **kw):
    d = {"source": s, "target": t, "weight": float(w), "directed": directed}
    d.update(kw)
    return d


def named_graphs():
    gs = {}
    gs["star"] = {"nodes": [f"s{i}" for i in range(7)], "partnerships": [tie("s0", f"s{i}") for i in range(1, 7)]}
    gs["path"] = {"nodes": [f"p{i}" for i in range(8)], "partnerships": [tie(f"p{i}", f"p{i+1}", w=1 + i % 3) for i in range(7)]}
    # Directed with mutual ties, parallel partnerships (merged, weights summed) and a self-loop.
    gs["directed_small"] = {"nodes": list("abcdefg"), "partnerships": [
        tie("a", "b", 2, True), tie("b", "c", 1, True), tie("c", "a", 1, True), tie("c", "d", 3, False),
        tie("d", "e", 1, True), tie("e", "d", 0.5, True), tie("a", "b", 1, True), tie("e", "f", 2, False),
        tie("f", "g", 1, True), tie("g", "g", 5, True), tie("b", "a", 4, False), tie("g", "e", 1, True)]}
    # Weighted, with a cheap long detour so weighted and hop shortest paths differ.
    gs["weighted_detour"] = {"nodes": [f"w{i}" for i in range(6)], "partnerships": [
        tie("w0", "w1", 0.2), tie("w1", "w5", 0.2), tie("w0", "w2", 5), tie("w2", "w3", 5), tie("w3", "w4", 5),
        tie("w4", "w5", 5), tie("w0", "w5", 0.1), tie("w2", "w4", 0.5), tie("w0", "w1", 0.3)]}
    # Disconnected, with isolates.
    gs["disconnected"] = {"nodes": [f"d{i}" for i in range(10)], "partnerships": [
        tie("d0", "d1"), tie("d1", "d2"), tie("d2", "d0"), tie("d3", "d4", 2, True), tie("d4", "d5", 1, True),
        tie("d6", "d7", 3), tie("d7", "d6", 1, True)]}
    # Zachary's karate club with its interaction weights.
    k = nx.karate_club_graph()
    gs["karate"] = {"nodes": [f"k{i:02d}" for i in k.nodes()],
                    "partnerships": [tie(f"k{u:02d}", f"k{v:02d}", d.get("weight", 1)) for u, v, d in k.edges(data=True)]}
    # Generated: a few hundred nodes each, mixed directions, parallel ties, weights.
    rng = random.Random(20161221)
    ba = nx.barabasi_albert_graph(300, 3, seed=7)
    gs["ba300"] = {"nodes": [f"b{i:03d}" for i in ba.nodes()], "partnerships": [
        tie(f"b{u:03d}", f"b{v:03d}", rng.choice([0.5, 1, 1, 2, 3]), rng.random() < 0.4) for u, v in ba.edges()]}
    gp = nx.gnp_random_graph(200, 0.02, seed=11, directed=True)
    gs["gnp200_directed"] = {"nodes": [f"g{i:03d}" for i in gp.nodes()], "partnerships": [
        tie(f"g{u:03d}", f"g{v:03d}", rng.choice([1, 1, 2, 4]), rng.random() < 0.8) for u, v in gp.edges()]}
    ws = nx.connected_watts_strogatz_graph(250, 6, 0.1, seed=5)
    parts = [tie(f"c{u:03d}", f"c{v:03d}", rng.uniform(0.5, 3)) for u, v in ws.edges()]
    parts += [tie(f"c{u:03d}", f"c{v:03d}", 1) for u, v in list(ws.edges())[::10]]  # parallel ties
    gs["ws250"] = {"nodes": [f"c{i:03d}" for i in ws.nodes()], "partnerships": parts}
    gs["stakeholders"] = stakeholder_graph(random.Random(42))
    return gs


def stakeholder_graph(rng):
    """A 60-actor network with sectors, regions, types, typed and dated partnerships and
    projects: the end-to-end tests load it into Neo4j and query filtered slices."""
    nodes, attrs = [], {}
    for i in range(60):
        nid = f"sh{i:02d}"
        nodes.append(nid)
        attrs[nid] = {"sector": SECTORS[i % len(SECTORS)], "region": ["north", "south", "east"][i % 3],
                      "type": ["charity", "ministry", "firm"][(i // 3) % 3]}
    parts = []
    for j in range(220):
        u, v = rng.sample(nodes, 2)
        since = f"{rng.randint(2008, 2018)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        until = None
        if rng.random() < 0.4:
            until = f"{int(since[:4]) + rng.randint(0, 5)}-{rng.randint(1, 12):02d}-28"
            if until < since:
                until = None
        if rng.random() < 0.15:
            since = None
        parts.append(tie(u, v, rng.choice([0.5, 1, 1, 2, 3]), rng.random() < 0.35, id=f"shp{j:03d}",
                         type=rng.choice(TYPES), since=since, until=until))
    projects = []
    for j in range(8):
        start = rng.randint(2010, 2017)
        projects.append({"id": f"shj{j}", "since": f"{start}-01-01", "until": f"{start + rng.randint(1, 3)}-12-31",
                         "participants": rng.sample(nodes, rng.randint(3, 5))})
    filters = {
        "all": {},
        "gov_civil": {"sectors": ["government", "civil_society"]},
        "asof_2016": {"asOf": "2016-06-01"},
        "window_2012_2014_directed": {"from": "2012-01-01", "to": "2014-12-31", "direction": "DIRECTED"},
        "north_grants_weighted": {"regions": ["north", "south"], "partnershipTypes": ["grant", "co_financing"], "weighted": True},
        "minweight_2": {"minWeight": 2},
        "project_ties_2015": {"includeProjectTies": True, "asOf": "2015-06-01"},
        "charity_types": {"actorTypes": ["charity", "firm"], "direction": "DIRECTED", "weighted": True},
    }
    return {"nodes": nodes, "attrs": attrs, "partnerships": parts, "projects": projects, "filters": filters}


# ---- views ----------------------------------------------------------------------------------

def add(G, u, v, w):
    if u == v:
        return
    if G.has_edge(u, v):
        G[u][v]["weight"] += w
    else:
        G.add_edge(u, v, weight=w)


def views(nodes, ties):
    U, D = nx.Graph(), nx.DiGraph()
    U.add_nodes_from(nodes)
    D.add_nodes_from(nodes)
    for p in ties:
        u, v, w = p["source"], p["target"], p["weight"]
        add(U, u, v, w)
        add(D, u, v, w)
        if not p["directed"]:
            add(D, v, u, w)
    for G in (U, D):
        for _, _, d in G.edges(data=True):
            d["distance"] = 1.0 / d["weight"]
    return U, D


def active(since, until, f):
    if f.get("asOf"):
        a = f["asOf"]
        return (since is None or since <= a) and (until is None or until >= a)
    lo, hi = f.get("from"), f.get("to")
    if hi and since is not None and since > hi:
        return False
    if lo and until is not None and until < lo:
        return False
    return True


def filtered(g, f):
    """Applies a NetworkFilter to a stakeholder graph: returns (nodes, ties)."""
    keep = []
    for n in g["nodes"]:
        a = g["attrs"][n]
        if f.get("sectors") and a["sector"] not in f["sectors"]:
            continue
        if f.get("regions") and a["region"] not in f["regions"]:
            continue
        if f.get("actorTypes") and a["type"] not in f["actorTypes"]:
            continue
        keep.append(n)
    ks = set(keep)
    ties = []
    for p in g["partnerships"]:
        if p["source"] not in ks or p["target"] not in ks:
            continue
        if f.get("partnershipTypes") and p["type"] not in f["partnershipTypes"]:
            continue
        if f.get("minWeight") is not None and p["weight"] < f["minWeight"]:
            continue
        if not active(p.get("since"), p.get("until"), f):
            continue
        ties.append(p)
    if f.get("includeProjectTies"):
        for pr in g["projects"]:
            if not active(pr["since"], pr["until"], f):
                continue
            members = sorted(m for m in pr["participants"] if m in ks)
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    ties.append(tie(members[i], members[j], 1.0, False))
    return keep, ties


# ---- metrics --------------------------------------------------------------------------------

def clean(d):
    out = {}
    for k, v in d.items():
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            out[k] = None
        else:
            out[k] = float(v)
    return out


def metrics(G, U, weighted):
    dist = "distance" if weighted else None
    w = "weight" if weighted else None
    directed = G.is_directed()
    m = {
        "degree": nx.degree_centrality(G),
        "in_degree": nx.in_degree_centrality(G) if directed else nx.degree_centrality(G),
        "out_degree": nx.out_degree_centrality(G) if directed else nx.degree_centrality(G),
        "strength": dict(G.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(G, normalized=True, weight=dist),
        "betweenness_raw": nx.betweenness_centrality(G, normalized=False, weight=dist),
        "closeness": nx.closeness_centrality(G, distance=dist),
        "harmonic": nx.harmonic_centrality(G, distance=dist),
        "pagerank": nx.pagerank(G, alpha=0.85, weight=w, tol=1e-13, max_iter=100000) if len(G) else {},
        "core_number": nx.core_number(G),
        # Eigenvector and clustering are defined on the undirected view.
        "eigenvector": nx.eigenvector_centrality(U, weight=w, tol=1e-14, max_iter=1000000) if U.number_of_edges() else {n: 1 / math.sqrt(len(U)) for n in U},
        "clustering": nx.clustering(U, weight=w),
    }
    return {k: clean(v) for k, v in m.items()}


def stats(G, U):
    comps = list(nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G))
    largest = max(comps, key=len) if comps else set()
    try:
        assort = nx.degree_assortativity_coefficient(U)
    except Exception:
        assort = float("nan")
    n = len(G)
    return clean({
        "actors": n,
        "edges": G.number_of_edges(),
        "density": nx.density(G),
        "components": len(comps),
        "largest_component": len(largest),
        "average_degree": (sum(d for _, d in G.degree()) / n) if n else 0.0,
        "average_clustering": nx.average_clustering(U) if n else 0.0,
        "diameter": nx.diameter(U.subgraph(largest)) if len(largest) > 1 else 0,
        "assortativity": assort,
        "transitivity": nx.transitivity(U),
        "reciprocity": nx.overall_reciprocity(G) if G.is_directed() and G.number_of_edges() else float("nan"),
        "average_path_length": average_path_length(G),
        # Borgatti's F over the weak components: pairs that cannot reach each other.
        "fragmentation": 1 - sum(len(c) * (len(c) - 1) for c in comps) / (n * (n - 1)) if n > 1 else 0.0,
    })


def average_path_length(G):
    """NetworkX average_shortest_path_length (hops) on the largest component: connected, or
    strongly connected when directed (the first in sorted order among equals); NaN under two."""
    comps = list(nx.strongly_connected_components(G) if G.is_directed() else nx.connected_components(G))
    if not comps:
        return float("nan")
    size = max(len(c) for c in comps)
    best = min((c for c in comps if len(c) == size), key=min)
    if size < 2:
        return float("nan")
    return nx.average_shortest_path_length(G.subgraph(best))


def community_metrics(U, weighted, group):
    """Modularity of the oracle-group partition, and the best Louvain modularity NetworkX finds
    over ten seeds (the Go Louvain, best of ten seeds too, must come within a few percent)."""
    w = "weight" if weighted else None
    labels = sorted(set(group.values()))
    parts = [{n for n in U if group[n] == g} for g in labels]
    parts = [p for p in parts if p]
    out = {"modularity_groups": nx.community.modularity(U, parts, weight=w)}
    if U.number_of_edges():
        out["louvain_best"] = max(nx.community.modularity(U, nx.community.louvain_communities(U, weight=w, seed=s), weight=w)
                                  for s in range(10))
    return out


def groups_of(nodes):
    """Oracle group labels: g0, g1, g2 by position among the sorted node ids."""
    return {n: f"g{i % 3}" for i, n in enumerate(sorted(nodes))}


def intermediary_metrics(G, U, weighted, group):
    """Structural holes, cut points, group-pair betweenness and assortativity (NetworkX)."""
    w = "weight" if weighted else None
    dist = "distance" if weighted else None
    labels = sorted(set(group.values()))
    members = {g: [n for n in G if group[n] == g] for g in labels}
    pair = nx.betweenness_centrality_subset(G, sources=members["g0"], targets=members["g1"], normalized=False, weight=dist)
    allpairs = dict.fromkeys(G, 0.0)
    for a in labels:
        for b in labels:
            if a != b and members[a] and members[b]:
                part = nx.betweenness_centrality_subset(G, sources=members[a], targets=members[b], normalized=False, weight=dist)
                for n, x in part.items():
                    allpairs[n] += x
    nx.set_node_attributes(U, group, "group")
    try:
        assort = nx.attribute_assortativity_coefficient(U, "group")
    except Exception:
        assort = float("nan")
    return {
        "constraint": clean(nx.constraint(G, weight=w)),
        "effective_size": clean(nx.effective_size(G, weight=w)),
        "pair_betweenness_g0_g1": clean(pair),
        "group_pair_betweenness": clean(allpairs),
        "articulation_points": sorted(nx.articulation_points(U)),
        "bridges": sorted([sorted(e) for e in nx.bridges(U)]),
        "assortativity": None if math.isnan(assort) else assort,
    }


def sector_golden(g, nodes, ties, flt):
    """Sector-grouped measures of a filtered slice, for the end-to-end tests: NetworkX's
    constraint, effective size, articulation points and attribute assortativity, and mixing,
    E-I and reach computed here from design.md's definitions."""
    U, D = views(nodes, ties)
    G = D if flt.get("direction") == "DIRECTED" else U
    w = "weight" if flt.get("weighted") else None
    sector = {n: g["attrs"][n]["sector"] for n in nodes}
    nx.set_node_attributes(U, sector, "sector")
    try:
        assort = nx.attribute_assortativity_coefficient(U, "sector")
    except Exception:
        assort = float("nan")
    ties_by_pair, within, cross = {}, {}, {}
    for u, v in U.edges():
        a, b = sorted((sector[u], sector[v]))
        ties_by_pair[f"{a}|{b}"] = ties_by_pair.get(f"{a}|{b}", 0) + 1
    groups = sorted(set(sector.values()))
    ei = {}
    for s_ in groups:
        E = sum(1 for u, v in U.edges() if (sector[u] == s_) != (sector[v] == s_))
        I = sum(1 for u, v in U.edges() if sector[u] == s_ and sector[v] == s_)
        ei[s_] = None if E + I == 0 else (E - I) / (E + I)
    E = sum(1 for u, v in U.edges() if sector[u] != sector[v])
    I = U.number_of_edges() - E
    reach = {}
    for src in nodes[:5]:
        dist = nx.single_source_shortest_path_length(G, src, cutoff=2)
        reached = [n for n, d in dist.items() if d > 0]
        by = {}
        for n in reached:
            by[sector[n]] = by.get(sector[n], 0) + 1
        total = len(reached)
        reach[src] = {"total": total, "by_group": by,
                      "cross": sum(c for k, c in by.items() if k != sector[src]),
                      "diversity": (1 - sum((c / total) ** 2 for c in by.values())) if total else 0.0,
                      "by_hop": [sum(1 for d in dist.values() if d == h) for h in (1, 2)]}
    dist = "distance" if flt.get("weighted") else None
    members = {s_: [n for n in nodes if sector[n] == s_] for s_ in groups}
    allpairs = dict.fromkeys(G, 0.0)
    for a in groups:
        for b in groups:
            if a != b:
                part = nx.betweenness_centrality_subset(G, sources=members[a], targets=members[b], normalized=False, weight=dist)
                for n, x in part.items():
                    allpairs[n] += x
    pair = {}
    if members.get("government") and members.get("civil_society"):
        pair = nx.betweenness_centrality_subset(G, sources=members["government"], targets=members["civil_society"],
                                                normalized=False, weight=dist)
    # Gould-Fernandez totals by sector, straight from the definition: open two-paths i->v->j.
    brokerage = {}
    for v in G:
        preds = list(G.predecessors(v)) if G.is_directed() else list(G.neighbors(v))
        succs = list(G.successors(v)) if G.is_directed() else list(G.neighbors(v))
        brokerage[v] = sum(1 for i in preds for j in succs if i != j and not G.has_edge(i, j))
    # Group reach government -> civil_society within 2 hops (multi-source BFS).
    greach = None
    if members.get("government") and members.get("civil_society"):
        seen = set(members["government"])
        front = list(seen)
        for _ in range(2):
            nxt = []
            for x in front:
                for y in (G.successors(x) if G.is_directed() else G.neighbors(x)):
                    if y not in seen:
                        seen.add(y)
                        nxt.append(y)
            front = nxt
        greach = {"reached": sum(1 for n in members["civil_society"] if n in seen), "total": len(members["civil_society"])}
    lengths = {}
    src = nodes[0] if nodes else None
    if src is not None:
        sp = nx.single_source_shortest_path_length(G, src) if not dist else nx.single_source_dijkstra_path_length(G, src, weight=dist)
        lengths = {"from": src, "to": {n: d for n, d in sp.items()}}
    return {
        "group_pair_betweenness": clean(allpairs),
        "pair_betweenness_gov_civil": clean(pair),
        "brokerage_total": brokerage,
        "group_reach_gov_civil_2": greach,
        "distances": lengths,
        "constraint": clean(nx.constraint(G, weight=w)),
        "effective_size": clean(nx.effective_size(G, weight=w)),
        "articulation_points": sorted(nx.articulation_points(U)),
        "assortativity": None if math.isnan(assort) else assort,
        "pair_ties": ties_by_pair,
        "group_ei": ei,
        "ei": None if E + I == 0 else (E - I) / (E + I),
        "reach2": reach,
    }


def golden_for(nodes, ties, only=None):
    U, D = views(nodes, ties)
    group = groups_of(nodes)
    out = {}
    for direction, G in (("UNDIRECTED", U), ("DIRECTED", D)):
        for weighted in (False, True):
            if only and (direction, weighted) != only:
                continue
            key = f"{direction}/{'weighted' if weighted else 'unweighted'}"
            out[key] = {"metrics": metrics(G, U, weighted), "stats": stats(G, U)}
            if not only:
                out[key]["intermediaries"] = intermediary_metrics(G, U, weighted, group)
                if direction == "UNDIRECTED":
                    out[key]["communities"] = community_metrics(U, weighted, group)
    return out


def write_brokerage_inputs(name, nodes, ties):
    """Arc lists and group labels for make_brokerage_golden.R (R sna is the oracle there)."""
    U, D = views(nodes, ties)
    ids = sorted(nodes)
    index = {n: i + 1 for i, n in enumerate(ids)}  # R is 1-based
    group = groups_of(nodes)
    d = os.path.join(HERE, "brokerage")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".groups.tsv"), "w") as f:
        for n in ids:
            f.write(f"{n}\t{group[n]}\n")
    for view, G in (("UNDIRECTED", U.to_directed()), ("DIRECTED", D)):
        with open(os.path.join(d, f"{name}.{view}.arcs.tsv"), "w") as f:
            f.write(f"{len(ids)}\n")
            for u, v in sorted(G.edges(), key=lambda e: (index[e[0]], index[e[1]])):
                f.write(f"{index[u]}\t{index[v]}\n")


def main():
    os.makedirs(os.path.join(HERE, "graphs"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "golden"), exist_ok=True)
    for name, g in named_graphs().items():
        with open(os.path.join(HERE, "graphs", name + ".json"), "w") as f:
            json.dump(g, f, indent=1, sort_keys=True)
        golden = {"networkx": nx.__version__, "views": golden_for(g["nodes"], g["partnerships"])}
        write_brokerage_inputs(name, g["nodes"], g["partnerships"])
        if "filters" in g:
            golden["filters"] = {}
            for fname, flt in g["filters"].items():
                nodes, ties = filtered(g, flt)
                only = (flt.get("direction", "UNDIRECTED"), bool(flt.get("weighted")))
                golden["filters"][fname] = {"nodes": nodes, **golden_for(nodes, ties, only),
                                            "by_sector": sector_golden(g, nodes, ties, flt)}
        with open(os.path.join(HERE, "golden", name + ".json"), "w") as f:
            json.dump(golden, f, indent=1, sort_keys=True)
        print(f"{name}: {len(g['nodes'])} nodes, {len(g['partnerships'])} partnerships", file=sys.stderr)


if __name__ == "__main__":
    main()
