package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/engineworker"
	"vnetplay/app/workspace"
)

// Environment variables of the page, set by the site generator
// (cmd/vnetplay/internal/site): the engine worker's script and the wasm
// it loads.
const (
	EnvEngineWorker = "VNETPLAY_ENGINE_WORKER"
	EnvWasm         = "VNETPLAY_WASM"
)

// engineClient is the page's side of the engine's Web Worker
// (app/engineworker): started on the first sweep and kept for the next.
// Where there is no worker (no script configured, or it failed to start),
// sweeps run in the page instead, yielding between components.
type engineClient struct {
	worker   app.Value
	onMsg    app.Func
	onErr    app.Func
	report   func(workspace.Action)
	fallback func(workspace.SweepJob)
	pending  *workspace.SweepJob // sent, not finished: rerun in the page if the worker fails
	failed   bool
}

// startEngine starts the worker, or returns nil when there is none.
func startEngine(report func(workspace.Action), fallback func(workspace.SweepJob)) *engineClient {
	script, wasm := app.Getenv(EnvEngineWorker), app.Getenv(EnvWasm)
	ctor := app.Window().Get("Worker")
	if script == "" || wasm == "" || !ctor.Truthy() {
		return nil
	}
	e := &engineClient{report: report, fallback: fallback}
	e.worker = ctor.New(script)
	e.onMsg = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 && args[0].Get("data").Type() == app.TypeString {
			e.receive(args[0].Get("data").String())
		}
		return nil
	})
	e.onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		e.fail()
		return nil
	})
	e.worker.Set("onmessage", e.onMsg)
	e.worker.Set("onerror", e.onErr)
	e.worker.Call("postMessage", `{"kind":"boot","wasm":`+jsonString(wasm)+`}`)
	return e
}

// sweep runs a sweep job in the worker.
func (e *engineClient) sweep(job workspace.SweepJob) {
	if e.failed {
		e.fallback(job)
		return
	}
	e.pending = &job
	e.worker.Call("postMessage", engineworker.Message{Kind: engineworker.KindSweep, Seq: job.Seq, Doc: job.Doc}.Encode())
}

// cancel stops the sweep running in the worker, if any.
func (e *engineClient) cancel() {
	if e.pending != nil && !e.failed {
		e.worker.Call("postMessage", engineworker.Message{Kind: engineworker.KindCancel, Seq: e.pending.Seq}.Encode())
	}
}

// receive handles a message of the worker.
func (e *engineClient) receive(text string) {
	m, err := engineworker.Decode(text)
	if err != nil {
		return
	}
	switch m.Kind {
	case "failed":
		e.fail()
	case engineworker.KindProgress:
		e.report(workspace.SweepProgress{Seq: m.Seq, Done: m.Done, Total: m.Total})
	case engineworker.KindDone:
		if e.pending != nil && e.pending.Seq == m.Seq {
			e.pending = nil
		}
		r := m.Result
		if r == nil {
			r = &engineworker.Result{Err: "the engine worker sent no result"}
		}
		done := workspace.SweepDone{Seq: m.Seq, Results: r.Results, Err: workspace.Plain(r.Err)}
		if r.Cancelled {
			done.Partial, done.Done = true, len(r.Results)
		}
		e.report(done)
	}
}

// fail gives the worker up: the sweep it had runs in the page.
func (e *engineClient) fail() {
	if e.failed {
		return
	}
	e.failed = true
	e.worker.Call("terminate")
	if job := e.pending; job != nil {
		e.pending = nil
		e.fallback(*job)
	}
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	m := engineworker.Message{Kind: s}.Encode() // {"kind":"<s escaped>"}
	return m[len(`{"kind":`) : len(m)-1]
}
