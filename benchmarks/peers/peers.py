#!/usr/bin/env python3
"""Times NetworkX, igraph and NetworKit on stakegraph's generated benchmark graphs.

Called by `make bench-peers` (benchmarks/peers/main.go), which writes the graphs and times
stakegraph in the same run. Input: edge lists "u<TAB>v<TAB>weight" (undirected, merged) with
the vertex count on the first line. Output: JSON {bench: {peer: seconds, ...}} on stdout.

NetworkX is too slow to run all-sources kernels on M to completion within a benchmark run, so
its exact betweenness and closeness are timed on a sample of sources and extrapolated
linearly (each source costs the same BFS); the output marks those with "extrapolated".
"""
import json
import sys
import time


def read(path):
    with open(path) as f:
        n = int(f.readline())
        edges = []
        for line in f:
            u, v, w = line.split("\t")
            edges.append((int(u), int(v), float(w)))
    return n, edges


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main():
    spec = json.loads(sys.argv[1])
    graphs = {name: read(path) for name, path in spec["graphs"].items()}
    out = {}
    import networkx as nx
    import igraph as ig
    import networkit as nk
    nk.setNumberOfThreads(spec.get("threads", 2))

    def nxg(name):
        n, edges = graphs[name]
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(edges)
        return G

    def igg(name):
        n, edges = graphs[name]
        return ig.Graph(n=n, edges=[(u, v) for u, v, _ in edges], directed=False)

    def nkg(name):
        n, edges = graphs[name]
        G = nk.Graph(n, weighted=False, directed=False)
        for u, v, _ in edges:
            G.addEdge(u, v)
        return G

    for bench in spec["benches"]:
        kind, name = bench["kind"], bench["graph"]
        res = {}
        if kind == "betweenness":
            G = nxg(name)
            k = bench.get("nx_sources", 100)
            t = timed(lambda: nx.betweenness_centrality(G, k=k, seed=1))
            res["networkx"] = t * G.number_of_nodes() / k
            res["networkx_note"] = f"extrapolated from {k} sources"
            g = igg(name)
            res["igraph"] = timed(lambda: g.betweenness(directed=False))
            h = nkg(name)
            res["networkit"] = timed(lambda: nk.centrality.Betweenness(h, normalized=True).run())
        elif kind == "closeness":
            G = nxg(name)
            k = bench.get("nx_sources", 200)
            nodes = list(G.nodes())[:k]
            t = timed(lambda: [nx.closeness_centrality(G, u=u) for u in nodes])
            res["networkx"] = t * G.number_of_nodes() / k
            res["networkx_note"] = f"extrapolated from {k} vertices"
            g = igg(name)
            res["igraph"] = timed(lambda: g.closeness())
            h = nkg(name)
            res["networkit"] = timed(lambda: nk.centrality.Closeness(h, True, nk.centrality.ClosenessVariant.Generalized).run())
        elif kind == "pagerank":
            G = nxg(name)
            res["networkx"] = timed(lambda: nx.pagerank(G, alpha=0.85, weight=None, tol=bench["tol"]))
            g = igg(name)
            res["igraph"] = timed(lambda: g.pagerank(damping=0.85))
            h = nkg(name)
            def nkpr():
                pr = nk.centrality.PageRank(h, damp=0.85, tol=bench["tol"])
                pr.run()
            res["networkit"] = timed(nkpr)
        elif kind == "approx_betweenness":
            # NetworKit's fastest sampler with the same (epsilon, delta) guarantee: KADABRA.
            # (Its Riondato-Kornaropoulos ApproxBetweenness took over 7 minutes on L here.)
            h = nkg(name)
            res["networkit"] = timed(lambda: nk.centrality.KadabraBetweenness(h, err=bench["epsilon"], delta=bench["delta"]).run())
            res["networkit_note"] = "KadabraBetweenness"
            # NetworkX has no sampler with an (epsilon, delta) guarantee; it is not compared here.
        out[bench["name"]] = res
        print(f"peers: {bench['name']} done: {res}", file=sys.stderr)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
