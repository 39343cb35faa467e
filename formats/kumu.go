package formats

import (
	"encoding/json"
	"io"

	"stakegraph/domain"
)

// newKumu writes a Kumu blueprint (JSON import): elements with id, label, type (organization
// or person), actor type, sector, region, description, tags, colour, size and position;
// connections from/to element ids with direction ("directed" or "undirected"), type,
// strength (the weight) and start/end dates.
func newKumu(w io.Writer, f domain.NetworkFilter, o Options, d *Decoration) writer {
	j := &jsonGraph{w: w, enc: json.NewEncoder(w), kind: kumuJSON, deco: d, size: d.sizer(o.Size),
		edgeOpen: `],"connections":[`, closeAll: "]}\n", undirected: !o.Mixed && f.Direction != domain.Directed}
	j.write(`{"elements":[`)
	return j
}
