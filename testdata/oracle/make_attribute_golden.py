#!/usr/bin/env python3
"""Writes the attribute oracle network and its golden values, computed by NetworkX (and the
inputs of make_brokerage_golden.R, where R sna is the oracle for brokerage by an attribute).

    python3 testdata/oracle/make_attribute_golden.py      (or: make golden)

The network (attributes/network.json) is generated here: 90 actors in five sectors with a
survey's variables of their own — location (STRING), size (STRING), formal (BOOLEAN),
budget (NUMBER), founded (DATE) — and 300 partnerships, some directed, some parallel, with
amount (NUMBER), trust (NUMBER) and form (STRING); about one value in six is missing. The
views follow design.md ("Network views") as make_golden.py builds them.

Golden values (attributes/golden.json), each on both views unless noted:
  assortativity     NetworkX attribute_assortativity_coefficient (location, size, formal) and
                    numeric_assortativity_coefficient (budget) on the subgraph induced by the
                    actors that have a value;
  slices            for each attribute filter: the kept actors, and on that NetworkX subgraph
                    the density, edge count and betweenness (normalised);
  weighted          with a tie attribute as the weight (ties without a value ≥ 1e-6 left out):
                    strength, weighted closeness and PageRank.
"""
import json
import math
import os
import random
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_golden import add, clean, tie  # noqa: E402

SECTORS = ["government", "business", "civil_society", "media", "academia"]
LOCATIONS = ["north", "south", "east", "west", "centre"]
SIZES = ["small", "medium", "large"]
FORMS = ["formal_agreement", "memorandum", "informal"]
DEFINITIONS = [
    {"name": "location", "target": "ACTOR", "type": "STRING"},
    {"name": "size", "target": "ACTOR", "type": "STRING"},
    {"name": "formal", "target": "ACTOR", "type": "BOOLEAN"},
    {"name": "budget", "target": "ACTOR", "type": "NUMBER"},
    {"name": "founded", "target": "ACTOR", "type": "DATE"},
    {"name": "amount", "target": "PARTNERSHIP", "type": "NUMBER"},
    {"name": "trust", "target": "PARTNERSHIP", "type": "NUMBER"},
    {"name": "form", "target": "PARTNERSHIP", "type": "STRING"},
]


def network(rng):
    actors = []
    for i in range(90):
        sector = SECTORS[i % 5]
        a = {}
        # Location follows sector loosely, so assortativity by location is positive.
        if rng.random() > 0.15:
            a["location"] = LOCATIONS[(i % 5 + (rng.random() < 0.4) * rng.randrange(5)) % 5]
        if rng.random() > 0.15:
            a["size"] = rng.choice(SIZES)
        if rng.random() > 0.15:
            a["formal"] = rng.random() < 0.6
        if rng.random() > 0.15:
            a["budget"] = round(math.exp(3 + 1.2 * rng.gauss(0, 1)) + 7 * (i % 5), 2)
        if rng.random() > 0.15:
            a["founded"] = f"{rng.randrange(1960, 2020)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        actors.append({"id": f"x{i:02d}", "name": f"Actor {i}", "sector": sector, "attributes": a})
    ties = []
    ids = [a["id"] for a in actors]
    for k in range(300):
        u, v = rng.sample(ids, 2)
        if rng.random() < 0.45:  # homophily by sector (and so by location)
            v = rng.choice([x for x in ids if int(x[1:]) % 5 == int(u[1:]) % 5 and x != u])
        a = {}
        if rng.random() > 0.15:
            a["amount"] = round(rng.expovariate(1 / 200), 2)
        if rng.random() > 0.15:
            a["trust"] = float(rng.randrange(1, 6))
        if rng.random() > 0.15:
            a["form"] = rng.choice(FORMS)
        ties.append(tie(u, v, rng.choice([0.5, 1, 1, 2]), rng.random() < 0.3, id=f"t{k:03d}",
                        type=rng.choice(["grant", "joint_project"]), attributes=a))
    return {"definitions": DEFINITIONS, "actors": actors, "partnerships": ties}


def views(nodes, ties, weight=None):
    """The UNDIRECTED and DIRECTED views; with weight, each tie's weight is that attribute's
    value and ties without a value ≥ 1e-6 are left out."""
    U, D = nx.Graph(), nx.DiGraph()
    U.add_nodes_from(nodes)
    D.add_nodes_from(nodes)
    for p in ties:
        if p["source"] not in nodes or p["target"] not in nodes:
            continue
        w = p["weight"]
        if weight:
            w = p["attributes"].get(weight)
            if w is None or w < 1e-6:
                continue
        add(U, p["source"], p["target"], w)
        add(D, p["source"], p["target"], w)
        if not p["directed"]:
            add(D, p["target"], p["source"], w)
    for G in (U, D):
        for _, _, d in G.edges(data=True):
            d["distance"] = 1.0 / d["weight"]
    return U, D


def holds(value, cond):
    """An AttributeCondition (GraphQL's): equals (as text), min/max inclusive, after/before
    strict, exists."""
    if value is None:
        needs = any(k in cond for k in ("equals", "min", "max", "after", "before"))
        return not needs and not cond.get("exists", False)
    if cond.get("exists") is False:
        return False
    if "equals" in cond:
        text = ("true" if value else "false") if isinstance(value, bool) else (
            repr(float(value)) if isinstance(value, float) else str(value))
        wanted = [float(e) if isinstance(value, float) else e for e in cond["equals"]]
        if (float(text) if isinstance(value, float) else text) not in wanted:
            return False
    if "min" in cond and value < cond["min"]:
        return False
    if "max" in cond and value > cond["max"]:
        return False
    if "after" in cond and not value > cond["after"]:
        return False
    if "before" in cond and not value < cond["before"]:
        return False
    return True


FILTERS = {
    "large_or_medium": {"actorAttributes": [{"name": "size", "equals": ["large", "medium"]}]},
    "budget_20_200": {"actorAttributes": [{"name": "budget", "min": 20, "max": 200}]},
    "formal_after_1990": {"actorAttributes": [{"name": "formal", "equals": ["true"]}, {"name": "founded", "after": "1990-01-01"}]},
    "no_location": {"actorAttributes": [{"name": "location", "exists": False}]},
    "trusted_ties": {"tieAttributes": [{"name": "trust", "min": 3}]},
    "formal_ties_in_north": {"tieAttributes": [{"name": "form", "equals": ["formal_agreement"]}],
                             "actorAttributes": [{"name": "location", "equals": ["north", "centre"]}]},
}


def slice_of(g, flt):
    nodes = [a["id"] for a in g["actors"]
             if all(holds(a["attributes"].get(c["name"]), c) for c in flt.get("actorAttributes", []))]
    keep = set(nodes)
    ties = [p for p in g["partnerships"] if p["source"] in keep and p["target"] in keep
            and all(holds(p["attributes"].get(c["name"]), c) for c in flt.get("tieAttributes", []))]
    return nodes, ties


def assortativity(g):
    out = {}
    values = {a["id"]: a["attributes"] for a in g["actors"]}
    U, D = views([a["id"] for a in g["actors"]], g["partnerships"])
    for view, G in (("UNDIRECTED", U), ("DIRECTED", D)):
        for name in ("location", "size", "formal", "budget"):
            have = [n for n in G if name in values[n]]
            H = G.subgraph(have).copy()
            nx.set_node_attributes(H, {n: values[n][name] for n in have}, name)
            with_warnings = nx.numeric_assortativity_coefficient if name == "budget" else nx.attribute_assortativity_coefficient
            try:
                r = with_warnings(H, name)
            except (ZeroDivisionError, ValueError):
                r = float("nan")
            out[f"{view}/{name}"] = None if r is None or math.isnan(r) else r
    return out


def main():
    g = network(random.Random(20261204))
    out = os.path.join(HERE, "attributes")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "network.json"), "w") as f:
        json.dump(g, f, indent=1, sort_keys=True)
    golden = {"networkx": nx.__version__, "assortativity": assortativity(g), "slices": {}, "weighted": {}}
    for name, flt in FILTERS.items():
        nodes, ties = slice_of(g, flt)
        U, D = views(nodes, ties)
        golden["slices"][name] = {"nodes": sorted(nodes), **{
            view: {"density": nx.density(G), "edges": G.number_of_edges(),
                   "betweenness": clean(nx.betweenness_centrality(G, normalized=True))}
            for view, G in (("UNDIRECTED", U), ("DIRECTED", D))}}
    nodes = [a["id"] for a in g["actors"]]
    for attr in ("amount", "trust"):
        U, D = views(nodes, g["partnerships"], weight=attr)
        golden["weighted"][attr] = {view: {
            "strength": clean(dict(G.degree(weight="weight"))),
            "closeness": clean(nx.closeness_centrality(G, distance="distance")),
            "pagerank": clean(nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=100000)),
        } for view, G in (("UNDIRECTED", U), ("DIRECTED", D))}
    with open(os.path.join(out, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
    # Brokerage by location (actors without one form the "" group): R sna is the oracle.
    U, D = views(nodes, g["partnerships"])
    ids = sorted(nodes)
    index = {n: i + 1 for i, n in enumerate(ids)}
    d = out
    location = {a["id"]: a["attributes"].get("location", "") for a in g["actors"]}
    with open(os.path.join(d, "attributes.groups.tsv"), "w") as f:
        for n in ids:
            f.write(f"{n}\t{location[n]}\n")
    for view, G in (("UNDIRECTED", U.to_directed()), ("DIRECTED", D)):
        with open(os.path.join(d, f"attributes.{view}.arcs.tsv"), "w") as f:
            f.write(f"{len(ids)}\n")
            for u, v in sorted(G.edges(), key=lambda e: (index[e[0]], index[e[1]])):
                f.write(f"{index[u]}\t{index[v]}\n")
    print(f"attributes: {len(nodes)} actors, {len(g['partnerships'])} partnerships", file=sys.stderr)


if __name__ == "__main__":
    main()
