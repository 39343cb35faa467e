package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"stakegraph/domain"
)

// BodyLimits bound request bodies: Max for everyone, MaxImport for an editor's import, of
// which LargeAtOnce (at least 1) are received at once.
type BodyLimits struct {
	Max, MaxImport int64
	LargeAtOnce    int
}

// Body admits a request's body before reading it, by what its sender may do (the
// identity comes from the headers): a client without a role is refused before a byte is read;
// everyone may send MaxBodyBytes; only an editor's body may go on to MaxImportBytes, and only
// LargeAtOnce such bodies are received at once (SERVICE_OVERLOADED otherwise). A
// body that is not valid UTF-8 is refused (BAD_USER_INPUT) rather than read with replacement
// characters. It records the body's size for the guard and lets the guard choose the
// response status.
func Body(limits BodyLimits, next http.Handler) http.Handler {
	large := make(chan struct{}, max(limits.LargeAtOnce, 1))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &RequestState{}
		id := domain.IdentityFrom(r.Context())
		if r.Method != http.MethodOptions && !id.Role.Allows(domain.RoleReader) {
			w.Header().Set("Connection", "close") // do not read what is left of the body either
			if id.Anonymous {
				WriteError(w, r, domain.EUNAUTHENTICATED, "this server needs credentials: send Authorization: Bearer <token>", 0)
				return
			}
			WriteError(w, r, domain.EFORBIDDEN, fmt.Sprintf("%s has no role on this server", id.Name), 0)
			return
		}
		if r.Method == http.MethodGet {
			for _, vs := range r.URL.Query() {
				for _, v := range vs {
					if !utf8.ValidString(v) {
						WriteError(w, r, domain.EINVALID, "the request is not valid UTF-8", 0)
						return
					}
				}
			}
		}
		if r.Body != nil && r.Method == http.MethodPost {
			body, err := io.ReadAll(io.LimitReader(r.Body, limits.Max+1))
			if err == nil && int64(len(body)) > limits.Max {
				if !id.Role.Allows(domain.RoleEditor) {
					w.Header().Set("Connection", "close")
					WriteError(w, r, domain.ETOOLARGE, fmt.Sprintf("the request body is over %d bytes (only imports by editors may be larger)", limits.Max), 0)
					return
				}
				select {
				case large <- struct{}{}:
					defer func() { <-large }()
					defer GiveBack() // once answered, the body and its copies are garbage
				default:
					w.Header().Set("Connection", "close")
					WriteError(w, r, domain.EOVERLOADED, "another large request body is being received; retry shortly", 0)
					return
				}
				var rest []byte
				rest, err = io.ReadAll(http.MaxBytesReader(w, r.Body, limits.MaxImport-int64(len(body))))
				body = append(body, rest...)
			}
			if err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					WriteError(w, r, domain.ETOOLARGE, fmt.Sprintf("the request body is over %d bytes", limits.MaxImport), 0)
					return
				}
				WriteError(w, r, domain.EINVALID, "the request body could not be read", 0)
				return
			}
			if !utf8.Valid(body) {
				WriteError(w, r, domain.EINVALID, "the request body is not valid UTF-8", 0)
				return
			}
			st.bodyBytes = int64(len(body))
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		ctx := context.WithValue(r.Context(), stateKey{}, st)
		ctx = domain.WithCallLimit(ctx, domain.MaxCallsPerRequest)
		next.ServeHTTP(&statusWriter{ResponseWriter: w, st: st}, r.WithContext(ctx))
	})
}

// lastGiveBack is when GiveBack last returned memory to the system (Unix nanoseconds), and
// giveBackPending whether one is scheduled.
var (
	lastGiveBack    atomic.Int64
	giveBackPending atomic.Bool
)

// giveBackEvery bounds how often GiveBack runs (each is a full collection).
const giveBackEvery = 2 * time.Second

// giveBackAfter is how long GiveBack waits for the request's last references to go.
const giveBackAfter = 250 * time.Millisecond

// GiveBack returns the heap's free pages to the system shortly, in the background: after a
// large request body (an import of tens of MiB, refused or written) the body and its decoded
// copies are garbage, but Go's scavenger gives their pages back over minutes, so a refused
// 700,000-row CSV left the process 130 MB larger. It waits giveBackAfter for the handlers
// that held the body to unwind, and runs at most every giveBackEvery — a call while one is
// scheduled is covered by it, one soon after the last is delayed, never dropped.
func GiveBack() {
	if giveBackPending.Swap(true) {
		return
	}
	go func() {
		wait := giveBackAfter
		if next := time.Until(time.Unix(0, lastGiveBack.Load()).Add(giveBackEvery)); next > wait {
			wait = next
		}
		time.Sleep(wait)
		giveBackPending.Store(false)
		debug.FreeOSMemory()
		lastGiveBack.Store(time.Now().UnixNano())
	}()
}
