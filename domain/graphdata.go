package domain

import (
	"math"
	"slices"
	"strings"
	"time"
)

// GraphData is the whole network as the store loads it for analytics, as one state of the
// database at Version: the sectors, every actor with the attributes filters select on,
// every partnership with its type, weight, direction and dates (or, loaded structure first,
// without its id, type and dates until a request needs them: see TieRefs), and every project
// with its dates and participants. Analytics derive each filtered slice from it in memory, so every
// slice computed for one graph version comes from the same data (design.md "One operation,
// one version").
type GraphData struct {
	Version  int64
	Sectors  []Sector
	Actors   []GraphActor // sorted by id; ties and projects refer to actors by index
	TieTypes []string     // distinct partnership types; GraphTie.Type indexes it
	Ties     []GraphTie
	Projects []GraphProject

	// AttributeDefs are the attribute definitions at Version; ActorAttrs holds the values of
	// each ACTOR attribute, rows aligned with Actors, and TieAttrs of each PARTNERSHIP
	// attribute, rows aligned with Ties (both in definition-name order).
	AttributeDefs []AttributeDefinition
	ActorAttrs    AttrColumns
	TieAttrs      AttrColumns

	// TieRefs is set when the ties' ids, types and dates were left out to load the network
	// faster (the store's LoadGraphStructure): every tie's Type is 0, TieTypes is [""], its
	// dates are open and its ID empty, and TieRefs[i] is tie i's store reference, by which
	// the store's LoadTieDetails fills them in at Version (WithTieDetails).
	TieRefs []int64
}

// TieDetails are the ties' ids, types and dates a structure-only GraphData lacks, aligned
// with its Ties.
type TieDetails struct {
	IDs          []string
	Types        []int32 // indices into TieTypes
	TieTypes     []string
	Since, Until []int32
}

// WithTieDetails returns a copy of g (which shares its actors and projects) with d filled in.
func (g *GraphData) WithTieDetails(d *TieDetails) *GraphData {
	full := *g
	full.TieRefs, full.TieTypes = nil, d.TieTypes
	full.Ties = make([]GraphTie, len(g.Ties))
	for i, t := range g.Ties {
		t.ID, t.Type, t.Since, t.Until = d.IDs[i], d.Types[i], d.Since[i], d.Until[i]
		full.Ties[i] = t
	}
	return &full
}

// NeedsTieDetails reports whether f selects partnerships by type or date, which a
// structure-only GraphData cannot answer.
func (f NetworkFilter) NeedsTieDetails() bool {
	return len(f.PartnershipTypes) > 0 || f.AsOf != nil || f.Window != nil || f.From != nil || f.To != nil ||
		(f.Overlay != nil && len(f.Overlay.RemoveTies) > 0)
}

// GraphActor is an actor's identity and the attributes network filters and groupings use.
type GraphActor struct {
	ID, Name, Sector, Region, Type string
	Kind                           ActorKind
	Tags                           []string
}

// GraphTie is one stored partnership from actor U to actor V (indices into Actors).
type GraphTie struct {
	ID           string // the partnership's id
	U, V         int32
	W            float64
	Directed     bool
	Type         int32 // index into TieTypes
	Since, Until int32 // days since 1970-01-01; NoSince / NoUntil when unknown
}

// GraphProject is a project's period and its participants (indices into Actors).
type GraphProject struct {
	Since, Until int32
	Members      []int32
}

// Unknown dates as day numbers: open bounds.
const (
	NoSince int32 = math.MinInt32
	NoUntil int32 = math.MaxInt32
)

// DayOf returns t's calendar day as days since 1970-01-01 (UTC).
func DayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DayOr is DayOf(*t), or def (NoSince or NoUntil, an open bound) when the date is unknown.
func DayOr(t *time.Time, def int32) int32 {
	if t == nil {
		return def
	}
	return DayOf(*t)
}

// GraphActorOf is an actor as GraphData holds it.
func GraphActorOf(a *Actor) GraphActor {
	return GraphActor{ID: a.ID, Name: a.Name, Sector: a.Sector, Region: a.Region, Type: a.Type, Kind: a.Kind, Tags: a.Tags}
}

// GraphTieOf is a partnership from actor u to actor v as GraphData holds it, its type at
// index typ of TieTypes.
func GraphTieOf(p *Partnership, u, v, typ int32) GraphTie {
	return GraphTie{ID: p.ID, U: u, V: v, W: p.Weight, Directed: p.Directed, Type: typ,
		Since: DayOr(p.Since, NoSince), Until: DayOr(p.Until, NoUntil)}
}

// NetworkMatcher applies a NetworkFilter to GraphData rows; build it once per filter with
// Matcher. It is the in-memory twin of the store's Cypher filter clauses, with the semantics
// documented on NetworkFilter.
type NetworkMatcher struct {
	f                                     NetworkFilter
	search                                string
	asOf, from, to                        int32
	windowStart                           int32 // the first day of the window ending on asOf (asOf without one)
	hasAsOf, hasFrom, hasTo, hasMinWeight bool
	minWeight                             float64
	sectors, regions, types, tags, kinds  map[string]bool
	actorAttrs, tieAttrs                  *AttributeMatcher
	removedActors, removedTies            map[string]bool // an overlay's
}

func setOf(values []string) map[string]bool {
	if len(values) == 0 {
		return nil
	}
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// Matcher compiles f for matching rows.
func (f NetworkFilter) Matcher() *NetworkMatcher {
	sel := f.Selector()
	m := &NetworkMatcher{f: f, search: strings.ToLower(sel.Search),
		sectors: setOf(sel.Sectors), regions: setOf(sel.Regions), types: setOf(sel.Types), tags: setOf(sel.Tags)}
	if len(sel.Kinds) > 0 {
		m.kinds = map[string]bool{}
		for _, k := range sel.Kinds {
			m.kinds[string(k)] = true
		}
	}
	if f.AsOf != nil {
		m.asOf, m.hasAsOf = DayOf(*f.AsOf), true
		m.windowStart = m.asOf
		if f.Window != nil {
			m.windowStart = m.asOf - int32(*f.Window) + 1
		}
	}
	if f.From != nil {
		m.from, m.hasFrom = DayOf(*f.From), true
	}
	if f.To != nil {
		m.to, m.hasTo = DayOf(*f.To), true
	}
	if f.MinWeight != nil {
		m.minWeight, m.hasMinWeight = *f.MinWeight, true
	}
	m.actorAttrs, m.tieAttrs = MatcherOf(f.ActorAttributes), MatcherOf(f.TieAttributes)
	if f.Overlay != nil {
		m.removedActors, m.removedTies = setOf(f.Overlay.RemoveActors), setOf(f.Overlay.RemoveTies)
	}
	return m
}

// ActorValues reports whether an actor's attribute values (value returns one by name, nil
// when absent) meet the filter's actor attribute conditions.
func (m *NetworkMatcher) ActorValues(value func(string) any) bool { return m.actorAttrs.Match(value) }

// TieValues reports whether a partnership's attribute values meet the filter's tie attribute
// conditions.
func (m *NetworkMatcher) TieValues(value func(string) any) bool { return m.tieAttrs.Match(value) }

// ActorRow reports whether the filter keeps g's actor i, attributes included.
func (m *NetworkMatcher) ActorRow(g *GraphData, i int) bool {
	return m.Actor(&g.Actors[i]) && (m.actorAttrs == nil || m.actorAttrs.Match(g.ActorAttrs.Row(i))) &&
		(m.removedActors == nil || !m.removedActors[g.Actors[i].ID])
}

// WeightOf is a partnership's weight in the filter's slice: its stored weight, or with a
// WeightAttribute that attribute's value (attr returns one by name); ok is false when it has no
// usable value (none, or below MinWeight), which leaves it out of the slice.
func (m *NetworkMatcher) WeightOf(stored float64, attr func(name string) any) (w float64, ok bool) {
	if m.f.WeightAttribute == "" {
		return stored, true
	}
	w, ok = attr(m.f.WeightAttribute).(float64)
	return w, ok && w >= MinWeight
}

// TieWeight is WeightOf for g's tie i.
func (m *NetworkMatcher) TieWeight(g *GraphData, i int) (float64, bool) {
	return m.WeightOf(g.Ties[i].W, g.TieAttrs.Row(i))
}

// TieRow reports whether the filter keeps g's tie i (ignoring its endpoints), with the
// weight it has in the slice.
func (m *NetworkMatcher) TieRow(g *GraphData, i int) (float64, bool) {
	w, ok := m.TieWeight(g, i)
	if !ok || (m.removedTies != nil && m.removedTies[g.Ties[i].ID]) {
		return 0, false
	}
	t := g.Ties[i]
	t.W = w
	if !m.Tie(&t, g.TieTypes[t.Type]) {
		return 0, false
	}
	return w, m.tieAttrs == nil || m.tieAttrs.Match(g.TieAttrs.Row(i))
}

// Actor reports whether the filter keeps actor a.
func (m *NetworkMatcher) Actor(a *GraphActor) bool {
	if (m.sectors != nil && !m.sectors[a.Sector]) || (m.regions != nil && !m.regions[a.Region]) ||
		(m.types != nil && !m.types[a.Type]) || (m.kinds != nil && !m.kinds[string(a.Kind)]) {
		return false
	}
	if m.tags != nil && !slices.ContainsFunc(a.Tags, func(t string) bool { return m.tags[t] }) {
		return false
	}
	return m.search == "" || strings.Contains(strings.ToLower(a.Name), m.search)
}

// Active reports whether a period (day numbers, open bounds as NoSince/NoUntil) is active on
// asOf (at some time in the window of days ending on asOf, with one), or at some time in the
// from–to window.
func (m *NetworkMatcher) Active(since, until int32) bool {
	if m.hasAsOf && (since > m.asOf || until < m.windowStart) {
		return false
	}
	if m.hasTo && since > m.to {
		return false
	}
	return !m.hasFrom || until >= m.from
}

// Tie reports whether the filter keeps a partnership of type typ (ignoring its endpoints).
func (m *NetworkMatcher) Tie(t *GraphTie, typ string) bool {
	if len(m.f.PartnershipTypes) > 0 && !slices.Contains(m.f.PartnershipTypes, typ) {
		return false
	}
	if m.hasMinWeight && !(t.W >= m.minWeight) {
		return false
	}
	return m.Active(t.Since, t.Until)
}
