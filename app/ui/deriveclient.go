package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/engineworker"
	"vnetplay/app/workspace"
	"vnetplay/engine/scenario"
)

// inPageDeriveDelay is how long a question answered in the page (no
// worker) waits, so that the page paints what led to it first.
const inPageDeriveDelay = 20 * time.Millisecond

// derives is the engine client's side of derived results: the questions
// sent and not answered, by sequence number, and the last design encoded
// (the matrix's pages, flows and the other tabs ask about the same design:
// it is encoded once).
type derives struct {
	seq     int
	sent    map[int]workspace.DeriveJob
	design  any
	encoded string
}

// derive sends job to the worker; false when the worker is given up (the
// caller answers it in the page). A rehearsal's question (job.Rehearsal)
// goes with its own design, which is neither kept as the design sent last
// nor, by the worker, as the page's (engineworker.Message.Rehearsal).
func (e *engineClient) derive(job workspace.DeriveJob) bool {
	if e.failed {
		return false
	}
	d := &e.derives
	doc, fresh := d.encoded, job.Rehearsal || d.design != job.Design || d.encoded == ""
	if fresh {
		b, err := scenario.EncodeCompact(job.Snap.Intact0().Doc)
		if err != nil {
			if !job.Rehearsal { // a rehearsal only: nothing to tell
				e.report(workspace.Derived{Key: job.Key, Result: workspace.DeriveResult{Err: err.Error()}})
			}
			return true
		}
		doc = string(b)
		if !job.Rehearsal {
			d.design, d.encoded = job.Design, doc
		}
	}
	if d.sent == nil {
		d.sent = map[int]workspace.DeriveJob{}
	}
	d.seq++
	d.sent[d.seq] = job
	req := job.Req
	// The design goes beside the message, once per version
	// (engineworker.LastDesign).
	msg := engineworker.Message{Kind: engineworker.KindDerive, Seq: d.seq, Failures: job.Failures, Ask: &req, Rehearsal: job.Rehearsal}
	if fresh { // the page's validation goes with a new design: not computed again
		if k, ok := job.Snap.KnownChecks(); ok {
			msg.Known = &k
		}
	}
	m := app.Window().Get("Object").New()
	m.Set("msg", msg.Encode())
	if fresh {
		m.Set("doc", doc)
	}
	e.worker.Call("postMessage", m)
	return true
}

// derived delivers the worker's answer to question seq.
func (e *engineClient) derived(m engineworker.Message) {
	job, ok := e.derives.sent[m.Seq]
	if !ok {
		return
	}
	delete(e.derives.sent, m.Seq)
	if job.Rehearsal { // read, as an answer is, and dropped
		return
	}
	r := workspace.DeriveResult{Err: "the engine worker sent no answer"}
	if m.Derived != nil {
		r = *m.Derived
	}
	e.report(workspace.Derived{Key: job.Key, Result: r})
}

// unanswered takes the questions sent and not answered (the worker is
// given up: the page answers them).
func (e *engineClient) unanswered() []workspace.DeriveJob {
	var out []workspace.DeriveJob
	for seq := 1; seq <= e.derives.seq; seq++ {
		if job, ok := e.derives.sent[seq]; ok && !job.Rehearsal {
			out = append(out, job)
		}
	}
	e.derives.sent = nil
	return out
}

// runDerive has a question about the design answered by the engine's Web
// Worker (started on the first question), or in the page where there is
// none, after the page has painted.
func (s *Shell) runDerive(job workspace.DeriveJob, report func(workspace.Action)) {
	if s.startEngine(report) && s.engine.derive(job) {
		return
	}
	if job.Rehearsal { // the page's analysis is not rehearsed: it would take the page's thread
		return
	}
	s.deriveInPage(job)
}

// deriveInPage answers job in the page, after a paint.
func (s *Shell) deriveInPage(job workspace.DeriveJob) {
	s.ctx.After(inPageDeriveDelay, func(ctx app.Context) { s.dispatch(ctx, workspace.DeriveInPage{Job: job}) })
}
