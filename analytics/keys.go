package analytics

import (
	"strconv"
	"strings"
	"sync/atomic"

	"stakegraph/domain"
)

// cacheKey names one cached value: what it is, at which graph version, for which slice and
// view, with what options. Every computation and every cost estimate that peeks at the cache
// builds its key here, so the two can never disagree on what is cached.
type cacheKey struct {
	kind    string // "base", "details", "snap", or a result's kind ("res", "stats", …)
	version int64
	slice   string // NetworkFilter.SliceKey(); "" for a version's whole data
	view    string // direction and weighting; "" for data (not results)
	extra   string // the result's options
}

func (k cacheKey) String() string {
	return strings.Join([]string{k.kind, strconv.FormatInt(k.version, 10), k.slice, k.view, k.extra}, "|")
}

// Kinds of data (results use their own kind names).
const (
	kindBase    = "base"
	kindDetails = "details"
	kindSlice   = "snap"
)

// kindMetric is a metric's scores (Compute).
const kindMetric = "res"

// metricExtra is what tells one metric result of a slice's view from another: the metric and
// its options.
func metricExtra(m domain.Metric, o Options) string { return string(m) + "|" + o.key() }

// dataKey names a version's whole network (kindBase) or its partnership details (kindDetails).
func dataKey(kind string, version int64) cacheKey { return cacheKey{kind: kind, version: version} }

// sliceIDs counts the slice keys built (tests read it: a request builds its slice's key once).
var sliceIDs atomic.Int64

// sliceID is f's slice key (NetworkFilter.SliceKey), built once per request: the snapshot
// carries it, and the results computed on the snapshot take it from there.
func sliceID(f domain.NetworkFilter) string {
	sliceIDs.Add(1)
	return f.SliceKey()
}

// sliceKey names the snapshot of the slice with key id at a version.
func sliceKey(version int64, id string) cacheKey {
	return cacheKey{kind: kindSlice, version: version, slice: id}
}

// resultKey names a result of a kind computed on the view of f's slice (whose key is id) at a
// version, with options extra.
func resultKey(kind string, version int64, id string, f domain.NetworkFilter, extra string) cacheKey {
	return cacheKey{kind: kind, version: version, slice: id, view: string(f.Direction) + "/" + strconv.FormatBool(f.Weighted), extra: extra}
}
