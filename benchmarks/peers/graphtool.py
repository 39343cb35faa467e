#!/usr/bin/env python3
"""Times graph-tool (Debian's python3-graph-tool: C++ with OpenMP) on stakegraph's benchmark
graphs: exact betweenness and closeness. Run with the system Python, which has graph-tool;
called by benchmarks/peers/main.go with the same JSON spec as peers.py, and prints
{bench: {"graph-tool": seconds}} on stdout.
"""
import json
import sys

import graph_tool
from graph_tool.centrality import betweenness, closeness

from peers import read, timed  # the same graph reader and timer as the PyPI peers


def main():
    spec = json.loads(sys.argv[1])
    graph_tool.openmp_set_num_threads(spec.get("threads", 2))
    graphs = {}
    out = {}
    for bench in spec["benches"]:
        kind, name = bench["kind"], bench["graph"]
        if kind not in ("betweenness", "closeness"):
            continue
        if name not in graphs:
            n, edges = read(spec["graphs"][name])
            g = graph_tool.Graph(directed=False)
            g.add_vertex(n)
            g.add_edge_list([(u, v) for u, v, _ in edges])
            graphs[name] = g
        g = graphs[name]
        if kind == "betweenness":
            secs = timed(lambda: betweenness(g, norm=True))
        else:
            secs = timed(lambda: closeness(g, harmonic=False))
        out[bench["name"]] = {"graph-tool": secs}
        print(f"graph-tool: {bench['name']} done: {secs:.3f} s", file=sys.stderr)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
