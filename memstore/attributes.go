package memstore

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"stakegraph/domain"
)

// defKey keys a definition by target and name, as the Neo4j store does.
func defKey(t domain.AttributeTarget, name string) string { return string(t) + "/" + name }

// definitions are the stored definitions by target, then name.
func (s *Store) definitions() []domain.AttributeDefinition {
	out := slices.Collect(maps.Values(s.defs))
	slices.SortFunc(out, func(a, b domain.AttributeDefinition) int {
		return cmp.Or(strings.Compare(string(a.Target), string(b.Target)), strings.Compare(a.Name, b.Name))
	})
	return out
}

func (s *Store) schema(t domain.AttributeTarget) domain.AttributeSchema {
	return domain.SchemaOf(s.definitions(), t)
}

// AttributeDefinitions implements domain.Store.
func (s *Store) AttributeDefinitions(context.Context) ([]domain.AttributeDefinition, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.definitions(), nil
}

// DefineAttribute implements domain.Store.
func (s *Store) DefineAttribute(_ context.Context, d domain.AttributeDefinition) (*domain.AttributeDefinition, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.defs[defKey(d.Target, d.Name)]; ok {
		return nil, domain.FieldErrorf("name", domain.ECONFLICT, "%s attribute %q is already defined", strings.ToLower(string(d.Target)), d.Name)
	}
	if len(s.schema(d.Target)) >= domain.MaxAttributes {
		return nil, domain.FieldErrorf("name", domain.EINVALID, "%s already has %d attributes; the limit is %d", strings.ToLower(string(d.Target)), domain.MaxAttributes, domain.MaxAttributes)
	}
	s.defs[defKey(d.Target, d.Name)] = d
	s.changed()
	return &d, nil
}

// UpdateAttribute implements domain.Store.
func (s *Store) UpdateAttribute(_ context.Context, t domain.AttributeTarget, name string, label, description *string) (*domain.AttributeDefinition, error) {
	if err := domain.ValidateAttributeText(label, description); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.defs[defKey(t, name)]
	if !ok {
		return nil, domain.FieldErrorf("name", domain.ENOTFOUND, "%s attribute %q is not defined", strings.ToLower(string(t)), name)
	}
	old := d
	if label != nil {
		d.Label = *label
	}
	if description != nil {
		d.Description = *description
	}
	if d != old {
		s.defs[defKey(t, name)] = d
		s.changed()
	}
	return &d, nil
}

// DeleteAttribute implements domain.Store.
func (s *Store) DeleteAttribute(_ context.Context, t domain.AttributeTarget, name string) (*domain.AttributeDefinition, error) {
	if err := domain.ValidateID("name", name); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.defs[defKey(t, name)]
	if !ok {
		return nil, domain.FieldErrorf("name", domain.ENOTFOUND, "%s attribute %q is not defined", strings.ToLower(string(t)), name)
	}
	delete(s.defs, defKey(t, name))
	if t == domain.TargetActor {
		for id, a := range s.actors {
			if _, ok := a.Attributes[name]; ok {
				c := clone(a)
				c.Attributes = without(a.Attributes, name)
				s.actors[id] = c
			}
		}
	} else {
		for id, p := range s.partnerships {
			if _, ok := p.Attributes[name]; ok {
				c := clone(p)
				c.Attributes = without(p.Attributes, name)
				s.partnerships[id] = c
			}
		}
	}
	s.changed()
	return &d, nil
}

func without(a domain.Attributes, name string) domain.Attributes {
	out := maps.Clone(a)
	delete(out, name)
	if len(out) == 0 {
		return nil
	}
	return out
}

// merged is old with the values of patch set (nil values deleted); nil when empty.
func merged(old, patch domain.Attributes) domain.Attributes {
	if len(patch) == 0 {
		return old
	}
	out := maps.Clone(old)
	if out == nil {
		out = domain.Attributes{}
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// AttributeValueCounts implements domain.Store.
func (s *Store) AttributeValueCounts(_ context.Context, t domain.AttributeTarget, name string, first int) ([]domain.ValueCount, error) {
	if err := domain.ValidateID("name", name); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	counts := map[string]int{}
	add := func(a domain.Attributes) {
		if v, ok := a[name]; ok && v != nil {
			counts[domain.FormatAttribute(v)]++
		}
	}
	if t == domain.TargetActor {
		for _, a := range s.actors {
			add(a.Attributes)
		}
	} else {
		for _, p := range s.partnerships {
			add(p.Attributes)
		}
	}
	out := make([]domain.ValueCount, 0, len(counts))
	for v, n := range counts {
		out = append(out, domain.ValueCount{Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b domain.ValueCount) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Value, b.Value)) })
	return out[:min(first, len(out))], nil
}

// lookup reads attribute values by name for domain.AttributeMatcher.
func lookup(a domain.Attributes) func(string) any {
	return func(name string) any { return a[name] }
}

// actorKept reports whether m keeps actor a, attributes included.
func actorKept(m *domain.NetworkMatcher, a *domain.Actor) bool {
	ga := domain.GraphActorOf(a)
	return m.Actor(&ga) && m.ActorValues(lookup(a.Attributes))
}

// resolve fills in the types of a network filter's attribute conditions.
func (s *Store) resolve(f *domain.NetworkFilter) error {
	return f.CheckAttributes(s.definitions())
}
