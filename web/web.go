// Package web serves the browser pages the binary carries: GraphiQL at / and its assets under
// /graphiql/, and the network explorer at /explore (TypeScript with sigma.js and graphology,
// bundled by esbuild), built from pinned npm packages into dist/ (`make web`; committed,
// embedded here).
// Nothing is loaded from elsewhere: the pages are served with a Content-Security-Policy that
// only allows this server, so they work on a machine without internet.
package web

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
)

//go:embed dist
var dist embed.FS

// csp allows scripts, styles, fonts, images and requests from this server only (styles and
// images also inline: GraphiQL sets style attributes and embeds icons as data URIs).
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// GraphiQL returns the handler for GET / (the GraphiQL page) and GET /graphiql/… (its assets).
func GraphiQL() http.Handler {
	return pages("/", "/graphiql/")
}

// Explorer returns the handler for GET /explore (the network explorer) and GET /explore/…
// (its bundle and style sheet).
func Explorer() http.Handler {
	return pages("/explore", "/explore/")
}

// JSON serves v as a JSON document under the pages' headers (the explorer reads the metric
// registry from /explore/metrics.json).
func JSON(v any) http.Handler {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err) // a value of fixed types
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(body)
	})
}

// pages serves dist/<dir>: its index.html at page (and at dir itself), its files under dir.
func pages(page, dir string) http.Handler {
	assets, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded at build time
	}
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		if r.URL.Path == page || r.URL.Path == dir || r.URL.Path == dir+"index.html" {
			// The page itself is never cached long: a new binary brings a new bundle.
			r2 := r.Clone(r.Context())
			r2.URL.Path = dir
			h.Set("Cache-Control", "no-cache")
			files.ServeHTTP(w, r2)
			return
		}
		h.Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
