package auth

import (
	"math"
	"net"
	"net/http"
	"sync"
	"time"
)

// FailureLimiter bounds how often one client address may fail to authenticate: each address
// has a bucket of Burst failures refilled at PerSecond. While an address's bucket is empty its
// requests with credentials are refused (429 RATE_LIMITED) before the credentials are looked
// up, so random bearer tokens cannot make the store look up one token after another.
type FailureLimiter struct {
	Burst     float64
	PerSecond float64

	mu      sync.Mutex
	buckets map[string]*failures
}

type failures struct {
	left float64
	at   time.Time
}

// Defaults for NewFailureLimiter: 20 failures at once, then one a second.
const (
	DefaultFailureBurst     = 20
	DefaultFailurePerSecond = 1
)

// NewFailureLimiter returns a limiter with the default bucket.
func NewFailureLimiter() *FailureLimiter {
	return &FailureLimiter{Burst: DefaultFailureBurst, PerSecond: DefaultFailurePerSecond, buckets: map[string]*failures{}}
}

// ClientAddress is the address a request came from (without port), the key of per-address
// limits.
func ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (l *FailureLimiter) bucket(addr string, now time.Time) *failures {
	b := l.buckets[addr]
	if b == nil {
		if len(l.buckets) > 100_000 { // forget addresses whose buckets are full again
			for k, x := range l.buckets {
				if now.Sub(x.at).Seconds()*l.PerSecond+x.left >= l.Burst {
					delete(l.buckets, k)
				}
			}
		}
		b = &failures{left: l.Burst, at: now}
		l.buckets[addr] = b
	}
	b.left = math.Min(l.Burst, b.left+now.Sub(b.at).Seconds()*l.PerSecond)
	b.at = now
	return b
}

// Allowed reports whether addr may try credentials now, and if not, in how many seconds.
func (l *FailureLimiter) Allowed(addr string) (ok bool, retryAfter int) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(addr, time.Now())
	if b.left >= 1 {
		return true, 0
	}
	return false, max(1, int(math.Ceil((1-b.left)/l.PerSecond)))
}

// Failed counts one failed authentication from addr.
func (l *FailureLimiter) Failed(addr string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(addr, time.Now())
	b.left = math.Max(0, b.left-1)
}
