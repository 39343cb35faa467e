package domain

import (
	"math"
	"time"
)

// The three filters (ActorFilter, NetworkFilter, PartnershipFilter) share one vocabulary and
// these checks, so a field means and validates the same wherever it appears.

// ActorSelector is the actor conditions every filter that selects actors has (ActorFilter and
// NetworkFilter): an actor is selected when it matches every non-empty field, any value of a
// list. The store turns it into Cypher once (neo4jstore) and NetworkMatcher into the same test
// in memory; TestCypherFilterMatchesMatcher keeps them equal.
type ActorSelector struct {
	Sectors, Regions, Types, Tags []string
	Kinds                         []ActorKind
	Search                        string // case-insensitive substring of the name
	Attributes                    []AttributeCondition
}

// Selector is the filter's actor conditions.
func (f ActorFilter) Selector() ActorSelector {
	return ActorSelector{Sectors: f.Sectors, Regions: f.Regions, Types: f.Types, Tags: f.Tags, Kinds: f.Kinds, Search: f.Search, Attributes: f.Attributes}
}

// Selector is the filter's actor conditions.
func (f NetworkFilter) Selector() ActorSelector {
	return ActorSelector{Sectors: f.Sectors, Regions: f.Regions, Types: f.ActorTypes, Tags: f.Tags, Kinds: f.Kinds, Search: f.Search, Attributes: f.ActorAttributes}
}

// validateValues bounds a list-valued filter field.
func validateValues(field string, values []string) error {
	if len(values) > MaxFilterValues {
		return FieldErrorf(field, EINVALID, "filter %s has %d values; the limit is %d", field, len(values), MaxFilterValues)
	}
	return nil
}

// validateActorFields checks the shared actor fields; prefix is the field path's prefix
// ("network." inside a NetworkFilter) and typesName what the types field is called there.
func validateActorFields(prefix string, a ActorSelector, typesName string) error {
	for _, l := range []struct {
		name   string
		values []string
	}{{"sectors", a.Sectors}, {"regions", a.Regions}, {typesName, a.Types}, {"tags", a.Tags}} {
		if err := validateValues(prefix+l.name, l.values); err != nil {
			return err
		}
	}
	if len(a.Kinds) > MaxFilterValues {
		return FieldErrorf(prefix+"kinds", EINVALID, "filter %skinds has %d values; the limit is %d", prefix, len(a.Kinds), MaxFilterValues)
	}
	for _, k := range a.Kinds {
		if !k.Valid() {
			return FieldErrorf(prefix+"kinds", EINVALID, "kind must be ORGANIZATION or PERSON, got %q", k)
		}
	}
	if len(a.Attributes) > MaxAttributeConditions {
		return FieldErrorf(prefix+"attributes", EINVALID, "%sattributes has %d conditions; the limit is %d", prefix, len(a.Attributes), MaxAttributeConditions)
	}
	return validateText(prefix+"search", a.Search, MaxNameLen, false)
}

// validateTimeAndWeight checks the shared partnership conditions: asOf or a from–to window,
// and a minimum weight.
func validateTimeAndWeight(prefix string, asOf, from, to *time.Time, minWeight *float64) error {
	if asOf != nil && (from != nil || to != nil) {
		return FieldErrorf(prefix+"asOf", EINVALID, "give either asOf or a from–to window, not both")
	}
	if from != nil && to != nil && from.After(*to) {
		return FieldErrorf(prefix+"from", EINVALID, "from (%s) is after to (%s)", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if minWeight != nil && (math.IsNaN(*minWeight) || math.IsInf(*minWeight, 0) || *minWeight < 0) {
		return FieldErrorf(prefix+"minWeight", EINVALID, "minWeight must be a finite number ≥ 0, got %v", *minWeight)
	}
	return nil
}

// MaxWindowDays bounds a NetworkFilter's window (about a century).
const MaxWindowDays = 36600

// validateWindow checks a window of days before asOf: positive, bounded, and given with asOf.
func validateWindow(prefix string, asOf *time.Time, window *int) error {
	if window == nil {
		return nil
	}
	if *window <= 0 || *window > MaxWindowDays {
		return FieldErrorf(prefix+"window", EINVALID, "window must be a number of days from 1 to %d, got %d", MaxWindowDays, *window)
	}
	if asOf == nil {
		return FieldErrorf(prefix+"window", EINVALID, "window counts days before asOf: give asOf with it")
	}
	return nil
}
