package demodata

import (
	_ "embed"
	"encoding/json"

	"stakegraph/domain"
)

// ArticleSource is the news item the hand-written network is drawn from.
const ArticleSource = "Agency for Social Information, \"Public Chamber discusses partnerships in the social sector\", 21.12.2016, https://www.asi.org.ru/news/2016/12/21/vobshhestvenno-2/"

// Article returns a small network of the actors and partnerships the article describes: the
// Public Chamber, the Russian Union of Industrialists and Entrepreneurs, the charities System
// and Perspektiva, the operator of the NGO Presidential Grants scheme, regional resource and
// social innovation centres, single-industry towns and their business partners. Every
// partnership cites the article (ArticleSource); the people quoted are actors tied to their
// organisations. The data is article.json.
func Article() domain.Network {
	var n domain.Network
	if err := json.Unmarshal(articleJSON, &n); err != nil {
		panic("demodata: article.json: " + err.Error()) // embedded at build time; TestArticleNetworkIsValid reads it
	}
	return n
}

// articleJSON is the article's network as data: domain.Network's fields, zero values left out.
//
//go:embed article.json
var articleJSON []byte
