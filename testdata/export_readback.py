#!/usr/bin/env python3
"""Reads a stakegraph export back with NetworkX (or the csv module for the CSV pair) and
prints what it found as JSON: node and edge counts and a few attributes. Used by the export
tests; the exports must load in the tools researchers use.

    python3 testdata/export_readback.py FORMAT FILE
"""
import csv
import json
import sys

import networkx as nx


def summary(G):
    nodes = {str(n): {k: v for k, v in d.items()} for n, d in G.nodes(data=True)}
    edges = G.number_of_edges()
    return {"nodes": len(nodes), "edges": edges, "attrs": nodes}


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    if fmt == "graphml":
        out = summary(nx.read_graphml(path, force_multigraph=True))
    elif fmt == "gexf":
        G = nx.read_gexf(path)
        out = summary(G)
        # GEXF stores the label separately; NetworkX puts it in 'label'.
    elif fmt == "cytoscape.json":
        with open(path) as f:
            G = nx.cytoscape_graph(json.load(f))
        out = summary(G)
    elif fmt == "graphology.json":
        with open(path) as f:
            data = json.load(f)
        G = nx.MultiDiGraph()
        for n in data["nodes"]:
            G.add_node(n["key"], **n["attributes"])
        for e in data["edges"]:
            G.add_edge(e["source"], e["target"], key=e["key"], **e["attributes"])
        out = summary(G)
    elif fmt.endswith(".csv"):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        out = {"rows": len(rows), "first": rows[0] if rows else None}
    else:
        raise SystemExit(f"unknown format {fmt}")
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
