package domain

import (
	"strings"
	"time"
)

// SectorInput creates a sector.
type SectorInput struct {
	Code  string
	Label string
	Color string
}

// Validate checks the input; it knows nothing of what is stored.
func (in *SectorInput) Validate() error {
	if !sectorCodePattern.MatchString(in.Code) || len(in.Code) > MaxTypeLen {
		return FieldErrorf("code", EINVALID, "sector code %q must be lower-case letters, digits and '_' (at most %d), starting with a letter", in.Code, MaxTypeLen)
	}
	if err := validateText("label", in.Label, MaxLabelLen, true); err != nil {
		return err
	}
	return validateColor(in.Color)
}

func validateColor(c string) error {
	if c != "" && !colorPattern.MatchString(c) {
		return FieldErrorf("color", EINVALID, "color %q must be a hex colour like #1f77b4", c)
	}
	return nil
}

// ActorInput creates an actor. ID is optional: when empty the store generates one.
type ActorInput struct {
	ID          string
	Name        string
	Sector      string
	Kind        ActorKind
	Type        string
	Region      string
	Description string
	Tags        []string
	Attributes  Attributes // checked against the definitions by the store
}

// Validate checks the input and fills defaults (kind ORGANIZATION). Whether the sector exists
// is checked by the store, inside the writing transaction.
func (in *ActorInput) Validate() error {
	if in.ID != "" {
		if err := ValidateID("id", in.ID); err != nil {
			return err
		}
	}
	if in.Kind == "" {
		in.Kind = KindOrganization
	}
	if !in.Kind.Valid() {
		return FieldErrorf("kind", EINVALID, "kind must be ORGANIZATION or PERSON, got %q", in.Kind)
	}
	in.Name = strings.TrimSpace(in.Name)
	if err := validateText("name", in.Name, MaxNameLen, true); err != nil {
		return err
	}
	if err := validateText("sector", in.Sector, MaxTypeLen, true); err != nil {
		return err
	}
	if err := validateText("type", in.Type, MaxTypeLen, false); err != nil {
		return err
	}
	if err := validateText("region", in.Region, MaxRegionLen, false); err != nil {
		return err
	}
	if err := validateText("description", in.Description, MaxDescriptionLen, false); err != nil {
		return err
	}
	return validateList("tags", in.Tags, MaxTags, MaxTagLen)
}

// DefaultPartnershipType is used when a partnership is created without a type.
const DefaultPartnershipType = "collaboration"

// PartnershipInput creates a partnership. Weight 0 means the default 1.
type PartnershipInput struct {
	ID         string
	Source     string
	Target     string
	Type       string
	Weight     *float64
	Directed   bool
	Since      *time.Time
	Until      *time.Time
	Citations  []string
	ProjectID  string
	Attributes Attributes // checked against the definitions by the store
}

// Validate checks the input and fills defaults (type, weight 1). Whether the endpoints and the
// project exist is checked by the store inside the writing transaction.
func (in *PartnershipInput) Validate() error {
	if in.ID != "" {
		if err := ValidateID("id", in.ID); err != nil {
			return err
		}
	}
	if err := ValidateID("source", in.Source); err != nil {
		return err
	}
	if err := ValidateID("target", in.Target); err != nil {
		return err
	}
	if in.Source == in.Target {
		return FieldErrorf("target", EINVALID, "an actor cannot partner with itself (source and target are both %q)", in.Source)
	}
	if in.Type == "" {
		in.Type = DefaultPartnershipType
	}
	if err := validateText("type", in.Type, MaxTypeLen, true); err != nil {
		return err
	}
	if in.Weight == nil {
		one := 1.0
		in.Weight = &one
	}
	if err := validateWeight(*in.Weight); err != nil {
		return err
	}
	if err := validatePeriod(in.Since, in.Until); err != nil {
		return err
	}
	if in.ProjectID != "" {
		if err := ValidateID("project", in.ProjectID); err != nil {
			return err
		}
	}
	return validateList("citations", in.Citations, MaxCitations, MaxCitationLen)
}

// ProjectInput creates a project. ID is optional.
type ProjectInput struct {
	ID          string
	Name        string
	Description string
	Since       *time.Time
	Until       *time.Time
}

// Validate checks the input.
func (in *ProjectInput) Validate() error {
	if in.ID != "" {
		if err := ValidateID("id", in.ID); err != nil {
			return err
		}
	}
	in.Name = strings.TrimSpace(in.Name)
	if err := validateText("name", in.Name, MaxNameLen, true); err != nil {
		return err
	}
	if err := validateText("description", in.Description, MaxDescriptionLen, false); err != nil {
		return err
	}
	return validatePeriod(in.Since, in.Until)
}

// ValidateRole checks a participation role.
func ValidateRole(role string) error {
	return validateText("role", role, MaxRoleLen, false)
}
