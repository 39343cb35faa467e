package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"stakegraph/gqltest"
	"stakegraph/neo4jstore/neo4jtest"
)

// The reading order: the README, then each guide in docs/ in the order the README first links
// it. An example is a ```graphql block; HTML comments around it steer the test:
//
//	<!-- docs-test: admin -->              before a block: send it with an admin token
//	<!-- figures: path = value; … -->      after a block: the answer's data at path (dots,
//	                                       list indices as numbers) shows value, and the prose
//	                                       between the block and the comment quotes it
var (
	blockRE   = regexp.MustCompile("(?s)```graphql\n(.*?)```")
	adminRE   = regexp.MustCompile(`<!-- docs-test: admin -->\s*$`)
	figuresRE = regexp.MustCompile(`<!-- figures: (.*?) -->`)
	mdLinkRE  = regexp.MustCompile(`\]\(([^)#\s]+)(#[^)\s]*)?\)`)
)

// readingOrder is the README and the guides it links, in the order a reader meets them.
func readingOrder(t *testing.T) []string {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	order := []string{"README.md"}
	for _, m := range mdLinkRE.FindAllStringSubmatch(string(readme), -1) {
		if p := filepath.Clean(m[1]); strings.HasPrefix(p, "docs/") && strings.HasSuffix(p, ".md") && !slices.Contains(order, p) {
			order = append(order, p)
		}
	}
	return order
}

// example is one GraphQL block of a page and what the page says of its answer.
type example struct {
	file, query string
	line        int
	admin       bool
	figures     []figure
}

type figure struct{ path, value, prose string }

// examples reads a page's GraphQL blocks and their comments.
func examples(t *testing.T, file string) []example {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	locs := blockRE.FindAllStringSubmatchIndex(text, -1)
	var out []example
	for i, l := range locs {
		ex := example{file: file, query: text[l[2]:l[3]], line: strings.Count(text[:l[0]], "\n") + 1,
			admin: adminRE.MatchString(text[:l[0]])}
		next := len(text)
		if i+1 < len(locs) {
			next = locs[i+1][0]
		}
		after := text[l[1]:next]
		for _, fm := range figuresRE.FindAllStringSubmatchIndex(after, -1) {
			prose := after[:fm[0]]
			for _, f := range strings.Split(after[fm[2]:fm[3]], ";") {
				path, value, ok := strings.Cut(f, "=")
				if !ok {
					t.Fatalf("%s:%d: a figure without '=': %q", file, ex.line, f)
				}
				ex.figures = append(ex.figures, figure{strings.TrimSpace(path), strings.TrimSpace(value), prose})
			}
		}
		out = append(out, ex)
	}
	return out
}

// TestDocsRunInReadingOrder starts the server exactly as `make run` does — an empty database,
// `serve --demo`, anonymous clients editors, every limit at its default — and runs every
// GraphQL example of the README and the guides in reading order. An error, a null or empty
// top-level answer, or a figure the text quotes that the answer does not show fails it.
func TestDocsRunInReadingOrder(t *testing.T) {
	skipShort(t, "builds and starts the server on the demo data")
	neo4jtest.MustOpen(t) // empty, as a fresh clone's database
	bin := buildServer(t)
	base := startServerWith(t, bin, []string{"ANONYMOUS_ROLE=editor"}, "--demo")
	admin := newToken(t, bin, "docs-admin", "admin")
	ran := 0
	for _, file := range readingOrder(t) {
		for _, ex := range examples(t, file) {
			ran++
			c := &gqltest.Client{TB: t, URL: base + "/graphql"}
			if ex.admin {
				c.Token = admin
			}
			r := c.Do(ex.query, nil)
			where := fmt.Sprintf("%s:%d", ex.file, ex.line)
			if len(r.Errors) > 0 {
				t.Errorf("%s: the example answered %s: %s\n%s", where, r.Errors[0].Code(), r.Errors[0].Message, ex.query)
				continue
			}
			t.Logf("%s answered %s", where, short(json.RawMessage(r.Data)))
			var data map[string]any
			if err := json.Unmarshal(r.Data, &data); err != nil || len(data) == 0 {
				t.Errorf("%s: no data (%v)", where, err)
				continue
			}
			for field, v := range data {
				if empty(v) {
					t.Errorf("%s: %s answered %s where the text promises data", where, field, short(v))
				}
			}
			for _, f := range ex.figures {
				got, ok := at(data, f.path)
				if !ok {
					t.Errorf("%s: the answer has nothing at %s: %s", where, f.path, r.Data)
					continue
				}
				if !shows(got, f.value) {
					t.Errorf("%s: the text quotes %s = %s; the answer has %v", where, f.path, f.value, got)
				}
				if !strings.Contains(f.prose, f.value) && !strings.Contains(f.prose, thousands(f.value)) {
					t.Errorf("%s: the figure %s = %s is not quoted in the prose after the example", where, f.path, f.value)
				}
			}
		}
	}
	if ran < 20 {
		t.Errorf("only %d examples in the docs", ran)
	}
	// The notebook next, on the same server, as `make notebook` opens it against `make run`.
	t.Run("notebook", func(t *testing.T) { runNotebook(t, base) })
}

// short is a value's JSON, cut to 1,200 bytes.
func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 1200 {
		return string(b[:1200]) + "…"
	}
	return string(b)
}

// empty is a top-level answer that promises data and has none: null, an empty list, or a
// connection without edges.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case map[string]any:
		if e, ok := x["edges"].([]any); ok {
			return len(e) == 0
		}
		if n, ok := x["nodes"].([]any); ok {
			return len(n) == 0
		}
	}
	return false
}

// at walks a path of field names and list indices.
func at(v any, path string) (any, bool) {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[p]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// shows: a number equals want rounded to want's decimals; anything else as text.
func shows(got any, want string) bool {
	if g, ok := got.(float64); ok {
		w, err := strconv.ParseFloat(want, 64)
		if err != nil {
			return false
		}
		dec := 0
		if _, frac, ok := strings.Cut(want, "."); ok {
			dec = len(frac)
		}
		scale := math.Pow(10, float64(dec))
		return math.Round(g*scale) == math.Round(w*scale)
	}
	return fmt.Sprint(got) == want
}

// thousands writes an integer with thousands separators as prose does (2327 → 2,327).
func thousands(s string) string {
	if _, err := strconv.Atoi(s); err != nil || len(strings.TrimPrefix(s, "-")) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TestDocsLinks checks every relative link of the README, CONTRIBUTING and the guides: the
// file exists, and a #fragment names a heading of it.
func TestDocsLinks(t *testing.T) {
	pages, _ := filepath.Glob("docs/*.md")
	pages = append([]string{"README.md", "CONTRIBUTING.md"}, pages...)
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLinkRE.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			p := filepath.Join(filepath.Dir(page), target)
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s links %s, which does not exist", page, target)
				continue
			}
			if frag := strings.TrimPrefix(m[2], "#"); frag != "" && !slices.Contains(anchors(t, p), frag) {
				t.Errorf("%s links %s#%s: no such heading", page, target, frag)
			}
		}
		for _, m := range regexp.MustCompile(`\]\((#[^)\s]+)\)`).FindAllStringSubmatch(string(b), -1) {
			if !slices.Contains(anchors(t, page), strings.TrimPrefix(m[1], "#")) {
				t.Errorf("%s links %s: no such heading", page, m[1])
			}
		}
	}
}

// anchors are the fragment ids a Markdown page's headings get (GitHub's rule: lower case,
// punctuation dropped, spaces to hyphens).
func anchors(t *testing.T, page string) []string {
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var a strings.Builder
		for _, c := range h {
			switch {
			case c == ' ':
				a.WriteByte('-')
			case c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c > 127:
				a.WriteRune(c)
			}
		}
		out = append(out, a.String())
	}
	return out
}
