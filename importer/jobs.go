package importer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"stakegraph/domain"
)

// Job statuses.
const (
	Running   = "RUNNING"
	Succeeded = "SUCCEEDED"
	Failed    = "FAILED"
)

// Job is an import running apart from the request that started it: it finishes (or fails,
// writing nothing) even when its client goes away, and can be looked up by id meanwhile.
type Job struct {
	ID        string
	Status    string
	Done      int // partnerships written so far
	Total     int
	Result    Result
	Err       error
	Owner     string // the identity that started it
	Started   time.Time
	Finished  time.Time
	completed chan struct{}
}

// Jobs keeps the imports of this process: the running ones and the last finished ones.
type Jobs struct {
	mu      sync.Mutex
	jobs    map[string]*Job
	order   []string
	Timeout time.Duration // how long an import may run (DefaultJobTimeout when 0)
	// MaxRunning bounds the imports running at once (DefaultMaxRunning when 0): each holds
	// its rows in memory until it is written.
	MaxRunning int
	running    int
}

// DefaultMaxRunning is how many imports may run at once by default.
const DefaultMaxRunning = 2

// DefaultJobTimeout bounds an import: the largest accepted request imports in well under it.
const DefaultJobTimeout = 10 * time.Minute

// keepJobs is how many jobs are remembered.
const keepJobs = 200

// Start runs work as a job, under a context that outlives ctx's cancellation (but keeps its
// values, such as the identity) and ends after the job timeout. Errors: EOVERLOADED when
// MaxRunning imports are running already (nothing is started).
func (j *Jobs) Start(ctx context.Context, work func(ctx context.Context, progress func(done, total int)) (Result, error)) (*Job, error) {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	job := &Job{ID: "imp_" + hex.EncodeToString(b), Status: Running, Started: time.Now(), Owner: domain.IdentityFrom(ctx).Name,
		completed: make(chan struct{})}
	j.mu.Lock()
	limit := j.MaxRunning
	if limit <= 0 {
		limit = DefaultMaxRunning
	}
	if j.running >= limit {
		j.mu.Unlock()
		return nil, domain.Errorf(domain.EOVERLOADED, "%d imports are running already; retry when one has finished", j.running)
	}
	j.running++
	if j.jobs == nil {
		j.jobs = map[string]*Job{}
	}
	j.jobs[job.ID] = job
	j.order = append(j.order, job.ID)
	for len(j.order) > keepJobs {
		if old := j.jobs[j.order[0]]; old != nil && old.Status != Running {
			delete(j.jobs, j.order[0])
		}
		j.order = j.order[1:]
	}
	timeout := j.Timeout
	j.mu.Unlock()
	if timeout <= 0 {
		timeout = DefaultJobTimeout
	}
	go func() {
		jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
		defer cancel()
		res, err := work(jctx, func(done, total int) {
			j.mu.Lock()
			job.Done, job.Total = done, total
			j.mu.Unlock()
		})
		j.mu.Lock()
		j.running--
		job.Result, job.Err, job.Finished = res, err, time.Now()
		job.Status = Succeeded
		if err != nil || !res.Written {
			job.Status = Failed
		}
		j.mu.Unlock()
		close(job.completed)
	}()
	return job, nil
}

// Wait waits for the job until it finishes or ctx ends, and returns a copy of its state.
func (j *Jobs) Wait(ctx context.Context, job *Job) Job {
	select {
	case <-job.completed:
	case <-ctx.Done():
	}
	return j.snapshot(job)
}

// Get returns a copy of a job's state; false when no job has the id.
func (j *Jobs) Get(id string) (Job, bool) {
	j.mu.Lock()
	job := j.jobs[id]
	j.mu.Unlock()
	if job == nil {
		return Job{}, false
	}
	return j.snapshot(job), true
}

func (j *Jobs) snapshot(job *Job) Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	c := *job
	c.completed = nil
	return c
}
