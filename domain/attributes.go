package domain

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A researcher's own variables: typed attributes on actors and partnerships, defined once
// per target (AttributeDefinition) and checked on every write.

// AttributeType is the type every value of an attribute has.
type AttributeType string

// Attribute types.
const (
	AttrString  AttributeType = "STRING"
	AttrNumber  AttributeType = "NUMBER"
	AttrBoolean AttributeType = "BOOLEAN"
	AttrDate    AttributeType = "DATE"
)

// Valid reports whether t is a known type.
func (t AttributeType) Valid() bool {
	return t == AttrString || t == AttrNumber || t == AttrBoolean || t == AttrDate
}

// Categorical reports whether values of t form groups (STRING, BOOLEAN).
func (t AttributeType) Categorical() bool { return t == AttrString || t == AttrBoolean }

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
	MaxAttributes          = 200       // definitions per target
	MaxAttributeValueBytes = 10 * 1024 // bytes of one STRING value
	MaxAttributeConditions = 20        // conditions in one filter
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
		return FieldErrorf("type", EINVALID, "type must be STRING, NUMBER, BOOLEAN or DATE, got %q", d.Type)
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

// NormalizeAttribute checks that v fits d's type and returns its canonical form.
func NormalizeAttribute(d AttributeDefinition, v any) (any, error) {
	bad := func(why string) error {
		return FieldErrorf("attributes", EINVALID, "attribute %q is %s: %s", d.Name, d.Type, why)
	}
	switch d.Type {
	case AttrNumber:
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
				return nil, bad(fmt.Sprintf("%q is not a number", string(x)))
			}
		default:
			return nil, bad(fmt.Sprintf("got %s", describe(v)))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, bad("the value must be a finite number")
		}
		return f, nil
	case AttrBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, bad(fmt.Sprintf("got %s", describe(v)))
		}
		return b, nil
	case AttrDate:
		s, ok := v.(string)
		if !ok {
			return nil, bad(fmt.Sprintf("got %s, want a \"YYYY-MM-DD\" string", describe(v)))
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, bad(fmt.Sprintf("%q is not an ISO date (YYYY-MM-DD)", truncate(s)))
		}
		return t.Format(time.DateOnly), nil
	default:
		s, ok := v.(string)
		if !ok {
			return nil, bad(fmt.Sprintf("got %s", describe(v)))
		}
		if len(s) > MaxAttributeValueBytes {
			return nil, bad(fmt.Sprintf("the value is %d bytes; the limit is %d", len(s), MaxAttributeValueBytes))
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return nil, bad("the value is not valid text")
		}
		return s, nil
	}
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
	switch d.Type {
	case AttrNumber:
		f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return nil, FieldErrorf("attributes", EINVALID, "attribute %q is NUMBER: %q is not a number", d.Name, truncate(text))
		}
		return NormalizeAttribute(d, f)
	case AttrBoolean:
		switch strings.ToLower(strings.TrimSpace(text)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, FieldErrorf("attributes", EINVALID, "attribute %q is BOOLEAN: %q is not true or false", d.Name, truncate(text))
	}
	return NormalizeAttribute(d, text)
}

// InferAttributeType is the type of a column of text cells: NUMBER when every non-empty cell
// parses as a number, BOOLEAN when every one is true or false, DATE when every one is an ISO
// date, STRING otherwise (and for a column without values).
func InferAttributeType(cells []string) AttributeType {
	num, boolean, date, seen := true, true, true, false
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		seen = true
		if f, err := strconv.ParseFloat(c, 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			num = false
		}
		if l := strings.ToLower(c); l != "true" && l != "false" {
			boolean = false
		}
		if _, err := time.Parse(time.DateOnly, c); err != nil {
			date = false
		}
	}
	switch {
	case !seen:
		return AttrString
	case num:
		return AttrNumber
	case boolean:
		return AttrBoolean
	case date:
		return AttrDate
	}
	return AttrString
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

// AttributeCondition selects actors or partnerships by an attribute: every given part must
// hold (Equals is OR over its values; Min/Max bound a NUMBER inclusively; After/Before bound a
// DATE strictly; Exists says whether a value must be present or absent). A condition with
// any bound or Equals requires a value.
type AttributeCondition struct {
	Name          string
	Equals        []string
	Min, Max      *float64
	After, Before *time.Time
	Exists        *bool
	// Type is the attribute's type, filled in by CheckConditions: the store and the
	// matchers read values by it.
	Type AttributeType
}

// CheckConditions validates conditions against a schema and fills in their types. field is
// the filter's path ("network.actorAttributes").
func CheckConditions(field string, conds []AttributeCondition, s AttributeSchema, target AttributeTarget) error {
	if len(conds) > MaxAttributeConditions {
		return FieldErrorf(field, EINVALID, "%s has %d conditions; the limit is %d", field, len(conds), MaxAttributeConditions)
	}
	for i, c := range conds {
		d, err := s.Lookup(field, c.Name, target)
		if err != nil {
			return err
		}
		conds[i].Type = d.Type
		if err := validateValues(field+".equals", c.Equals); err != nil {
			return err
		}
		for _, e := range c.Equals {
			if _, err := ParseAttribute(d, e); err != nil && e != "" {
				return FieldErrorf(field, EINVALID, "condition on %q: %s", c.Name, ErrorMessage(err))
			}
		}
		if (c.Min != nil || c.Max != nil) && d.Type != AttrNumber {
			return FieldErrorf(field, EINVALID, "condition on %q: min and max apply to NUMBER attributes; %q is %s", c.Name, c.Name, d.Type)
		}
		for _, b := range []*float64{c.Min, c.Max} {
			if b != nil && (math.IsNaN(*b) || math.IsInf(*b, 0)) {
				return FieldErrorf(field, EINVALID, "condition on %q: min and max must be finite numbers", c.Name)
			}
		}
		if (c.After != nil || c.Before != nil) && d.Type != AttrDate {
			return FieldErrorf(field, EINVALID, "condition on %q: after and before apply to DATE attributes; %q is %s", c.Name, c.Name, d.Type)
		}
	}
	return nil
}

// AttributeMatcher tests values against conditions (compiled once per filter).
type AttributeMatcher struct {
	conds []compiledCondition
}

type compiledCondition struct {
	name          string
	typ           AttributeType
	equals        []any // canonical values
	hasEquals     bool
	min, max      float64
	after, before string
	exists        *bool
}

// MatcherOf compiles conditions checked with CheckConditions (an unchecked condition's
// values are taken as STRING).
func MatcherOf(conds []AttributeCondition) *AttributeMatcher {
	if len(conds) == 0 {
		return nil
	}
	m := &AttributeMatcher{}
	for _, c := range conds {
		d := AttributeDefinition{Name: c.Name, Type: cmp.Or(c.Type, AttrString)}
		cc := compiledCondition{name: c.Name, typ: d.Type, min: math.Inf(-1), max: math.Inf(1), exists: c.Exists}
		if len(c.Equals) > 0 {
			cc.hasEquals = true
			for _, e := range c.Equals {
				if v, err := ParseAttribute(d, e); err == nil && v != nil {
					cc.equals = append(cc.equals, v)
				}
			}
		}
		if c.Min != nil {
			cc.min = *c.Min
		}
		if c.Max != nil {
			cc.max = *c.Max
		}
		if c.After != nil {
			cc.after = c.After.Format(time.DateOnly)
		}
		if c.Before != nil {
			cc.before = c.Before.Format(time.DateOnly)
		}
		m.conds = append(m.conds, cc)
	}
	return m
}

// Names are the attributes the conditions read, in order.
func (m *AttributeMatcher) Names() []string {
	if m == nil {
		return nil
	}
	out := make([]string, len(m.conds))
	for i, c := range m.conds {
		out[i] = c.name
	}
	return out
}

// Match reports whether the values (value(name) returns an attribute's canonical value, nil
// when absent) meet every condition.
func (m *AttributeMatcher) Match(value func(name string) any) bool {
	if m == nil {
		return true
	}
	for _, c := range m.conds {
		if !c.match(value(c.name)) {
			return false
		}
	}
	return true
}

func (c *compiledCondition) requiresValue() bool {
	return c.hasEquals || !math.IsInf(c.min, -1) || !math.IsInf(c.max, 1) || c.after != "" || c.before != ""
}

func (c *compiledCondition) match(v any) bool {
	if v == nil {
		return !c.requiresValue() && (c.exists == nil || !*c.exists)
	}
	if c.exists != nil && !*c.exists {
		return false
	}
	if c.hasEquals && !slices.Contains(c.equals, v) {
		return false
	}
	if f, ok := v.(float64); ok && (f < c.min || f > c.max) {
		return false
	}
	if s, ok := v.(string); ok && c.typ == AttrDate {
		if (c.after != "" && s <= c.after) || (c.before != "" && s >= c.before) {
			return false
		}
	}
	return true
}

// ConditionsKey identifies the conditions independent of their order, for slice keys.
func ConditionsKey(conds []AttributeCondition) string {
	parts := make([]string, len(conds))
	for i, c := range conds {
		eq := slices.Clone(c.Equals)
		slices.Sort(eq)
		f := func(p *float64) string {
			if p == nil {
				return ""
			}
			return strconv.FormatFloat(*p, 'g', -1, 64)
		}
		d := func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return t.Format(time.DateOnly)
		}
		e := ""
		if c.Exists != nil {
			e = strconv.FormatBool(*c.Exists)
		}
		parts[i] = strings.Join([]string{c.Name, strings.Join(eq, "\x1d"), f(c.Min), f(c.Max), d(c.After), d(c.Before), e}, "\x1c")
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x1b")
}

// ValueCount is a distinct attribute value and how many actors or partnerships have it.
type ValueCount struct {
	Value string
	Count int
}
