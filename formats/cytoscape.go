package formats

import (
	"encoding/json"
	"fmt"
	"io"

	"stakegraph/domain"
)

// newCytoscape writes Cytoscape.js elements JSON, with the graph-level fields NetworkX's
// cytoscape_graph reads (data, directed, multigraph), each node's id also as "value", its
// sector colour and size in data, and its position when a layout was asked for. data.directed
// tells each edge's direction (style arrows with edge[?directed]).
func newCytoscape(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	open := fmt.Sprintf(`{"data":{"name":"stakegraph"},"directed":%v,"multigraph":true,"elements":{"nodes":[`, f.Direction == domain.Directed || o.Mixed)
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), kind: cytoscapeJSON, deco: d, size: d.sizer(o.Size), edgeOpen: `],"edges":[`, closeAll: "]}}\n"}
	j.write(open)
	return j
}
