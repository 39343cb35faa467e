// Package model holds the GraphQL-only types: connections, edges, inputs and the Date scalar.
// Domain objects (actors, sectors, partnerships, projects) are bound straight to stakegraph's
// domain package (see gqlgen.yml); the types gqlgen generates live in models_gen.go.
package model

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"stakegraph/domain"
)

// Date is an ISO-8601 calendar date (YYYY-MM-DD) in UTC.
type Date = time.Time

// MarshalDate writes t as YYYY-MM-DD.
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.DateOnly)))
	})
}

// UnmarshalDate reads a YYYY-MM-DD string.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("a Date must be a string like 2016-12-21, got %T", v)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date like 2016-12-21", s)
	}
	return t, nil
}

// Counter returns the total number of items a connection spans, across all pages. It is only
// called when a client asks for totalCount.
type Counter func(ctx context.Context) (int, error)

// ActorConnection is a page of actors.
type ActorConnection struct {
	Edges    []ActorEdge
	PageInfo PageInfo
	Count    Counter `json:"-"`
}

// ActorEdge is one actor in a page with its cursor.
type ActorEdge struct {
	Cursor string
	Node   *domain.Actor
}

// PartnershipConnection is a page of partnerships.
type PartnershipConnection struct {
	Edges    []PartnershipEdge
	PageInfo PageInfo
	Count    Counter `json:"-"`
}

// PartnershipEdge is one partnership in a page with its cursor.
type PartnershipEdge struct {
	Cursor string
	Node   *domain.Partnership
}

// ProjectConnection is a page of projects.
type ProjectConnection struct {
	Edges    []ProjectEdge
	PageInfo PageInfo
	Count    Counter `json:"-"`
}

// ProjectEdge is one project in a page with its cursor.
type ProjectEdge struct {
	Cursor string
	Node   *domain.Project
}

// PageInfo tells whether more items follow the page and the cursor to ask for them.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// CentralityConnection is a page of a metric's ranking.
type CentralityConnection struct {
	Edges         []CentralityEdge
	PageInfo      PageInfo
	TotalCount    int
	Metric        domain.Metric
	GraphVersion  int
	ActorCount    int
	EdgeCount     int
	Approximation *Approximation
}

// CentralityEdge is one ranked actor with its cursor.
type CentralityEdge struct {
	Cursor string
	Node   CentralityScore
}

// CentralityScore is an actor's score and rank; ActorID is resolved through the dataloader.
type CentralityScore struct {
	ActorID string
	Score   *float64
	Rank    int
}

// Intermediary is one ranked broker; ActorID is resolved through the dataloader.
type Intermediary struct {
	ActorID              string
	Betweenness          float64
	GroupPairBetweenness float64
	Brokerage            Brokerage
	Constraint           *float64
	IsCutVertex          bool
	Connects             []GroupPairCount
}

// CutPoints lists cut vertices and bridges by actor id.
type CutPoints struct {
	CutVertexIDs []string
	BridgeIDs    [][2]string
	GraphVersion int
}

// Path is a path by actor ids, with the network filter it was found on.
type Path struct {
	ActorIDs []string
	Hops     int
	Distance float64
	Network  *NetworkFilter
}

// CommunityResult is a partition of a network slice.
type CommunityResult struct {
	Modularity   float64
	Count        int
	GraphVersion int
	All          []Community `json:"-"`
}

// Community is one community with its members' ids (resolved through the dataloader).
type Community struct {
	ID          int
	Size        int
	MemberIDs   []string
	Composition []GroupShare
}

// SubgraphNode is one rendered actor; the actor itself is resolved through the dataloader.
type SubgraphNode struct {
	ID         string
	Label      string
	Group      string
	GroupLabel string
	Color      *string
	Score      *float64
	Community  int
	X, Y       *float64
}

// Node is an object fetchable by id: *domain.Actor, *domain.Partnership, *domain.Project or
// *domain.Sector. The domain types stay free of GraphQL methods, so the interface is empty and
// the executor tells the types apart by their Go type.
type Node interface{}

// JSON is the JSON scalar: an object of attribute values (domain.Attributes).
type JSON = domain.Attributes

// MarshalJSON writes attributes as a JSON object ({} when there are none), keys sorted.
func MarshalJSON(a domain.Attributes) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if a == nil {
			a = domain.Attributes{}
		}
		b, err := json.Marshal(map[string]any(a))
		if err != nil {
			b = []byte("{}")
		}
		_, _ = w.Write(b)
	})
}

// UnmarshalJSON reads an object of attribute values; the store checks them against the
// definitions.
func UnmarshalJSON(v any) (domain.Attributes, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("attributes must be an object of attribute name → value, got %T", v)
	}
	return domain.Attributes(m), nil
}

// NetworkStats is a slice's whole-network measures; centralization and averagePathLength
// are computed when asked for, on Network's slice.
type NetworkStats struct {
	Actors               int
	Partnerships         int
	Density              float64
	Components           int
	LargestComponentSize int
	AverageDegree        float64
	AverageClustering    float64
	Diameter             int
	DiameterExact        bool
	DiameterUpperBound   int
	DegreeAssortativity  *float64
	Transitivity         float64
	Reciprocity          *float64
	Fragmentation        float64
	GraphVersion         int
	// Network is the slice and view the measures are of.
	Network domain.NetworkFilter `json:"-"`
}

// CorePeriphery is a slice's core/periphery structure; its actors and coreness list are
// resolved from Result.
type CorePeriphery struct {
	CoreSize     int
	Fit          float64
	GraphVersion int
	// Core are the core's actor ids; Coreness every actor's coreness, highest first.
	Core     []string          `json:"-"`
	Coreness []CentralityScore `json:"-"`
}

// TieChange is a partnership that formed or dissolved; PartnershipID is resolved through the
// store (one query per page: see Partnership).
type TieChange struct {
	PartnershipID string
	Partnership   *domain.Partnership // prefetched with its page, when asked for
	Change        string
	Date          time.Time
}

// MetricSeries is one actor's points of a panel; ActorID is resolved through the dataloader.
type MetricSeries struct {
	ActorID string
	Points  []MetricPoint
}

// PartnerScore is a suggested partner with its link-prediction score; ActorID and Via (the
// shared partners, largest contribution first) are resolved through the dataloader.
type PartnerScore struct {
	ActorID string
	Score   float64
	Via     []string
}

// MetricChange is an actor's metric before and after a whatIf; ActorID is resolved through the
// dataloader.
type MetricChange struct {
	ActorID       string
	Before, After *float64
	Delta         float64
}

// SuggestedPartnership is a suggestPartnerships pick; its ends are resolved through the
// dataloader.
type SuggestedPartnership struct {
	SourceID, TargetID string
	Gain, Cumulative   float64
	Explanation        string
}
