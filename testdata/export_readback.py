#!/usr/bin/env python3
"""Reads a stakegraph export back with NetworkX or igraph (or the json/csv modules for the Kumu
blueprint and the CSV pair) and prints what the reader saw as JSON: whether the graph is
directed, its nodes, its edges as canonical strings ("u>v" for an arc, "u-v" with u < v for an
undirected edge), node attributes and edge attributes. Used by the export tests: the exports
must load in the tools researchers use, with direction and attributes intact.

    python3 testdata/export_readback.py READER FORMAT FILE    (READER: networkx, igraph, json, openpyxl)
"""
import csv
import json
import sys


def canon(u, v, directed):
    u, v = str(u), str(v)
    if directed:
        return f"{u}>{v}"
    return "-".join(sorted((u, v)))


def from_networkx(G):
    edges, edge_attrs = [], {}
    triples = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, d in triples:
        edges.append(canon(u, v, G.is_directed()))
        edge_attrs[str(d.get("id", k))] = d
    out = {
        "directed": G.is_directed(),
        "nodes": G.number_of_nodes(),
        "edges": edges,
        "attrs": {str(n): d for n, d in G.nodes(data=True)},
        "edgeAttrs": edge_attrs,
    }
    if G.is_directed():
        # PageRank recomputed from the file's arcs (parallel partnerships as one arc, as the
        # API's view has them), to compare with the exported pageRank.
        import networkx as nx

        pr = nx.pagerank(nx.DiGraph(G), alpha=0.85, weight=None, tol=1e-12, max_iter=10000)
        out["pagerank"] = {str(n): v for n, v in pr.items()}
    return out


def networkx(fmt, path):
    import networkx as nx

    if fmt == "graphml":
        return from_networkx(nx.read_graphml(path, force_multigraph=True))
    if fmt == "gexf":
        return from_networkx(nx.read_gexf(path))
    if fmt == "cytoscape.json":
        with open(path) as f:
            return from_networkx(nx.cytoscape_graph(json.load(f)))
    raise SystemExit(f"NetworkX reads no {fmt}")


def igraph(fmt, path):
    import igraph as ig

    if fmt != "graphml":
        raise SystemExit(f"igraph reads no {fmt}")
    g = ig.Graph.Read_GraphML(path)
    ids = g.vs["id"]
    attrs = {}
    for v in g.vs:
        attrs[v["id"]] = {k: val for k, val in v.attributes().items() if val is not None and val == val}
    return {
        "directed": g.is_directed(),
        "nodes": g.vcount(),
        "edges": [canon(ids[e.source], ids[e.target], g.is_directed()) for e in g.es],
        "attrs": attrs,
        # igraph gives every vertex and edge every key: absent numbers read as NaN, dropped here.
        "edgeAttrs": {e["id"] if "id" in e.attributes() else str(e.index):
                      {k: val for k, val in e.attributes().items() if val is not None and val == val} for e in g.es},
    }


def plain(fmt, path):
    if fmt == "kumu.json":
        with open(path) as f:
            data = json.load(f)
        ids = {e["id"] for e in data["elements"]}
        missing = [c for c in data["connections"] if c["from"] not in ids or c["to"] not in ids]
        if missing:
            raise SystemExit(f"connections to unknown elements: {missing[:3]}")
        return {
            "directed": None,
            "nodes": len(data["elements"]),
            "edges": [canon(c["from"], c["to"], c["direction"] == "directed") for c in data["connections"]],
            "attrs": {e["id"]: e for e in data["elements"]},
            "edgeAttrs": {c["id"]: c for c in data["connections"]},
        }
    if fmt.endswith(".csv"):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        return {"rows": len(rows), "first": rows[0] if rows else None}
    raise SystemExit(f"unknown format {fmt}")


def openpyxl_reader(fmt, path):
    """A workbook in our layout (xlsx: sheets actors, partnerships) or Kumu's (kumu.xlsx:
    Elements, Connections), read with openpyxl as Excel users' Python does."""
    import openpyxl

    with open(path, "rb") as f:  # a file object: openpyxl judges a path by its extension
        wb = openpyxl.load_workbook(f, read_only=False)
    kumu = fmt == "kumu.xlsx"
    nodes_sheet, edges_sheet = ("Elements", "Connections") if kumu else ("actors", "partnerships")

    def rows(sheet):
        it = wb[sheet].iter_rows(values_only=True)
        header = [str(h) for h in next(it)]
        return [dict(zip(header, r)) for r in it if any(c is not None for c in r)]

    nodes, edges = rows(nodes_sheet), rows(edges_sheet)
    id_key, src, dst = ("ID", "From", "To") if kumu else ("id", "source", "target")
    ids = {n[id_key] for n in nodes}
    missing = [e for e in edges if e[src] not in ids or e[dst] not in ids]
    if missing:
        raise SystemExit(f"ties to unknown actors: {missing[:3]}")

    def directed(e):
        return e["Direction"] == "directed" if kumu else e["directed"] == "true"

    def plain_name(k):  # our layout's attribute columns are headed name:type
        return k if kumu else k.rsplit(":", 1)[0]

    return {
        "directed": None,
        "nodes": len(nodes),
        "edges": [canon(e[src], e[dst], directed(e)) for e in edges],
        "attrs": {n[id_key]: {plain_name(k): v for k, v in n.items() if v is not None} for n in nodes},
        "edgeAttrs": {e[id_key]: {plain_name(k): v for k, v in e.items() if v is not None} for e in edges},
        "rows": len(nodes) + len(edges),
    }


def main():
    reader, fmt, path = sys.argv[1], sys.argv[2], sys.argv[3]
    out = {"networkx": networkx, "igraph": igraph, "json": plain, "openpyxl": openpyxl_reader}[reader](fmt, path)
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
