package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"stakegraph/web"
)

// TestGraphiQLIsSelfContained: the page and every asset it names are served by the binary,
// under a policy that allows nothing from elsewhere.
func TestGraphiQLIsSelfContained(t *testing.T) {
	selfContained(t, web.GraphiQL(), "/", "/graphiql/", 5)
}

// TestExplorerIsSelfContained: the same for the explorer at /explore.
func TestExplorerIsSelfContained(t *testing.T) {
	selfContained(t, web.Explorer(), "/explore", "/explore/", 2)
}

func selfContained(t *testing.T, h http.Handler, page, prefix string, assets int) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get(page)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET %s = %d %s", page, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	policy := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(policy, "default-src 'self'") || !strings.Contains(policy, "script-src 'self'") || !strings.Contains(policy, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy %q lets the page load from elsewhere", policy)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(refs) < assets {
		t.Fatalf("the page names %d assets", len(refs))
	}
	for _, ref := range refs {
		if ref[1] == "/" { // the explorer's link to GraphiQL
			continue
		}
		if !strings.HasPrefix(ref[1], prefix) {
			t.Errorf("the page loads %s from outside the server", ref[1])
			continue
		}
		if r, body := get(ref[1]); r.StatusCode != 200 || len(body) == 0 {
			t.Errorf("%s: %d", ref[1], r.StatusCode)
		}
	}
}
