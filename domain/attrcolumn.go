package domain

import (
	"math"
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

// NewAttrColumn returns a column of n rows without values: codes for a categorical type,
// numbers otherwise (the types table's Categorical).
func NewAttrColumn(d AttributeDefinition, n int) *AttrColumn {
	c := &AttrColumn{Def: d}
	info := d.Type.Info()
	if !info.Categorical {
		c.Nums = make([]float64, n)
		for i := range c.Nums {
			c.Nums[i] = math.NaN()
		}
		return c
	}
	c.Codes = make([]int32, n)
	for i := range c.Codes {
		c.Codes[i] = -1
	}
	c.Dict = append([]string(nil), info.Dict...)
	c.index = map[string]int32{}
	for i, x := range c.Dict {
		c.index[x] = int32(i)
	}
	return c
}

// Set stores row i's value as the store returns it (a string, number or boolean); values that
// do not fit the type are left out.
func (c *AttrColumn) Set(i int, v any) {
	if v == nil {
		return
	}
	key, num, ok := c.Def.Type.Info().encode(v)
	switch {
	case !ok:
	case c.Codes == nil:
		c.Nums[i] = num
	default:
		k, ok := c.index[key]
		if !ok {
			k = int32(len(c.Dict))
			c.Dict = append(c.Dict, key)
			c.index[key] = k
		}
		c.Codes[i] = k
	}
}

// Value returns row i's canonical value (as Attributes hold it), nil when it has none.
func (c *AttrColumn) Value(i int) any {
	decode := c.Def.Type.Info().decode
	if c.Codes == nil {
		if f := c.Nums[i]; !math.IsNaN(f) {
			return decode("", f)
		}
		return nil
	}
	if k := c.Codes[i]; k >= 0 {
		return decode(c.Dict[k], 0)
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
	if c.Nums == nil || !c.Def.Type.Info().Numeric {
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
