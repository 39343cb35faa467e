package formats_test

import (
	"testing"

	"stakegraph/formats"
)

// TestCSVCellsAreSafeAndLossless: cells a spreadsheet would run are neutralised, and reading
// them back gives every original value.
func TestCSVCellsAreSafeAndLossless(t *testing.T) {
	for _, s := range []string{"", "plain", "=HYPERLINK(\"http://x\")", "+1", "-5", "@SUM(A1)", "\tx", "\rx", "'", "'=x", "''=x", "'plain", "a=b"} {
		q := formats.QuoteCell(s)
		if q != "" && (q[0] == '=' || q[0] == '+' || q[0] == '-' || q[0] == '@' || q[0] == '\t' || q[0] == '\r') {
			t.Errorf("QuoteCell(%q) = %q still starts a formula", s, q)
		}
		if back := formats.UnquoteCell(q); back != s {
			t.Errorf("round trip of %q: %q → %q", s, q, back)
		}
	}
}

// FuzzCSVCell: QuoteCell never leaves a formula start and UnquoteCell always restores.
func FuzzCSVCell(f *testing.F) {
	for _, s := range []string{"=1+1", "'=1", "''", "-", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := formats.QuoteCell(s)
		if q != "" && (q[0] == '=' || q[0] == '+' || q[0] == '-' || q[0] == '@' || q[0] == '\t' || q[0] == '\r') {
			t.Fatalf("QuoteCell(%q) = %q", s, q)
		}
		if formats.UnquoteCell(q) != s {
			t.Fatalf("round trip of %q", s)
		}
	})
}
