package analytics

import (
	"time"

	"stakegraph/domain"
)

// The calendar of time series: step dates from a period and a step, and their count for the
// cost model. Histories, panels, dynamics and the GEXF timeline export share it.

// MaxSteps bounds the step dates of one time series (history, panel, dynamics).
const MaxSteps = 200

// StepMonths are the months of each TimeStep (YEAR, QUARTER, MONTH).
var StepMonths = map[string]int{"YEAR": 12, "QUARTER": 3, "MONTH": 1}

// StepDates returns the step dates from `from` to `to` inclusive: from, from + months, …, the
// last one not after to. Errors: EINVALID when to is before from, or for more than MaxSteps
// dates.
func StepDates(from, to time.Time, months int) ([]time.Time, error) {
	if to.Before(from) {
		return nil, domain.FieldErrorf("to", domain.EINVALID, "to (%s) is before from (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	months = max(months, 1)
	var dates []time.Time
	for i := 0; ; i++ {
		d := from.AddDate(0, i*months, 0)
		if d.After(to) {
			return dates, nil
		}
		if len(dates) == MaxSteps {
			return nil, domain.FieldErrorf("step", domain.EINVALID, "more than %d steps from %s to %s; use a longer step or a shorter period", MaxSteps, from.Format(time.DateOnly), to.Format(time.DateOnly))
		}
		dates = append(dates, d)
	}
}

// StepCount is how many step dates StepDates returns (at most MaxSteps + 1, 1 for a reversed
// period), without building them: for the cost model.
func StepCount(from, to time.Time, months int) int {
	if to.Before(from) {
		return 1
	}
	n := (to.Year()-from.Year())*12 + int(to.Month()-from.Month())
	return min(n/max(months, 1)+1, MaxSteps+1)
}
