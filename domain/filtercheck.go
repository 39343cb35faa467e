package domain

import (
	"math"
	"time"
)

// The three filters (ActorFilter, NetworkFilter, PartnershipFilter) share one vocabulary and
// these checks, so a field means and validates the same wherever it appears.

// actorFields are the actor conditions every filter that selects actors has.
type actorFields struct {
	sectors, regions, types, tags []string
	kinds                         []ActorKind
	search                        string
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
func validateActorFields(prefix string, a actorFields, typesName string) error {
	for _, l := range []struct {
		name   string
		values []string
	}{{"sectors", a.sectors}, {"regions", a.regions}, {typesName, a.types}, {"tags", a.tags}} {
		if err := validateValues(prefix+l.name, l.values); err != nil {
			return err
		}
	}
	if len(a.kinds) > MaxFilterValues {
		return FieldErrorf(prefix+"kinds", EINVALID, "filter %skinds has %d values; the limit is %d", prefix, len(a.kinds), MaxFilterValues)
	}
	for _, k := range a.kinds {
		if !k.Valid() {
			return FieldErrorf(prefix+"kinds", EINVALID, "kind must be ORGANIZATION or PERSON, got %q", k)
		}
	}
	return validateText(prefix+"search", a.search, MaxNameLen, false)
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
