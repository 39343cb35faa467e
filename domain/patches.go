package domain

import (
	"strings"
	"time"
)

// SectorPatch changes a sector; nil fields are left as they are.
type SectorPatch struct {
	Label *string
	Color *string
}

// Validate checks the patch.
func (p *SectorPatch) Validate() error {
	if p.Label != nil {
		if err := validateText("label", *p.Label, MaxLabelLen, true); err != nil {
			return err
		}
	}
	if p.Color != nil {
		return validateColor(*p.Color)
	}
	return nil
}

// ActorPatch changes an actor; nil fields are left as they are.
type ActorPatch struct {
	Name        *string
	Sector      *string
	Kind        *ActorKind
	Type        *string
	Region      *string
	Description *string
	Tags        []string // nil leaves tags unchanged; an empty slice clears them
	// Attributes are merged into the actor's: a nil value deletes that attribute.
	Attributes Attributes
}

// Validate checks the patch.
func (p *ActorPatch) Validate() error {
	if p.Name != nil {
		*p.Name = strings.TrimSpace(*p.Name)
		if err := validateText("name", *p.Name, MaxNameLen, true); err != nil {
			return err
		}
	}
	if p.Sector != nil {
		if err := validateText("sector", *p.Sector, MaxTypeLen, true); err != nil {
			return err
		}
	}
	if p.Kind != nil && !p.Kind.Valid() {
		return FieldErrorf("kind", EINVALID, "kind must be ORGANIZATION or PERSON, got %q", *p.Kind)
	}
	for _, f := range []struct {
		name  string
		value *string
		max   int
	}{{"type", p.Type, MaxTypeLen}, {"region", p.Region, MaxRegionLen}, {"description", p.Description, MaxDescriptionLen}} {
		if f.value != nil {
			if err := validateText(f.name, *f.value, f.max, false); err != nil {
				return err
			}
		}
	}
	if p.Tags != nil {
		return validateList("tags", p.Tags, MaxTags, MaxTagLen)
	}
	return nil
}

// PartnershipPatch changes a partnership; nil fields are left as they are. Clear* fields set a
// date back to unknown.
type PartnershipPatch struct {
	Type       *string
	Weight     *float64
	Directed   *bool
	Since      *time.Time
	Until      *time.Time
	ClearSince bool
	ClearUntil bool
	Citations  []string
	// Attributes are merged into the partnership's: a nil value deletes that attribute.
	Attributes Attributes
}

// Validate checks the patch on its own; the store re-checks since ≤ until against the stored
// values.
func (p *PartnershipPatch) Validate() error {
	if p.Type != nil {
		if err := validateText("type", *p.Type, MaxTypeLen, true); err != nil {
			return err
		}
	}
	if p.Weight != nil {
		if err := validateWeight(*p.Weight); err != nil {
			return err
		}
	}
	if err := validatePeriod(p.Since, p.Until); err != nil {
		return err
	}
	if p.Citations != nil {
		return validateList("citations", p.Citations, MaxCitations, MaxCitationLen)
	}
	return nil
}

// Apply returns the partnership with the patch applied and validates the result's period.
func (p *PartnershipPatch) Apply(old Partnership) (Partnership, error) {
	n := old
	if p.Type != nil {
		n.Type = *p.Type
	}
	if p.Weight != nil {
		n.Weight = *p.Weight
	}
	if p.Directed != nil {
		n.Directed = *p.Directed
	}
	if p.Since != nil {
		n.Since = p.Since
	}
	if p.ClearSince {
		n.Since = nil
	}
	if p.Until != nil {
		n.Until = p.Until
	}
	if p.ClearUntil {
		n.Until = nil
	}
	if p.Citations != nil {
		n.Citations = p.Citations
	}
	if len(p.Attributes) > 0 {
		n.Attributes = make(Attributes, len(old.Attributes)+len(p.Attributes))
		for k, v := range old.Attributes {
			n.Attributes[k] = v
		}
		for k, v := range p.Attributes {
			if v == nil {
				delete(n.Attributes, k)
			} else {
				n.Attributes[k] = v
			}
		}
	}
	return n, validatePeriod(n.Since, n.Until)
}
