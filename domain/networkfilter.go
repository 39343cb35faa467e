package domain

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Direction selects the network view analytics run on.
type Direction string

// Network views (design.md "Network views").
const (
	Undirected Direction = "UNDIRECTED"
	Directed   Direction = "DIRECTED"
)

// NetworkFilter selects the slice of the network an analysis runs on, and the view of it.
//
// Actors are kept when they match every non-empty actor field (Sectors, Regions, ActorTypes;
// OR within a field). Partnerships are kept when both endpoints are kept, their type is among
// PartnershipTypes (when given), weight ≥ MinWeight (when given), and they are active in time:
// on AsOf (since ≤ asOf ≤ until), or at some point of the From–To window (since ≤ to and
// until ≥ from); an unknown since or until is an open bound. With IncludeProjectTies, every
// two kept actors that participate in the same active project are also tied, mutually, with
// weight 1 per shared project (partnership types and MinWeight do not apply to these ties).
type NetworkFilter struct {
	Sectors            []string
	Regions            []string
	ActorTypes         []string
	PartnershipTypes   []string
	AsOf               *time.Time
	From               *time.Time
	To                 *time.Time
	MinWeight          *float64
	Direction          Direction
	Weighted           bool
	IncludeProjectTies bool
}

// Validate checks the filter on its own terms; whether its sectors exist is checked by the
// analytics service against the stored sectors.
func (f *NetworkFilter) Validate() error {
	for _, l := range []struct {
		name   string
		values []string
	}{{"sectors", f.Sectors}, {"regions", f.Regions}, {"actorTypes", f.ActorTypes}, {"partnershipTypes", f.PartnershipTypes}} {
		if len(l.values) > MaxFilterValues {
			return FieldErrorf("network."+l.name, EINVALID, "network filter %s has %d values; the limit is %d", l.name, len(l.values), MaxFilterValues)
		}
	}
	if f.AsOf != nil && (f.From != nil || f.To != nil) {
		return FieldErrorf("network.asOf", EINVALID, "give either asOf or a from–to window, not both")
	}
	if f.From != nil && f.To != nil && f.From.After(*f.To) {
		return FieldErrorf("network.from", EINVALID, "from (%s) is after to (%s)", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly))
	}
	if f.MinWeight != nil && (math.IsNaN(*f.MinWeight) || math.IsInf(*f.MinWeight, 0) || *f.MinWeight < 0) {
		return FieldErrorf("network.minWeight", EINVALID, "minWeight must be a finite number ≥ 0, got %v", *f.MinWeight)
	}
	switch f.Direction {
	case "":
		f.Direction = Undirected
	case Undirected, Directed:
	default:
		return FieldErrorf("network.direction", EINVALID, "direction must be UNDIRECTED or DIRECTED, got %q", f.Direction)
	}
	return nil
}

// SliceKey identifies the data the filter selects, independent of the view (direction,
// weighted) and of the order of list values: two filters with the same key load the same
// snapshot.
func (f NetworkFilter) SliceKey() string {
	list := func(l []string) string {
		s := slices.Clone(l)
		slices.Sort(s)
		s = slices.Compact(s)
		return strings.Join(s, "\x1f")
	}
	date := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	mw := ""
	if f.MinWeight != nil {
		mw = fmt.Sprint(*f.MinWeight)
	}
	return strings.Join([]string{list(f.Sectors), list(f.Regions), list(f.ActorTypes), list(f.PartnershipTypes),
		date(f.AsOf), date(f.From), date(f.To), mw, fmt.Sprint(f.IncludeProjectTies)}, "\x1e")
}

// Projection is the filtered network as loaded from the store: the kept actors' ids (sorted)
// with the attributes analytics group by, and the ties between them, as indices into
// ActorIDs.
type Projection struct {
	Version  int64
	ActorIDs []string
	Sectors  []string // by actor, aligned with ActorIDs
	Regions  []string
	Types    []string
	Kinds    []string
	Ties     []ProjectedTie
}

// ActorAttribute is an actor attribute that group-based measures group by.
type ActorAttribute string

// Grouping attributes.
const (
	BySector ActorAttribute = "SECTOR"
	ByRegion ActorAttribute = "REGION"
	ByType   ActorAttribute = "TYPE"
	ByKind   ActorAttribute = "KIND"
)

// Valid reports whether a is a known attribute.
func (a ActorAttribute) Valid() bool {
	return a == BySector || a == ByRegion || a == ByType || a == ByKind
}

// ProjectedTie is one partnership (or project co-participation) in a Projection.
type ProjectedTie struct {
	U, V     int32
	W        float64
	Directed bool
}
