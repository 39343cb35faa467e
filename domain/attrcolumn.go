package domain

import (
	"math"
	"time"
)

// AttrColumn holds one attribute's values for every actor (or tie) of a GraphData, by row:
// dictionary codes for STRING and BOOLEAN values (4 bytes a row), numbers for NUMBER and day
// numbers for DATE values (8 bytes a row). A column per attribute, not a map per actor, keeps
// a snapshot's attributes compact and its filters and groupings cache-friendly.
type AttrColumn struct {
	Def   AttributeDefinition
	Codes []int32   // STRING, BOOLEAN: index into Dict, -1 when the row has no value
	Dict  []string  // STRING: the distinct values; BOOLEAN: "false", "true"
	Nums  []float64 // NUMBER: the value; DATE: days since 1970-01-01; NaN when no value
	index map[string]int32
}

// NewAttrColumn returns a column of n rows without values.
func NewAttrColumn(d AttributeDefinition, n int) *AttrColumn {
	c := &AttrColumn{Def: d}
	switch d.Type {
	case AttrNumber, AttrDate:
		c.Nums = make([]float64, n)
		for i := range c.Nums {
			c.Nums[i] = math.NaN()
		}
	default:
		c.Codes = make([]int32, n)
		for i := range c.Codes {
			c.Codes[i] = -1
		}
		if d.Type == AttrBoolean {
			c.Dict = []string{"false", "true"}
		}
		c.index = map[string]int32{}
		for i, x := range c.Dict {
			c.index[x] = int32(i)
		}
	}
	return c
}

// Set stores row i's value as the store returns it (a string, number or boolean); values that
// do not fit the type are left out.
func (c *AttrColumn) Set(i int, v any) {
	if v == nil {
		return
	}
	switch c.Def.Type {
	case AttrNumber:
		switch x := v.(type) {
		case float64:
			c.Nums[i] = x
		case int64:
			c.Nums[i] = float64(x)
		}
	case AttrDate:
		if s, ok := v.(string); ok {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				c.Nums[i] = float64(DayOf(t))
			}
		}
	case AttrBoolean:
		if b, ok := v.(bool); ok {
			c.Codes[i] = 0
			if b {
				c.Codes[i] = 1
			}
		}
	default:
		s, ok := v.(string)
		if !ok {
			return
		}
		k, ok := c.index[s]
		if !ok {
			k = int32(len(c.Dict))
			c.Dict = append(c.Dict, s)
			c.index[s] = k
		}
		c.Codes[i] = k
	}
}

// Value returns row i's canonical value (as Attributes hold it), nil when it has none.
func (c *AttrColumn) Value(i int) any {
	switch c.Def.Type {
	case AttrNumber:
		if f := c.Nums[i]; !math.IsNaN(f) {
			return f
		}
	case AttrDate:
		if f := c.Nums[i]; !math.IsNaN(f) {
			return time.Unix(int64(f)*86400, 0).UTC().Format(time.DateOnly)
		}
	case AttrBoolean:
		if k := c.Codes[i]; k >= 0 {
			return k == 1
		}
	default:
		if k := c.Codes[i]; k >= 0 {
			return c.Dict[k]
		}
	}
	return nil
}

// Key returns row i's value as a group key: the value as text, "" when it has none.
func (c *AttrColumn) Key(i int) string {
	if c.Codes != nil {
		if k := c.Codes[i]; k >= 0 {
			return c.Dict[k]
		}
		return ""
	}
	return FormatAttribute(c.Value(i))
}

// Number returns row i's NUMBER value and whether it has one.
func (c *AttrColumn) Number(i int) (float64, bool) {
	if c.Nums == nil || c.Def.Type != AttrNumber {
		return 0, false
	}
	f := c.Nums[i]
	return f, !math.IsNaN(f)
}

// Bytes is the column's memory: 4 bytes a row for codes, 8 for numbers, and the dictionary.
func (c *AttrColumn) Bytes() int64 {
	b := int64(cap(c.Codes))*4 + int64(cap(c.Nums))*8
	for _, s := range c.Dict {
		b += int64(len(s)) + 16 + 40 // the string, its header, its index entry
	}
	return b
}

// AttrColumns are a GraphData's columns for one target, in definition-name order.
type AttrColumns []*AttrColumn

// Get returns the column of an attribute, nil when it is not defined.
func (cs AttrColumns) Get(name string) *AttrColumn {
	for _, c := range cs {
		if c.Def.Name == name {
			return c
		}
	}
	return nil
}

// Schema returns the columns' definitions.
func (cs AttrColumns) Schema() AttributeSchema {
	s := make(AttributeSchema, len(cs))
	for _, c := range cs {
		s[c.Def.Name] = c.Def
	}
	return s
}

// Row returns a lookup of row i's values by name, for AttributeMatcher.Match.
func (cs AttrColumns) Row(i int) func(name string) any {
	return func(name string) any {
		if c := cs.Get(name); c != nil {
			return c.Value(i)
		}
		return nil
	}
}

// Bytes is the columns' memory.
func (cs AttrColumns) Bytes() int64 {
	var b int64
	for _, c := range cs {
		b += c.Bytes()
	}
	return b
}
