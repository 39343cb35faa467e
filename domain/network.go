package domain

// Network is a whole set of actors, partnerships, projects and participations to load at once
// (demo data, and later file imports). Sectors lists sectors to create when missing.
type Network struct {
	Sectors        []Sector
	Actors         []Actor
	Partnerships   []Partnership
	Projects       []Project
	Participations []Participation
}

// Validate checks every object of the network on its own terms and that every reference
// (sector, endpoint, project) resolves within the network, among knownSectors, or (for
// endpoints) among knownActors, which may be nil. It reports the first problem found.
func (n *Network) Validate(knownSectors, knownActors map[string]bool) error {
	sectors := make(map[string]bool, len(knownSectors)+len(n.Sectors))
	for k := range knownSectors {
		sectors[k] = true
	}
	for _, s := range n.Sectors {
		in := SectorInput(s)
		if err := in.Validate(); err != nil {
			return err
		}
		sectors[s.Code] = true
	}
	actors := make(map[string]bool, len(n.Actors))
	for _, a := range n.Actors {
		in := ActorInput{ID: a.ID, Name: a.Name, Sector: a.Sector, Kind: a.Kind, Type: a.Type, Region: a.Region, Description: a.Description, Tags: a.Tags}
		if a.ID == "" {
			return FieldErrorf("id", EINVALID, "actor %q has no id", a.Name)
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if !sectors[a.Sector] {
			return FieldErrorf("sector", EINVALID, "actor %q: unknown sector %q", a.ID, a.Sector)
		}
		actors[a.ID] = true
	}
	projects := make(map[string]bool, len(n.Projects))
	for _, p := range n.Projects {
		in := ProjectInput{ID: p.ID, Name: p.Name, Description: p.Description, Since: p.Since, Until: p.Until}
		if err := in.Validate(); err != nil {
			return err
		}
		projects[p.ID] = true
	}
	for _, p := range n.Partnerships {
		w := p.Weight
		in := PartnershipInput{ID: p.ID, Source: p.Source, Target: p.Target, Type: p.Type, Weight: &w, Directed: p.Directed,
			Since: p.Since, Until: p.Until, Citations: p.Citations, ProjectID: p.ProjectID}
		if p.ID == "" {
			return FieldErrorf("id", EINVALID, "partnership %s→%s has no id", p.Source, p.Target)
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if !(actors[p.Source] || knownActors[p.Source]) || !(actors[p.Target] || knownActors[p.Target]) {
			return FieldErrorf("source", ENOTFOUND, "partnership %q: endpoint not among the network's actors", p.ID)
		}
		if p.ProjectID != "" && !projects[p.ProjectID] {
			return FieldErrorf("project", ENOTFOUND, "partnership %q: project %q not in the network", p.ID, p.ProjectID)
		}
	}
	for _, pp := range n.Participations {
		if !(actors[pp.ActorID] || knownActors[pp.ActorID]) || !projects[pp.ProjectID] {
			return Errorf(ENOTFOUND, "participation %s in %s: actor or project not in the network", pp.ActorID, pp.ProjectID)
		}
	}
	return nil
}

// ImportStats reports what an import wrote.
type ImportStats struct {
	Actors, Partnerships, Projects, Participations, Batches int
}
