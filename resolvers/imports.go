package resolvers

import (
	"context"
	"strings"
	"time"

	"stakegraph/domain"
	"stakegraph/formats"
	"stakegraph/graph/model"
	"stakegraph/httpapi"
	"stakegraph/importer"
)

// maxReportedRows bounds the bad rows an import reports (their count is always given).
const maxReportedRows = 100

// importRowBytes is what one imported row takes in memory on its way to the store.
const importRowBytes = 4 << 10

// csvLines counts a CSV's lines (an upper bound on its rows) without parsing it.
func csvLines(csv *string) int {
	if csv == nil {
		return 0
	}
	return strings.Count(*csv, "\n") + 1
}

// checkImportRoles refuses the options an identity's role does not allow. Errors: EFORBIDDEN.
func checkImportRoles(ctx context.Context, opts importer.Options) error {
	if id := domain.IdentityFrom(ctx); opts.CreateSectors && !id.Role.Allows(domain.RoleAdmin) {
		return domain.FieldErrorf("createSectors", domain.EFORBIDDEN, "creating sectors needs the admin role; %s has %s", id.Name, id.Role)
	}
	if id := domain.IdentityFrom(ctx); opts.DefineAttributes && !id.Role.Allows(domain.RoleAdmin) {
		return domain.FieldErrorf("defineAttributes", domain.EFORBIDDEN, "defining attributes needs the admin role; %s has %s", id.Name, id.Role)
	}
	return nil
}

// importRefusal says, for an import the memory budget refused, what to do instead.
func importRefusal(err error) error {
	if domain.ErrorCode(err) == domain.ETOOEXPENSIVE {
		return domain.Errorf(domain.ETOOEXPENSIVE, "this import's rows would need more than the analytics memory budget while they are written (about %d KiB a row): import it in parts, or with the `stakegraph import` command", importRowBytes>>10)
	}
	return err
}

// runImport runs an import as a job, apart from the request (it finishes, or writes nothing,
// even when the client goes away), and answers when the job is done or a second before the
// request's deadline, whichever comes first.
func (r *Resolver) runImport(ctx context.Context, net domain.Network, lines formats.Lines, bad []formats.RowError, names [2]string, opts importer.Options) (*model.ImportJob, error) {
	if err := checkImportRoles(ctx, opts); err != nil {
		return nil, err
	}
	// The rows stay in memory until they are written: they take their share of the analytics
	// memory budget meanwhile (measured: about 4 KiB a row from request body to written batch).
	release, err := r.Analytics.Reserve(int64(len(net.Actors)+len(net.Partnerships)+len(net.Projects)+len(net.Participations)) * importRowBytes)
	if err != nil {
		return nil, importRefusal(err)
	}
	return r.runAdmittedImport(ctx, net, lines, bad, names, opts, release)
}

// runAdmittedImport is runImport once the rows' memory is reserved; the job releases it.
func (r *Resolver) runAdmittedImport(ctx context.Context, net domain.Network, lines formats.Lines, bad []formats.RowError, names [2]string, opts importer.Options, release func()) (*model.ImportJob, error) {
	job, err := r.Jobs.Start(ctx, func(jctx context.Context, progress func(done, total int)) (importer.Result, error) {
		defer httpapi.GiveBack() // the rows are garbage once written (runs after release)
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
