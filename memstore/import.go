package memstore

import (
	"context"
	"time"

	"stakegraph/domain"
)

// ImportNetwork implements domain.Store: ImportAtomic, reporting the first rejected row as
// the error (the Neo4j store writes batches in transactions of their own; here every
// method is atomic).
func (s *Store) ImportNetwork(ctx context.Context, n domain.Network, batchSize int, progress func(done, total int)) (domain.ImportStats, error) {
	res, err := s.ImportAtomic(ctx, n, domain.ImportOptions{BatchSize: batchSize, Progress: progress, DefineAttributes: true})
	if err == nil {
		err = domain.FirstRejected(res.Rejected)
	}
	return res.ImportStats, err
}

// ImportAtomic implements domain.Store: the reference check (domain.Network.Resolve) and the
// upsert under one lock. Rows already stored as given change nothing, not even the version.
func (s *Store) ImportAtomic(ctx context.Context, n domain.Network, o domain.ImportOptions) (domain.ImportResult, error) {
	if o.BatchSize <= 0 {
		o.BatchSize = 5000
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := domain.Stored{Sectors: s.sortedSectors(), Actors: map[string]bool{}, Projects: map[string]bool{}, Attributes: s.definitions()}
	actors, projects := n.Outside()
	for _, id := range actors {
		_, st.Actors[id] = s.actors[id]
	}
	for _, id := range projects {
		_, st.Projects[id] = s.projects[id]
	}
	plan, rejected := n.Resolve(st, o)
	res := domain.ImportResult{Rejected: rejected}
	if o.CheckOnly || len(rejected) > 0 && !o.SkipInvalid {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	batches := func(rows int) int { return (rows + o.BatchSize - 1) / o.BatchSize }
	res.Written = true
	res.Actors, res.Projects, res.Partnerships, res.Participations = len(plan.Actors), len(plan.Projects), len(plan.Partnerships), len(plan.Participations)
	res.Attributes = len(plan.Attributes)
	res.Batches = batches(len(plan.Attributes)) + batches(len(plan.Sectors)) + batches(res.Actors) + batches(res.Projects) + batches(res.Partnerships) + batches(res.Participations)
	if o.Progress != nil {
		for lo := 0; lo < res.Partnerships; lo += o.BatchSize {
			o.Progress(min(lo+o.BatchSize, res.Partnerships), res.Partnerships)
		}
	}
	if s.upsert(ctx, plan) {
		s.changed()
	}
	return res, nil
}

// upsert writes a checked network by id, as the Neo4j store's import statements do: sectors
// are created when missing, other rows are created or updated where they differ. It reports
// whether anything changed.
func (s *Store) upsert(ctx context.Context, n domain.Network) bool {
	changed := false
	by, now := domain.IdentityFrom(ctx).Name, time.Now().UTC()
	for _, d := range n.Attributes {
		if _, ok := s.defs[defKey(d.Target, d.Name)]; !ok {
			s.defs[defKey(d.Target, d.Name)] = d
			changed = true
		}
	}
	for _, sec := range n.Sectors {
		if _, ok := s.sectors[sec.Code]; !ok {
			s.sectors[sec.Code] = sec
			changed = true
		}
	}
	for _, a := range n.Actors {
		a.Tags = list(a.Tags)
		old, ok := s.actors[a.ID]
		if ok { // attributes merge: an import sets the values it carries
			a.Attributes = merged(old.Attributes, a.Attributes)
		} else {
			a.Attributes = merged(nil, a.Attributes)
		}
		switch {
		case !ok:
			a.CreatedAt, a.CreatedBy = now, by
		case sameActor(&a, old):
			continue
		default:
			a.CreatedAt, a.CreatedBy = old.CreatedAt, old.CreatedBy
		}
		a.UpdatedAt, a.UpdatedBy = now, by
		s.actors[a.ID], changed = &a, true
	}
	for _, p := range n.Projects {
		changed = put(s.projects, &p, by, func(a, b *domain.Project) bool {
			return a.Name == b.Name && a.Description == b.Description && sameDate(a.Since, b.Since) && sameDate(a.Until, b.Until)
		}) || changed
	}
	for _, p := range n.Partnerships {
		p.Citations = list(p.Citations)
		if old, ok := s.partnerships[p.ID]; ok {
			p.Attributes = merged(old.Attributes, p.Attributes)
		} else {
			p.Attributes = merged(nil, p.Attributes)
		}
		changed = put(s.partnerships, &p, by, func(a, b *domain.Partnership) bool {
			return samePartnership(a, b) && a.Source == b.Source && a.Target == b.Target
		}) || changed
	}
	for _, pp := range n.Participations {
		k := [2]string{pp.ActorID, pp.ProjectID}
		if old, ok := s.roles[k]; !ok || old != pp.Role {
			s.roles[k], changed = pp.Role, true
		}
	}
	return changed
}

// stamped is a stored row with an id and who created and last changed it.
type stamped interface {
	*domain.Project | *domain.Partnership
}

// stamps are a row's id and its creator and updater fields.
func stamps[T stamped](row T) (id string, createdBy, updatedBy *string) {
	switch r := any(row).(type) {
	case *domain.Project:
		return r.ID, &r.CreatedBy, &r.UpdatedBy
	case *domain.Partnership:
		return r.ID, &r.CreatedBy, &r.UpdatedBy
	}
	panic("unreachable")
}

// put stores row unless the stored row with its id equals it (same): a new row is created
// by `by`, a changed one keeps its creator. It reports whether it wrote.
func put[T stamped](m map[string]T, row T, by string, same func(a, b T) bool) bool {
	id, createdBy, updatedBy := stamps(row)
	old, ok := m[id]
	if ok && same(row, old) {
		return false
	}
	*createdBy, *updatedBy = by, by
	if ok {
		_, creator, _ := stamps(old)
		*createdBy = *creator
	}
	m[id] = row
	return true
}
