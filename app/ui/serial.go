package ui

import "sync"

// serial runs jobs one at a time, in the order they were pushed, on one
// goroutine of its own: the storage tasks, claims and releases of the
// workspace (a save is based on the revision the one before it writes;
// a lock is given up after the save before it). push never blocks.
type serial struct {
	mu   sync.Mutex
	jobs []func()
	wake chan struct{}
}

func newSerial() *serial { return &serial{wake: make(chan struct{}, 1)} }

// push queues job.
func (q *serial) push(job func()) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run runs the queued jobs until stop is closed.
func (q *serial) run(stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-q.wake:
		}
		for job := q.next(); job != nil; job = q.next() {
			job()
		}
	}
}

func (q *serial) next() func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 {
		return nil
	}
	job := q.jobs[0]
	q.jobs[0] = nil
	q.jobs = q.jobs[1:]
	return job
}
