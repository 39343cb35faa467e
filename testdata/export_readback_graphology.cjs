// Reads a stakegraph graphology.json export with graphology's own Graph.from (npm, the version
// the explorer bundles) and prints what it saw as JSON, in the shape of export_readback.py:
// the graph type, nodes, edges as canonical strings ("u>v" directed, "u-v" with u < v
// undirected), node and edge attributes. Used by the export tests.
//
//     node testdata/export_readback_graphology.cjs FILE
const fs = require("fs");
const path = require("path");
const Graph = require(path.join(__dirname, "..", "web", "explorer", "node_modules", "graphology"));

const data = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const g = Graph.from(data);
const edges = [];
const edgeAttrs = {};
g.forEachEdge((key, attrs, source, target, _sa, _ta, undirected) => {
  edges.push(undirected ? [source, target].sort().join("-") : `${source}>${target}`);
  edgeAttrs[key] = attrs;
});
const attrs = {};
g.forEachNode((key, a) => { attrs[key] = a; });
process.stdout.write(JSON.stringify({ directed: g.type, nodes: g.order, edges, attrs, edgeAttrs }));
