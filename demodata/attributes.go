package demodata

import (
	"math"
	"math/rand/v2"
	"time"

	"stakegraph/domain"
)

// AttributeDefinitions are the attributes AddAttributes gives a network: a survey's variables
// of the kind researchers bring (budget, founding year, legal form, formalisation, staff), and
// of ties (amount, trust, form).
var AttributeDefinitions = []domain.AttributeDefinition{
	{Name: "budget", Target: domain.TargetActor, Type: domain.AttrNumber, Label: "Annual budget (thousand)"},
	{Name: "founded", Target: domain.TargetActor, Type: domain.AttrDate, Label: "Founded"},
	{Name: "formal", Target: domain.TargetActor, Type: domain.AttrBoolean, Label: "Formally registered"},
	{Name: "legal_form", Target: domain.TargetActor, Type: domain.AttrString, Label: "Legal form"},
	{Name: "staff", Target: domain.TargetActor, Type: domain.AttrNumber, Label: "Paid staff"},
	{Name: "amount", Target: domain.TargetPartnership, Type: domain.AttrNumber, Label: "Amount (thousand)"},
	{Name: "form", Target: domain.TargetPartnership, Type: domain.AttrString, Label: "Form of the tie"},
	{Name: "trust", Target: domain.TargetPartnership, Type: domain.AttrNumber, Label: "Trust score (1–5)"},
}

// legalForms by sector: what an organisation of the sector registers as.
var legalForms = map[string][]string{
	"government":    {"state_body", "municipal_body", "state_institution"},
	"business":      {"llc", "joint_stock", "sole_trader", "cooperative"},
	"civil_society": {"ngo", "foundation", "association", "informal_group"},
	"media":         {"llc", "foundation", "state_institution"},
	"academia":      {"state_institution", "foundation", "ngo"},
	"international": {"foundation", "association"},
	"other":         {"association", "informal_group"},
}

var tieForms = []string{"formal_agreement", "memorandum", "informal"}

// AddAttributes gives a network the AttributeDefinitions and values for them, drawn from its
// own random stream (seed), so the rest of the network stays as Generate made it. About one
// value in eight is missing, as in a survey; budgets are log-normal.
func AddAttributes(net *domain.Network, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0xa77e))
	net.Attributes = append(net.Attributes, AttributeDefinitions...)
	missing := func() bool { return r.Float64() < 0.125 }
	for i := range net.Actors {
		a := &net.Actors[i]
		attrs := domain.Attributes{}
		forms := legalForms[a.Sector]
		if len(forms) == 0 {
			forms = legalForms["other"]
		}
		if a.Kind != domain.KindPerson && !missing() {
			attrs["legal_form"] = forms[r.IntN(len(forms))]
		}
		if !missing() {
			attrs["budget"] = math.Round(math.Exp(4+1.5*r.NormFloat64())*10) / 10
		}
		if !missing() {
			attrs["staff"] = float64(r.IntN(200))
		}
		if !missing() {
			attrs["formal"] = r.Float64() < 0.7
		}
		if !missing() {
			attrs["founded"] = time.Date(1950+r.IntN(70), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
		if len(attrs) > 0 {
			a.Attributes = attrs
		}
	}
	for i := range net.Partnerships {
		if attrs := tieAttributes(r, missing); len(attrs) > 0 {
			net.Partnerships[i].Attributes = attrs
		}
	}
}

// tieAttributes draws a tie's trust score (1–5), amount (exponential, mean 500) and form,
// each left out when missing says so.
func tieAttributes(r *rand.Rand, missing func() bool) domain.Attributes {
	attrs := domain.Attributes{}
	if !missing() {
		attrs["trust"] = float64(1 + r.IntN(5))
	}
	if !missing() {
		attrs["amount"] = math.Round(r.ExpFloat64()*500*100) / 100
	}
	if !missing() {
		attrs["form"] = tieForms[r.IntN(len(tieForms))]
	}
	return attrs
}
