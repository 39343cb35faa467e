package domain_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"stakegraph/domain"
)

func TestCursorRoundTrip(t *testing.T) {
	c := domain.Cursor{Key: "Perm Steel", ID: "a-1"}
	got, err := domain.DecodeCursor(c.Encode())
	if err != nil || got != c {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	for _, bad := range []string{"x", "e30", "!!!"} {
		if _, err := domain.DecodeCursor(bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("DecodeCursor(%q) code %q, want %s", bad, domain.ErrorCode(err), domain.EINVALID)
		}
	}
}

func TestPartnershipInputValidate(t *testing.T) {
	w := func(v float64) *float64 { return &v }
	d := func(y int) *time.Time { t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); return &t }
	cases := []struct {
		name  string
		in    domain.PartnershipInput
		field string
	}{
		{"OK", domain.PartnershipInput{Source: "a", Target: "b"}, ""},
		{"ErrSelf", domain.PartnershipInput{Source: "a", Target: "a"}, "target"},
		{"ErrZeroWeight", domain.PartnershipInput{Source: "a", Target: "b", Weight: w(0)}, "weight"},
		{"ErrNaNWeight", domain.PartnershipInput{Source: "a", Target: "b", Weight: w(math.NaN())}, "weight"},
		{"ErrInfWeight", domain.PartnershipInput{Source: "a", Target: "b", Weight: w(math.Inf(1))}, "weight"},
		{"ErrPeriod", domain.PartnershipInput{Source: "a", Target: "b", Since: d(2016), Until: d(2015)}, "until"},
		{"ErrLongCitation", domain.PartnershipInput{Source: "a", Target: "b", Citations: []string{strings.Repeat("c", domain.MaxCitationLen+1)}}, "citations"},
		{"ErrBadID", domain.PartnershipInput{ID: "has space", Source: "a", Target: "b"}, "id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.in.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if *tc.in.Weight != 1 || tc.in.Type != domain.DefaultPartnershipType {
					t.Errorf("defaults not applied: %+v", tc.in)
				}
				return
			}
			e, ok := err.(*domain.Error)
			if !ok || e.Code != domain.EINVALID || e.Field != tc.field {
				t.Errorf("error %v, want %s on field %s", err, domain.EINVALID, tc.field)
			}
		})
	}
}

func TestPageSize(t *testing.T) {
	for first, ok := range map[int]bool{0: false, 1: true, 500: true, 501: false, -3: false} {
		if err := domain.ValidatePageSize(first); (err == nil) != ok {
			t.Errorf("ValidatePageSize(%d) = %v", first, err)
		}
	}
}

func TestErrorMessageHidesInternals(t *testing.T) {
	err := errorsNew("neo4j: connection refused at 10.0.0.1")
	if domain.ErrorMessage(err) != "internal error" || domain.ErrorCode(err) != domain.EINTERNAL {
		t.Errorf("internal error leaks: %q", domain.ErrorMessage(err))
	}
}

type plainError string

func (e plainError) Error() string { return string(e) }

func errorsNew(s string) error { return plainError(s) }
