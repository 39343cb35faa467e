package formats

import (
	"encoding/json"
	"io"

	"stakegraph/domain"
)

// newGraphology writes graphology's serialised graph (Graph.from / graph.import), the format
// sigma.js draws: nodes with label, x, y, size and color; a mixed graph with `undirected` per
// edge, or a directed or undirected one for the DIRECTED and UNDIRECTED views.
func newGraphology(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	typ := "mixed"
	switch {
	case f.Direction == domain.Directed:
		typ = "directed"
	case !o.Mixed:
		typ = "undirected"
	}
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), kind: graphologyJSON, deco: d, size: d.sizer(o.Size),
		edgeOpen: `],"edges":[`, closeAll: "]}\n", undirected: typ == "undirected"}
	j.write(`{"attributes":{"name":"stakegraph"},"options":{"type":"` + typ + `","multi":true,"allowSelfLoops":false},"nodes":[`)
	return j
}
