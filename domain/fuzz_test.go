package domain_test

import (
	"math"
	"testing"
	"time"

	"stakegraph/domain"
)

// FuzzDecodeCursor: any string decodes to a cursor or a BAD_USER_INPUT error, never a panic,
// and an encoded cursor decodes to itself.
func FuzzDecodeCursor(f *testing.F) {
	for _, s := range []string{"", "not-a-cursor", domain.Cursor{Key: "k", ID: "i"}.Encode(), "eyJpIjoiIn0", "%%%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := domain.DecodeCursor(s)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("code %s for %q", domain.ErrorCode(err), s)
			}
			return
		}
		if s != "" {
			if again, err := domain.DecodeCursor(c.Encode()); err != nil || again != c {
				t.Fatalf("round trip of %+v: %+v %v", c, again, err)
			}
		}
	})
}

// FuzzNetworkFilter: any combination of filter values validates to a filter or a
// BAD_USER_INPUT error naming a network field, never a panic; a valid filter has a direction
// and matches in memory without a panic.
func FuzzNetworkFilter(f *testing.F) {
	f.Add("government", "north", "charity", "t", "search", "grant", "2016-06-01", "", "", 2.0, "DIRECTED")
	f.Add("", "", "", "", "", "", "", "2014-01-01", "2013-01-01", -1.0, "SIDEWAYS")
	f.Add("", "", "", "", "\x00", "", "2016-02-30", "", "", math.NaN(), "")
	f.Fuzz(func(t *testing.T, sector, region, typ, tag, search, ptype, asOf, from, to string, minWeight float64, dir string) {
		date := func(s string) *time.Time {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return nil
			}
			return &d
		}
		nf := domain.NetworkFilter{Sectors: []string{sector}, Regions: []string{region}, ActorTypes: []string{typ}, Tags: []string{tag},
			Search: search, PartnershipTypes: []string{ptype}, AsOf: date(asOf), From: date(from), To: date(to), MinWeight: &minWeight,
			Direction: domain.Direction(dir)}
		if err := nf.Validate(); err != nil {
			var de *domain.Error
			if domain.ErrorCode(err) != domain.EINVALID || !asError(err, &de) || de.Field == "" {
				t.Fatalf("error %v", err)
			}
			return
		}
		if nf.Direction == "" {
			t.Fatal("a valid filter without a direction")
		}
		m := nf.Matcher()
		_ = m.Actor(&domain.GraphActor{ID: "a", Name: search + "x", Sector: sector, Region: region, Type: typ, Tags: []string{tag}})
		_ = m.Active(domain.NoSince, domain.NoUntil)
		_ = nf.SliceKey()
	})
}

func asError(err error, target **domain.Error) bool {
	e, ok := err.(*domain.Error)
	*target = e
	return ok
}
