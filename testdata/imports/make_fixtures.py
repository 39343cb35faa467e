"""Writes the GraphML and GEXF fixtures the import tests read, with NetworkX's own writers
(networkx.write_graphml, networkx.write_gexf), as a researcher's NetworkX session would.

Run with the test venv's Python:  .data/test-venv/bin/python testdata/imports/make_fixtures.py
"""
import os

import networkx as nx

here = os.path.dirname(os.path.abspath(__file__))

# An undirected network with the stored sector codes, names, regions, types and weights.
g = nx.Graph()
g.add_node("gov1", name="Ministry of Labour", sector="government", region="Perm", type="ministry")
g.add_node("ngo1", name="Perspektiva", sector="civil_society", region="Moscow", type="charity")
g.add_node("biz1", name="Steel Works", sector="business", region="Perm")
g.add_node("uni 1", name="Perm University", sector="academia")  # an id with a space
g.add_edge("gov1", "ngo1", weight=2.5, type="grant")
g.add_edge("ngo1", "biz1", weight=1.0, type="joint_project")
g.add_edge("biz1", "uni 1", weight=4.0, type="information_exchange")
nx.write_graphml(g, os.path.join(here, "networkx.graphml"))

# A directed network whose sector lives in another attribute ("sponsorship", mapped with
# --map sector=sponsorship) and whose ties carry dates, as Gephi's timeline reads them.
d = nx.DiGraph()
d.add_node("f1", label="Presidential Grants Fund", sponsorship="government")
d.add_node("c1", label="System Charity", sponsorship="civil_society")
d.add_node("c2", label="Youth Club", sponsorship="civil_society")
d.add_edge("f1", "c1", weight=3.0, start="2016-01-01", end="2017-12-31")
d.add_edge("f1", "c2", weight=1.5, start="2017-03-01")
d.add_edge("c1", "c2", weight=1.0)
nx.write_gexf(d, os.path.join(here, "networkx.gexf"))
