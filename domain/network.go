package domain

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Network is a whole set of actors, partnerships, projects and participations to load at once
// (demo data and file imports). Sectors lists sectors to create when missing.
type Network struct {
	Sectors        []Sector
	Actors         []Actor
	Partnerships   []Partnership
	Projects       []Project
	Participations []Participation
	// Attributes are the attributes the rows' values belong to as the file declares them (a
	// typed column, a GraphML key, a GEXF attribute): an import checks them against the
	// stored definitions, and with DefineAttributes creates the missing ones.
	Attributes []AttributeDefinition
	// TextAttributes says the rows' attribute values are text cells, parsed by the type of
	// their definition (ParseAttribute); otherwise they are typed values (JSON).
	TextAttributes bool
}

// ImportStats reports what an import wrote.
type ImportStats struct {
	Actors, Partnerships, Projects, Participations, Batches int
	// Attributes is how many attribute definitions the import created.
	Attributes int
}

// ImportOptions tune an import of a Network.
type ImportOptions struct {
	BatchSize int
	Progress  func(done, total int) // called after each batch with the partnerships written so far
	// SkipInvalid writes the rows that hold and reports the rest; without it any rejected row
	// means nothing is written.
	SkipInvalid bool
	// CheckOnly checks the references and reports the rejected rows without writing anything.
	CheckOnly bool
	// CreateSectors maps a sector given as a label ("Non-profit org.") to the stored sector
	// with that code or label (ignoring case), creating missing ones with a code derived from
	// the label (SectorCode) and the label as written.
	CreateSectors bool
	// CreateProjects creates the projects partnerships name but neither the network nor the
	// store holds, with their id as name (the CSV pair carries no project details).
	CreateProjects bool
	// DefineAttributes creates the attributes the network declares (Network.Attributes) or
	// its rows use that are not defined yet; without it they are rejected, once each.
	DefineAttributes bool
}

// ImportResult is what an import of a Network did: what it wrote, whether it wrote at all,
// and the rows it left out.
type ImportResult struct {
	ImportStats
	Written  bool
	Rejected []Rejected
}

// Row kinds of a Rejected row.
const (
	RowSector        = "sector"
	RowActor         = "actor"
	RowProject       = "project"
	RowPartnership   = "partnership"
	RowParticipation = "participation"
	RowAttribute     = "attribute"
)

// Rejected is a row of an import left out: the Index-th element of the Network's list of
// Kind (RowActor: Actors, …), with an error code (EINVALID, ENOTFOUND) and the reason. A
// rejected attribute (RowAttribute) is a column: Index 0 of the actors' file, 1 of the
// partnerships'.
type Rejected struct {
	Kind   string
	Index  int
	Code   string
	Reason string
}

// Stored is what a network's references resolve against besides the network itself: every
// stored sector, and of the actors and projects the network names but does not hold
// (Network.Outside), those the store has.
type Stored struct {
	Sectors    []Sector
	Actors     map[string]bool
	Projects   map[string]bool
	Attributes []AttributeDefinition
}

// Outside lists the ids the network refers to without holding them: partnership and
// participation endpoints not among its actors, and projects not among its projects. An
// import reads these from the store (Stored) before Resolve.
func (n *Network) Outside() (actors, projects []string) {
	own := make(map[string]bool, len(n.Actors))
	for _, a := range n.Actors {
		own[a.ID] = true
	}
	ownProjects := make(map[string]bool, len(n.Projects))
	for _, p := range n.Projects {
		ownProjects[p.ID] = true
	}
	for _, p := range n.Partnerships {
		for _, id := range []string{p.Source, p.Target} {
			if !own[id] {
				actors = append(actors, id)
			}
		}
		if p.ProjectID != "" && !ownProjects[p.ProjectID] {
			projects = append(projects, p.ProjectID)
		}
	}
	for _, pp := range n.Participations {
		if !own[pp.ActorID] {
			actors = append(actors, pp.ActorID)
		}
		if !ownProjects[pp.ProjectID] {
			projects = append(projects, pp.ProjectID)
		}
	}
	return actors, projects
}

// Resolve is the one reference check of an import. It checks every object of the network on
// its own terms, then every reference — an actor's sector, a partnership's endpoints and
// project, a participation's actor and project — against the network's own rows (those not
// rejected) and what is stored, and ids that appear twice. It returns the network to write
// (sectors to create, the rows that hold, projects to create) and the rows it rejected, in
// the network's order. It reads nothing: the store calls it inside the write transaction with
// what that transaction read, so the check and the write see one state.
func (n Network) Resolve(st Stored, o ImportOptions) (Network, []Rejected) {
	var out Network
	var rejected []Rejected
	reject := func(kind string, i int, code, format string, args ...any) {
		rejected = append(rejected, Rejected{Kind: kind, Index: i, Code: code, Reason: fmt.Sprintf(format, args...)})
	}
	known := make(map[string]bool, len(st.Sectors)+len(n.Sectors))
	byName := map[string]string{} // lower-case code or label → code
	for _, s := range st.Sectors {
		known[s.Code] = true
		byName[strings.ToLower(s.Code)], byName[strings.ToLower(s.Label)] = s.Code, s.Code
	}
	for i, s := range n.Sectors {
		in := SectorInput(s)
		if err := in.Validate(); err != nil {
			reject(RowSector, i, ErrorCode(err), "sector %q: %s", s.Code, ErrorMessage(err))
			continue
		}
		known[s.Code] = true
		out.Sectors = append(out.Sectors, s)
	}
	schemas, dropped, defined, bad := n.resolveAttributes(st.Attributes, o)
	rejected = append(rejected, bad...)
	out.Attributes = defined
	// attrs checks a row's attribute values against the schema: values of a rejected column
	// are left out (the column was reported once), others must fit their definitions.
	attrs := func(t AttributeTarget, values Attributes) (Attributes, error) {
		if len(values) == 0 {
			return nil, nil
		}
		kept := make(Attributes, len(values))
		for _, name := range slices.Sorted(maps.Keys(values)) {
			v := values[name]
			if dropped[t][name] {
				continue
			}
			d, err := schemas[t].Lookup("attributes", name, t)
			if err != nil {
				return nil, err
			}
			if v == nil {
				continue
			}
			var nv any
			if text, ok := v.(string); ok && n.TextAttributes {
				nv, err = ParseAttribute(d, text)
			} else {
				nv, err = NormalizeAttribute(d, v)
			}
			if err != nil {
				return nil, err
			}
			if nv != nil {
				kept[name] = nv
			}
		}
		return kept, nil
	}
	actors := make(map[string]bool, len(n.Actors))
	for i, a := range n.Actors {
		if o.CreateSectors && !known[a.Sector] {
			code, ok := byName[strings.ToLower(a.Sector)]
			if !ok {
				code = SectorCode(a.Sector)
				if existing, ok := byName[code]; ok {
					code = existing
				} else if code != "" {
					out.Sectors = append(out.Sectors, Sector{Code: code, Label: a.Sector})
					known[code], byName[code], byName[strings.ToLower(a.Sector)] = true, code, code
				}
			}
			if code != "" {
				a.Sector = code
			}
		}
		in := ActorInput{ID: a.ID, Name: a.Name, Sector: a.Sector, Kind: a.Kind, Type: a.Type, Region: a.Region, Description: a.Description, Tags: a.Tags}
		err := in.Validate()
		if err == nil {
			a.Attributes, err = attrs(TargetActor, a.Attributes)
		}
		switch {
		case a.ID == "":
			reject(RowActor, i, EINVALID, "actor %q has no id", a.Name)
		case err != nil:
			reject(RowActor, i, ErrorCode(err), "actor %q: %s", a.ID, ErrorMessage(err))
		case !known[a.Sector]:
			reject(RowActor, i, EINVALID, "actor %q: unknown sector %q", a.ID, a.Sector)
		case actors[a.ID]:
			reject(RowActor, i, EINVALID, "actor %q appears twice", a.ID)
		default:
			actors[a.ID] = true
			out.Actors = append(out.Actors, a)
		}
	}
	projects := make(map[string]bool, len(n.Projects))
	for i, p := range n.Projects {
		in := ProjectInput{ID: p.ID, Name: p.Name, Description: p.Description, Since: p.Since, Until: p.Until}
		if err := in.Validate(); err != nil {
			reject(RowProject, i, ErrorCode(err), "project %q: %s", p.ID, ErrorMessage(err))
			continue
		}
		projects[p.ID] = true
		out.Projects = append(out.Projects, p)
	}
	actorKnown := func(id string) bool { return actors[id] || st.Actors[id] }
	projectKnown := func(id string) bool { return projects[id] || st.Projects[id] }
	ties := make(map[string]bool, len(n.Partnerships))
	for i, p := range n.Partnerships {
		w := p.Weight
		in := PartnershipInput{ID: p.ID, Source: p.Source, Target: p.Target, Type: p.Type, Weight: &w, Directed: p.Directed,
			Since: p.Since, Until: p.Until, Citations: p.Citations, ProjectID: p.ProjectID}
		err := in.Validate()
		if err == nil {
			p.Attributes, err = attrs(TargetPartnership, p.Attributes)
		}
		missing := ""
		for _, id := range []string{p.Source, p.Target} {
			if !actorKnown(id) {
				missing = id
			}
		}
		switch {
		case p.ID == "":
			reject(RowPartnership, i, EINVALID, "partnership %s→%s has no id", p.Source, p.Target)
		case err != nil:
			reject(RowPartnership, i, ErrorCode(err), "partnership %q: %s", p.ID, ErrorMessage(err))
		case missing != "":
			reject(RowPartnership, i, ENOTFOUND, "partnership %q: actor %q is neither among the imported actors nor stored", p.ID, missing)
		case ties[p.ID]:
			reject(RowPartnership, i, EINVALID, "partnership %q appears twice", p.ID)
		case p.ProjectID != "" && !projectKnown(p.ProjectID) && !o.CreateProjects:
			reject(RowPartnership, i, ENOTFOUND, "partnership %q: project %q is neither among the imported projects nor stored", p.ID, p.ProjectID)
		default:
			if p.ProjectID != "" && !projectKnown(p.ProjectID) {
				projects[p.ProjectID] = true
				out.Projects = append(out.Projects, Project{ID: p.ProjectID, Name: p.ProjectID})
			}
			ties[p.ID] = true
			out.Partnerships = append(out.Partnerships, p)
		}
	}
	for i, pp := range n.Participations {
		if !actorKnown(pp.ActorID) || !projectKnown(pp.ProjectID) {
			reject(RowParticipation, i, ENOTFOUND, "participation %s in %s: actor or project is neither imported nor stored", pp.ActorID, pp.ProjectID)
			continue
		}
		out.Participations = append(out.Participations, pp)
	}
	return out, rejected
}

// resolveAttributes decides an import's attributes: the stored definitions, plus those the
// network declares or its rows use (typed values, kind inferred) that are not stored — created
// with DefineAttributes, else rejected once each and their values dropped. A declared type
// that differs from the stored one is rejected too.
func (n Network) resolveAttributes(stored []AttributeDefinition, o ImportOptions) (schemas map[AttributeTarget]AttributeSchema, dropped map[AttributeTarget]map[string]bool, defined []AttributeDefinition, rejected []Rejected) {
	schemas = map[AttributeTarget]AttributeSchema{TargetActor: SchemaOf(stored, TargetActor), TargetPartnership: SchemaOf(stored, TargetPartnership)}
	dropped = map[AttributeTarget]map[string]bool{TargetActor: {}, TargetPartnership: {}}
	declared := append([]AttributeDefinition(nil), n.Attributes...)
	seen := map[string]bool{}
	for _, d := range declared {
		seen[string(d.Target)+"/"+d.Name] = true
	}
	// Names the rows use without a declaration (JSON rows): their type from their values.
	undeclared := func(t AttributeTarget, rows func(yield func(Attributes))) {
		values := map[string][]any{}
		var order []string
		rows(func(a Attributes) {
			for k, v := range a {
				if _, ok := schemas[t][k]; ok || seen[string(t)+"/"+k] {
					continue
				}
				if _, ok := values[k]; !ok {
					order = append(order, k)
				}
				values[k] = append(values[k], v)
			}
		})
		slices.Sort(order)
		for _, k := range order {
			declared = append(declared, AttributeDefinition{Name: k, Target: t, Type: typeOfValues(values[k], n.TextAttributes)})
			seen[string(t)+"/"+k] = true
		}
	}
	undeclared(TargetActor, func(yield func(Attributes)) {
		for _, a := range n.Actors {
			yield(a.Attributes)
		}
	})
	undeclared(TargetPartnership, func(yield func(Attributes)) {
		for _, p := range n.Partnerships {
			yield(p.Attributes)
		}
	})
	for _, d := range declared {
		reject := func(format string, args ...any) {
			file := 0 // the actors' file's header, or the partnerships'
			if d.Target == TargetPartnership {
				file = 1
			}
			rejected = append(rejected, Rejected{Kind: RowAttribute, Index: file, Code: EINVALID, Reason: fmt.Sprintf(format, args...)})
			dropped[d.Target][d.Name] = true
		}
		if old, ok := schemas[d.Target][d.Name]; ok {
			if d.Type != "" && old.Type != d.Type && !n.TextAttributes {
				reject("%s attribute %q is %s in the file but defined as %s", strings.ToLower(string(d.Target)), d.Name, d.Type, old.Type)
			}
			continue
		}
		if !o.DefineAttributes {
			reject("%s attribute %q is not defined; define it, or import with defineAttributes to define it from the file", strings.ToLower(string(d.Target)), d.Name)
			continue
		}
		if err := d.Validate(); err != nil {
			reject("%s attribute %q: %s", strings.ToLower(string(d.Target)), d.Name, ErrorMessage(err))
			continue
		}
		if len(schemas[d.Target]) >= MaxAttributes {
			reject("%s attribute %q: the limit of %d attributes is reached", strings.ToLower(string(d.Target)), d.Name, MaxAttributes)
			continue
		}
		schemas[d.Target][d.Name] = d
		defined = append(defined, d)
	}
	return schemas, dropped, defined, rejected
}

// typeOfValues infers an attribute's type from the values rows give it: text cells as
// InferAttributeType does; typed values NUMBER, BOOLEAN, DATE (strings that are all ISO
// dates) or STRING.
func typeOfValues(values []any, text bool) AttributeType {
	var cells []string
	num, boolean := true, true
	for _, v := range values {
		switch x := v.(type) {
		case nil:
		case string:
			cells = append(cells, x)
			if !text {
				num, boolean = false, false
			}
		case bool:
			cells = append(cells, FormatAttribute(x))
			num = false
		default:
			cells = append(cells, fmt.Sprint(x))
			boolean = false
		}
	}
	t := InferAttributeType(cells)
	if (t == AttrNumber && !num) || (t == AttrBoolean && !boolean) {
		return AttrString
	}
	return t
}

// Validate checks the network as Resolve does, against knownSectors and (for endpoints)
// knownActors, which may be nil, and reports the first rejected row as an error.
func (n *Network) Validate(knownSectors, knownActors map[string]bool) error {
	st := Stored{Actors: knownActors}
	for code := range knownSectors {
		st.Sectors = append(st.Sectors, Sector{Code: code, Label: code})
	}
	_, rejected := n.Resolve(st, ImportOptions{})
	return FirstRejected(rejected)
}

// FirstRejected is the first rejected row as an error with its code; nil when there is none.
func FirstRejected(rejected []Rejected) error {
	if len(rejected) == 0 {
		return nil
	}
	r := rejected[0]
	if len(rejected) > 1 {
		return Errorf(r.Code, "%s (and %d more rows rejected)", r.Reason, len(rejected)-1)
	}
	return Errorf(r.Code, "%s", r.Reason)
}

// SectorCode derives a sector code from a label as a spreadsheet spells it: lower-case
// letters and digits, other runs as one '_', starting with a letter ("Non-profit org." →
// non_profit_org, "1st tier" → s_1st_tier); "" when nothing usable is left.
func SectorCode(label string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(label) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
		default:
			gap = true
		}
	}
	code := b.String()
	if code != "" && (code[0] < 'a' || code[0] > 'z') {
		code = "s_" + code
	}
	if len(code) > MaxTypeLen {
		code = strings.TrimRight(code[:MaxTypeLen], "_")
	}
	return code
}
