package analytics

import (
	"strconv"
	"strings"

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

// sliceKey names the snapshot of f's slice at a version.
func sliceKey(version int64, f domain.NetworkFilter) cacheKey {
	return cacheKey{kind: kindSlice, version: version, slice: f.SliceKey()}
}

// resultKey names a result of a kind computed on f's view at a version, with options extra.
func resultKey(kind string, version int64, f domain.NetworkFilter, extra string) cacheKey {
	return cacheKey{kind: kind, version: version, slice: f.SliceKey(), view: string(f.Direction) + "/" + strconv.FormatBool(f.Weighted), extra: extra}
}
