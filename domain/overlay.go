package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Overlay is a hypothetical change to a network slice (whatIf): ties added between the
// slice's actors, partnerships and actors taken out. A filter with an overlay selects the
// changed slice; the analytics derive it in memory from the version's graph, and nothing is
// ever written.
type Overlay struct {
	AddTies      []HypotheticalTie
	RemoveTies   []string // partnership ids
	RemoveActors []string
}

// HypotheticalTie is a partnership that does not exist, between two existing actors.
type HypotheticalTie struct {
	Source, Target string
	Weight         float64
	Directed       bool
	Type           string
}

// Overlay bounds: what one request may change.
const (
	MaxAddedTies    = 100
	MaxRemovedTies  = 1000
	MaxRemovedItems = 1000
)

// Validate checks an overlay on its own terms (whether its actors and partnerships are in the
// slice is the analytics' check). Errors: EINVALID.
func (o *Overlay) Validate() error {
	if len(o.AddTies) > MaxAddedTies {
		return FieldErrorf("addTies", EINVALID, "at most %d hypothetical ties, got %d", MaxAddedTies, len(o.AddTies))
	}
	if len(o.RemoveTies) > MaxRemovedTies || len(o.RemoveActors) > MaxRemovedItems {
		return FieldErrorf("removeTies", EINVALID, "at most %d partnerships and %d actors removed", MaxRemovedTies, MaxRemovedItems)
	}
	for i, t := range o.AddTies {
		field := fmt.Sprintf("addTies[%d]", i)
		if t.Source == "" || t.Target == "" {
			return FieldErrorf(field, EINVALID, "a hypothetical tie needs a source and a target")
		}
		if t.Source == t.Target {
			return FieldErrorf(field, EINVALID, "a hypothetical tie joins two different actors, got %q twice", t.Source)
		}
		if !(t.Weight >= MinWeight) || t.Weight > MaxWeight {
			return FieldErrorf(field+".weight", EINVALID, "weight must be in [%g, %g], got %v", MinWeight, MaxWeight, t.Weight)
		}
		if err := validateText(field+".type", t.Type, MaxTypeLen, false); err != nil {
			return err
		}
	}
	return nil
}

// Key is the overlay's canonical text for cache keys.
func (o *Overlay) Key() string {
	ties := make([]string, len(o.AddTies))
	for i, t := range o.AddTies {
		ties[i] = strings.Join([]string{t.Source, t.Target, strconv.FormatFloat(t.Weight, 'g', -1, 64), strconv.FormatBool(t.Directed), t.Type}, "\x1f")
	}
	list := func(l []string) string {
		s := slices.Clone(l)
		slices.Sort(s)
		return strings.Join(slices.Compact(s), "\x1f")
	}
	return "overlay\x1d" + list(ties) + "\x1d" + list(o.RemoveTies) + "\x1d" + list(o.RemoveActors)
}
