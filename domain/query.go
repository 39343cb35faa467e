package domain

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// ActorFilter selects actors. Values within a field are alternatives (OR); fields combine with
// AND. Empty fields do not filter.
type ActorFilter struct {
	Sectors []string
	Regions []string
	Kinds   []ActorKind
	Types   []string
	Tags    []string
	Search  string // case-insensitive substring of the name
	// Attributes are conditions on the actors' own attributes (all must hold).
	Attributes []AttributeCondition
}

// Validate checks the filter's sizes and kinds.
func (f *ActorFilter) Validate() error {
	return validateActorFields("", f.Selector(), "types")
}

// ActorOrderField is the key actors are sorted by; ties are broken by id.
type ActorOrderField string

// Actor sort keys.
const (
	OrderByID        ActorOrderField = "ID"
	OrderByName      ActorOrderField = "NAME"
	OrderByCreatedAt ActorOrderField = "CREATED_AT"
)

// ActorOrder sorts actors.
type ActorOrder struct {
	Field ActorOrderField
	Desc  bool
}

// PartnershipFilter selects partnerships. Time and weight mean what they mean in a
// NetworkFilter: active on AsOf, or at some time in the From–To window (unknown since/until
// are open bounds), and weight ≥ MinWeight.
type PartnershipFilter struct {
	Types     []string
	Actors    []string // either endpoint among these
	Directed  *bool
	AsOf      *time.Time
	From      *time.Time
	To        *time.Time
	MinWeight *float64
}

// Network is the filter's type, time and weight conditions as a NetworkFilter (which says
// what they mean); Actors and Directed have no NetworkFilter field.
func (f PartnershipFilter) Network() NetworkFilter {
	return NetworkFilter{PartnershipTypes: f.Types, AsOf: f.AsOf, From: f.From, To: f.To, MinWeight: f.MinWeight}
}

// Network is the filter's actor conditions as a NetworkFilter.
func (f ActorFilter) Network() NetworkFilter {
	return NetworkFilter{Sectors: f.Sectors, Regions: f.Regions, ActorTypes: f.Types, Kinds: f.Kinds, Tags: f.Tags, Search: f.Search,
		ActorAttributes: f.Attributes}
}

// Validate checks the filter's sizes, dates and weight.
func (f *PartnershipFilter) Validate() error {
	if err := validateValues("types", f.Types); err != nil {
		return err
	}
	if err := validateValues("actors", f.Actors); err != nil {
		return err
	}
	return validateTimeAndWeight("", f.AsOf, f.From, f.To, f.MinWeight)
}

// PageArgs asks for up to First items after the opaque cursor After (empty: from the start),
// or, when Last > 0, for up to Last items before the cursor Before (empty: up to the end).
type PageArgs struct {
	First  int
	After  string
	Last   int
	Before string
}

// Backward reports whether the page is counted back from Before.
func (p PageArgs) Backward() bool { return p.Last > 0 }

// Size is the number of items asked for.
func (p PageArgs) Size() int {
	if p.Backward() {
		return p.Last
	}
	return p.First
}

// Start checks a forward page's size (First) and returns the position it starts after
// (After; the zero cursor at the start of the list). Errors: EINVALID.
func (p PageArgs) Start() (Cursor, error) {
	if err := ValidatePageSize(p.First); err != nil {
		return Cursor{}, err
	}
	return DecodeCursor(p.After)
}

// Walk checks a request for a page of the actors f selects in order o, and says how a store
// fetches it: how many rows, after which position, and in which order — a backward page walks
// the opposite order from Before and is put right by Page.Orient. It fills o's default field
// (NAME) into walk. Errors: EINVALID for a bad filter, an unknown order, a bad page size, or a
// cursor this API did not return for the order.
func (p PageArgs) Walk(f *ActorFilter, o ActorOrder) (size int, from Cursor, walk ActorOrder, err error) {
	if err := f.Validate(); err != nil {
		return 0, from, o, err
	}
	walk = ActorOrder{Field: cmp.Or(o.Field, OrderByName), Desc: o.Desc}
	switch walk.Field {
	case OrderByID, OrderByName, OrderByCreatedAt:
	default:
		return 0, from, walk, FieldErrorf("orderBy", EINVALID, "cannot order actors by %q", o.Field)
	}
	size, cursor, field := p.First, p.After, "after"
	if p.Backward() {
		size, cursor, field, walk.Desc = p.Last, p.Before, "before", !o.Desc
	}
	if err := ValidatePageSize(size); err != nil {
		return 0, from, walk, err
	}
	if from, err = DecodeCursor(cursor); err != nil {
		return 0, from, walk, FieldErrorf(field, EINVALID, "%s is not a cursor this API returned", field)
	}
	if _, err := time.Parse(time.RFC3339Nano, from.Key); cursor != "" && walk.Field == OrderByCreatedAt && err != nil {
		return 0, from, walk, FieldErrorf(field, EINVALID, "%s is a cursor for another ordering", field)
	}
	return size, from, walk, nil
}

// Orient puts a page fetched for p into the order it is shown in: a backward page (fetched
// walking back from Before) is reversed, and HasNext and HasPrev say what lies either side.
func (pg *Page[T]) Orient(p PageArgs) {
	if !p.Backward() {
		pg.HasPrev = p.After != ""
		return
	}
	slices.Reverse(pg.Items)
	slices.Reverse(pg.Cursors)
	pg.HasPrev, pg.HasNext = pg.HasNext, p.Before != ""
}

// Page is one page of a keyset-paginated list: Items with their Cursors, and whether more
// follow.
type Page[T any] struct {
	Items   []T
	Cursors []string
	HasNext bool
	HasPrev bool
}

// PageOf trims items fetched up to size+1 to a page of size and gives each its cursor: a
// next page exists when the extra item came.
func PageOf[T any](items []T, size int, cursor func(T) Cursor) Page[T] {
	page := Page[T]{HasNext: len(items) > size}
	if page.HasNext {
		items = items[:size]
	}
	page.Items = items
	page.Cursors = make([]string, len(items))
	for i, it := range items {
		page.Cursors[i] = cursor(it).Encode()
	}
	return page
}

// ActorPageWith asks a page of actors for more from the same statement: the number of
// actors matching the filter, and the sectors of the actors on the page.
type ActorPageWith struct {
	Count, Sectors bool
}

// ActorPage is a page of actors with what ActorPageWith asked for.
type ActorPage struct {
	Page[*Actor]
	Total   int                // with Count: actors matching the filter
	Sectors map[string]*Sector // with Sectors: the page's actors' sectors by code
}

// Store is what the GraphQL layer needs from the system of record. The Neo4j store implements
// it. Methods return *Error values with codes EINVALID, ENOTFOUND or ECONFLICT for problems a
// user can fix; any other error is internal. Write methods change nothing when they fail, and
// every successful write transaction bumps the graph version.
type Store interface {
	GraphVersion(ctx context.Context) (int64, error)
	// Node returns the actor, partnership, project or sector (by code) with id, in that order
	// of precedence, as a pointer to its domain type; nil when none has it.
	Node(ctx context.Context, id string) (any, error)
	ImportNetwork(ctx context.Context, n Network, batchSize int, progress func(done, total int)) (ImportStats, error)
	ImportAtomic(ctx context.Context, n Network, o ImportOptions) (ImportResult, error)

	Sectors(ctx context.Context) ([]Sector, error)
	SectorsByCode(ctx context.Context, codes []string) (map[string]*Sector, error)
	SectorActorCounts(ctx context.Context, codes []string) (map[string]int, error)
	CreateSector(ctx context.Context, in SectorInput) (*Sector, error)
	UpdateSector(ctx context.Context, code string, p SectorPatch) (*Sector, error)

	ActorsByID(ctx context.Context, ids []string) (map[string]*Actor, error)
	FindActors(ctx context.Context, f ActorFilter, o ActorOrder, p PageArgs, with ActorPageWith) (ActorPage, error)
	CountActors(ctx context.Context, f ActorFilter) (int, error)
	ActorIDs(ctx context.Context, f ActorFilter) (map[string]bool, error)
	FindPartners(ctx context.Context, actorID string, p PageArgs) (Page[*Actor], error)
	// ActorWithPartners returns an actor (nil when it does not exist) and a page of its partners
	// from one statement.
	ActorWithPartners(ctx context.Context, id string, p PageArgs) (*Actor, Page[*Actor], error)
	CountPartners(ctx context.Context, actorID string) (int, error)
	CreateActor(ctx context.Context, in ActorInput) (*Actor, error)
	UpdateActor(ctx context.Context, id string, p ActorPatch) (*Actor, error)
	DeleteActor(ctx context.Context, id string) (deletedPartnerships int, err error)

	PartnershipsByID(ctx context.Context, ids []string) (map[string]*Partnership, error)
	FindPartnerships(ctx context.Context, f PartnershipFilter, p PageArgs) (Page[*Partnership], error)
	CountPartnerships(ctx context.Context, f PartnershipFilter) (int, error)
	PartnershipsBetween(ctx context.Context, pairs [][2]string, f NetworkFilter) (map[[2]string]*Partnership, error)
	CreatePartnership(ctx context.Context, in PartnershipInput) (*Partnership, error)
	UpdatePartnership(ctx context.Context, id string, p PartnershipPatch) (*Partnership, error)
	DeletePartnership(ctx context.Context, id string) error

	ProjectsByID(ctx context.Context, ids []string) (map[string]*Project, error)
	FindProjects(ctx context.Context, p PageArgs) (Page[*Project], error)
	CountProjects(ctx context.Context) (int, error)
	CreateProject(ctx context.Context, in ProjectInput) (*Project, error)
	ProjectParticipants(ctx context.Context, projectID string) ([]Participation, error)
	ActorParticipations(ctx context.Context, actorID string) ([]Participation, error)
	AddParticipant(ctx context.Context, projectID, actorID, role string) error
	RemoveParticipant(ctx context.Context, projectID, actorID string) error

	// AttributeDefinitions returns every definition, by target then name.
	AttributeDefinitions(ctx context.Context) ([]AttributeDefinition, error)
	DefineAttribute(ctx context.Context, d AttributeDefinition) (*AttributeDefinition, error)
	UpdateAttribute(ctx context.Context, t AttributeTarget, name string, label, description *string) (*AttributeDefinition, error)
	// DeleteAttribute removes a definition with every value of it.
	DeleteAttribute(ctx context.Context, t AttributeTarget, name string) (*AttributeDefinition, error)
	// AttributeValueCounts returns an attribute's distinct values (as text) with their counts,
	// most frequent first, then by value; at most first.
	AttributeValueCounts(ctx context.Context, t AttributeTarget, name string, first int) ([]ValueCount, error)

	CreateToken(ctx context.Context, name string, role Role) (secret string, err error)
	Tokens(ctx context.Context) ([]APIToken, error)
	RevokeToken(ctx context.Context, name string) error
}
