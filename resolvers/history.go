package resolvers

import (
	"time"

	"stakegraph/domain"
	"stakegraph/graph/model"
)

// maxHistorySteps bounds a history query.
const maxHistorySteps = 120

// historyDates returns the dates from `from` to `to` by step, checking the arguments and that
// the network filter does not fix time itself.
func historyDates(from, to time.Time, step *model.TimeStep, network *model.NetworkFilter) ([]time.Time, error) {
	if from.After(to) {
		return nil, domain.FieldErrorf("from", domain.EINVALID, "from (%s) is after to (%s)", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	if network != nil && (network.AsOf != nil || network.From != nil || network.To != nil) {
		return nil, domain.FieldErrorf("network", domain.EINVALID, "a history sets the date itself: leave asOf, from and to out of network")
	}
	months := 12
	if step != nil {
		switch *step {
		case model.TimeStepQuarter:
			months = 3
		case model.TimeStepMonth:
			months = 1
		}
	}
	var dates []time.Time
	for i := 0; ; i++ {
		d := from.AddDate(0, i*months, 0)
		if d.After(to) {
			break
		}
		if len(dates) == maxHistorySteps {
			return nil, domain.FieldErrorf("step", domain.EINVALID, "more than %d steps from %s to %s; use a longer step", maxHistorySteps, from.Format(time.DateOnly), to.Format(time.DateOnly))
		}
		dates = append(dates, d)
	}
	return dates, nil
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
