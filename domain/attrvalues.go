package domain

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Attribute types and their values. Every type is one entry of the types table below — how a
// value is normalised, parsed from a text cell, recognised when a column's type is inferred,
// held in a snapshot's column, stored in Neo4j and written to GraphML and GEXF — so the
// schema, the values, the columns, the formats and the store never switch on a type, and
// TestAttributeTypesMatchSchema keeps the table and the GraphQL enum AttributeType equal.
// CONTRIBUTING.md lists the steps to add one.

// AttributeType is the type every value of an attribute has.
type AttributeType string

// Attribute types.
const (
	AttrString  AttributeType = "STRING"
	AttrNumber  AttributeType = "NUMBER"
	AttrBoolean AttributeType = "BOOLEAN"
	AttrDate    AttributeType = "DATE"
)

// AttributeTypeInfo is one type's entry in the types table.
type AttributeTypeInfo struct {
	Type AttributeType
	// Categorical: values form groups (grouping, colours, equality tests); their column holds
	// dictionary codes. Otherwise the column holds numbers.
	Categorical bool
	// Numeric: values are numbers (min/max conditions, numeric assortativity, sizes).
	Numeric bool
	// Dated: values are dates (after/before conditions, compared as ISO text).
	Dated bool
	// StoredAsText: Neo4j holds the value as a string (an untyped equality is tried against
	// the other types' readings too).
	StoredAsText bool
	// XML is the GraphML attr.type / GEXF type written for the type; XMLNames are the type
	// names of other tools' GraphML and GEXF columns read as it.
	XML      string
	XMLNames []string
	// Dict is a categorical type's fixed dictionary (nil: values are added as they come).
	Dict []string
	// InferOrder is the type's precedence when a column's type is inferred from text cells
	// (lower first; 0: never inferred, the fallback is STRING).
	InferOrder int

	normalize func(v any) (any, string)       // canonical value, or why v does not fit
	parse     func(text string) (any, string) // a text cell's value, or why it does not fit
	recognise func(cell string) bool          // whether a trimmed cell reads as the type
	encode    func(v any) (key string, num float64, ok bool)
	decode    func(key string, num float64) any
}

// attributeTypes is the types table, in the order of the GraphQL enum AttributeType.
var attributeTypes = []AttributeTypeInfo{
	{Type: AttrString, Categorical: true, StoredAsText: true, XML: "string",
		normalize: func(v any) (any, string) {
			s, ok := v.(string)
			if !ok {
				return nil, "got " + describe(v)
			}
			if len(s) > MaxAttributeValueBytes {
				return nil, fmt.Sprintf("the value is %d bytes; the limit is %d", len(s), MaxAttributeValueBytes)
			}
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return nil, "the value is not valid text"
			}
			return s, ""
		},
		encode: func(v any) (string, float64, bool) { s, ok := v.(string); return s, 0, ok },
		decode: func(key string, _ float64) any { return key }},
	{Type: AttrNumber, Numeric: true, XML: "double", InferOrder: 1,
		XMLNames: []string{"int", "integer", "long", "float", "double", "short", "byte", "bigdecimal", "biginteger"},
		normalize: func(v any) (any, string) {
			var f float64
			switch x := v.(type) {
			case float64:
				f = x
			case float32:
				f = float64(x)
			case int:
				f = float64(x)
			case int32:
				f = float64(x)
			case int64:
				f = float64(x)
			case json.Number:
				var err error
				if f, err = strconv.ParseFloat(string(x), 64); err != nil {
					return nil, fmt.Sprintf("%q is not a number", string(x))
				}
			default:
				return nil, "got " + describe(v)
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, "the value must be a finite number"
			}
			return f, ""
		},
		parse: func(text string) (any, string) {
			f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
			if err != nil {
				return nil, fmt.Sprintf("%q is not a number", truncate(text))
			}
			return f, ""
		},
		recognise: func(c string) bool {
			f, err := strconv.ParseFloat(c, 64)
			return err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
		},
		encode: func(v any) (string, float64, bool) {
			switch x := v.(type) {
			case float64:
				return "", x, true
			case int64:
				return "", float64(x), true
			}
			return "", 0, false
		},
		decode: func(_ string, num float64) any { return num }},
	{Type: AttrBoolean, Categorical: true, XML: "boolean", XMLNames: []string{"boolean"}, Dict: []string{"false", "true"}, InferOrder: 2,
		normalize: func(v any) (any, string) {
			b, ok := v.(bool)
			if !ok {
				return nil, "got " + describe(v)
			}
			return b, ""
		},
		parse: func(text string) (any, string) {
			switch strings.ToLower(strings.TrimSpace(text)) {
			case "true":
				return true, ""
			case "false":
				return false, ""
			}
			return nil, fmt.Sprintf("%q is not true or false", truncate(text))
		},
		recognise: func(c string) bool { l := strings.ToLower(c); return l == "true" || l == "false" },
		encode: func(v any) (string, float64, bool) {
			b, ok := v.(bool)
			return strconv.FormatBool(b), 0, ok
		},
		decode: func(key string, _ float64) any { return key == "true" }},
	{Type: AttrDate, Dated: true, StoredAsText: true, XML: "string", XMLNames: []string{"date"}, InferOrder: 3,
		normalize: func(v any) (any, string) {
			s, ok := v.(string)
			if !ok {
				return nil, "got " + describe(v) + ", want a \"YYYY-MM-DD\" string"
			}
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return nil, fmt.Sprintf("%q is not an ISO date (YYYY-MM-DD)", truncate(s))
			}
			return t.Format(time.DateOnly), ""
		},
		recognise: func(c string) bool { _, err := time.Parse(time.DateOnly, c); return err == nil },
		encode: func(v any) (string, float64, bool) {
			if s, ok := v.(string); ok {
				if t, err := time.Parse(time.DateOnly, s); err == nil {
					return "", float64(DayOf(t)), true
				}
			}
			return "", 0, false
		},
		decode: func(_ string, num float64) any { return time.Unix(int64(num)*86400, 0).UTC().Format(time.DateOnly) }},
}

// AttributeTypes returns the types table, in the order of the GraphQL enum.
func AttributeTypes() []AttributeTypeInfo {
	return append([]AttributeTypeInfo(nil), attributeTypes...)
}

// Info returns t's entry in the types table (STRING's for an unknown type: values are taken
// as text).
func (t AttributeType) Info() AttributeTypeInfo {
	for _, x := range attributeTypes {
		if x.Type == t {
			return x
		}
	}
	return attributeTypes[0]
}

// Valid reports whether t is a known type.
func (t AttributeType) Valid() bool {
	for _, x := range attributeTypes {
		if x.Type == t {
			return true
		}
	}
	return false
}

// Categorical reports whether values of t form groups (STRING, BOOLEAN).
func (t AttributeType) Categorical() bool { return t.Info().Categorical }

// typeNames lists the types for error messages: "STRING, NUMBER, BOOLEAN or DATE".
func typeNames() string {
	names := make([]string, len(attributeTypes))
	for i, x := range attributeTypes {
		names[i] = string(x.Type)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// NormalizeAttribute checks that v fits d's type and returns its canonical form.
func NormalizeAttribute(d AttributeDefinition, v any) (any, error) {
	nv, why := d.Type.Info().normalize(v)
	if why != "" {
		return nil, FieldErrorf("attributes", EINVALID, "attribute %q is %s: %s", d.Name, d.Type, why)
	}
	return nv, nil
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", truncate(x))
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case float64, float32, int, int32, int64, json.Number:
		return fmt.Sprintf("the number %v", x)
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("a %T", v)
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ParseAttribute parses a text cell (CSV, GraphML, GEXF) as a value of d's type. Empty text
// is no value (nil, nil).
func ParseAttribute(d AttributeDefinition, text string) (any, error) {
	if text == "" {
		return nil, nil
	}
	info := d.Type.Info()
	if info.parse == nil { // the text is the value
		return NormalizeAttribute(d, text)
	}
	v, why := info.parse(text)
	if why != "" {
		return nil, FieldErrorf("attributes", EINVALID, "attribute %q is %s: %s", d.Name, d.Type, why)
	}
	return NormalizeAttribute(d, v)
}

// InferAttributeType is the type of a column of text cells: the first type by InferOrder
// (NUMBER, BOOLEAN, DATE) that every non-empty cell reads as, STRING otherwise (and for a
// column without values).
func InferAttributeType(cells []string) AttributeType {
	best, bestOrder := AttrString, 0
	for _, x := range attributeTypes {
		if x.recognise == nil || (bestOrder != 0 && x.InferOrder >= bestOrder) {
			continue
		}
		all, seen := true, false
		for _, c := range cells {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			seen = true
			if !x.recognise(c) {
				all = false
				break
			}
		}
		if seen && all {
			best, bestOrder = x.Type, x.InferOrder
		}
	}
	return best
}

// FormatAttribute writes a value as text cells carry it (the inverse of ParseAttribute):
// numbers in the shortest form that parses back exactly.
func FormatAttribute(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return fmt.Sprint(v)
}
