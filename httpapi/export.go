package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/formats"
)

// ExportAdmit decides, before anything is computed or streamed, whether an export may run: its
// cost against the limits and the sender's budget, and whether its sender may export at all.
// It returns the Retry-After to answer a refusal with (0: the code's default).
type ExportAdmit func(ctx context.Context, f domain.NetworkFilter, o formats.Options) (retryAfter int, err error)

// ExportHandler serves GET /export/<file> for every format, taking NetworkFilter fields as query
// parameters: sectors, regions, actorTypes, kinds, tags, partnershipTypes (comma-separated),
// search, asOf, from, to (YYYY-MM-DD), window (days, with asOf), minWeight, direction
// (UNDIRECTED or DIRECTED; absent: each partnership's own), the renderer options layout
// (FORCE_ATLAS2, CIRCULAR, BY_GROUP), seed, iterations and size (degree or pageRank), and for
// GEXF a timeline: timeline (a CentralityMetric such as PAGE_RANK), timelineFrom, timelineTo
// and timelineStep (YEAR, QUARTER or MONTH; default YEAR), written as a dynamic node attribute.
// admit (nil: every export) runs first.
func ExportHandler(src formats.Source, decorate formats.Decorate, admit ExportAdmit, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	for _, f := range formats.Formats {
		mux.HandleFunc("GET /export/"+f.File, func(w http.ResponseWriter, r *http.Request) {
			serveExport(w, r, f, src, decorate, admit, logger)
		})
	}
	return mux
}

// ParseExportOptions reads the renderer options and whether a direction was asked for. Errors:
// EINVALID.
func ParseExportOptions(q url.Values) (formats.Options, error) {
	o := formats.Options{Mixed: q.Get("direction") == "", Size: "degree"}
	switch v := q.Get("size"); v {
	case "", "degree":
	case "pageRank":
		o.Size = v
	default:
		return o, domain.FieldErrorf("size", domain.EINVALID, "size=%q: give degree or pageRank", v)
	}
	t, err := parseTimeline(q)
	if err != nil {
		return o, err
	}
	o.Timeline = t
	algo := strings.ToUpper(q.Get("layout"))
	if algo == "" {
		for _, k := range []string{"seed", "iterations"} {
			if q.Get(k) != "" {
				return o, domain.FieldErrorf(k, domain.EINVALID, "%s only applies with layout=FORCE_ATLAS2", k)
			}
		}
		return o, nil
	}
	switch algo {
	case analytics.LayoutForceAtlas2, analytics.LayoutCircular, analytics.LayoutByGroup:
	default:
		return o, domain.FieldErrorf("layout", domain.EINVALID, "layout=%q: give FORCE_ATLAS2, CIRCULAR or BY_GROUP", q.Get("layout"))
	}
	l := &analytics.LayoutOptions{Algorithm: algo, Seed: 1, Iterations: 100}
	if v := q.Get("seed"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 63)
		if err != nil {
			return o, domain.FieldErrorf("seed", domain.EINVALID, "seed=%q is not a non-negative integer", v)
		}
		l.Seed = seed
	}
	if v := q.Get("iterations"); v != "" {
		it, err := strconv.Atoi(v)
		if err != nil || it < 1 || it > 1000 {
			return o, domain.FieldErrorf("iterations", domain.EINVALID, "iterations=%q: give 1 to 1000", v)
		}
		l.Iterations = it
	}
	o.Layout = l
	return o, nil
}

// parseTimeline reads the timeline parameters: nil without `timeline`. Errors: EINVALID.
func parseTimeline(q url.Values) (*formats.Timeline, error) {
	name := q.Get("timeline")
	if name == "" {
		for _, k := range []string{"timelineFrom", "timelineTo", "timelineStep"} {
			if q.Get(k) != "" {
				return nil, domain.FieldErrorf(k, domain.EINVALID, "%s only applies with timeline=<metric>", k)
			}
		}
		return nil, nil
	}
	m := domain.Metric(strings.ToUpper(name))
	if _, ok := analytics.LookupMetric(m); !ok || !m.Valid() {
		return nil, domain.FieldErrorf("timeline", domain.EINVALID, "timeline=%q is not a metric (give a CentralityMetric such as PAGE_RANK)", name)
	}
	var bounds [2]time.Time
	for i, k := range []string{"timelineFrom", "timelineTo"} {
		v := q.Get(k)
		if v == "" {
			return nil, domain.FieldErrorf(k, domain.EINVALID, "a timeline needs timelineFrom and timelineTo (YYYY-MM-DD)")
		}
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, domain.FieldErrorf(k, domain.EINVALID, "%s=%q is not a date like 2016-12-21", k, v)
		}
		bounds[i] = d
	}
	months := 12
	if v := q.Get("timelineStep"); v != "" {
		var ok bool
		if months, ok = analytics.StepMonths[strings.ToUpper(v)]; !ok {
			return nil, domain.FieldErrorf("timelineStep", domain.EINVALID, "timelineStep=%q: give YEAR, QUARTER or MONTH", v)
		}
	}
	dates, err := analytics.StepDates(bounds[0], bounds[1], months)
	if err != nil {
		return nil, err
	}
	return &formats.Timeline{Metric: m, Dates: dates}, nil
}

func serveExport(w http.ResponseWriter, r *http.Request, f formats.Format, src formats.Source, decorate formats.Decorate, admit ExportAdmit, logger *slog.Logger) {
	filter, err := ParseFilter(r.URL.Query())
	if err != nil {
		WriteErr(w, r, err)
		return
	}
	opts, err := ParseExportOptions(r.URL.Query())
	if err != nil {
		WriteErr(w, r, err)
		return
	}
	if decorate == nil && opts.Layout != nil {
		WriteErr(w, r, domain.FieldErrorf("layout", domain.EINVALID, "this server cannot lay out exports"))
		return
	}
	if opts.Timeline != nil {
		if f.File != "gexf" || decorate == nil {
			WriteErr(w, r, domain.FieldErrorf("timeline", domain.EINVALID, "timelines are written in GEXF exports only (/export/gexf)"))
			return
		}
		if filter.AsOf != nil || filter.From != nil || filter.To != nil {
			WriteErr(w, r, domain.FieldErrorf("timeline", domain.EINVALID, "a timeline sets the dates itself: leave asOf, from and to out"))
			return
		}
	}
	opts.WriterBytes = f.WriterBytes()
	if admit != nil {
		if retry, err := admit(r.Context(), filter, opts); err != nil {
			WriteError(w, r, Code(err), Message(err), retry)
			return
		}
	}
	deco := &formats.Decoration{}
	if decorate != nil {
		if deco, err = decorate(r.Context(), filter, opts); err != nil {
			if Code(err) == domain.EINTERNAL {
				logger.Error("export decoration", "err", err)
			}
			WriteErr(w, r, err)
			return
		}
	}
	if deco.Release != nil {
		defer deco.Release()
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.FileName()))
	sent, err := formats.Stream(r.Context(), w, f, src, filter, opts, deco)
	switch {
	case err != nil && sent == 0:
		// Nothing has reached the client yet: answer with the error instead of a file.
		if Code(err) == domain.EINTERNAL {
			logger.Error("export failed", "format", f.File, "err", err)
		}
		WriteErr(w, r, err)
	case err != nil:
		// Headers are sent; the client sees a truncated file. Log it.
		logger.Error("export failed mid-stream", "format", f.File, "err", err)
	}
}

// ParseFilter reads NetworkFilter fields from query parameters. Errors: EINVALID.
func ParseFilter(q url.Values) (domain.NetworkFilter, error) {
	f := domain.NetworkFilter{Direction: domain.Undirected}
	list := func(key string) []string {
		var out []string
		for _, v := range q[key] {
			for _, x := range strings.Split(v, ",") {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
		}
		return out
	}
	f.Sectors, f.Regions, f.ActorTypes, f.PartnershipTypes = list("sectors"), list("regions"), list("actorTypes"), list("partnershipTypes")
	f.Tags, f.Search = list("tags"), q.Get("search")
	for _, k := range list("kinds") {
		f.Kinds = append(f.Kinds, domain.ActorKind(strings.ToUpper(k)))
	}
	date := func(key string) (*time.Time, error) {
		v := q.Get(key)
		if v == "" {
			return nil, nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, domain.FieldErrorf(key, domain.EINVALID, "%s=%q is not a date like 2016-12-21", key, v)
		}
		return &t, nil
	}
	var err error
	if f.AsOf, err = date("asOf"); err != nil {
		return f, err
	}
	if f.From, err = date("from"); err != nil {
		return f, err
	}
	if f.To, err = date("to"); err != nil {
		return f, err
	}
	if v := q.Get("window"); v != "" {
		days, err := strconv.Atoi(v)
		if err != nil {
			return f, domain.FieldErrorf("window", domain.EINVALID, "window=%q is not a whole number of days", v)
		}
		f.Window = &days
	}
	if v := q.Get("minWeight"); v != "" {
		w, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return f, domain.FieldErrorf("minWeight", domain.EINVALID, "minWeight=%q is not a number", v)
		}
		f.MinWeight = &w
	}
	if v := q.Get("direction"); v != "" {
		f.Direction = domain.Direction(strings.ToUpper(v))
	}
	return f, f.Validate()
}

// timelineValues computes a timeline's metric on each of its dates (normalised where the metric
// has a normalisation) for the actors of f's slice.
func timelineValues(ctx context.Context, svc *analytics.Service, f domain.NetworkFilter, t *formats.Timeline) (*formats.TimelineValues, error) {
	p, err := svc.MetricPanel(ctx, f, t.Metric, analytics.Options{Normalized: true}, t.Dates)
	if err != nil {
		return nil, err
	}
	tv := &formats.TimelineValues{Name: timelineName(t.Metric), Dates: t.Dates, Values: make(map[string][]float64, p.ActorCount())}
	for v := range p.ActorCount() {
		xs := make([]float64, len(t.Dates))
		for i := range xs {
			xs[i], _ = p.At(i, v)
		}
		tv.Values[p.ActorID(v)] = xs
	}
	return tv, nil
}

// timelineName is a timeline attribute's title: the metric in lower camel case, then
// "Timeline" (PAGE_RANK: pageRankTimeline).
func timelineName(m domain.Metric) string {
	var b strings.Builder
	for i, w := range strings.Split(strings.ToLower(string(m)), "_") {
		if i > 0 && w != "" {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String() + "Timeline"
}

// decorationActorBytes is what one actor's decoration takes: its id's map entry and a small
// map of two metric values.
const decorationActorBytes = 320

// AnalyticsDecoration decorates exports from the analytics service, all at one graph version:
// normalised degree and PageRank on the exported slice (computed or read from the cache) as
// node attributes, sector colours, and positions when a layout is asked for (the slice must
// then have at most analytics.MaxLayoutNodes actors), and a timeline's values from the metric's
// panel (Service.MetricPanel: each step date's slice derived from the cached graph) when one
// is asked for. The decoration's bytes and the writer's (Options.WriterBytes) are reserved in
// the analytics memory budget until the export ends (Decoration.Release).
func AnalyticsDecoration(svc *analytics.Service) formats.Decorate {
	return func(ctx context.Context, f domain.NetworkFilter, o formats.Options) (*formats.Decoration, error) {
		layout := o.Layout
		ctx = analytics.WithOperation(ctx)
		sn, err := svc.Snapshot(ctx, f)
		if err != nil {
			return nil, err
		}
		if n := sn.ActorCount(); layout != nil && n > analytics.MaxLayoutNodes { // the layout's size first
			return nil, domain.FieldErrorf("layout", domain.EINVALID,
				"the slice has %d actors; layouts are computed for at most %d: narrow the filter or export without layout", n, analytics.MaxLayoutNodes)
		}
		// The decoration holds every actor's values until the file is written: its bytes come
		// from the analytics memory budget, given back when the export ends.
		bytes := int64(sn.ActorCount())*decorationActorBytes + o.WriterBytes
		if o.Timeline != nil {
			bytes += int64(sn.ActorCount()) * (int64(len(o.Timeline.Dates))*8 + decorationActorBytes)
		}
		release, err := svc.Reserve(bytes)
		if err != nil {
			return nil, err
		}
		d := &formats.Decoration{Names: []string{"degree", "pageRank"}, Metrics: map[string]map[string]float64{}, Release: release}
		ok := false
		defer func() {
			if !ok {
				release()
			}
		}()
		for i, m := range []analytics.Metric{domain.Degree, domain.PageRank} {
			res, err := svc.Compute(ctx, f, m, analytics.Options{Normalized: true})
			if err != nil {
				return nil, err
			}
			res.Each(func(id string, score float64) {
				if d.Metrics[id] == nil {
					d.Metrics[id] = map[string]float64{}
				}
				d.Metrics[id][d.Names[i]] = score
			})
		}
		if o.Timeline != nil {
			if d.Timeline, err = timelineValues(ctx, svc, f, o.Timeline); err != nil {
				return nil, err
			}
		}
		if d.Colors, err = svc.SectorColors(ctx); err != nil {
			return nil, err
		}
		if layout == nil {
			ok = true
			return d, nil
		}
		r, err := svc.Subgraph(ctx, f, analytics.MaxLayoutNodes, domain.Degree, layout)
		if err != nil {
			return nil, err
		}
		if r.Truncated {
			return nil, domain.FieldErrorf("layout", domain.EINVALID,
				"the slice has %d actors; layouts are computed for at most %d: narrow the filter or export without layout", r.Total, analytics.MaxLayoutNodes)
		}
		d.Positions = make(map[string][2]float64, len(r.Nodes))
		for _, n := range r.Nodes {
			if n.X != nil && n.Y != nil {
				d.Positions[n.ActorID] = [2]float64{*n.X, *n.Y}
			}
		}
		ok = true
		return d, nil
	}
}
