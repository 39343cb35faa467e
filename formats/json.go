package formats

import (
	"encoding/json"
	"io"

	"stakegraph/domain"
)

type jsonKind int

const (
	cytoscapeJSON jsonKind = iota
	graphologyJSON
	kumuJSON
)

type jsonGraph struct {
	w        io.Writer
	enc      *json.Encoder
	err      error
	kind     jsonKind
	deco     *Decoration
	size     func(string) float64
	nodes    int
	edges    int
	inEdges  bool
	edgeOpen string
	closeAll string
	// undirected: every edge of the file is undirected (the UNDIRECTED view).
	undirected bool
}

func (j *jsonGraph) write(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

func (j *jsonGraph) item(first bool, v any) {
	if !first {
		j.write(",")
	}
	if j.err == nil {
		j.err = j.enc.Encode(v)
	}
}

func actorAttributes(a *domain.Actor, metrics map[string]float64) map[string]any {
	m := map[string]any{"label": a.Name, "name": a.Name, "sector": a.Sector, "kind": a.Kind, "type": a.Type,
		"region": a.Region, "description": a.Description, "tags": a.Tags}
	for k, v := range metrics {
		if x, ok := finite(v); ok {
			m[k] = x
		}
	}
	return m
}

func tieAttributes(p *domain.Partnership) map[string]any {
	return map[string]any{"type": p.Type, "weight": p.Weight, "directed": p.Directed, "since": dateString(p.Since),
		"until": dateString(p.Until), "citations": p.Citations, "project": p.ProjectID}
}

func (j *jsonGraph) actor(a *domain.Actor, metrics map[string]float64) error {
	hex, _, _, _, hasColor := j.deco.color(a.Sector)
	x, y, placed := j.deco.position(a.ID)
	switch j.kind {
	case cytoscapeJSON:
		attrs := actorAttributes(a, metrics)
		attrs["id"], attrs["value"], attrs["size"] = a.ID, a.ID, j.size(a.ID)
		if hasColor {
			attrs["color"] = hex
		}
		putAttributes(attrs, a.Attributes)
		el := map[string]any{"data": attrs}
		if placed {
			el["position"] = map[string]float64{"x": x, "y": y}
		}
		j.item(j.nodes == 0, el)
	case graphologyJSON:
		attrs := actorAttributes(a, metrics)
		if !placed {
			x, y = spiral(j.nodes)
		}
		attrs["x"], attrs["y"], attrs["size"] = x, y, j.size(a.ID)
		if hasColor {
			attrs["color"] = hex
		}
		putAttributes(attrs, a.Attributes)
		j.item(j.nodes == 0, map[string]any{"key": a.ID, "attributes": attrs})
	case kumuJSON:
		kind := "Organization"
		if a.Kind == domain.KindPerson {
			kind = "Person"
		}
		el := map[string]any{"id": a.ID, "label": a.Name, "type": kind, "actor type": a.Type, "sector": a.Sector,
			"region": a.Region, "description": a.Description, "tags": a.Tags, "size": j.size(a.ID)}
		if a.Tags == nil {
			el["tags"] = []string{}
		}
		if hasColor {
			el["color"] = hex
		}
		if placed {
			el["x"], el["y"] = x, y
		}
		for k, v := range metrics {
			if v, ok := finite(v); ok {
				el[k] = v
			}
		}
		putAttributes(el, a.Attributes)
		j.item(j.nodes == 0, el)
	}
	j.nodes++
	return j.err
}

func (j *jsonGraph) tie(p *domain.Partnership) error {
	if !j.inEdges {
		j.write(j.edgeOpen)
		j.inEdges = true
	}
	switch j.kind {
	case cytoscapeJSON:
		attrs := tieAttributes(p)
		attrs["id"], attrs["key"], attrs["source"], attrs["target"] = p.ID, p.ID, p.Source, p.Target
		putAttributes(attrs, p.Attributes)
		j.item(j.edges == 0, map[string]any{"data": attrs})
	case graphologyJSON:
		attrs := tieAttributes(p)
		putAttributes(attrs, p.Attributes)
		j.item(j.edges == 0, map[string]any{"key": p.ID, "source": p.Source, "target": p.Target,
			"undirected": j.undirected || !p.Directed, "attributes": attrs})
	case kumuJSON:
		direction := "directed"
		if j.undirected || !p.Directed {
			direction = "undirected"
		}
		c := map[string]any{"id": p.ID, "from": p.Source, "to": p.Target, "direction": direction, "type": p.Type,
			"strength": p.Weight}
		if p.Since != nil {
			c["start date"] = dateString(p.Since)
		}
		if p.Until != nil {
			c["end date"] = dateString(p.Until)
		}
		if p.ProjectID != "" {
			c["project"] = p.ProjectID
		}
		putAttributes(c, p.Attributes)
		j.item(j.edges == 0, c)
	}
	j.edges++
	return j.err
}

func (j *jsonGraph) close() error {
	if !j.inEdges {
		j.write(j.edgeOpen)
	}
	j.write(j.closeAll)
	return j.err
}

// ---- CSV -----------------------------------------------------------------------------------
