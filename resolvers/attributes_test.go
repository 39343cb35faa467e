package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"stakegraph/domain"
)

// attributeScenario defines attributes, writes values, filters and groups by them, and sends
// every bad input the issue lists, checking each is refused with BAD_USER_INPUT naming the
// attribute and leaves the graph version as it was.
func attributeScenario(t *testing.T, c *client) {
	define := `mutation($n: ID!, $t: AttributeTarget!, $ty: AttributeType!) {
		defineAttribute(input: {name: $n, target: $t, type: $ty, label: "L"}) { name target type label } }`
	for _, d := range []struct{ n, t, ty string }{
		{"budget", "ACTOR", "NUMBER"}, {"legal_form", "ACTOR", "STRING"}, {"founded", "ACTOR", "DATE"},
		{"formal", "ACTOR", "BOOLEAN"}, {"trust", "PARTNERSHIP", "NUMBER"}, {"form", "PARTNERSHIP", "STRING"},
	} {
		c.must(define, map[string]any{"n": d.n, "t": d.t, "ty": d.ty}, nil)
	}
	create := `mutation($id: ID!, $s: String!, $a: JSON) { createActor(input: {id: $id, name: "Actor", sector: $s, attributes: $a}) { id attributes } }`
	c.must(create, map[string]any{"id": "a", "s": "government", "a": map[string]any{"budget": 1.5e6, "legal_form": "ministry", "founded": "1990-01-02", "formal": true}}, nil)
	c.must(create, map[string]any{"id": "b", "s": "civil_society", "a": map[string]any{"budget": 20000, "legal_form": "charity", "formal": false}}, nil)
	c.must(create, map[string]any{"id": "c", "s": "civil_society", "a": map[string]any{"legal_form": "charity"}}, nil)
	c.must(create, map[string]any{"id": "d", "s": "business", "a": map[string]any{"budget": 3e5, "legal_form": "company"}}, nil)
	tie := `mutation($id: ID!, $s: ID!, $t: ID!, $a: JSON) { createPartnership(input: {id: $id, source: $s, target: $t, attributes: $a}) { id attributes } }`
	c.must(tie, map[string]any{"id": "ab", "s": "a", "t": "b", "a": map[string]any{"trust": 4, "form": "grant"}}, nil)
	c.must(tie, map[string]any{"id": "bc", "s": "b", "t": "c", "a": map[string]any{"trust": 2}}, nil)
	c.must(tie, map[string]any{"id": "cd", "s": "c", "t": "d"}, nil)
	c.must(tie, map[string]any{"id": "ad", "s": "a", "t": "d", "a": map[string]any{"trust": 0.5}}, nil)

	var got struct {
		Actor struct{ Attributes map[string]any }
	}
	c.must(`{ actor(id: "a") { attributes } }`, nil, &got)
	if a := got.Actor.Attributes; a["budget"] != 1.5e6 || a["legal_form"] != "ministry" || a["founded"] != "1990-01-02" || a["formal"] != true {
		t.Fatalf("attributes = %v", a)
	}
	// Updates merge; null deletes.
	c.must(`mutation { updateActor(id: "a", input: {attributes: {formal: null, budget: 2}}) { id } }`, nil, nil)
	got.Actor.Attributes = nil // json.Unmarshal merges into a map it is given
	c.must(`{ actor(id: "a") { attributes } }`, nil, &got)
	if a := got.Actor.Attributes; a["budget"] != 2.0 || a["legal_form"] != "ministry" || a["formal"] != nil {
		t.Fatalf("after update attributes = %v", a)
	}
	c.must(`mutation { updateActor(id: "a", input: {attributes: {budget: 1500000}}) { id } }`, nil, nil)

	// Filters: actors by attribute conditions (AND across, OR within equals).
	var page struct {
		Actors struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID string } }
		}
	}
	for _, tc := range []struct {
		filter string
		want   string
	}{
		{`{attributes: [{name: "legal_form", equals: ["charity", "company"]}]}`, "b,c,d"},
		{`{attributes: [{name: "budget", min: 100000}]}`, "a,d"},
		{`{attributes: [{name: "budget", exists: false}]}`, "c"},
		{`{attributes: [{name: "legal_form", equals: ["charity"]}, {name: "budget", max: 50000}]}`, "b"},
		{`{attributes: [{name: "founded", after: "1989-12-31", before: "2000-01-01"}]}`, "a"},
		{`{attributes: [{name: "formal", equals: ["false"]}]}`, "b"},
	} {
		c.must(`{ actors(filter: `+tc.filter+`, orderBy: {field: ID}) { totalCount edges { node { id } } } }`, nil, &page)
		var ids []string
		for _, e := range page.Actors.Edges {
			ids = append(ids, e.Node.ID)
		}
		if strings.Join(ids, ",") != tc.want || page.Actors.TotalCount != len(ids) {
			t.Errorf("filter %s: got %v (total %d), want %s", tc.filter, ids, page.Actors.TotalCount, tc.want)
		}
	}

	// Groupings by an attribute and the definitions' value counts.
	var mix struct {
		SectorMixing struct {
			Groups []struct {
				Key  string
				Size int
			}
		}
		AttributeDefinitions []struct {
			Name   string
			Values []struct {
				Key   string
				Count int
			}
		}
	}
	c.must(`{ sectorMixing(groupByAttribute: "legal_form") { groups { key size } }
		attributeDefinitions(target: ACTOR) { name values { key count } } }`, nil, &mix)
	sizes := map[string]int{}
	for _, g := range mix.SectorMixing.Groups {
		sizes[g.Key] = g.Size
	}
	if sizes["charity"] != 2 || sizes["ministry"] != 1 || sizes["company"] != 1 {
		t.Errorf("groups by legal_form = %v", sizes)
	}
	for _, d := range mix.AttributeDefinitions {
		if d.Name == "legal_form" && (len(d.Values) != 3 || d.Values[0].Key != "charity" || d.Values[0].Count != 2) {
			t.Errorf("legal_form values = %+v", d.Values)
		}
	}
	// A weighted view from a tie attribute leaves out ties without a value: strength of a is
	// 4 + 0.5.
	var st struct {
		Centrality struct {
			Edges []struct {
				Node struct {
					Actor struct{ ID string }
					Score float64
				}
			}
		}
	}
	c.must(`{ centrality(metric: STRENGTH, network: {weighted: true, weightAttribute: "trust"}) { edges { node { actor { id } score } } } }`, nil, &st)
	strength := map[string]float64{}
	for _, e := range st.Centrality.Edges {
		strength[e.Node.Actor.ID] = e.Node.Score
	}
	if strength["a"] != 4.5 || strength["c"] != 2 || strength["d"] != 0.5 {
		t.Errorf("strengths by trust = %v", strength)
	}

	// The cost model prices brokerage once per slice and grouping: two groupings cost two
	// computations, one asked twice costs one.
	price := func(q string) int { return c.cost(q, true) }
	same := price(`{ x: actors { edges { node { brokerage(groupByAttribute: "legal_form") { total } } } }
		y: actors { edges { node { brokerage(groupByAttribute: "legal_form") { total } } } } }`)
	two := price(`{ x: actors { edges { node { brokerage(groupByAttribute: "legal_form") { total } } } }
		y: actors { edges { node { brokerage(groupBy: REGION) { total } } } } }`)
	if two <= same {
		t.Errorf("brokerage by two groupings priced %d, by one grouping twice %d", two, same)
	}

	// Bad input: refused, named, and the version unchanged.
	var v0 struct{ GraphVersion int }
	c.must(`{ graphVersion }`, nil, &v0)
	for _, bad := range []struct {
		query, code, mention string
	}{
		{`mutation { createActor(input: {name: "x", sector: "media", attributes: {budget: "lots"}}) { id } }`, "BAD_USER_INPUT", "budget"},
		{`mutation { createActor(input: {name: "x", sector: "media", attributes: {staff: 3}}) { id } }`, "BAD_USER_INPUT", "legal_form"},
		{`mutation { createActor(input: {name: "x", sector: "media", attributes: {founded: "1990-13-01"}}) { id } }`, "BAD_USER_INPUT", "founded"},
		{`mutation { createActor(input: {name: "x", sector: "media", attributes: {formal: "yes"}}) { id } }`, "BAD_USER_INPUT", "formal"},
		{`mutation { createActor(input: {name: "x", sector: "media", attributes: {legal_form: {a: 1}}}) { id } }`, "BAD_USER_INPUT", "legal_form"},
		{`mutation { createActor(input: {name: "x", sector: "media", attributes: {legal_form: "` + strings.Repeat("x", 10*1024+1) + `"}}) { id } }`, "BAD_USER_INPUT", "limit"},
		{`mutation { updateActor(id: "a", input: {attributes: {trust: 3}}) { id } }`, "BAD_USER_INPUT", "trust"},
		{`mutation { updatePartnership(id: "ab", input: {attributes: {trust: "high"}}) { id } }`, "BAD_USER_INPUT", "trust"},
		{`mutation { createPartnership(input: {source: "a", target: "c", attributes: {budget: 1}}) { id } }`, "BAD_USER_INPUT", "budget"},
		{`mutation { defineAttribute(input: {name: "sector", target: ACTOR, type: STRING}) { name } }`, "BAD_USER_INPUT", "built-in"},
		{`mutation { defineAttribute(input: {name: "Weight", target: PARTNERSHIP, type: NUMBER}) { name } }`, "BAD_USER_INPUT", "built-in"},
		{`mutation { defineAttribute(input: {name: "has space", target: ACTOR, type: STRING}) { name } }`, "BAD_USER_INPUT", "name"},
		{`mutation { defineAttribute(input: {name: "budget", target: ACTOR, type: STRING}) { name } }`, "CONFLICT", "budget"},
		{`mutation { deleteAttribute(name: "nope", target: ACTOR) { name } }`, "NOT_FOUND", "nope"},
		{`{ actors(filter: {attributes: [{name: "nope", exists: true}]}) { totalCount } }`, "BAD_USER_INPUT", "nope"},
		{`{ actors(filter: {attributes: [{name: "legal_form", min: 3}]}) { totalCount } }`, "BAD_USER_INPUT", "NUMBER"},
		{`{ sectorMixing(groupByAttribute: "budget") { eiIndex } }`, "BAD_USER_INPUT", "budget"},
		{`{ sectorMixing(groupByAttribute: "nope") { eiIndex } }`, "BAD_USER_INPUT", "nope"},
		{`{ networkStats(network: {weightAttribute: "form"}) { density } }`, "BAD_USER_INPUT", "form"},
		{`{ attributeAssortativity(attribute: "founded") }`, "BAD_USER_INPUT", "founded"},
	} {
		r := c.ask(bad.query, nil)
		if r.Code() != bad.code || !strings.Contains(r.Errors[0].Message, bad.mention) {
			t.Errorf("%.90s: got %s %+v, want %s mentioning %q", bad.query, r.Code(), r.Errors, bad.code, bad.mention)
		}
	}
	var v1 struct{ GraphVersion int }
	c.must(`{ graphVersion }`, nil, &v1)
	if v1 != v0 {
		t.Errorf("bad input changed the graph version %d → %d", v0.GraphVersion, v1.GraphVersion)
	}
	// A definition change is a new version; deleting an attribute removes its values.
	c.must(`mutation { updateAttribute(name: "budget", target: ACTOR, label: "Annual budget") { label } }`, nil, nil)
	c.must(`{ graphVersion }`, nil, &v1)
	if v1.GraphVersion <= v0.GraphVersion {
		t.Errorf("updateAttribute kept the version %d", v1.GraphVersion)
	}
	c.must(`mutation { deleteAttribute(name: "legal_form", target: ACTOR) { name } }`, nil, nil)
	got.Actor.Attributes = nil
	c.must(`{ actor(id: "b") { attributes } }`, nil, &got)
	if _, ok := got.Actor.Attributes["legal_form"]; ok || got.Actor.Attributes["budget"] != 20000.0 {
		t.Errorf("after deleteAttribute b's attributes = %v", got.Actor.Attributes)
	}
}

func TestAttributesInMemory(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	attributeScenario(t, c)
}

func TestAttributesInNeo4j(t *testing.T) {
	c, _ := newNeo4jClient(t)
	attributeScenario(t, c)
}

// TestAttributeLimits: at most MaxAttributes definitions per target, and NaN or infinite
// numbers are refused (a JSON literal cannot carry them; a file's cell can).
func TestAttributeLimits(t *testing.T) {
	t.Parallel()
	c, store := newClient(t)
	for i := range 200 {
		c.must(`mutation($n: ID!) { defineAttribute(input: {name: $n, target: PARTNERSHIP, type: NUMBER}) { name } }`, map[string]any{"n": fmt.Sprintf("x%03d", i)}, nil)
	}
	r := c.ask(`mutation { defineAttribute(input: {name: "one_more", target: PARTNERSHIP, type: NUMBER}) { name } }`, nil)
	if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "limit of 200") && !strings.Contains(r.Errors[0].Message, "the limit is 200") {
		t.Errorf("the 201st partnership attribute: %+v", r.Errors)
	}
	c.must(`mutation { defineAttribute(input: {name: "one_more", target: ACTOR, type: NUMBER}) { name } }`, nil, nil) // the other target has room
	seedBasics(t, store)
	var res struct {
		ImportNetworkJSON struct {
			Status     string
			ErrorCount int
			Errors     []struct{ Reason string }
		} `json:"importNetworkJson"`
	}
	c.must(`mutation { importNetworkJson(actors: [{id: "gov", name: "Ministry", sector: "government", attributes: {one_more: "NaN"}}]) {
		status errorCount errors { reason } } }`, nil, &res)
	if res.ImportNetworkJSON.ErrorCount != 1 || !strings.Contains(res.ImportNetworkJSON.Errors[0].Reason, "one_more") {
		t.Errorf("a NaN value: %+v", res.ImportNetworkJSON)
	}
}

// TestAttributeStringValuesFitTheIndex: every STRING value the API accepts is one Neo4j can
// index (its range index refuses keys over about 8 KB: a 9,000-byte value used to pass
// validation and come back INTERNAL_SERVER_ERROR): 8,000 bytes are stored, in ASCII and in
// 4-byte characters; 8,001 and 9,000 are BAD_USER_INPUT and change nothing.
func TestAttributeStringValuesFitTheIndex(t *testing.T) {
	c, store := newNeo4jClient(t)
	c.must(`mutation { defineAttribute(input: {name: "note", target: ACTOR, type: STRING}) { name } }`, nil, nil)
	create := `mutation($id: ID!, $v: String!) { createActor(input: {id: $id, name: "X", sector: "government", attributes: {note: $v}}) { id } }`
	for i, v := range []string{strings.Repeat("a", domain.MaxAttributeValueBytes), strings.Repeat("😀", domain.MaxAttributeValueBytes/4)} {
		c.must(create, map[string]any{"id": fmt.Sprintf("ok%d", i), "v": v}, nil)
	}
	v0, _ := store.GraphVersion(context.Background())
	for _, n := range []int{domain.MaxAttributeValueBytes + 1, 9000} {
		r := c.ask(create, map[string]any{"id": "big", "v": strings.Repeat("a", n)})
		if r.Code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "limit") {
			t.Errorf("a %d-byte value: %s %+v", n, r.Code(), r.Errors)
		}
	}
	if v, _ := store.GraphVersion(context.Background()); v != v0 {
		t.Errorf("refused values moved the version %d → %d", v0, v)
	}
}
