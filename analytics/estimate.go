package analytics

import (
	"math"

	"stakegraph/domain"
)

// Estimate is one operation's cost as its fields are priced, before it runs. A fresh Estimate
// prices each operation (Service.NewEstimate), so nothing is shared between operations and a
// price depends only on the operation and the cache's state. Computations that run once per
// operation however many items ask for them (an actor's metrics on a slice: the metric is
// computed for the whole slice once; a slice is derived once) are charged once, keyed by what
// they compute; Total adds them to the fields' own points. The GraphQL adapter
// (resolvers/cost.go) calls these methods from gqlgen's complexity functions, children first.
type Estimate struct {
	svc     *Service
	once    map[string]int
	slices  map[string]int64 // uncached slices → their bytes
	pending []domain.Metric  // metrics selected under the Actor.metrics being priced
	members [][2]int         // (first, child) of members lists under the communities being priced
	sized   bool             // whether a price needed the graph's size
	held    int64            // bytes series hold besides their slices (panels, step slices)
	err     error            // the first argument found invalid while pricing
	counts  int              // slices counted from the loaded graph for this operation
}

// maxCountsPerOperation bounds the uncached slices one operation's estimate counts from the
// loaded graph (O(n + m) each); the others are priced as the whole graph.
const maxCountsPerOperation = 16

// Refuse records that an argument is invalid: the operation is refused with that error, not
// priced (a price of a request that cannot run says nothing useful).
func (e *Estimate) Refuse(err error) {
	if e.err == nil {
		e.err = err
	}
}

// Err is the first invalid argument the pricing found (nil: none).
func (e *Estimate) Err() error { return e.err }

// NewEstimate starts pricing one operation.
func (s *Service) NewEstimate() *Estimate {
	return &Estimate{svc: s, once: map[string]int{}, slices: map[string]int64{}}
}

// Sized reports whether a price needed the graph's size (so a first count may change it).
func (e *Estimate) Sized() bool { return e.sized }

// Once charges a computation once per operation, at the highest price asked for it.
func (e *Estimate) Once(key string, points int) {
	if points > e.once[key] {
		e.once[key] = points
	}
}

// Slice charges deriving f's slice once per operation (nothing when it is cached): O(n + m)
// points, and its bytes against the operation's memory bound.
func (e *Estimate) Slice(f domain.NetworkFilter) {
	e.sized = true
	if err := e.svc.checkFilter(f); err != nil {
		e.Refuse(err)
		return
	}
	key, points, bytes := e.svc.SliceCost(f)
	if points == 0 {
		return
	}
	if e.counts < maxCountsPerOperation && e.svc.countSlice(f) {
		e.counts++
	}
	e.Once("slice|"+key, points)
	e.slices[key] = bytes
}

// Metric prices computing metric m on f (and deriving f's slice).
func (e *Estimate) Metric(f domain.NetworkFilter, m domain.Metric, o Options) int {
	e.Slice(f)
	return e.svc.MetricCost(f, m, o)
}

// Work prices one computation of a work class on f (and deriving f's slice).
func (e *Estimate) Work(kind string, f domain.NetworkFilter) int {
	e.Slice(f)
	return e.svc.Cost(kind, f)
}

// WorkOnce charges a work class on f once per operation (an actor list asking each actor's
// brokerage computes it for the slice once).
func (e *Estimate) WorkOnce(kind string, f domain.NetworkFilter) { e.WorkOnceFor(kind, "", f) }

// WorkOnceFor is WorkOnce for a computation that also depends on more than the slice (a
// grouping: brokerage roles by sector and by an attribute are two computations).
func (e *Estimate) WorkOnceFor(kind, extra string, f domain.NetworkFilter) {
	e.Once(kind+"|"+extra+"|"+f.SliceKey(), e.Work(kind, f))
}

// Select records a metric field selected under the Actor.metrics being priced.
func (e *Estimate) Select(m domain.Metric) { e.pending = append(e.pending, m) }

// ActorMetrics charges the metrics selected under one Actor.metrics field on f, each once per
// operation and view.
func (e *Estimate) ActorMetrics(f domain.NetworkFilter) {
	dir := f.Direction
	if dir == "" {
		dir = domain.Undirected
	}
	key := f.SliceKey() + "|" + string(dir)
	for _, m := range e.pending {
		e.Once("metric|"+key+"|"+string(m), e.Metric(f, m, Options{Normalized: true}))
	}
	e.pending = nil
}

// Members records a members(first) list under the communities being priced.
func (e *Estimate) Members(first, child int) { e.members = append(e.members, [2]int{first, child}) }

// Communities prices a list of first communities whose own price is listed: communities
// partition the slice, so however many communities and members are asked for, at most n
// members come back in all.
func (e *Estimate) Communities(first, listed int) int {
	total := listed
	for _, mc := range e.members {
		e.sized = true
		n, _ := e.svc.Size()
		total = AddPoints(total-TimesPoints(first, TimesPoints(mc[0], mc[1])), TimesPoints(min(first*mc[0], max(n, 1)), mc[1]))
	}
	e.members = nil
	return max(total, 1)
}

// Total is the operation's price: fields' points plus everything charged once, and the bytes
// of the uncached slices it would derive besides its largest (one slice is always allowed;
// the memory budget admits it or not).
func (e *Estimate) Total(fields int) (points int, bytes int64) {
	points = fields
	for _, c := range e.once {
		points = AddPoints(points, c)
	}
	var largest int64
	for _, b := range e.slices {
		bytes += b
		largest = max(largest, b)
	}
	bytes += e.held
	return points, bytes - largest
}

// pointsCap is where prices saturate: far above any limit, far from overflow.
const pointsCap = 1 << 40

// AddPoints adds prices, saturating at pointsCap.
func AddPoints(a ...int) int {
	total := 0
	for _, x := range a {
		total += x
		if total > pointsCap || total < 0 {
			return pointsCap
		}
	}
	return total
}

// TimesPoints is n items of child points each (n < 0 counts as 0), saturating at pointsCap.
func TimesPoints(n, child int) int {
	if n < 0 {
		n = 0
	}
	if child > 0 && n > pointsCap/child {
		return pointsCap
	}
	return n * child
}

// CorePeriphery prices the core/periphery search on f: its starts' Kernighan–Lin passes, each
// O(n²) (4 a start; they end after about 3 on the demo networks, and after
// network.MaxCorePeripheryPasses at most), and the continuous fit (1,000 sweeps of n + m).
func (e *Estimate) CorePeriphery(f domain.NetworkFilter) int {
	e.Slice(f)
	n, m := e.svc.sliceSize(f)
	return Points(corePeripheryStarts*4*n*n + 1000*(n+m))
}

// Steps prices a time series of steps dates on f (its date and window aside): the slice's
// actors once, then per step deriving its slice in memory, O(n + m), and perStep points of
// work on it — steps × (n + m) in all besides the work. A panel's results (panel: steps × n
// scores) and one step's slice count against the operation's memory bound.
func (e *Estimate) Steps(f domain.NetworkFilter, steps int, perStep int, panel bool) int {
	f.Window = nil
	e.Slice(f)
	n, m := e.svc.sliceSize(f)
	bytes := stepBytes(int64(n), int64(2*m))
	if panel {
		bytes += panelBytes(int(n), steps)
	}
	e.held += bytes
	return AddPoints(TimesPoints(steps, AddPoints(Points(sliceSteps*(n+m)), perStep)))
}

// Panel prices metric m's panel over steps dates on f: Steps with the metric's work per step,
// and ranking each step's scores.
func (e *Estimate) Panel(f domain.NetworkFilter, m domain.Metric, o Options, steps int) int {
	f.Window = nil
	n, _ := e.svc.sliceSize(f)
	per := AddPoints(e.svc.MetricCost(f, m, o), Points(n*math.Log2(n+2)))
	return e.Steps(f, steps, per, true)
}

// Dynamics prices comparing f's tied pairs over steps dates: sorting each date's pairs, and
// each step's counts by group pair held against the operation's memory bound.
func (e *Estimate) Dynamics(f domain.NetworkFilter, steps int) int {
	f.Window = nil
	_, m := e.svc.sliceSize(f)
	e.held += int64(steps) * dynamicsStepBytes
	return e.Steps(f, steps, Points(m*math.Log2(m+2)), false)
}

// SliceSize is the slice's actors and ties as the estimate prices them (the whole network's
// before a first count).
func (e *Estimate) SliceSize(f domain.NetworkFilter) (n, m float64) {
	e.sized = true
	return e.svc.sliceSize(f)
}

// AttributeDefinitions is how many attributes are defined for target (both targets when
// empty), as the loaded version has them; before a version is loaded, the most there may be.
func (e *Estimate) AttributeDefinitions(target domain.AttributeTarget) int {
	b, ok := e.svc.loadedBase()
	if !ok {
		return 2 * domain.MaxAttributes
	}
	n := 0
	for _, d := range b.data.AttributeDefs {
		if target == "" || d.Target == target {
			n++
		}
	}
	return n
}
