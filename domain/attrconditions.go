package domain

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

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
		if (c.Min != nil || c.Max != nil) && !d.Type.Info().Numeric {
			return FieldErrorf(field, EINVALID, "condition on %q: min and max apply to NUMBER attributes; %q is %s", c.Name, c.Name, d.Type)
		}
		for _, b := range []*float64{c.Min, c.Max} {
			if b != nil && (math.IsNaN(*b) || math.IsInf(*b, 0)) {
				return FieldErrorf(field, EINVALID, "condition on %q: min and max must be finite numbers", c.Name)
			}
		}
		if (c.After != nil || c.Before != nil) && !d.Type.Info().Dated {
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
	if s, ok := v.(string); ok && c.typ.Info().Dated {
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
