package demodata

import (
	"time"

	"stakegraph/domain"
)

// ArticleSource is the news item the hand-written network is drawn from.
const ArticleSource = "Agency for Social Information, \"Public Chamber discusses partnerships in the social sector\", 21.12.2016, https://www.asi.org.ru/news/2016/12/21/vobshhestvenno-2/"

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// Article returns a small network of the actors and partnerships the article describes: the
// Public Chamber, the Russian Union of Industrialists and Entrepreneurs, the charities System
// and Perspektiva, the operator of the NGO Presidential Grants scheme, regional resource and
// social innovation centres, single-industry towns and their business partners. Every
// partnership cites the article; the people quoted are actors tied to their organisations.
func Article() domain.Network {
	discussed := day(2016, time.December, 21)
	cite := []string{ArticleSource}
	actor := func(id, name, sector string, kind domain.ActorKind, typ, region, desc string, tags ...string) domain.Actor {
		return domain.Actor{ID: id, Name: name, Sector: sector, Kind: kind, Type: typ, Region: region, Description: desc, Tags: tags}
	}
	org, person := domain.KindOrganization, domain.KindPerson
	actors := []domain.Actor{
		actor("asi-public-chamber", "Public Chamber of the Russian Federation", "government", org, "public_chamber", "Moscow",
			"Consultative body that hosted the discussion on partnerships in the social sector.", "social sector"),
		actor("asi-topoleva", "Elena Topoleva", "civil_society", person, "public_chamber_member", "Moscow",
			"Member of the Public Chamber; argues NGOs working with government and business drive social change."),
		actor("asi-rspp", "Russian Union of Industrialists and Entrepreneurs", "business", org, "business_association", "Moscow",
			"Employers' union; its corporate responsibility directorate promotes partnership working.", "csr"),
		actor("asi-feoktistova", "Elena Feoktistova", "business", person, "managing_director", "Moscow",
			"Managing Director of Corporate Responsibility, Sustainable Development and Social Entrepreneurship at RSPP.", "csr"),
		actor("asi-system", "Charity System", "civil_society", org, "charity", "Moscow",
			"Charity whose president describes trust as the obstacle to partnerships."),
		actor("asi-chernyshkova", "Elena Chernyshkova", "civil_society", person, "charity_president", "Moscow",
			"President of the charity System."),
		actor("asi-perspektiva", "Perspektiva, Charity for Support to People in Small Towns and Rural Areas", "civil_society", org, "charity", "Moscow",
			"The only administrator of the NGO Presidential Grants scheme that promotes business co-financing of winning projects.", "rural development", "grants"),
		actor("asi-svinin", "Alexander Svinin", "civil_society", person, "charity_ceo", "Moscow",
			"CEO of Perspektiva."),
		actor("asi-presidential-grants", "NGO Presidential Grants scheme", "government", org, "grants_programme", "Moscow",
			"Federal grants programme for NGOs, administered through operators such as Perspektiva.", "grants"),
		actor("asi-resource-centres", "Regional NGO resource centres", "civil_society", org, "resource_centre", "Regions",
			"Regional resource centres expected to act as intermediaries in collaborative projects."),
		actor("asi-innovation-centres", "Regional social innovation centres", "civil_society", org, "social_innovation_centre", "Regions",
			"Centres that should support NGOs, small businesses and social entrepreneurs."),
		actor("asi-monotowns", "Single-industry towns (municipalities)", "government", org, "municipality", "Regions",
			"Municipalities of single-industry towns, targets of regional development projects."),
		actor("asi-regional-heads", "Heads of municipalities and regions", "government", org, "regional_administration", "Regions",
			"Regional and municipal leaders actively involved in partnership work."),
		actor("asi-local-producers", "Local production businesses", "business", org, "sme", "Regions",
			"Companies based in small towns that charities collaborate with and that co-finance grant-winning projects."),
		actor("asi-social-entrepreneurs", "Small businesses and social entrepreneurs", "business", org, "social_enterprise", "Regions",
			"Potential partners of social innovation centres."),
		actor("asi-pooling-companies", "Companies pooling resources (2015)", "business", org, "corporation", "Regions",
			"Companies that pooled resources in 2015 to pursue shared goals."),
		actor("asi-agency", "Agency for Social Information", "media", org, "online_media", "Moscow",
			"News agency covering the social sector; reported the discussion."),
	}
	tie := func(id, src, tgt, typ string, directed bool, since *time.Time) domain.Partnership {
		return domain.Partnership{ID: id, Source: src, Target: tgt, Type: typ, Weight: 1, Directed: directed, Since: since, Citations: cite}
	}
	ties := []domain.Partnership{
		tie("asi-t01", "asi-topoleva", "asi-public-chamber", "membership", true, nil),
		tie("asi-t02", "asi-feoktistova", "asi-rspp", "membership", true, nil),
		tie("asi-t03", "asi-chernyshkova", "asi-system", "membership", true, nil),
		tie("asi-t04", "asi-svinin", "asi-perspektiva", "membership", true, nil),
		tie("asi-t05", "asi-presidential-grants", "asi-perspektiva", "grant", true, nil),
		tie("asi-t06", "asi-local-producers", "asi-perspektiva", "co_financing", true, nil),
		tie("asi-t07", "asi-perspektiva", "asi-local-producers", "joint_project", false, nil),
		tie("asi-t08", "asi-innovation-centres", "asi-social-entrepreneurs", "resource_pooling", true, nil),
		tie("asi-t09", "asi-resource-centres", "asi-monotowns", "joint_project", false, nil),
		tie("asi-t10", "asi-public-chamber", "asi-rspp", "information_exchange", false, discussed),
		tie("asi-t11", "asi-public-chamber", "asi-agency", "information_exchange", false, discussed),
		tie("asi-t12", "asi-rspp", "asi-regional-heads", "information_exchange", false, nil),
		tie("asi-t13", "asi-pooling-companies", "asi-local-producers", "resource_pooling", false, day(2015, time.January, 1)),
		tie("asi-t14", "asi-system", "asi-perspektiva", "information_exchange", false, day(2015, time.January, 1)),
		tie("asi-t15", "asi-innovation-centres", "asi-resource-centres", "information_exchange", false, nil),
		tie("asi-t16", "asi-topoleva", "asi-rspp", "information_exchange", false, discussed),
		tie("asi-t17", "asi-chernyshkova", "asi-svinin", "information_exchange", false, discussed),
		tie("asi-t18", "asi-feoktistova", "asi-topoleva", "information_exchange", false, discussed),
	}
	ties[5].Weight = 2 // co-financing of grant-winning projects is the article's central example
	return domain.Network{
		Actors:       actors,
		Partnerships: ties,
		Projects: []domain.Project{{ID: "asi-discussion-2016", Name: "Public Chamber discussion on partnerships in the social sector",
			Description: "Round table of government, business and NGO representatives.", Since: discussed, Until: discussed}},
		Participations: []domain.Participation{
			{ProjectID: "asi-discussion-2016", ActorID: "asi-public-chamber", Role: "host"},
			{ProjectID: "asi-discussion-2016", ActorID: "asi-topoleva", Role: "speaker"},
			{ProjectID: "asi-discussion-2016", ActorID: "asi-feoktistova", Role: "speaker"},
			{ProjectID: "asi-discussion-2016", ActorID: "asi-chernyshkova", Role: "speaker"},
			{ProjectID: "asi-discussion-2016", ActorID: "asi-svinin", Role: "speaker"},
			{ProjectID: "asi-discussion-2016", ActorID: "asi-agency", Role: "reporter"},
		},
	}
}
