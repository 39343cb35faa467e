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
  via             for every actor and candidate, the shared partners (common_neighbors).
"""
import json
import os
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_golden import views  # noqa: E402

OUT = os.path.join(HERE, "weaving")


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
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
