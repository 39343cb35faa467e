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

// ActorRecord is an actor row as every source hands it over: the CSV columns (ActorColumns),
// as text. Line is its line in the file (its number from 1 in a JSON list).
type ActorRecord struct {
	Line        int    `json:"-"`
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Sector      string `json:"sector,omitempty"`
	Kind        string `json:"kind,omitempty"`
	Type        string `json:"type,omitempty"`
	Region      string `json:"region,omitempty"`
	Description string `json:"description,omitempty"`
	Tags        string `json:"tags,omitempty"` // separated by ';'
	// Attributes are the row's attribute values: text cells from a file (the network's
	// TextAttributes), typed values from JSON.
	Attributes domain.Attributes `json:"attributes,omitempty"`
}

// TieRecord is a partnership row as every source hands it over: the CSV columns
// (PartnershipColumns), as text.
type TieRecord struct {
	Line      int    `json:"-"`
	ID        string `json:"id"`
	Source    string `json:"source,omitempty"`
	Target    string `json:"target,omitempty"`
	Type      string `json:"type,omitempty"`
	Weight    string `json:"weight,omitempty"`
	Directed  string `json:"directed,omitempty"`
	Since     string `json:"since,omitempty"`
	Until     string `json:"until,omitempty"`
	Citations string `json:"citations,omitempty"` // separated by " | "
	Project   string `json:"project,omitempty"`
	// Attributes are the row's attribute values, as ActorRecord's.
	Attributes domain.Attributes `json:"attributes,omitempty"`
}

// ActorColumns and PartnershipColumns are the CSV headers; imports read the same columns.
var (
	ActorColumns       = []string{"id", "name", "sector", "kind", "type", "region", "description", "tags"}
	PartnershipColumns = []string{"id", "source", "target", "type", "weight", "directed", "since", "until", "citations", "project"}
)

// cells are the record's fields in ActorColumns order: the one place a column meets its field.
func (r *ActorRecord) cells() []*string {
	return []*string{&r.ID, &r.Name, &r.Sector, &r.Kind, &r.Type, &r.Region, &r.Description, &r.Tags}
}

// cells are the record's fields in PartnershipColumns order.
func (r *TieRecord) cells() []*string {
	return []*string{&r.ID, &r.Source, &r.Target, &r.Type, &r.Weight, &r.Directed, &r.Since, &r.Until, &r.Citations, &r.Project}
}

// record is an ActorRecord or a TieRecord.
type record[R any] interface {
	*R
	cells() []*string
	setLine(int)
	attributes() *domain.Attributes
}

func (r *ActorRecord) attributes() *domain.Attributes { return &r.Attributes }
func (r *TieRecord) attributes() *domain.Attributes   { return &r.Attributes }

func (r *ActorRecord) setLine(n int) { r.Line = n }
func (r *TieRecord) setLine(n int)   { r.Line = n }

// set sets rec's cell of column (one of columns, which are rec's in order); other names are
// ignored.
func set[R any, P record[R]](rec P, columns []string, column, value string) {
	for i, c := range columns {
		if c == column {
			*rec.cells()[i] = value
			return
		}
	}
}

// actorRecord is a's row as the CSV export writes it.
func actorRecord(a *domain.Actor) ActorRecord {
	return ActorRecord{ID: a.ID, Name: a.Name, Sector: a.Sector, Kind: string(a.Kind), Type: a.Type, Region: a.Region,
		Description: a.Description, Tags: strings.Join(a.Tags, ";")}
}

// tieRecord is p's row as the CSV export writes it.
func tieRecord(p *domain.Partnership) TieRecord {
	return TieRecord{ID: p.ID, Source: p.Source, Target: p.Target, Type: p.Type, Weight: strconv.FormatFloat(p.Weight, 'g', -1, 64),
		Directed: strconv.FormatBool(p.Directed), Since: dateString(p.Since), Until: dateString(p.Until),
		Citations: strings.Join(p.Citations, " | "), Project: p.ProjectID}
}

// FromRecords reads the JSON form of an import (the GraphQL mutation's rows, the import
// command's JSON file): records numbered from 1 where they carry no line.
func FromRecords(actors []ActorRecord, ties []TieRecord) (domain.Network, Lines, []RowError) {
	for i := range actors {
		if actors[i].Line == 0 {
			actors[i].Line = i + 1
		}
	}
	for i := range ties {
		if ties[i].Line == 0 {
			ties[i].Line = i + 1
		}
	}
	return parseRows("actors", actors, "partnerships", ties)
}

// parseRows validates rows on their own terms and turns the good ones into a network.
func parseRows(actorsName string, actorRows []ActorRecord, tiesName string, tieRows []TieRecord) (domain.Network, Lines, []RowError) {
	var net domain.Network
	var lines Lines
	var bad []RowError
	for _, r := range actorRows {
		r.trim()
		a := domain.ActorInput{ID: r.ID, Name: r.Name, Sector: r.Sector, Kind: domain.ActorKind(r.Kind),
			Type: r.Type, Region: r.Region, Description: r.Description, Tags: split(r.Tags, ";")}
		if a.ID == "" {
			bad = append(bad, RowError{actorsName, r.Line, "id is required"})
			continue
		}
		if err := a.Validate(); err != nil {
			bad = append(bad, RowError{actorsName, r.Line, domain.ErrorMessage(err)})
			continue
		}
		net.Actors = append(net.Actors, domain.Actor{ID: a.ID, Name: a.Name, Sector: a.Sector, Kind: a.Kind, Type: a.Type,
			Region: a.Region, Description: a.Description, Tags: a.Tags, Attributes: r.Attributes})
		lines.Actors = append(lines.Actors, r.Line)
	}
	for _, r := range tieRows {
		r.trim()
		p, reason := partnershipRow(r)
		if reason != "" {
			bad = append(bad, RowError{tiesName, r.Line, reason})
			continue
		}
		p.Attributes = r.Attributes
		net.Partnerships = append(net.Partnerships, p)
		lines.Partnerships = append(lines.Partnerships, r.Line)
	}
	return net, lines, bad
}

// trim trims the white space around every cell.
func (r *ActorRecord) trim() { trimCells(r.cells()) }
func (r *TieRecord) trim()   { trimCells(r.cells()) }

func trimCells(cells []*string) {
	for _, c := range cells {
		*c = strings.TrimSpace(*c)
	}
}

func partnershipRow(r TieRecord) (domain.Partnership, string) {
	in := domain.PartnershipInput{ID: r.ID, Source: r.Source, Target: r.Target, Type: r.Type, Citations: split(r.Citations, " | ")}
	if in.ID == "" {
		return domain.Partnership{}, "id is required"
	}
	if w := r.Weight; w != "" {
		x, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return domain.Partnership{}, fmt.Sprintf("weight %q is not a number", w)
		}
		in.Weight = &x
	}
	if d := r.Directed; d != "" {
		b, err := strconv.ParseBool(d)
		if err != nil {
			return domain.Partnership{}, fmt.Sprintf("directed %q is not true or false", d)
		}
		in.Directed = b
	}
	for _, f := range []struct {
		name, value string
		dst         **time.Time
	}{{"since", r.Since, &in.Since}, {"until", r.Until, &in.Until}} {
		if v := f.value; v != "" {
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
	project := r.Project
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
