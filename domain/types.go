package domain

import (
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on user-supplied values. They keep a single request from storing unbounded data.
const (
	MaxIDLen          = 100
	MaxNameLen        = 200
	MaxLabelLen       = 100
	MaxTypeLen        = 60
	MaxRegionLen      = 100
	MaxDescriptionLen = 5000
	MaxTags           = 50
	MaxTagLen         = 60
	MaxCitations      = 50
	MaxCitationLen    = 1000
	MaxRoleLen        = 100
	MaxPageSize       = 500
	DefaultPageSize   = 20
	MaxFilterValues   = 100
)

// DefaultSectors is the default taxonomy created at start-up when missing (design.md), coloured
// with Okabe and Ito's colour-blind-safe palette (2008), which no other colouring of the explorer uses.
var DefaultSectors = []Sector{
	{Code: "government", Label: "Government", Color: "#0072B2"},
	{Code: "business", Label: "Business", Color: "#E69F00"},
	{Code: "civil_society", Label: "Civil society", Color: "#009E73"},
	{Code: "media", Label: "Media", Color: "#CC79A7"},
	{Code: "academia", Label: "Academia", Color: "#56B4E9"},
	{Code: "international", Label: "International", Color: "#D55E00"},
	{Code: "other", Label: "Other", Color: "#999999"},
}

// Sector is a part of society an actor belongs to. Sectors are data, not an enum.
type Sector struct {
	Code  string
	Label string
	Color string
}

// ActorKind says whether an actor is an organisation or a person.
type ActorKind string

// Actor kinds.
const (
	KindOrganization ActorKind = "ORGANIZATION"
	KindPerson       ActorKind = "PERSON"
)

// Valid reports whether k is a known kind.
func (k ActorKind) Valid() bool { return k == KindOrganization || k == KindPerson }

// Actor is a stakeholder: an organisation or person from some sector.
type Actor struct {
	ID          string
	Name        string
	Sector      string // sector code
	Kind        ActorKind
	Type        string // free classification: charity, ministry, union …
	Region      string
	Description string
	Tags        []string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	CreatedBy   string // identity that created it ("" for data older than identities)
	UpdatedBy   string
	Attributes  Attributes // the actor's own attributes (AttributeDefinition), by name
}

// Partnership is a tie between two actors. Directed=false means a mutual tie stored with an
// arbitrary direction; Directed=true is a flow from Source to Target (e.g. a grant).
type Partnership struct {
	ID         string
	Source     string
	Target     string
	Type       string
	Weight     float64
	Directed   bool
	Since      *time.Time
	Until      *time.Time
	Citations  []string
	ProjectID  string
	CreatedBy  string
	UpdatedBy  string
	Attributes Attributes // the partnership's own attributes, by name
}

// Project is a joint undertaking actors participate in.
type Project struct {
	ID          string
	Name        string
	Description string
	Since       *time.Time
	Until       *time.Time
	CreatedBy   string
	UpdatedBy   string
}

// Participation is an actor's part in a project.
type Participation struct {
	ProjectID string
	ActorID   string
	Role      string
}

var (
	idPattern         = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:\-]*$`)
	sectorCodePattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	colorPattern      = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

// ValidateID checks a client-supplied identifier (an actor's id, an API token's name …):
// 1..MaxIDLen characters of letters, digits and `_ . : -`, starting with a letter or digit.
func ValidateID(field, id string) error {
	if utf8.RuneCountInString(id) > MaxIDLen {
		return FieldErrorf(field, EINVALID, "%s is longer than %d characters", field, MaxIDLen)
	}
	if !idPattern.MatchString(id) {
		return FieldErrorf(field, EINVALID, "%s %q must start with a letter or digit and contain only letters, digits, '_', '.', ':' or '-'", field, id)
	}
	return nil
}

// validateText checks a free-text value's length; required values must not be blank.
func validateText(field, value string, max int, required bool) error {
	if strings.ContainsRune(value, 0) {
		return FieldErrorf(field, EINVALID, "%s contains a NUL character", field)
	}
	if required && strings.TrimSpace(value) == "" {
		return FieldErrorf(field, EINVALID, "%s is required", field)
	}
	if n := utf8.RuneCountInString(value); n > max {
		return FieldErrorf(field, EINVALID, "%s is %d characters long; the limit is %d", field, n, max)
	}
	return nil
}

func validateList(field string, values []string, maxItems, maxLen int) error {
	if len(values) > maxItems {
		return FieldErrorf(field, EINVALID, "%s has %d entries; the limit is %d", field, len(values), maxItems)
	}
	for _, v := range values {
		if err := validateText(field, v, maxLen, true); err != nil {
			return err
		}
	}
	return nil
}

func validatePeriod(since, until *time.Time) error {
	if since != nil && until != nil && until.Before(*since) {
		return FieldErrorf("until", EINVALID, "until (%s) is before since (%s)", until.Format(time.DateOnly), since.Format(time.DateOnly))
	}
	return nil
}

// MinWeight and MaxWeight bound tie weights (MIN_WEIGHT, MAX_WEIGHT): sums over millions of
// ties stay far from overflow, and distances 1/w from it, so weighted PageRank, eigenvector,
// closeness and path lengths stay finite and nonzero for any accepted input (a weight of
// 5e-324 made 1/w infinite).
var (
	MinWeight = 1e-6
	MaxWeight = 1e6
)

func validateWeight(w float64) error {
	if math.IsNaN(w) || math.IsInf(w, 0) || w < MinWeight || w > MaxWeight {
		return FieldErrorf("weight", EINVALID, "weight must be a finite number from %g to %g, got %v", MinWeight, MaxWeight, w)
	}
	return nil
}

// ValidatePageSize checks a `first` argument against 1..MaxPageSize.
func ValidatePageSize(first int) error {
	if first < 1 || first > MaxPageSize {
		return FieldErrorf("first", EINVALID, "first must be between 1 and %d, got %d", MaxPageSize, first)
	}
	return nil
}
