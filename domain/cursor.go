package domain

import (
	"encoding/base64"
	"encoding/json"
)

// Cursor is the position of an item in a keyset-ordered list: the sort key's value and the id
// that breaks ties. Clients see it as an opaque base64 string.
type Cursor struct {
	Key string `json:"k,omitempty"`
	ID  string `json:"i"`
}

// Encode returns the opaque form of c.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor parses an opaque cursor; an empty string is the start of the list.
func DecodeCursor(s string) (Cursor, error) {
	var c Cursor
	if s == "" {
		return c, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID == "" {
		return Cursor{}, FieldErrorf("after", EINVALID, "after is not a cursor this API returned")
	}
	return c, nil
}
