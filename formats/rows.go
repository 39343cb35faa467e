package formats

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"stakegraph/domain"
)

// RowError is one rejected row.
type RowError struct {
	File   string
	Line   int
	Reason string
}

func (e RowError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// Lines are the file lines of a read network's actors and partnerships, in order.
type Lines struct {
	Actors, Partnerships []int
}

// FromRecords reads the JSON form of an import: one map per actor and per partnership, keyed
// by the CSV columns (values as the CSV would hold them). Row numbers count from 1.
func FromRecords(actors, ties []map[string]string) (domain.Network, Lines, []RowError) {
	toRows := func(recs []map[string]string) []row {
		rows := make([]row, len(recs))
		for i, r := range recs {
			rows[i] = row{line: i + 1, fields: r}
		}
		return rows
	}
	return parseRows("actors", toRows(actors), "partnerships", toRows(ties))
}

// parseRows validates rows on their own terms and turns the good ones into a network.
func parseRows(actorsName string, actorRows []row, tiesName string, tieRows []row) (domain.Network, Lines, []RowError) {
	var net domain.Network
	var lines Lines
	var bad []RowError
	{
		for _, r := range actorRows {
			a := domain.ActorInput{ID: r.get("id"), Name: r.get("name"), Sector: r.get("sector"), Kind: domain.ActorKind(r.get("kind")),
				Type: r.get("type"), Region: r.get("region"), Description: r.get("description"), Tags: split(r.get("tags"), ";")}
			if a.ID == "" {
				bad = append(bad, RowError{actorsName, r.line, "id is required"})
				continue
			}
			if err := a.Validate(); err != nil {
				bad = append(bad, RowError{actorsName, r.line, domain.ErrorMessage(err)})
				continue
			}
			net.Actors = append(net.Actors, domain.Actor{ID: a.ID, Name: a.Name, Sector: a.Sector, Kind: a.Kind, Type: a.Type,
				Region: a.Region, Description: a.Description, Tags: a.Tags})
			lines.Actors = append(lines.Actors, r.line)
		}
	}
	{
		for _, r := range tieRows {
			p, reason := partnershipRow(r)
			if reason != "" {
				bad = append(bad, RowError{tiesName, r.line, reason})
				continue
			}
			net.Partnerships = append(net.Partnerships, p)
			lines.Partnerships = append(lines.Partnerships, r.line)
		}
	}
	return net, lines, bad
}

func partnershipRow(r row) (domain.Partnership, string) {
	in := domain.PartnershipInput{ID: r.get("id"), Source: r.get("source"), Target: r.get("target"), Type: r.get("type"),
		Citations: split(r.get("citations"), " | ")}
	if in.ID == "" {
		return domain.Partnership{}, "id is required"
	}
	if w := r.get("weight"); w != "" {
		x, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return domain.Partnership{}, fmt.Sprintf("weight %q is not a number", w)
		}
		in.Weight = &x
	}
	if d := r.get("directed"); d != "" {
		b, err := strconv.ParseBool(d)
		if err != nil {
			return domain.Partnership{}, fmt.Sprintf("directed %q is not true or false", d)
		}
		in.Directed = b
	}
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{"since", &in.Since}, {"until", &in.Until}} {
		if v := r.get(f.name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return domain.Partnership{}, fmt.Sprintf("%s %q is not a date like 2016-12-21", f.name, v)
			}
			*f.dst = &t
		}
	}
	if err := in.Validate(); err != nil {
		return domain.Partnership{}, domain.ErrorMessage(err)
	}
	project := r.get("project")
	if project != "" {
		in.ProjectID = project
		if err := in.Validate(); err != nil {
			return domain.Partnership{}, domain.ErrorMessage(err)
		}
	}
	return domain.Partnership{ID: in.ID, Source: in.Source, Target: in.Target, Type: in.Type, Weight: *in.Weight,
		Directed: in.Directed, Since: in.Since, Until: in.Until, Citations: in.Citations, ProjectID: project}, ""
}

func split(s, sep string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, sep)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

type row struct {
	line   int
	fields map[string]string
}

func (r row) get(k string) string { return strings.TrimSpace(r.fields[k]) }
