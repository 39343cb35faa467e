package resolvers

import (
	"time"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/graph/model"
)

// stepMonths is a TimeStep's length in months (YEAR by default).
func stepMonths(step *model.TimeStep) int {
	if step == nil {
		return analytics.StepMonths["YEAR"]
	}
	return analytics.StepMonths[string(*step)]
}

// historyDates returns the dates from `from` to `to` by step (analytics.StepDates), checking
// that the network filter does not fix the date itself (its window may stay).
func historyDates(from, to time.Time, step *model.TimeStep, network *model.NetworkFilter) ([]time.Time, error) {
	if network != nil && (network.AsOf != nil || network.From != nil || network.To != nil) {
		return nil, domain.FieldErrorf("network", domain.EINVALID, "a history sets the date itself: leave asOf, from and to out of network (window may stay)")
	}
	return analytics.StepDates(from, to, stepMonths(step))
}

// at returns the filter with asOf set to d.
func at(network *model.NetworkFilter, d time.Time) *model.NetworkFilter {
	var f model.NetworkFilter
	if network != nil {
		f = *network
	}
	f.AsOf = &d
	return &f
}

// panelPoints is vertex v's points of a panel.
func panelPoints(p *analytics.Panel, v int) []model.MetricPoint {
	out := make([]model.MetricPoint, len(p.Dates))
	for i, d := range p.Dates {
		x, rank := p.At(i, v)
		out[i] = model.MetricPoint{Date: d, Value: score(x), Score: score(x), Rank: &rank, Actors: p.ActorCount()}
	}
	return out
}
