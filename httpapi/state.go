package httpapi

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// RequestState carries what the GraphQL guard decides back to the HTTP layer: the status to answer
// with, the Retry-After, the body's size, and the cost to report.
type RequestState struct {
	mu         sync.Mutex
	status     int
	retryAfter int
	bodyBytes  int64
	cost       map[string]any
	retry      int    // Retry-After asked for by an error, without a status of its own
	request    string // the code of a request error (the operation refused before it ran)
}

type stateKey struct{}

// StateFrom returns the request's state (a fresh one outside a request admitted by Body).
func StateFrom(ctx context.Context) *RequestState {
	st, _ := ctx.Value(stateKey{}).(*RequestState)
	if st == nil {
		return &RequestState{}
	}
	return st
}

// AskRetry asks the client to retry in seconds (Retry-After) without changing the status.
func (st *RequestState) AskRetry(seconds int) {
	st.mu.Lock()
	if st.retry == 0 {
		st.retry = seconds
	}
	st.mu.Unlock()
}

// Refuse chooses the response's status and Retry-After (0: none).
func (st *RequestState) Refuse(status int, retryAfter int) {
	st.mu.Lock()
	st.status, st.retryAfter = status, retryAfter
	st.mu.Unlock()
}

// RequestError records that the operation was refused before it ran, with code: a response in
// application/graphql-response+json then answers the code's status (Status); one in
// application/json answers 200, as the GraphQL over HTTP spec asks of that media type.
func (st *RequestState) RequestError(code string) {
	st.mu.Lock()
	st.request = code
	st.mu.Unlock()
}

// statusWriter answers with the status the guard chose, if any.
type statusWriter struct {
	http.ResponseWriter
	st           *RequestState
	wrote        bool
	requestError bool // a request error in application/graphql-response+json
}

// WriteHeader answers with the guard's status when it chose one, and follows the GraphQL over
// HTTP spec's status rules: an application/json response to a request that could not be
// executed (parse, validation, variable coercion) answers 200, not gqlgen's 422; an
// application/graphql-response+json one answers 4xx and carries no `data` entry (see Write).
func (w *statusWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	w.st.mu.Lock()
	status, retry, request := w.st.status, w.st.retryAfter, w.st.request
	if retry == 0 {
		retry = w.st.retry
	}
	w.st.mu.Unlock()
	responseJSON := strings.HasPrefix(w.Header().Get("Content-Type"), "application/graphql-response+json")
	if status == 0 && request != "" && responseJSON {
		status = Status(request)
	}
	if status != 0 {
		code = status
	}
	if code == http.StatusUnprocessableEntity && !responseJSON {
		code = http.StatusOK
	}
	w.requestError = responseJSON && code >= 400
	if retry > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retry))
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.requestError {
		// A request error's response has no data entry (GraphQL over HTTP,
		// application/graphql-response+json); gqlgen writes "data":null.
		if q := bytes.Replace(p, []byte(`,"data":null`), nil, 1); len(q) != len(p) {
			if _, err := w.ResponseWriter.Write(q); err != nil {
				return 0, err
			}
			return len(p), nil
		}
	}
	return w.ResponseWriter.Write(p)
}

// BodyBytes is the size of the request's body.
func (st *RequestState) BodyBytes() int64 { return st.bodyBytes }

// SetCost records the operation's cost, reported in extensions.cost.
func (st *RequestState) SetCost(cost map[string]any) {
	st.mu.Lock()
	st.cost = cost
	st.mu.Unlock()
}

// Cost is the operation's cost as recorded (nil before it was computed).
func (st *RequestState) Cost() map[string]any {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.cost
}
