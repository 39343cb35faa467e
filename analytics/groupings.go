package analytics

import (
	"context"
	"sort"

	"stakegraph/domain"
)

// Groupings: a snapshot's vertices grouped by a built-in actor field or a categorical actor
// attribute, built on first use and kept with the snapshot, and the groups' keys and labels.

// grouping assigns every vertex of a snapshot to a group by one actor attribute.
type grouping struct {
	by    domain.ActorAttribute
	keys  []string         // group keys, sorted ("" for actors without the attribute)
	of    []int32          // vertex → index into keys
	index map[string]int32 // key → index
}

func (sn *Snapshot) group(a domain.ActorAttribute) *grouping {
	if a == "" {
		a = domain.BySector
	}
	if name, ok := a.AttributeName(); ok {
		return sn.attributeGrouping(a, name)
	}
	return sn.groupings[a]
}

// attributeGrouping groups the vertices by an actor attribute's values (its column's keys;
// "" for actors without a value), built on first use and kept with the snapshot.
func (sn *Snapshot) attributeGrouping(a domain.ActorAttribute, name string) *grouping {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if gr, ok := sn.custom[a]; ok {
		return gr
	}
	values := make([]string, len(sn.actors))
	if c := sn.base.data.ActorAttrs.Get(name); c != nil {
		for v, i := range sn.actors {
			values[v] = c.Key(int(i))
		}
	}
	gr := newGrouping(a, values)
	if sn.custom == nil {
		sn.custom = map[domain.ActorAttribute]*grouping{}
	}
	sn.custom[a] = gr
	return gr
}

func newGrouping(by domain.ActorAttribute, values []string) *grouping {
	keys := append([]string(nil), values...)
	sort.Strings(keys)
	k := 0
	for i, x := range keys {
		if i == 0 || x != keys[k-1] {
			keys[k] = x
			k++
		}
	}
	keys = append([]string(nil), keys[:k]...) // not the n-long array it was sorted in
	gr := &grouping{by: by, keys: keys, of: make([]int32, len(values)), index: make(map[string]int32, len(keys))}
	for i, x := range keys {
		gr.index[x] = int32(i)
	}
	for v, x := range values {
		gr.of[v] = gr.index[x]
	}
	return gr
}

// checkGroupBy checks a grouping: a built-in attribute, or a STRING or BOOLEAN actor
// attribute defined at the operation's version (domain.GroupByAttribute).
func (s *Service) checkGroupBy(ctx context.Context, by domain.ActorAttribute) (domain.ActorAttribute, error) {
	return s.checkGrouping(ctx, by, "groupByAttribute")
}

// checkGrouping is checkGroupBy for an attribute given in the argument field (its errors name
// that argument).
func (s *Service) checkGrouping(ctx context.Context, by domain.ActorAttribute, field string) (domain.ActorAttribute, error) {
	if name, ok := by.AttributeName(); ok {
		b, err := s.current(ctx, false)
		if err != nil {
			return "", err
		}
		d, err := domain.SchemaOf(b.data.AttributeDefs, domain.TargetActor).Lookup(field, name, domain.TargetActor)
		if err != nil {
			return "", err
		}
		if !d.Type.Categorical() {
			return "", domain.FieldErrorf(field, domain.EINVALID, "%s %q is %s; group by a STRING or BOOLEAN actor attribute", field, name, d.Type)
		}
		return by, nil
	}
	if by == "" {
		return domain.BySector, nil
	}
	if !by.Valid() {
		return "", domain.FieldErrorf("groupBy", domain.EINVALID, "groupBy must be SECTOR, REGION, TYPE or KIND, got %q", by)
	}
	return by, nil
}

// Group is a group of actors by one attribute: its key (a sector code, region, type or kind;
// "" for actors without the attribute) and its display label (the sector's label; the key
// itself otherwise; "(none)" for "").
type Group struct {
	Key, Label string
}

// NoneLabel labels the group of actors without the attribute.
const NoneLabel = "(none)"

// groupOf returns the key and label of a group key under an attribute.
func (sn *Snapshot) groupOf(by domain.ActorAttribute, key string) Group {
	switch {
	case key == "":
		return Group{Key: key, Label: NoneLabel}
	case by == domain.BySector || by == "":
		if sec, ok := sn.base.sector[key]; ok {
			return Group{Key: key, Label: sec.Label}
		}
	}
	return Group{Key: key, Label: key}
}
