// Package demodata makes demonstration networks: a seeded generator of realistic stakeholder
// networks, and a small hand-written network of the actors and partnerships described in a
// 2016 news article about cross-sector partnerships (see Article).
package demodata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"stakegraph/domain"
)

// Options shape a generated network.
type Options struct {
	Actors          int     // number of actors
	PartnershipsPer float64 // partnerships per actor (default 5, as the M dataset's 10k/50k)
	Seed            uint64
	Homophily       float64 // probability of keeping a cross-sector tie, 0..1 (default 0.35)
	Gamma           float64 // power-law exponent of expected degrees (default 2.5)
	Attributes      bool    // add AttributeDefinitions and their values (AddAttributes)
}

type sectorProfile struct {
	code  string
	share float64
	types []string
	nouns []string
}

// profiles give each sector its share of actors and plausible types and name nouns.
var profiles = []sectorProfile{
	{"government", 0.14, []string{"ministry", "agency", "municipality", "regional_administration"},
		[]string{"Ministry of Social Development", "Agency for Regional Development", "Municipal Administration", "Regional Government"}},
	{"business", 0.30, []string{"corporation", "sme", "social_enterprise", "business_association"},
		[]string{"Industrial Holding", "Trading Company", "Social Enterprise", "Chamber of Commerce"}},
	{"civil_society", 0.31, []string{"charity", "ngo", "foundation", "union", "resource_centre"},
		[]string{"Charity Fund", "Volunteer Centre", "Community Foundation", "Union of Veterans", "NGO Resource Centre"}},
	{"media", 0.07, []string{"newspaper", "broadcaster", "online_media"},
		[]string{"Gazette", "TV", "News Portal"}},
	{"academia", 0.11, []string{"university", "research_institute"},
		[]string{"State University", "Institute of Social Research"}},
	{"international", 0.03, []string{"international_organisation", "donor"},
		[]string{"International Development Fund", "UN Office"}},
	{"other", 0.04, []string{"community_group", "cooperative"},
		[]string{"Residents' Association", "Cooperative"}},
}

var regions = []string{"Moscow", "Saint Petersburg", "Tatarstan", "Sverdlovsk", "Novosibirsk", "Krasnoyarsk",
	"Perm", "Samara", "Bashkortostan", "Nizhny Novgorod", "Rostov", "Kemerovo", "Chelyabinsk", "Tomsk", "Murmansk"}

// tieTypes by the sector pair: funding flows are directed (source funds target).
func tieType(r *rand.Rand, src, tgt string) (typ string, directed bool) {
	switch {
	case (src == "government" || src == "business" || src == "international") && tgt == "civil_society":
		if r.Float64() < 0.55 {
			if src == "business" && r.Float64() < 0.5 {
				return "co_financing", true
			}
			return "grant", true
		}
	case src == tgt && src == "business":
		if r.Float64() < 0.5 {
			return "joint_project", false
		}
	}
	switch x := r.Float64(); {
	case x < 0.35:
		return "information_exchange", false
	case x < 0.65:
		return "joint_project", false
	case x < 0.85:
		return "resource_pooling", false
	default:
		return "membership", true
	}
}

// Generate returns a network of o.Actors actors whose partnerships have heavy-tailed degrees
// (Chung–Lu expected degrees w_i ∝ (i+1)^(−1/(γ−1)), Chung & Lu 2002), sector homophily (a
// cross-sector candidate tie is kept with probability o.Homophily), regional clustering, typed
// and dated ties, and projects whose participants are tied by joint-project partnerships. The
// same options always give the same network.
func Generate(o Options) domain.Network {
	if o.PartnershipsPer <= 0 {
		o.PartnershipsPer = 5
	}
	if o.Homophily <= 0 {
		o.Homophily = 0.35
	}
	if o.Gamma <= 2 {
		o.Gamma = 2.5
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x5eed5eed))
	prefix := fmt.Sprintf("g%d", o.Seed)
	n := o.Actors
	net := domain.Network{Actors: make([]domain.Actor, n)}

	// Actors: sector by share, region by a Zipf-like law, kind mostly organisations.
	cum := make([]float64, len(profiles))
	total := 0.0
	for i, p := range profiles {
		total += p.share
		cum[i] = total
	}
	regionW := make([]float64, len(regions))
	rt := 0.0
	for i := range regions {
		rt += 1 / float64(i+1)
		regionW[i] = rt
	}
	for i := 0; i < n; i++ {
		pi := sort.SearchFloat64s(cum, r.Float64()*total)
		p := profiles[min(pi, len(profiles)-1)]
		region := regions[min(sort.SearchFloat64s(regionW, r.Float64()*rt), len(regions)-1)]
		t := r.IntN(len(p.types))
		a := domain.Actor{
			ID:     fmt.Sprintf("%s-a%d", prefix, i),
			Sector: p.code,
			Kind:   domain.KindOrganization,
			Type:   p.types[t],
			Region: region,
		}
		if r.Float64() < 0.08 {
			a.Kind = domain.KindPerson
			a.Type = "individual"
			x := r.IntN(len(firstNames))
			surname := lastNames[r.IntN(len(lastNames))]
			if x < femaleNames {
				surname += "a" // Russian surnames take the feminine ending
			}
			a.Name = fmt.Sprintf("%s %s (%s)", firstNames[x], surname, region)
		} else {
			a.Name = fmt.Sprintf("%s %s No. %d", region, p.nouns[t], i)
		}
		if r.Float64() < 0.3 {
			a.Tags = []string{topics[r.IntN(len(topics))]}
		}
		net.Actors[i] = a
	}
	if n < 2 {
		if o.Attributes {
			AddAttributes(&net, o.Seed)
		}
		return net
	}

	// Chung–Lu weights over a random permutation, sampled by binary search on the prefix sums.
	perm := r.Perm(n)
	wcum := make([]float64, n)
	wt := 0.0
	exp := -1 / (o.Gamma - 1)
	for i := 0; i < n; i++ {
		wt += math.Pow(float64(perm[i]+1), exp)
		wcum[i] = wt
	}
	pick := func() int { return min(sort.SearchFloat64s(wcum, r.Float64()*wt), n-1) }

	target := int(float64(n) * o.PartnershipsPer)
	seen := make(map[[2]int]bool, target)
	base := tieBase
	addTie := func(s, t int, typ string, directed bool, project string) {
		net.Partnerships = append(net.Partnerships, datedTie(r, fmt.Sprintf("%s-p%d", prefix, len(net.Partnerships)),
			net.Actors[s].ID, net.Actors[t].ID, typ, directed, project, 0.4))
	}

	// Projects: a few participants each, tied pairwise by joint-project partnerships.
	nProjects := max(1, n/25)
	for j := 0; j < nProjects; j++ {
		since := base.AddDate(r.IntN(20), r.IntN(12), 0)
		until := since.AddDate(1+r.IntN(4), 0, 0)
		pr := domain.Project{ID: fmt.Sprintf("%s-j%d", prefix, j), Name: fmt.Sprintf("%s project %d", topics[r.IntN(len(topics))], j),
			Since: &since, Until: &until}
		net.Projects = append(net.Projects, pr)
		k := 3 + r.IntN(4)
		members := map[int]bool{}
		for len(members) < min(k, n) {
			members[pick()] = true
		}
		ids := make([]int, 0, len(members))
		for m := range members {
			ids = append(ids, m)
		}
		sort.Ints(ids)
		for x, m := range ids {
			role := "partner"
			if x == 0 {
				role = "lead"
			}
			net.Participations = append(net.Participations, domain.Participation{ProjectID: pr.ID, ActorID: net.Actors[m].ID, Role: role})
		}
		for x := 1; x < len(ids) && len(net.Partnerships) < target; x++ {
			key := [2]int{min(ids[0], ids[x]), max(ids[0], ids[x])}
			if !seen[key] {
				seen[key] = true
				addTie(ids[0], ids[x], "joint_project", false, pr.ID)
			}
		}
	}

	for attempts := 0; len(net.Partnerships) < target && attempts < target*50; attempts++ {
		s, t := pick(), pick()
		if s == t {
			continue
		}
		key := [2]int{min(s, t), max(s, t)}
		if seen[key] {
			continue
		}
		as, at := &net.Actors[s], &net.Actors[t]
		if as.Sector != at.Sector && r.Float64() > o.Homophily {
			continue
		}
		if as.Region != at.Region && r.Float64() > 0.5 {
			continue
		}
		seen[key] = true
		typ, directed := tieType(r, as.Sector, at.Sector)
		addTie(s, t, typ, directed, "")
	}
	if o.Attributes {
		AddAttributes(&net, o.Seed)
	}
	return net
}

// firstNames lists femaleNames feminine names, then masculine ones.
var firstNames = []string{"Elena", "Olga", "Anna", "Irina", "Maria", "Natalia", "Tatiana", "Sergey", "Alexander", "Dmitry", "Andrey", "Pavel"}

const femaleNames = 7

var lastNames = []string{"Ivanov", "Petrov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov"}
var topics = []string{"education", "health", "ageing", "disability", "environment", "youth", "culture", "rural development", "employment", "housing"}

// tieBase is the earliest date a generated partnership starts.
var tieBase = time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)

// datedTie is a generated partnership: it starts on a random day of the 20 years from
// tieBase, ends 1–7 years later with probability ended, and weighs 1 plus an exponential
// draw rounded down to a half.
func datedTie(r *rand.Rand, id, source, target, typ string, directed bool, project string, ended float64) domain.Partnership {
	since := tieBase.AddDate(r.IntN(20), r.IntN(12), r.IntN(28))
	p := domain.Partnership{
		ID: id, Source: source, Target: target,
		Type: typ, Directed: directed, ProjectID: project,
		Weight: 1 + math.Floor(r.ExpFloat64()*2)/2,
		Since:  &since,
	}
	if r.Float64() < ended {
		until := since.AddDate(1+r.IntN(6), r.IntN(12), 0)
		p.Until = &until
	}
	return p
}
