#!/usr/bin/env python3
"""Writes the dated multi-type oracle network and its golden values for change over time and
across layers, from set differences, NetworkX, SciPy and the definitions in
graph/dynamics.graphqls.

    python3 testdata/oracle/make_dynamics_golden.py      (or: make golden)

The network (dynamics/network.json) is generated here: 60 actors in five sectors and 260
partnerships of four types (grant, co_financing, joint_project, information_exchange) between
2014 and 2024, some directed, some parallel (the same pair tied by several types, or again
later), about one in ten without a since or an until (open bounds).

Golden values (dynamics/golden.json):
  dynamics   yearly steps 2015-01-01 … 2024-01-01, ties active on a date as asOf defines
             (since ≤ d ≤ until; with a window of w days: since ≤ d and until > d − w): for
             each consecutive pair the formed / dissolved / persisted undirected pairs (set
             differences; parallel ties merged), Jaccard, actors entered / left (actors with a
             tie on one date and none on the other), and the same counts by sector pair;
             without and with a window of 365 days;
  changes    partnerships formed in (2017-01-01, 2020-01-01] (since there) or dissolved in
             [2017-01-01, 2020-01-01) (until there), by date, formations first, then id;
  panel      NetworkX on each step date's views (design.md "Network views"; every actor a
             node): degree, betweenness, closeness and PageRank on the undirected view, PageRank
             on the directed one;
  stability  for the panel's betweenness and PageRank: SciPy spearmanr and kendalltau (τ-b)
             between consecutive dates, and the share of the top 5 (descending score, ties by
             id) still in the top 5;
  layers     on the whole network and as of 2019-06-30: per type the actors with a tie, the
             tied pairs, their density over all N(N − 1)/2 pairs, the components among the
             layer's actors (NetworkX number_connected_components); per pair of layers the
             Jaccard of their pairs and NumPy's corrcoef of their 0/1 upper triangles;
             multiplexity; per actor its distinct partners per layer and the participation
             coefficient M/(M − 1)·(1 − Σ (k_α/o)²).
"""
import datetime as dt
import json
import math
import os
import random
import sys

import networkx as nx
import numpy as np
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_golden import clean, metrics, views  # noqa: E402

OUT = os.path.join(HERE, "dynamics")
SECTORS = ["government", "business", "civil_society", "media", "academia"]
TYPES = ["grant", "co_financing", "joint_project", "information_exchange"]
STEPS = [f"{y}-01-01" for y in range(2015, 2025)]
WINDOW = 365
LAYER_DATE = "2019-06-30"


def day(s):
    return dt.date.fromisoformat(s)


def network(rng):
    actors = [{"id": f"a{i:02d}", "name": f"Actor {i}", "sector": SECTORS[i % 5]} for i in range(60)]
    ids = [a["id"] for a in actors]
    ties = []
    start = day("2014-01-01")
    for i in range(260):
        if i >= 200 and rng.random() < 0.7:  # the same pair again: another type, or later
            prev = ties[rng.randrange(len(ties))]
            s, t = prev["source"], prev["target"]
        else:
            s, t = rng.sample(ids, 2)
        since = start + dt.timedelta(days=rng.randrange(0, 3650))
        until = since + dt.timedelta(days=rng.randrange(30, 1600))
        p = {"id": f"p{i:03d}", "source": s, "target": t, "type": rng.choice(TYPES),
             "weight": float(rng.choice([1, 1, 2, 3])), "directed": rng.random() < 0.25,
             "since": since.isoformat(), "until": until.isoformat()}
        r = rng.random()
        if r < 0.05:
            p["since"] = None
        elif r < 0.10:
            p["until"] = None
        ties.append(p)
    return actors, ties


def active(p, d, window=None):
    since, until = p["since"], p["until"]
    if since is not None and since > d:
        return False
    if until is None:
        return True
    if window is None:
        return until >= d
    return day(until) > day(d) - dt.timedelta(days=window)


def pairs_at(ties, d, window=None):
    return {tuple(sorted((p["source"], p["target"]))) for p in ties if active(p, d, window) and p["source"] != p["target"]}


def dynamics(actors, ties, window=None):
    sector = {a["id"]: a["sector"] for a in actors}
    out = []
    for a, b in zip(STEPS, STEPS[1:]):
        ea, eb = pairs_at(ties, a, window), pairs_at(ties, b, window)
        union = ea | eb
        tied_a = {x for e in ea for x in e}
        tied_b = {x for e in eb for x in e}
        by = {}
        for kind, es in (("formed", eb - ea), ("dissolved", ea - eb), ("persisted", ea & eb)):
            for u, v in es:
                key = "|".join(sorted((sector[u], sector[v])))
                by.setdefault(key, {"formed": 0, "dissolved": 0, "persisted": 0})[kind] += 1
        out.append({"from": a, "to": b, "formed": len(eb - ea), "dissolved": len(ea - eb), "persisted": len(ea & eb),
                    "jaccard": len(ea & eb) / len(union) if union else None,
                    "actorsEntered": len(tied_b - tied_a), "actorsLeft": len(tied_a - tied_b), "byGroupPair": by})
    return out


def changes(ties, lo, hi):
    ev = []
    for p in ties:
        if p["since"] is not None and lo < p["since"] <= hi:
            ev.append((p["since"], 0, p["id"], "FORMED"))
        if p["until"] is not None and lo <= p["until"] < hi:
            ev.append((p["until"], 1, p["id"], "DISSOLVED"))
    ev.sort()
    return [{"date": d, "id": i, "change": c} for d, _, i, c in ev]


def panel(actors, ties):
    nodes = [a["id"] for a in actors]
    out = {"UNDIRECTED": {}, "DIRECTED": {}}
    for d in STEPS:
        U, D = views(nodes, [p for p in ties if active(p, d)])
        mu, md = metrics(U, U, False), metrics(D, U, False)
        for name, key in (("DEGREE", "degree"), ("BETWEENNESS", "betweenness"), ("CLOSENESS", "closeness"), ("PAGE_RANK", "pagerank")):
            out["UNDIRECTED"].setdefault(name, {})[d] = clean(mu[key])
        out["DIRECTED"].setdefault("PAGE_RANK", {})[d] = clean(md["pagerank"])
    return out


def top(scores, k):
    return [a for a, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]]


def stability(pan):
    out = {}
    for metric in ("BETWEENNESS", "PAGE_RANK"):
        series = pan["UNDIRECTED"][metric]
        rows = []
        for a, b in zip(STEPS, STEPS[1:]):
            ids = sorted(series[a])
            x = [series[a][i] for i in ids]
            y = [series[b][i] for i in ids]
            rho = stats.spearmanr(x, y).statistic
            tau = stats.kendalltau(x, y, variant="b").statistic
            ta, tb = top(series[a], 5), set(top(series[b], 5))
            rows.append({"from": a, "to": b, "spearman": None if math.isnan(rho) else float(rho),
                         "kendallTau": None if math.isnan(tau) else float(tau),
                         "topOverlap": sum(1 for i in ta if i in tb) / len(ta)})
        out[metric] = rows
    return out


def layers(actors, ties, d=None):
    nodes = [a["id"] for a in actors]
    index = {x: i for i, x in enumerate(nodes)}
    N = len(nodes)
    kept = [p for p in ties if d is None or active(p, d)]
    by = {}
    for p in kept:
        if p["source"] != p["target"]:
            by.setdefault(p["type"], set()).add(tuple(sorted((p["source"], p["target"]))))
    types = sorted(by)
    allpairs = N * (N - 1) / 2
    out = {"layers": [], "overlaps": [], "degrees": {}, "participation": {}}
    iu = np.triu_indices(N, 1)
    mats = {}
    for t in types:
        G = nx.Graph()
        G.add_edges_from(by[t])
        out["layers"].append({"type": t, "actors": G.number_of_nodes(), "ties": len(by[t]),
                              "density": len(by[t]) / allpairs, "components": nx.number_connected_components(G)})
        A = np.zeros((N, N))
        for u, v in by[t]:
            A[index[u], index[v]] = A[index[v], index[u]] = 1
        mats[t] = A[iu]
    for i, a in enumerate(types):
        for b in types[i + 1:]:
            inter, union = len(by[a] & by[b]), len(by[a] | by[b])
            r = np.corrcoef(mats[a], mats[b])[0, 1]
            out["overlaps"].append({"a": a, "b": b, "jaccard": inter / union,
                                    "correlation": None if math.isnan(r) else float(r)})
    count = {}
    for t in types:
        for e in by[t]:
            count[e] = count.get(e, 0) + 1
    out["multiplexity"] = sum(1 for c in count.values() if c >= 2) / len(count) if count else 0.0
    M = len(types)
    for x in nodes:
        k = [sum(1 for e in by[t] if x in e) for t in types]
        out["degrees"][x] = dict(zip(types, k))
        o = sum(k)
        out["participation"][x] = None if o == 0 or M < 2 else M / (M - 1) * (1 - sum((kk / o) ** 2 for kk in k))
    return out


def main():
    rng = random.Random(2114)
    actors, ties = network(rng)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "network.json"), "w") as f:
        json.dump({"actors": actors, "partnerships": ties}, f, indent=1)
    pan = panel(actors, ties)
    golden = {
        "steps": STEPS,
        "window": WINDOW,
        "dynamics": dynamics(actors, ties),
        "dynamicsWindow": dynamics(actors, ties, WINDOW),
        "changes": changes(ties, "2017-01-01", "2020-01-01"),
        "panel": pan,
        "stability": stability(pan),
        "layers": layers(actors, ties),
        "layersAsOf": layers(actors, ties, LAYER_DATE),
        "layerDate": LAYER_DATE,
    }
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
