// Package gqltest is the one GraphQL client of stakegraph's end-to-end tests: it posts an
// operation to a server (a test server or a real process), with a bearer token when given,
// and returns the reply typed — status, headers, errors with their codes, the extensions the
// API reports (cost, graph version, staleness) — so tests decode data into structs of their
// own instead of picking maps apart.
package gqltest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// Client posts GraphQL operations to URL (the /graphql endpoint).
type Client struct {
	TB    testing.TB
	URL   string
	Token string       // sent as Authorization: Bearer when not empty
	HTTP  *http.Client // http.DefaultClient when nil
}

// Error is one GraphQL error.
type Error struct {
	Message    string     `json:"message"`
	Path       []any      `json:"path"`
	Extensions Extensions `json:"extensions"`
}

// Extensions are what the API reports beside an error or a response.
type Extensions struct {
	Code      string `json:"code"`
	Field     string `json:"field"`
	RequestID string `json:"requestId"`
	Cost      *Cost  `json:"cost"`
}

// Cost is extensions.cost.
type Cost struct {
	Requested, Limit, Remaining int
	ResetAt                     string
}

// Reply is a GraphQL response with its HTTP status and headers.
type Reply struct {
	Status     int             `json:"-"`
	Header     http.Header     `json:"-"`
	Data       json.RawMessage `json:"data"`
	Errors     []Error         `json:"errors"`
	Extensions struct {
		Cost            *Cost   `json:"cost"`
		GraphVersion    *int64  `json:"graphVersion"` // nil when the response has none
		Stale           bool    `json:"stale"`
		StaleAgeSeconds float64 `json:"staleAgeSeconds"`
	} `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { return e.Extensions.Code }

// Code is the first error's code ("" without errors).
func (r Reply) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Extensions.Code
}

// Decode decodes the data into out; it ends the test when the reply has errors or the data
// does not fit out.
func (r Reply) Decode(tb testing.TB, out any) {
	tb.Helper()
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		tb.Fatalf("status %d, errors %+v", r.Status, r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		tb.Fatalf("decode %s: %v", r.Data, err)
	}
}

// ID is the variables of an operation that takes one: {"id": …}.
type ID struct {
	ID string `json:"id"`
}

// request is the body of a GraphQL POST.
type request struct {
	Query      string `json:"query,omitempty"`
	Variables  any    `json:"variables,omitempty"`
	Extensions any    `json:"extensions,omitempty"`
}

// Body is the JSON body of a POST of query with its variables (nil: none), for tests that
// send raw bodies.
func Body(query string, vars any) []byte {
	body, err := json.Marshal(request{Query: query, Variables: vars})
	if err != nil {
		panic(err) // variables are the test's own values
	}
	return body
}

// PersistedBody is the body of an automatic-persisted-query request by hash alone.
func PersistedBody(sha256Hash string) []byte {
	type persisted struct {
		Version    int    `json:"version"`
		Sha256Hash string `json:"sha256Hash"`
	}
	body, _ := json.Marshal(request{Extensions: struct {
		PersistedQuery persisted `json:"persistedQuery"`
	}{persisted{1, sha256Hash}}})
	return body
}

// Do posts query with its variables (nil: none) and returns the reply.
func (c *Client) Do(query string, vars any) Reply {
	c.TB.Helper()
	return c.Send(Body(query, vars))
}

// Send posts a raw body and returns the reply.
func (c *Client) Send(body []byte) Reply {
	c.TB.Helper()
	r, err := c.send(body)
	if err != nil {
		c.TB.Fatal(err)
	}
	return r
}

func (c *Client) send(body []byte) (Reply, error) {
	req, err := http.NewRequest(http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return Reply{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return Reply{}, err
	}
	r := Reply{Status: resp.StatusCode, Header: resp.Header}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("decode the reply (status %d): %v: %.200s", resp.StatusCode, err, raw)
	}
	return r, nil
}

// Must runs query, which must succeed, and decodes its data into out (nil: ignored).
func (c *Client) Must(query string, vars any, out any) {
	c.TB.Helper()
	r := c.Do(query, vars)
	if out == nil {
		out = new(json.RawMessage)
	}
	r.Decode(c.TB, out)
}

// Try is Do for code that reports instead of ending the test (load loops, other goroutines):
// the data decoded into out, or an error naming the query and its errors.
func (c *Client) Try(query string, vars any, out any) error {
	r, err := c.send(Body(query, vars))
	if err != nil {
		return fmt.Errorf("%s: %w", query, err)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("%s: %+v", query, r.Errors)
	}
	if out != nil {
		return json.Unmarshal(r.Data, out)
	}
	return nil
}
