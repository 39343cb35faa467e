package formats

import (
	"slices"
	"sort"
	"strings"

	"stakegraph/domain"
)

// Attributes in files. Every format writes each defined attribute with its type so a file
// reads back exactly:
//   - CSV: a column per attribute headed "name:type" (budget:number, founded:date); the
//     reader takes such a header's type, and infers the type of a plain extra column
//     (domain.InferAttributeType);
//   - GraphML and GEXF: a key (attribute) per attribute whose id is "a.<type>.<name>" and whose
//     declared type is double (NUMBER), boolean (BOOLEAN) or string (STRING, DATE), titled with
//     the name; readers of other tools see typed columns named as the attributes, and a key
//     of another tool's file becomes an attribute of its declared type;
//   - graphology, Cytoscape.js and Kumu JSON: node and edge fields of JSON type (dates as
//     "YYYY-MM-DD") named as the attributes, or "attr:<name>" where the format already has a
//     field of that name (label, size, color, x, y, a metric).

// attrKeyID is an attribute's GraphML key id or GEXF attribute id.
func attrKeyID(d domain.AttributeDefinition) string {
	return "a." + strings.ToLower(string(d.Type)) + "." + d.Name
}

// attrOfKeyID reads a definition back from attrKeyID's form ("a.<type>.<name>", the type one
// of the types table's; the name may hold dots and colons).
func attrOfKeyID(id string, t domain.AttributeTarget) (domain.AttributeDefinition, bool) {
	rest, ok := strings.CutPrefix(id, "a.")
	if !ok {
		return domain.AttributeDefinition{}, false
	}
	typ, name, ok := strings.Cut(rest, ".")
	at := domain.AttributeType(strings.ToUpper(typ))
	if !ok || name == "" || typ != strings.ToLower(typ) || !at.Valid() {
		return domain.AttributeDefinition{}, false
	}
	return domain.AttributeDefinition{Name: name, Target: t, Type: at}, true
}

// xmlType is the GraphML attr.type / GEXF type of an attribute's values (the types table's).
func xmlType(d domain.AttributeDefinition) string { return d.Type.Info().XML }

// typeOfXML is the attribute type of another tool's GraphML or GEXF column (STRING for a type
// the types table does not name).
func typeOfXML(t string) domain.AttributeType {
	t = strings.ToLower(t)
	for _, x := range domain.AttributeTypes() {
		if slices.Contains(x.XMLNames, t) {
			return x.Type
		}
	}
	return domain.AttrString
}

// csvHeader is an attribute's CSV column header.
func csvHeader(d domain.AttributeDefinition) string {
	return d.Name + ":" + strings.ToLower(string(d.Type))
}

// ofTarget lists the definitions of one target.
func ofTarget(defs []domain.AttributeDefinition, t domain.AttributeTarget) []domain.AttributeDefinition {
	var out []domain.AttributeDefinition
	for _, d := range defs {
		if d.Target == t {
			out = append(out, d)
		}
	}
	return out
}

// putAttributes adds an object's attributes to a JSON element's fields; a name the element
// already has is written as "attr:<name>".
func putAttributes(m map[string]any, a domain.Attributes) {
	for k, v := range a {
		if _, taken := m[k]; taken {
			m["attr:"+k] = v
		} else {
			m[k] = v
		}
	}
}

// graphAttrs are the attribute columns of a graph file: for nodes and for edges, the file's
// attribute name → its definition.
type graphAttrs map[string]map[string]domain.AttributeDefinition

// declare lists a graph file's attribute columns as the network's declared attributes.
func (ga graphAttrs) declare(net *domain.Network) {
	for _, class := range []string{"node", "edge"} {
		names := make([]string, 0, len(ga[class]))
		for n := range ga[class] {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			net.Attributes = append(net.Attributes, ga[class][n])
		}
	}
	net.TextAttributes = true
}

// reservedGraphName reports whether a graph file's column is one of the import's own
// (standard columns, labels, ids, dates) rather than an attribute.
func reservedGraphName(name string, columns []string, m Mapping) bool {
	switch name {
	case "", "id", "label", "Label", "source", "target", "start", "end", "directed":
		return true
	}
	for _, c := range columns {
		if c == name {
			return true
		}
	}
	for _, alias := range m {
		if alias == name {
			return true
		}
	}
	return false
}
