package analytics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"stakegraph/domain"
	"stakegraph/network"
)

// MaxQAPActors bounds the slices QAP tests run on: relations are dense n×n matrices.
const MaxQAPActors = 3000

// RelationSpec says which relation between a slice's actors a QAP test uses: by default its
// ties (1 for a tie, 0 otherwise; only PartnershipTypes when given; valued by weight, or by
// WeightAttribute, instead of 0/1), or instead 1 when two actors share a group (SameGroup, a
// built-in grouping, or SameGroupAttribute) or |x_i − x_j| of a NUMBER actor attribute
// (AbsoluteDifference). A relation is one kind.
type RelationSpec struct {
	PartnershipTypes   []string
	Valued             bool
	WeightAttribute    string
	SameGroup          domain.ActorAttribute
	SameGroupAttribute string
	AbsoluteDifference string
}

// Name is the relation as a regression term: "ties", "ties[grant]", "weight", "same(SECTOR)",
// "same(location)", "absdiff(budget)".
func (r RelationSpec) Name() string {
	switch {
	case r.SameGroup != "":
		return "same(" + string(r.SameGroup) + ")"
	case r.SameGroupAttribute != "":
		return "same(" + r.SameGroupAttribute + ")"
	case r.AbsoluteDifference != "":
		return "absdiff(" + r.AbsoluteDifference + ")"
	}
	name := "ties"
	if r.Valued {
		name = "weight"
		if r.WeightAttribute != "" {
			name = r.WeightAttribute
		}
	}
	if len(r.PartnershipTypes) > 0 {
		name += "[" + strings.Join(r.PartnershipTypes, ",") + "]"
	}
	return name
}

func (r RelationSpec) key() string {
	return fmt.Sprintf("%q", []string{strings.Join(r.PartnershipTypes, ","), strconv.FormatBool(r.Valued), r.WeightAttribute,
		string(r.SameGroup), r.SameGroupAttribute, r.AbsoluteDifference})
}

// check validates a relation on its own. Errors: EINVALID.
func (r RelationSpec) check(field string) error {
	kinds := 0
	if r.SameGroup != "" || r.SameGroupAttribute != "" {
		kinds++
	}
	if r.AbsoluteDifference != "" {
		kinds++
	}
	ties := len(r.PartnershipTypes) > 0 || r.Valued || r.WeightAttribute != ""
	if kinds > 1 || (kinds == 1 && ties) || (r.SameGroup != "" && r.SameGroupAttribute != "") {
		return domain.FieldErrorf(field, domain.EINVALID, "%s is one kind of relation: ties (partnershipTypes, valued, weightAttribute), sameGroup or sameGroupAttribute, or absoluteDifference", field)
	}
	if r.WeightAttribute != "" && !r.Valued {
		return domain.FieldErrorf(field, domain.EINVALID, "%s: weightAttribute needs valued: true", field)
	}
	if r.SameGroup != "" && !r.SameGroup.Valid() {
		return domain.FieldErrorf(field, domain.EINVALID, "%s: sameGroup must be SECTOR, REGION, TYPE or KIND", field)
	}
	return nil
}

// relation builds a relation's n×n matrix on sn (f's slice). Errors: EINVALID.
func (s *Service) relation(ctx context.Context, f domain.NetworkFilter, sn *Snapshot, r RelationSpec, field string) (network.Relation, error) {
	n := sn.ActorCount()
	m := make(network.Relation, n*n)
	directed := f.Direction == domain.Directed
	switch {
	case r.SameGroup != "" || r.SameGroupAttribute != "":
		by := r.SameGroup
		if r.SameGroupAttribute != "" {
			var err error
			if by, err = s.checkGrouping(ctx, domain.GroupByAttribute(r.SameGroupAttribute), field+".sameGroupAttribute"); err != nil {
				return nil, err
			}
		}
		of := sn.group(by).of
		for i := range n {
			for j := range n {
				if i != j && of[i] == of[j] {
					m[i*n+j] = 1
				}
			}
		}
	case r.AbsoluteDifference != "":
		vv, err := sn.attributeValues(field+".absoluteDifference", r.AbsoluteDifference, "absoluteDifference")
		if err != nil {
			return nil, err
		}
		d := vv.def
		if !d.Type.Info().Numeric {
			return nil, domain.FieldErrorf(field, domain.EINVALID, "%s: absoluteDifference takes a NUMBER actor attribute; %q is %s", field, d.Name, d.Type)
		}
		x := vv.x
		missing := 0
		for _, xv := range x {
			if math.IsNaN(xv) {
				missing++
			}
		}
		if missing > 0 {
			return nil, domain.FieldErrorf(field, domain.EINVALID, "%s: %d actors of the slice have no %s; leave them out with network: {actorAttributes: [{name: %q, exists: true}]}", field, missing, d.Name, d.Name)
		}
		for i := range n {
			for j := range n {
				if i != j {
					m[i*n+j] = max(x[i]-x[j], x[j]-x[i])
				}
			}
		}
	default:
		tf := f
		if len(r.PartnershipTypes) > 0 {
			tf.PartnershipTypes = r.PartnershipTypes
			if len(f.PartnershipTypes) > 0 { // both select: the types in both
				tf.PartnershipTypes = slices.DeleteFunc(slices.Clone(r.PartnershipTypes), func(t string) bool { return !slices.Contains(f.PartnershipTypes, t) })
				if len(tf.PartnershipTypes) == 0 {
					tf.PartnershipTypes = []string{"\x00"} // no type: no ties
				}
			}
		}
		if r.WeightAttribute != "" {
			tf.WeightAttribute = r.WeightAttribute
		}
		tsn := sn // the test's own slice, unless the relation selects other ties
		if len(r.PartnershipTypes) > 0 || r.WeightAttribute != "" {
			var err error
			if tsn, err = s.slice(ctx, &tf); err != nil {
				return nil, err
			}
		}
		if tsn.ActorCount() != n {
			return nil, domain.Internal(errors.New("a tie relation's slice has other actors"))
		}
		g := tsn.view(f.Direction)
		for u := range int32(n) {
			adj, w := g.Out(u)
			for k, v := range adj {
				val := 1.0
				if r.Valued {
					val = w[k]
				}
				m[int(u)*n+int(v)] = val
				if !directed {
					m[int(v)*n+int(u)] = val
				}
			}
		}
	}
	return m, nil
}

// checkQAPSize refuses slices QAP cannot test: relations are dense n×n matrices. Errors:
// EINVALID.
func checkQAPSize(sn *Snapshot) error {
	if n := sn.ActorCount(); n > MaxQAPActors || n < 3 {
		return domain.Errorf(domain.EINVALID, "QAP tests take slices of 3 to %d actors (relations are n×n matrices); this slice has %d: narrow it with network", MaxQAPActors, n)
	}
	return nil
}

// QAPTest is the correlation of two relations over f's view's actor pairs tested against reps
// relabellings of y (network.QAPCorrelation; R sna's qaptest with gcor). Errors: EINVALID
// (relations, replications, seed, slices over MaxQAPActors), those of the slice.
func (s *Service) QAPTest(ctx context.Context, f domain.NetworkFilter, x, y RelationSpec, r Replications) (PermutationSummary, error) {
	var none PermutationSummary
	if err := x.check("x"); err != nil {
		return none, err
	}
	if err := y.check("y"); err != nil {
		return none, err
	}
	if err := r.Check("replications"); err != nil {
		return none, err
	}
	f.Weighted = false
	extra := x.key() + "|" + y.key() + "|" + r.key()
	res, _, err := cached(ctx, s, f, "qap-test", extra, func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*PermutationSummary, int64, error) {
		if err := checkQAPSize(sn); err != nil {
			return nil, 0, err
		}
		n := int64(sn.ActorCount())
		var out PermutationSummary
		err := s.withBytes(3*n*n*8, func() error {
			xm, err := s.relation(ctx, f, sn, x, "x")
			if err != nil {
				return err
			}
			ym, err := s.relation(ctx, f, sn, y, "y")
			if err != nil {
				return err
			}
			out, err = network.QAPCorrelation(ctx, xm, ym, sn.ActorCount(), f.Direction == domain.Directed, r.N, uint64(r.Seed))
			return err
		})
		return &out, 64, err
	})
	if err != nil {
		return none, err
	}
	return *res, nil
}

// QAPRegressionResult is a QAP regression with its terms' names (the intercept first).
type QAPRegressionResult struct {
	*network.MRQAPResult
	Terms []string
}

// QAPRegression regresses relation y on the relations xs over f's view's actor pairs and tests
// each coefficient by Dekker's semi-partialling (network.MRQAP; R sna's netlm with nullhyp =
// "qapspp"). Errors: EINVALID (relations, collinear relations, replications, seed, slices over
// MaxQAPActors), those of the slice.
func (s *Service) QAPRegression(ctx context.Context, f domain.NetworkFilter, y RelationSpec, xs []RelationSpec, r Replications) (*QAPRegressionResult, error) {
	if len(xs) == 0 || len(xs) > 10 {
		return nil, domain.FieldErrorf("x", domain.EINVALID, "give 1 to 10 relations in x, got %d", len(xs))
	}
	if err := y.check("y"); err != nil {
		return nil, err
	}
	keys := []string{y.key()}
	for i, x := range xs {
		if err := x.check(fmt.Sprintf("x[%d]", i)); err != nil {
			return nil, err
		}
		keys = append(keys, x.key())
	}
	if err := r.Check("replications"); err != nil {
		return nil, err
	}
	f.Weighted = false
	extra := strings.Join(keys, "|") + "|" + r.key()
	res, _, err := cached(ctx, s, f, "qap-regression", extra, func(ctx context.Context, sn *Snapshot, f domain.NetworkFilter) (*QAPRegressionResult, int64, error) {
		if err := checkQAPSize(sn); err != nil {
			return nil, 0, err
		}
		n := int64(sn.ActorCount())
		var out *QAPRegressionResult
		err := s.withBytes(int64(len(xs)+3)*n*n*8, func() error {
			ym, err := s.relation(ctx, f, sn, y, "y")
			if err != nil {
				return err
			}
			xms := make([]network.Relation, len(xs))
			terms := []string{"(intercept)"}
			for i, x := range xs {
				if xms[i], err = s.relation(ctx, f, sn, x, fmt.Sprintf("x[%d]", i)); err != nil {
					return err
				}
				terms = append(terms, x.Name())
			}
			res, err := network.MRQAP(ctx, ym, xms, sn.ActorCount(), f.Direction == domain.Directed, r.N, uint64(r.Seed))
			if errors.Is(err, network.ErrCollinear) {
				return domain.FieldErrorf("x", domain.EINVALID, "the relations are collinear (one is a combination of the others, or constant on this slice): leave one out")
			}
			out = &QAPRegressionResult{MRQAPResult: res, Terms: terms}
			return err
		})
		return out, 256, err
	})
	return res, err
}

// withBytes runs work, which holds about bytes, once they are reserved in the analytics
// memory budget (matrices a computation builds beside its slice).
func (s *Service) withBytes(bytes int64, work func() error) error {
	release, err := s.cache.reserve(bytes)
	if err != nil {
		return err
	}
	defer release()
	return work()
}
