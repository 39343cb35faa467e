package demodata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"stakegraph/domain"
)

// DemoRegions are the regional clusters of the demo network, each with its actors' share of
// urban ones and its budgets' level (the mean of log budget).
var DemoRegions = []struct {
	Name        string
	Urban       float64
	BudgetLevel float64
}{
	{"Tatarstan", 0.7, 5.2}, {"Sverdlovsk", 0.65, 5.0}, {"Novosibirsk", 0.6, 4.6},
	{"Perm", 0.5, 4.2}, {"Samara", 0.55, 4.4}, {"Tomsk", 0.45, 3.8},
}

// DemoAttributes are the demo network's attribute definitions: AttributeDefinitions and the
// actors' location (urban or rural).
var DemoAttributes = append([]domain.AttributeDefinition{
	{Name: "location", Target: domain.TargetActor, Type: domain.AttrString, Label: "Urban or rural"},
}, AttributeDefinitions...)

// Demo returns the generated part of the network `make run` loads: 720 actors in six regional
// clusters, built to look like the inter-organisational networks field studies report and to
// carry effects the README's significance examples find on purpose:
//
//   - regional clusters: 96% of the ties join actors of one region; the rest run through
//     two brokers per region (a resource centre and a donor) and a few hubs;
//   - heavy-tailed degrees inside each region (Chung–Lu expected degrees
//     w_i ∝ (i+1)^(−1/(γ−1)), γ = 2.3; Chung & Lu 2002);
//   - sector homophily: a cross-sector candidate tie is kept with probability 0.4;
//   - location homophily (planted): a tie between an urban and a rural actor is kept with
//     probability 0.3, so the E-I index by location is far below its permutation expectation;
//   - budget assortativity (planted): log budget = the region's level + 0.35·log(w_i/w̄) +
//     N(0, 0.6), so partners' budgets correlate through their region and their size;
//   - founded, legal_form, formal and staff per actor, amount, trust and form per tie, about
//     one value in twelve missing, as in a survey.
//
// The same call always gives the same network (its own seeded stream).
func Demo() domain.Network {
	r := rand.New(rand.NewPCG(2016, 0xde70))
	net := domain.Network{Attributes: append([]domain.AttributeDefinition(nil), DemoAttributes...)}
	const perRegion = 120
	const meanDegree = 6.0
	base := tieBase
	cum := make([]float64, len(profiles))
	total := 0.0
	for i, p := range profiles {
		total += p.share
		cum[i] = total
	}
	missing := func() bool { return r.Float64() < 0.08 }
	seen := map[[2]int]bool{}
	addTie := func(s, t int, typ string, directed bool, project string) {
		key := [2]int{min(s, t), max(s, t)}
		if s == t || seen[key] {
			return
		}
		seen[key] = true
		p := datedTie(r, fmt.Sprintf("demo-p%d", len(net.Partnerships)), net.Actors[s].ID, net.Actors[t].ID, typ, directed, project, 0.35)
		p.Attributes = tieAttributes(r, missing)
		net.Partnerships = append(net.Partnerships, p)
	}
	type regionActors struct{ ids, brokers []int }
	byRegion := make([]regionActors, len(DemoRegions))
	weight := []float64{}
	for ri, reg := range DemoRegions {
		// Chung–Lu weights over a random order of the region's actors.
		first := len(net.Actors)
		perm := r.Perm(perRegion)
		w := make([]float64, perRegion)
		wsum := 0.0
		for i := range w {
			w[i] = math.Pow(float64(perm[i]+1), -1/(2.3-1))
			wsum += w[i]
		}
		for i := 0; i < perRegion; i++ {
			p := profiles[min(sort.SearchFloat64s(cum, r.Float64()*total), len(profiles)-1)]
			t := r.IntN(len(p.types))
			n := len(net.Actors)
			a := domain.Actor{
				ID: fmt.Sprintf("demo-a%d", n), Sector: p.code, Kind: domain.KindOrganization,
				Type: p.types[t], Region: reg.Name, Name: fmt.Sprintf("%s %s No. %d", reg.Name, p.nouns[t], n),
			}
			if i < 2 { // the region's brokers: a resource centre and a donor
				a.Sector, a.Type = "civil_society", "resource_centre"
				a.Name = fmt.Sprintf("%s NGO Resource Centre", reg.Name)
				if i == 1 {
					a.Sector, a.Type, a.Name = "international", "donor", fmt.Sprintf("%s Development Fund", reg.Name)
				}
				w[i] = max(w[i], wsum*0.04)
			}
			loc := "rural"
			if r.Float64() < reg.Urban {
				loc = "urban"
			}
			rel := w[i] * perRegion / wsum
			attrs := domain.Attributes{"location": loc}
			if !missing() {
				attrs["budget"] = math.Round(math.Exp(reg.BudgetLevel+0.35*math.Log(rel)+0.6*r.NormFloat64())*10) / 10
			}
			if forms := legalForms[a.Sector]; !missing() {
				attrs["legal_form"] = forms[r.IntN(len(forms))]
			}
			if !missing() {
				attrs["founded"] = time.Date(1960+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			}
			if !missing() {
				attrs["formal"] = a.Sector != "other" && r.Float64() < 0.85
			}
			if !missing() {
				attrs["staff"] = math.Round(rel * float64(5+r.IntN(40)))
			}
			if r.Float64() < 0.3 {
				a.Tags = []string{topics[r.IntN(len(topics))]}
			}
			a.Attributes = attrs
			net.Actors = append(net.Actors, a)
			weight = append(weight, w[i])
			byRegion[ri].ids = append(byRegion[ri].ids, n)
			if i < 2 {
				byRegion[ri].brokers = append(byRegion[ri].brokers, n)
			}
		}
		// Ties inside the region: Chung–Lu candidates thinned by sector and location homophily.
		wc := make([]float64, perRegion)
		acc := 0.0
		for i := range w {
			acc += w[i]
			wc[i] = acc
		}
		pick := func() int { return first + min(sort.SearchFloat64s(wc, r.Float64()*acc), perRegion-1) }
		want := len(net.Partnerships) + int(perRegion*meanDegree/2)
		for tries := 0; len(net.Partnerships) < want && tries < 200*perRegion; tries++ {
			s, t := pick(), pick()
			as, at := net.Actors[s], net.Actors[t]
			if as.Sector != at.Sector && r.Float64() > 0.4 {
				continue
			}
			if as.Attributes["location"] != at.Attributes["location"] && r.Float64() > 0.3 {
				continue
			}
			typ, directed := tieType(r, as.Sector, at.Sector)
			addTie(s, t, typ, directed, "")
		}
		// Projects: three to six participants of the region, tied to the lead.
		for j := 0; j < perRegion/20; j++ {
			since := base.AddDate(r.IntN(20), r.IntN(12), 0)
			until := since.AddDate(1+r.IntN(4), 0, 0)
			pr := domain.Project{ID: fmt.Sprintf("demo-j%d", len(net.Projects)),
				Name:  fmt.Sprintf("%s %s project", reg.Name, topics[r.IntN(len(topics))]),
				Since: &since, Until: &until}
			net.Projects = append(net.Projects, pr)
			members := []int{pick()}
			for len(members) < 3+r.IntN(4) {
				if m := pick(); !slices.Contains(members, m) {
					members = append(members, m)
				}
			}
			for x, m := range members {
				role := "partner"
				if x == 0 {
					role = "lead"
				}
				net.Participations = append(net.Participations, domain.Participation{ProjectID: pr.ID, ActorID: net.Actors[m].ID, Role: role})
				if x > 0 {
					addTie(members[0], m, "joint_project", false, pr.ID)
				}
			}
		}
	}
	// Between regions: each broker ties to the hubs of two other regions and to the other
	// regions' brokers of its kind; a handful of direct ties between hubs.
	hubs := func(ri, k int) []int {
		ids := append([]int(nil), byRegion[ri].ids[2:]...)
		sort.Slice(ids, func(a, b int) bool { return weight[ids[a]] > weight[ids[b]] })
		return ids[:k]
	}
	for ri := range DemoRegions {
		for bi, b := range byRegion[ri].brokers {
			for step := 1; step <= 2; step++ {
				other := (ri + step + bi) % len(DemoRegions)
				for _, h := range hubs(other, 3) {
					typ, directed := tieType(r, net.Actors[b].Sector, net.Actors[h].Sector)
					addTie(b, h, typ, directed, "")
				}
			}
			next := byRegion[(ri+1)%len(DemoRegions)].brokers[bi]
			addTie(b, next, "information_exchange", false, "")
		}
		if h, o := hubs(ri, 1)[0], hubs((ri+3)%len(DemoRegions), 1)[0]; ri < 3 {
			addTie(h, o, "joint_project", false, "")
		}
	}
	return net
}
