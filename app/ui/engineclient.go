package ui

import (
	"encoding/json"
	"fmt"
	"runtime"

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

// WasmModuleGlobal is the page's global on which go-app's loader keeps the
// WebAssembly.Module it compiled from the wasm (the site generator patches
// the loader so): the engine worker is given it and instantiates it,
// instead of downloading and compiling the wasm a second time.
const WasmModuleGlobal = "vnetplayWasmModule"

// engineClient is the page's side of the engine's Web Worker
// (app/engineworker): started on the first request (an N-1 sweep, a
// question about the design: derives) and kept for the next. Where there
// is no worker (no script configured, or it failed to start), the page
// runs them instead (engineFallback).
type engineClient struct {
	worker   app.Value
	onMsg    app.Func
	onErr    app.Func
	report   func(workspace.Action)
	fallback engineFallback
	pending  *workspace.SweepJob // sent, not finished: rerun in the page if the worker fails
	derives  derives
	failed   bool
}

// engineFallback runs in the page what the worker was given when it fails.
type engineFallback struct {
	sweep  func(workspace.SweepJob)
	derive func(workspace.DeriveJob)
}

// startEngine starts the worker, or returns nil when there is none: no
// script configured, no Worker in the page, or a constructor or first
// message that throws (a policy that blocks the script, for one). A worker
// that fails later (its script does not load, its boot fails) reports it,
// and the sweep it has runs in the page (fail).
//
// The first message boots the worker: a structured-clone object
// {kind: "boot", module: <the page's WebAssembly.Module>, wasm: "<url>"},
// module left out when the page has none; the worker instantiates the
// module, or else downloads the wasm from the URL (web/engine-worker.js).
func startEngine(report func(workspace.Action), fallback engineFallback) *engineClient {
	script, wasm := app.Getenv(EnvEngineWorker), app.Getenv(EnvWasm)
	ctor := app.Window().Get("Worker")
	if script == "" || wasm == "" || !ctor.Truthy() {
		return nil
	}
	e := &engineClient{report: report, fallback: fallback}
	if err := catchJS(func() { e.worker = ctor.New(script) }); err != nil {
		warn("vnetplay: the engine worker cannot start; sweeps run in the page: " + err.Error())
		return nil
	}
	e.onMsg = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 && args[0].Get("data").Type() == app.TypeString {
			e.receive(args[0].Get("data").String())
		}
		return nil
	})
	e.onErr = app.FuncOf(func(this app.Value, args []app.Value) any {
		why := "its script did not load or threw"
		if len(args) > 0 && args[0].Get("message").Truthy() {
			why = args[0].Get("message").String()
		}
		e.fail(why)
		return nil
	})
	e.worker.Set("onmessage", e.onMsg)
	e.worker.Set("onerror", e.onErr)
	boot := func(withModule bool) error {
		m := app.Window().Get("Object").New()
		m.Set("kind", "boot")
		m.Set("wasm", wasm)
		if mod := app.Window().Get(WasmModuleGlobal); withModule && mod.Truthy() {
			m.Set("module", mod)
		}
		return catchJS(func() { e.worker.Call("postMessage", m) })
	}
	// A module that cannot be cloned to the worker (DataCloneError) is
	// not worth losing the worker over: it downloads the wasm instead.
	if err := boot(true); err != nil {
		if err := boot(false); err != nil {
			warn("vnetplay: the engine worker cannot boot; sweeps run in the page: " + err.Error())
			e.worker.Call("terminate")
			return nil
		}
	}
	return e
}

// sweep runs a sweep job in the worker.
func (e *engineClient) sweep(job workspace.SweepJob) {
	if e.failed {
		e.fallback.sweep(job)
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
		var failed struct{ Err string }
		_ = json.Unmarshal([]byte(text), &failed) // text was read as a Message: valid JSON
		e.fail("its boot failed: " + failed.Err)
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
	case engineworker.KindDerived:
		e.derived(m)
	}
}

// fail gives the worker up, saying why on the console: the sweep it had,
// and those to come, run in the page.
func (e *engineClient) fail(why string) {
	if e.failed {
		return
	}
	e.failed = true
	warn("vnetplay: the engine worker failed (" + why + "); sweeps run in the page")
	e.worker.Call("terminate")
	if job := e.pending; job != nil {
		e.pending = nil
		e.fallback.sweep(*job)
	}
	for _, job := range e.unanswered() {
		e.fallback.derive(job)
	}
}

// warn logs a warning on the browser's console: what is not an error of
// the app (it carries on), but explains a difference.
func warn(msg string) {
	app.Window().Get("console").Call("warn", msg)
}

// catchJS runs f, which calls into JavaScript, and returns the exception
// JavaScript threw, if any, instead of letting it end the program (Go's
// syscall/js turns a JavaScript exception into a panic). Panics of Go's
// own (runtime errors, non-error values) go on.
func catchJS(f func()) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if jsErr, ok := r.(error); ok {
			if _, isRuntime := r.(runtime.Error); !isRuntime {
				err = fmt.Errorf("javascript: %w", jsErr)
				return
			}
		}
		panic(r)
	}()
	f()
	return nil
}
