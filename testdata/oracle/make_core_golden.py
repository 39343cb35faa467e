#!/usr/bin/env python3
"""Golden values for core/periphery structure on the oracle graphs' undirected views:

    python3 testdata/oracle/make_core_golden.py      (or: make golden)

- cpnet's BE (cpnet 0.0.21, Kojaku and Masuda's implementation of Borgatti and Everett's
  discrete model, 10 Kernighan–Lin runs): the fit it reaches, which stakegraph's search must
  match or beat;
- the continuous model's coreness, the c minimising Σ_{i≠j} (a_ij − c_i c_j)², found by
  SciPy's least_squares (a generic trust-region solver, independent of stakegraph's MINRES
  fixed point) from the degrees.

Written to testdata/oracle/core/<graph>.json.
"""
import json
import os
import sys

import cpnet
import networkx as nx
import numpy as np
from scipy.optimize import least_squares

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_golden import views  # noqa: E402


def main():
    np.random.seed(20261204)
    out = os.path.join(HERE, "core")
    os.makedirs(out, exist_ok=True)
    for f in sorted(os.listdir(os.path.join(HERE, "graphs"))):
        g = json.load(open(os.path.join(HERE, "graphs", f)))
        U, _ = views(g["nodes"], g["partnerships"])
        B = nx.Graph()
        B.add_nodes_from(sorted(U.nodes()))
        B.add_edges_from(U.edges())
        res = {}
        if B.number_of_edges() > 0:
            be = cpnet.BE(num_runs=10)
            be.detect(B)
            x = be.get_coreness()
            ids = sorted(B.nodes())
            A = nx.to_numpy_array(B, nodelist=ids)
            iu = np.triu_indices(len(ids), 1)
            delta = np.array([[1.0 if x[a] or x[b] else 0.0 for b in ids] for a in ids])
            res["cpnet_fit"] = float(np.corrcoef(A[iu], delta[iu])[0, 1]) if 0 < sum(x.values()) < len(ids) else None
            deg = A.sum(axis=1)
            start = deg / np.sqrt(np.sqrt(np.sum(deg * deg)))
            fit = least_squares(lambda c: (A - np.outer(c, c))[iu], start, xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
            c = np.abs(fit.x)
            res["coreness"] = {n: float(c[i]) for i, n in enumerate(ids)}
        with open(os.path.join(out, f), "w") as fh:
            json.dump(res, fh, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
