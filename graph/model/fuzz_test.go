package model_test

import (
	"bytes"
	"testing"
	"time"

	"stakegraph/graph/model"
)

// FuzzDate: any value unmarshals to a date or an error, and a date marshals to what
// unmarshals to itself.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"2016-12-21", "21.12.2016", "2016-02-30", "", "0000-01-01", "9999-12-31", "2016-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := model.UnmarshalDate(s)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		model.MarshalDate(d).MarshalGQL(&buf)
		again, err := model.UnmarshalDate(s[:0] + d.Format(time.DateOnly))
		if err != nil || !again.Equal(d) || buf.String() != `"`+d.Format(time.DateOnly)+`"` {
			t.Fatalf("round trip of %q: %v %v %s", s, again, err, buf.String())
		}
	})
}
