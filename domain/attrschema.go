package domain

import (
	"slices"
	"sort"
	"strings"
)

// A researcher's own variables: typed attributes on actors and partnerships, defined once
// per target (AttributeDefinition) and checked on every write. This file holds the
// definitions and the schema they form; attrvalues.go the types and their values;
// attrconditions.go the conditions filters put on them.

// AttributeTarget is what an attribute describes.
type AttributeTarget string

// Attribute targets.
const (
	TargetActor       AttributeTarget = "ACTOR"
	TargetPartnership AttributeTarget = "PARTNERSHIP"
)

// Valid reports whether t is a known target.
func (t AttributeTarget) Valid() bool { return t == TargetActor || t == TargetPartnership }

// Limits on attributes.
const (
	MaxAttributes = 200 // definitions per target
	// MaxAttributeValueBytes bounds one STRING value in UTF-8 bytes: values are indexed, and
	// Neo4j's range index refuses keys over about 8 KB (measured: 8,164 bytes of ASCII text,
	// 8,167 of 4-byte characters), so every value the API accepts is one Neo4j can index.
	MaxAttributeValueBytes = 8000
	MaxAttributeConditions = 20 // conditions in one filter
)

// AttributeDefinition declares an attribute: its name (unique per target), its type, and how
// to show it.
type AttributeDefinition struct {
	Name        string
	Target      AttributeTarget
	Type        AttributeType
	Label       string
	Description string
}

// Attributes are an actor's or partnership's values by attribute name: string (STRING), float64
// (NUMBER), bool (BOOLEAN) or an ISO date string "YYYY-MM-DD" (DATE). In an update, a nil value
// deletes the attribute.
type Attributes map[string]any

// builtInNames are the fields of actors and partnerships that attributes may not shadow
// (every file format writes them beside the attributes); compared ignoring case.
var builtInNames = []string{"id", "name", "sector", "kind", "type", "region", "description", "tags",
	"createdat", "updatedat", "createdby", "updatedby", "source", "target", "weight", "directed", "since",
	"until", "citations", "project", "projectid", "attributes", "partnerships", "partners", "projects"}

// ValidateAttributeName checks an attribute name: the id rules, and not a built-in field.
func ValidateAttributeName(field, name string) error {
	if err := ValidateID(field, name); err != nil {
		return err
	}
	if slices.Contains(builtInNames, strings.ToLower(name)) {
		return FieldErrorf(field, EINVALID, "attribute name %q is a built-in field; choose another name", name)
	}
	return nil
}

// Validate checks a definition on its own terms.
func (d *AttributeDefinition) Validate() error {
	if err := ValidateAttributeName("name", d.Name); err != nil {
		return err
	}
	if !d.Target.Valid() {
		return FieldErrorf("target", EINVALID, "target must be ACTOR or PARTNERSHIP, got %q", d.Target)
	}
	if !d.Type.Valid() {
		return FieldErrorf("type", EINVALID, "type must be %s, got %q", typeNames(), d.Type)
	}
	if err := validateText("label", d.Label, MaxLabelLen, false); err != nil {
		return err
	}
	return validateText("description", d.Description, MaxDescriptionLen, false)
}

// ValidateAttributeText checks a definition's new label and description (nil: unchanged).
func ValidateAttributeText(label, description *string) error {
	if label != nil {
		if err := validateText("label", *label, MaxLabelLen, false); err != nil {
			return err
		}
	}
	if description != nil {
		return validateText("description", *description, MaxDescriptionLen, false)
	}
	return nil
}

// AttributeSchema is the attributes defined for one target, by name.
type AttributeSchema map[string]AttributeDefinition

// SchemaOf returns the definitions of target among defs.
func SchemaOf(defs []AttributeDefinition, target AttributeTarget) AttributeSchema {
	s := AttributeSchema{}
	for _, d := range defs {
		if d.Target == target {
			s[d.Name] = d
		}
	}
	return s
}

// names lists the defined names, sorted, for error messages.
func (s AttributeSchema) names() string {
	if len(s) == 0 {
		return "none are defined"
	}
	n := make([]string, 0, len(s))
	for k := range s {
		n = append(n, k)
	}
	sort.Strings(n)
	if len(n) > 20 {
		n = append(n[:20], "…")
	}
	return "defined: " + strings.Join(n, ", ")
}

// Lookup returns the definition of name. Errors: EINVALID naming the defined attributes.
func (s AttributeSchema) Lookup(field, name string, target AttributeTarget) (AttributeDefinition, error) {
	d, ok := s[name]
	if !ok {
		return d, FieldErrorf(field, EINVALID, "unknown %s attribute %q (%s)", strings.ToLower(string(target)), name, s.names())
	}
	return d, nil
}

// Check validates values against the schema and returns them normalised (numbers as
// float64, dates as "YYYY-MM-DD"). With allowNull a nil value stays (an update deleting the
// attribute); otherwise it is dropped. Errors: EINVALID naming the attribute and the defined
// ones.
func (s AttributeSchema) Check(values Attributes, target AttributeTarget, allowNull bool) (Attributes, error) {
	if len(values) == 0 {
		return nil, nil
	}
	if len(values) > MaxAttributes {
		return nil, FieldErrorf("attributes", EINVALID, "attributes has %d entries; the limit is %d", len(values), MaxAttributes)
	}
	out := make(Attributes, len(values))
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names) // the first bad value in name order: the same error every time
	for _, name := range names {
		v := values[name]
		d, err := s.Lookup("attributes", name, target)
		if err != nil {
			return nil, err
		}
		if v == nil {
			if allowNull {
				out[name] = nil
			}
			continue
		}
		nv, err := NormalizeAttribute(d, v)
		if err != nil {
			return nil, err
		}
		out[name] = nv
	}
	return out, nil
}
