package resolvers

import (
	"context"
	"errors"
	"time"

	"github.com/vikstrous/dataloadgen"

	"stakegraph/analytics"
	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/graph/model"
	"stakegraph/importer"
)

func groupingOf(g *domain.ActorAttribute) domain.ActorAttribute { return deref1(g, domain.BySector) }

func brokerageOf(r analytics.Roles) *model.Brokerage {
	return &model.Brokerage{Coordinator: r.Coordinator, Itinerant: r.Itinerant, Representative: r.Representative,
		Gatekeeper: r.Gatekeeper, Liaison: r.Liaison, Total: r.Total}
}

func groupShares(l []analytics.GroupShare) []model.GroupShare {
	out := make([]model.GroupShare, len(l))
	for i, g := range l {
		out[i] = model.GroupShare{Key: g.Key, Label: g.Label, Count: g.Count, Share: g.Share}
	}
	return out
}

func reachOf(res *analytics.ReachResult) *model.Reach {
	out := &model.Reach{Total: res.Total, CrossGroup: res.CrossGroup, GroupsReached: res.GroupsReached,
		Diversity: res.Diversity, ByGroup: groupShares(res.ByGroup), ByHop: make([]model.HopCount, len(res.ByHop))}
	for h, c := range res.ByHop {
		out.ByHop[h] = model.HopCount{Hops: h + 1, Count: c}
	}
	return out
}

func intermediaryOf(im analytics.Intermediary) model.Intermediary {
	out := model.Intermediary{ActorID: im.ActorID, Betweenness: im.Betweenness, GroupPairBetweenness: im.GroupPairBetweenness,
		Brokerage: *brokerageOf(im.Brokerage), Constraint: score(im.Constraint), IsCutVertex: im.IsCutVertex,
		Connects: make([]model.GroupPairCount, len(im.Connects))}
	for i, c := range im.Connects {
		out.Connects[i] = model.GroupPairCount{A: c.A.Key, B: c.B.Key, ALabel: c.A.Label, BLabel: c.B.Label, Count: c.Count}
	}
	return out
}

// actorsByID loads actors in the order of ids with one batched call; actors deleted since the
// result was computed are left out.
func (r *Resolver) actorsByID(ctx context.Context, ids []string) ([]domain.Actor, error) {
	values, err := r.loaders(ctx).actors.LoadAll(ctx, ids)
	var errs dataloadgen.ErrorSlice
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	out := make([]domain.Actor, 0, len(ids))
	for i, a := range values {
		if errs != nil && errs[i] != nil {
			if errors.Is(errs[i], dataloadgen.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, *a)
	}
	return out, nil
}

// limitArg reads an optional `first` argument bounded by MaxPageSize.
func limitArg(first *int, def int) (int, error) {
	n := deref1(first, def)
	return n, domain.ValidatePageSize(n)
}

// maxReportedRows bounds the bad rows an import reports (their count is always given).
const maxReportedRows = 100

// importRowBytes is what one imported row takes in memory on its way to the store.
const importRowBytes = 4 << 10

// runImport runs an import as a job, apart from the request (it finishes, or writes nothing,
// even when the client goes away), and answers when the job is done or a second before the
// request's deadline, whichever comes first.
func (r *Resolver) runImport(ctx context.Context, net domain.Network, lines formats.Lines, bad []formats.RowError, names [2]string, opts importer.Options) (*model.ImportJob, error) {
	if id := domain.IdentityFrom(ctx); opts.CreateSectors && !id.Role.Allows(domain.RoleAdmin) {
		return nil, domain.FieldErrorf("createSectors", domain.EFORBIDDEN, "creating sectors needs the admin role; %s has %s", id.Name, id.Role)
	}
	// The rows stay in memory until they are written: they take their share of the analytics
	// memory budget meanwhile (measured: about 4 KiB a row from request body to written batch).
	release, err := r.Analytics.Reserve(int64(len(net.Actors)+len(net.Partnerships)+len(net.Projects)+len(net.Participations)) * importRowBytes)
	if err != nil {
		return nil, err
	}
	job, err := r.Jobs.Start(ctx, func(jctx context.Context, progress func(done, total int)) (importer.Result, error) {
		defer release()
		opts.Progress = progress
		return importer.Import(jctx, r.Store, net, lines, bad, names, opts)
	})
	if err != nil {
		release()
		return nil, err
	}
	wait := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		wait, cancel = context.WithDeadline(context.WithoutCancel(ctx), deadline.Add(-time.Second))
		defer cancel()
	}
	state := r.Jobs.Wait(wait, job)
	if state.Status == importer.Failed && state.Err != nil && !state.Result.Written && len(state.Result.Errors) == 0 {
		return nil, state.Err // refused before writing (bad references, unreachable database …)
	}
	return importJob(state), nil
}

func importJob(job importer.Job) *model.ImportJob {
	res := job.Result
	out := &model.ImportJob{ID: job.ID, Status: model.ImportStatus(job.Status), Progress: &model.ImportProgress{Done: job.Done, Total: job.Total},
		Written: res.Written, Actors: res.Actors, Partnerships: res.Partnerships, Errors: []model.ImportRowError{}, ErrorCount: len(res.Errors)}
	if job.Err != nil {
		out.Message = optional(domain.ErrorMessage(job.Err))
	}
	for _, e := range res.Errors[:min(len(res.Errors), maxReportedRows)] {
		out.Errors = append(out.Errors, model.ImportRowError{File: e.File, Line: e.Line, Reason: e.Reason})
	}
	return out
}
