#!/usr/bin/env python3
"""Golden values for the E-I test on the attribute oracle network (attributes/network.json):

    python3 testdata/oracle/make_permutation_golden.py      (or: make golden)

The E-I index (Krackhardt and Stern 1988) of a partition over the undirected view's edges
(parallel partnerships merged, self-loops dropped), each group's over the edges touching it,
UCINET's rescaled E-I, and the permutation distribution of all of them under 20,000 shuffles
of the labels (numpy, seeded): expected value, standard deviation and the shares of
replications ≥ and ≤ the observed value. stakegraph's own replications are compared with these
within Monte-Carlo error. Partitions: by sector, and by the `location` and `size` attributes
(actors without one form the "" group; size is drawn independently of the ties, so its
p-values lie inside (0, 1)). Written to attributes/ei.json.
"""
import json
import math
import os

import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPS = 20000


def ei(e, i):
    return None if e + i == 0 else (e - i) / (e + i)


def main():
    g = json.load(open(os.path.join(HERE, "attributes", "network.json")))
    U = nx.Graph()
    U.add_nodes_from(a["id"] for a in g["actors"])
    for p in g["partnerships"]:
        if p["source"] != p["target"]:
            U.add_edge(p["source"], p["target"])
    ids = sorted(U.nodes())
    index = {n: i for i, n in enumerate(ids)}
    edges = np.array([(index[u], index[v]) for u, v in U.edges()])
    m = len(edges)
    out = {"networkx": nx.__version__, "replications": REPS}
    partitions = {
        "sector": {a["id"]: a["sector"] for a in g["actors"]},
        "location": {a["id"]: a["attributes"].get("location", "") for a in g["actors"]},
        "size": {a["id"]: a["attributes"].get("size", "") for a in g["actors"]},
    }
    rng = np.random.default_rng(20261204)
    for name, part in partitions.items():
        keys = sorted(set(part.values()))
        label = np.array([keys.index(part[n]) for n in ids])
        k = len(keys)

        def stats(lab):
            a, b = lab[edges[:, 0]], lab[edges[:, 1]]
            cross = a != b
            e = int(cross.sum())
            ext = np.bincount(a[cross], minlength=k) + np.bincount(b[cross], minlength=k)
            internal = np.bincount(a[~cross], minlength=k)
            return e, ext, internal

        e, ext, internal = stats(label)
        obs = ei(e, m - e)
        obs_groups = [ei(int(ext[x]), int(internal[x])) for x in range(k)]
        # Rescaled E-I: E-I mapped from the range the group sizes and edge count allow onto [−1, 1].
        size = np.bincount(label, minlength=k)
        n = len(ids)
        within = float(sum(s * (s - 1) / 2 for s in size))
        across = n * (n - 1) / 2 - within
        e_max, e_min = min(m, across), max(0.0, m - within)
        lo, hi = (2 * e_min - m) / m, (2 * e_max - m) / m
        rescaled = -1 + 2 * ((2 * e - m) / m - lo) / (hi - lo) if hi > lo else None
        sims, group_sims = [], [[] for _ in range(k)]
        for _ in range(REPS):
            lab = rng.permutation(label)
            pe, pext, pint = stats(lab)
            sims.append(ei(pe, m - pe))
            for x in range(k):
                group_sims[x].append(ei(int(pext[x]), int(pint[x])))

        def summary(obs_value, values):
            vals = np.array([v for v in values if v is not None])
            res = {"observed": obs_value, "expected": float(vals.mean()), "sd": float(vals.std(ddof=1))}
            if obs_value is not None:
                res["p_ge"] = float(np.sum(vals >= obs_value - 1e-12)) / REPS
                res["p_le"] = float(np.sum(vals <= obs_value + 1e-12)) / REPS
            return res

        out[name] = {"network": summary(obs, sims), "rescaled": rescaled,
                     "expected_exact": 2 * (across / (n * (n - 1) / 2)) - 1,
                     "groups": {keys[x]: summary(obs_groups[x], group_sims[x]) for x in range(k)}}
    with open(os.path.join(HERE, "attributes", "ei.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
    assortativity_tests(g)
    qap_inputs(g)


ASSORT_REPS = 5000


def assortativity_tests(g):
    """Attribute assortativity (NetworkX, on the subgraph of the actors with a value, the
    undirected view) against 5,000 permutations of the values among those actors."""
    values = {a["id"]: a["attributes"] for a in g["actors"]}
    U = nx.Graph()
    U.add_nodes_from(values)
    for p in g["partnerships"]:
        if p["source"] != p["target"]:
            U.add_edge(p["source"], p["target"])
    rng = np.random.default_rng(7)
    out = {"replications": ASSORT_REPS}
    for name in ("location", "size", "budget"):
        have = sorted(n for n in U if name in values[n])
        H = U.subgraph(have).copy()
        fn = nx.numeric_assortativity_coefficient if name == "budget" else nx.attribute_assortativity_coefficient
        vals = [values[n][name] for n in have]
        nx.set_node_attributes(H, dict(zip(have, vals)), name)
        observed = fn(H, name)
        sims = []
        for _ in range(ASSORT_REPS):
            nx.set_node_attributes(H, dict(zip(have, rng.permutation(np.array(vals, dtype=object)))), name)
            sims.append(fn(H, name))
        sims = np.array(sims, dtype=float)
        out[name] = {"observed": observed, "expected": float(sims.mean()), "sd": float(sims.std(ddof=1)),
                     "p_ge": float(np.sum(sims >= observed - 1e-12)) / ASSORT_REPS,
                     "p_le": float(np.sum(sims <= observed + 1e-12)) / ASSORT_REPS}
    with open(os.path.join(HERE, "attributes", "assortativity_test.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)



def qap_inputs(g):
    """The relations of the QAP oracle (make_qap_golden.R runs sna on them): on the slice of the
    actors that have a budget, for each view, the ties (0/1 and valued by weight, parallel
    partnerships summed), same sector, same location ("" a location of its own) and the
    absolute budget difference, as n×n matrices over the actors sorted by id."""
    actors = {a["id"]: a for a in g["actors"] if "budget" in a["attributes"]}
    ids = sorted(actors)
    index = {n: i for i, n in enumerate(ids)}
    n = len(ids)
    out = os.path.join(HERE, "attributes", "qap")
    os.makedirs(out, exist_ok=True)
    for view in ("UNDIRECTED", "DIRECTED"):
        ties, weight = np.zeros((n, n)), np.zeros((n, n))
        for p in g["partnerships"]:
            u, v = p["source"], p["target"]
            if u not in index or v not in index or u == v:
                continue
            arcs = [(u, v)] if view == "DIRECTED" and p["directed"] else [(u, v), (v, u)]
            for a, b in arcs:
                ties[index[a], index[b]] = 1
                weight[index[a], index[b]] += p["weight"]
        rel = {
            "ties": ties, "weight": weight,
            "sector": np.array([[1.0 if actors[a]["sector"] == actors[b]["sector"] else 0.0 for b in ids] for a in ids]),
            "location": np.array([[1.0 if actors[a]["attributes"].get("location", "") == actors[b]["attributes"].get("location", "") else 0.0
                                   for b in ids] for a in ids]),
            "budget": np.array([[abs(actors[a]["attributes"]["budget"] - actors[b]["attributes"]["budget"]) for b in ids] for a in ids]),
        }
        for name, m in rel.items():
            np.fill_diagonal(m, 0)
            np.savetxt(os.path.join(out, f"{name}.{view}.tsv"), m, delimiter="\t", fmt="%.17g")


if __name__ == "__main__":
    main()
