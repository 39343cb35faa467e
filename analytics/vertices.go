package analytics

import (
	"math"
	"slices"

	"stakegraph/domain"
)

// What a snapshot's vertices carry from the version's data: an attribute's values, and the
// data's ties that the slice's filter keeps. Every computation that projects data onto the
// slice's vertices does it here.

// vertexValues is an actor attribute on a slice's vertices: class[v] the value's dictionary
// code for a STRING or BOOLEAN attribute (−1 without a value), or x[v] the number for a
// NUMBER one (NaN without a value); the other is nil.
type vertexValues struct {
	def   domain.AttributeDefinition
	class []int32
	x     []float64
	none  bool // no actor of the version has a value
}

// attributeValues projects the actor attribute name onto sn's vertices, for a computation
// (what, in errors) that takes a STRING, BOOLEAN or NUMBER attribute. Errors: EINVALID
// (unknown attribute, named by field; a DATE attribute).
func (sn *Snapshot) attributeValues(field, name, what string) (vertexValues, error) {
	d, err := domain.SchemaOf(sn.base.data.AttributeDefs, domain.TargetActor).Lookup(field, name, domain.TargetActor)
	if err != nil {
		return vertexValues{}, err
	}
	c := sn.base.data.ActorAttrs.Get(name)
	out := vertexValues{def: d, none: c == nil}
	switch {
	case d.Type.Categorical():
		out.class = make([]int32, len(sn.actors))
		for v, i := range sn.actors {
			out.class[v] = -1
			if c != nil {
				out.class[v] = c.Codes[i]
			}
		}
	case d.Type.Info().Numeric:
		out.x = make([]float64, len(sn.actors))
		for v, i := range sn.actors {
			out.x[v] = math.NaN()
			if c != nil {
				out.x[v] = c.Nums[i]
			}
		}
	default:
		return vertexValues{}, domain.FieldErrorf(field, domain.EINVALID, "attribute %q is %s; %s takes a STRING, BOOLEAN or NUMBER actor attribute", name, d.Type, what)
	}
	return out, nil
}

// keptActors are the data's actors f's matcher keeps, as the slice's vertices: vertexOf maps
// a data actor to its vertex (−1 when not kept), kept a vertex to its data actor.
func keptActors(g *domain.GraphData, m *domain.NetworkMatcher) (vertexOf, kept []int32) {
	vertexOf = make([]int32, len(g.Actors))
	for i := range g.Actors {
		vertexOf[i] = -1
		if m.ActorRow(g, i) {
			vertexOf[i] = int32(len(kept))
			kept = append(kept, int32(i))
		}
	}
	return vertexOf, kept
}

// vertexOfData maps the version's data actors to sn's vertices (−1 for an actor outside the
// slice).
func (sn *Snapshot) vertexOfData() []int32 {
	vertexOf := make([]int32, len(sn.base.data.Actors))
	for i := range vertexOf {
		vertexOf[i] = -1
	}
	for v, i := range sn.actors {
		vertexOf[i] = int32(v)
	}
	return vertexOf
}

// keptTies calls fn with every tie row of g between two kept actors (vertexOf ≥ 0) that f
// keeps — of f's partnership types, passing f's tie conditions (on some date, for a time-free
// f) — with its vertices and its weight in the slice: the snapshot build, the cost model's
// slice count, the series and the layers all select ties here.
func keptTies(g *domain.GraphData, f domain.NetworkFilter, vertexOf []int32, fn func(row int, u, v int32, w float64)) {
	m := f.Matcher()
	typeOK := make([]bool, len(g.TieTypes))
	for i, t := range g.TieTypes {
		typeOK[i] = len(f.PartnershipTypes) == 0 || slices.Contains(f.PartnershipTypes, t)
	}
	for i := range g.Ties {
		t := &g.Ties[i]
		u, v := vertexOf[t.U], vertexOf[t.V]
		if u < 0 || v < 0 || !typeOK[t.Type] {
			continue
		}
		if w, ok := m.TieRow(g, i); ok {
			fn(i, u, v, w)
		}
	}
}
