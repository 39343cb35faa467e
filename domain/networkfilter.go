package domain

import (
	"fmt"
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
// Actors are kept when they match every non-empty actor field (Sectors, Regions, ActorTypes,
// Kinds, Tags, Search — the fields of ActorFilter; OR within a field). Partnerships are kept
// when both endpoints are kept, their type is among PartnershipTypes (when given), weight ≥
// MinWeight (when given), and they are active in time: on AsOf (since ≤ asOf ≤ until), or at
// some point of the From–To window (since ≤ to and until ≥ from); an unknown since or until is
// an open bound. With Window (days, with AsOf), a partnership counts when it is active at some
// time in (asOf − window, asOf]: since ≤ asOf and until > asOf − window. With IncludeProjectTies, every two kept actors that participate in the same
// active project are also tied, mutually, with weight 1 per shared project (partnership types
// and MinWeight do not apply to these ties).
type NetworkFilter struct {
	Sectors            []string
	Regions            []string
	ActorTypes         []string
	Kinds              []ActorKind
	Tags               []string
	Search             string // case-insensitive substring of the actor's name
	PartnershipTypes   []string
	AsOf               *time.Time
	Window             *int // days before AsOf (see above); needs AsOf
	From               *time.Time
	To                 *time.Time
	MinWeight          *float64
	Direction          Direction
	Weighted           bool
	IncludeProjectTies bool
	// ActorAttributes and TieAttributes select actors and partnerships by their attributes
	// (every condition must hold). WeightAttribute names a NUMBER partnership attribute whose
	// value is the tie's weight in the slice; ties without a value of at least MinWeight are
	// left out of the slice (and MinWeight, when given, applies to that value).
	ActorAttributes []AttributeCondition
	TieAttributes   []AttributeCondition
	WeightAttribute string
	// Overlay is a hypothetical change (whatIf): never from a client's filter, set by the
	// analytics' callers; nil for the stored network.
	Overlay *Overlay
}

// Validate checks the filter on its own terms; whether its sectors exist is checked by the
// analytics service against the stored sectors.
func (f *NetworkFilter) Validate() error {
	if err := validateActorFields("network.", f.Selector(), "actorTypes"); err != nil {
		return err
	}
	if err := validateValues("network.partnershipTypes", f.PartnershipTypes); err != nil {
		return err
	}
	if err := validateTimeAndWeight("network.", f.AsOf, f.From, f.To, f.MinWeight); err != nil {
		return err
	}
	if err := validateWindow("network.", f.AsOf, f.Window); err != nil {
		return err
	}
	if len(f.TieAttributes) > MaxAttributeConditions {
		return FieldErrorf("network.tieAttributes", EINVALID, "network.tieAttributes has %d conditions; the limit is %d", len(f.TieAttributes), MaxAttributeConditions)
	}
	if f.WeightAttribute != "" {
		if err := ValidateID("network.weightAttribute", f.WeightAttribute); err != nil {
			return err
		}
	}
	if f.Overlay != nil {
		if err := f.Overlay.Validate(); err != nil {
			return err
		}
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

// CheckAttributes checks the filter's attribute conditions and weight attribute against the
// definitions and fills in the conditions' types. Errors: EINVALID naming the attribute and
// the defined ones.
func (f *NetworkFilter) CheckAttributes(defs []AttributeDefinition) error {
	tie := SchemaOf(defs, TargetPartnership)
	if err := CheckConditions("network.actorAttributes", f.ActorAttributes, SchemaOf(defs, TargetActor), TargetActor); err != nil {
		return err
	}
	if err := CheckConditions("network.tieAttributes", f.TieAttributes, tie, TargetPartnership); err != nil {
		return err
	}
	if f.WeightAttribute != "" {
		d, err := tie.Lookup("network.weightAttribute", f.WeightAttribute, TargetPartnership)
		if err != nil {
			return err
		}
		if d.Type != AttrNumber {
			return FieldErrorf("network.weightAttribute", EINVALID, "weightAttribute %q is %s; it must be a NUMBER partnership attribute", d.Name, d.Type)
		}
	}
	return nil
}

// SliceKey identifies the data the filter selects, independent of the view (direction,
// weighted) and of the order of list values: two filters with the same key load the same
// snapshot.
func (f NetworkFilter) SliceKey() string {
	if len(f.Sectors)+len(f.Regions)+len(f.ActorTypes)+len(f.Kinds)+len(f.Tags)+len(f.PartnershipTypes) == 0 &&
		f.Search == "" && f.AsOf == nil && f.Window == nil && f.From == nil && f.To == nil && f.MinWeight == nil && !f.IncludeProjectTies &&
		len(f.ActorAttributes)+len(f.TieAttributes) == 0 && f.WeightAttribute == "" && f.Overlay == nil {
		return "all" // the whole network: the common case, on hot paths
	}
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
	window := ""
	if f.Window != nil {
		window = fmt.Sprint(*f.Window)
	}
	kinds := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		kinds[i] = string(k)
	}
	return strings.Join([]string{list(f.Sectors), list(f.Regions), list(f.ActorTypes), list(kinds), list(f.Tags),
		strings.ToLower(f.Search), list(f.PartnershipTypes), date(f.AsOf) + "/" + window, date(f.From), date(f.To), mw,
		fmt.Sprint(f.IncludeProjectTies), ConditionsKey(f.ActorAttributes), ConditionsKey(f.TieAttributes), f.WeightAttribute, overlayKey(f.Overlay)}, "\x1e")
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

// GroupByAttribute is the grouping by an actor attribute of the user's own (a STRING or
// BOOLEAN AttributeDefinition): its values are the groups.
func GroupByAttribute(name string) ActorAttribute { return ActorAttribute("@" + name) }

// AttributeName is the attribute a GroupByAttribute grouping groups by.
func (a ActorAttribute) AttributeName() (string, bool) {
	return strings.CutPrefix(string(a), "@")
}

// Valid reports whether a is a known built-in attribute.
func (a ActorAttribute) Valid() bool {
	return a == BySector || a == ByRegion || a == ByType || a == ByKind
}

func overlayKey(o *Overlay) string {
	if o == nil {
		return ""
	}
	return o.Key()
}
