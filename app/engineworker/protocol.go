// Package engineworker runs the engine's long computations (the N-1
// sweep) in a Web Worker, so that the page never waits for them: the
// worker loads the same app.wasm, whose main sees no document and calls
// Serve instead of starting the UI. The page and the worker exchange the
// messages below, as JSON text.
//
//	page → worker: {"kind": "sweep", "seq": n, "doc": "<compact scenario JSON>"}
//	               {"kind": "cancel", "seq": n}
//	               {msg: '{"kind": "derive", "seq": n, "failures": [...], "ask": {...DeriveRequest}}', doc: "…"}
//	               (an object: the design beside the message, left out when
//	               it is the one sent last: LastDesign; "rehearsal": true
//	               for a design rehearsed, which is never left out)
//	worker → page: {"kind": "ready"}
//	               {"kind": "progress", "seq": n, "done": d, "total": t}
//	               {"kind": "done", "seq": n, "result": {...Result}}
//	               {"kind": "derived", "seq": n, "derived": {...DeriveResult}}
package engineworker

import (
	"context"
	"encoding/json"
	"fmt"

	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// Message kinds.
const (
	KindSweep    = "sweep"
	KindCancel   = "cancel"
	KindReady    = "ready"
	KindProgress = "progress"
	KindDone     = "done"
)

// Message is one message, either way.
type Message struct {
	Kind   string  `json:"kind"`
	Seq    int     `json:"seq,omitempty"`
	Doc    string  `json:"doc,omitempty"`
	Done   int     `json:"done,omitempty"`
	Total  int     `json:"total,omitempty"`
	Result *Result `json:"result,omitempty"`

	// A question about the design Doc with Failures (KindDerive), and its
	// answer (KindDerived): see derive.go.
	Failures []model.Failure          `json:"failures,omitempty"`
	Ask      *workspace.DeriveRequest `json:"ask,omitempty"`
	// Known is the page's validation of Doc, sent with it (store.KnownChecks).
	Known *store.KnownChecks `json:"known,omitempty"`
	// Rehearsal marks a question about a design the page rehearsed
	// (store.Session.Rehearse), sent beside it: the worker answers it and
	// keeps neither the design nor its analysis (rehearsal.go).
	Rehearsal bool                    `json:"rehearsal,omitempty"`
	Derived   *workspace.DeriveResult `json:"derived,omitempty"`
}

// Result is a finished sweep: its results (those of the components it
// finished, when Cancelled), or why it failed.
type Result struct {
	Results   []whatif.SPOF `json:"results"`
	Cancelled bool          `json:"cancelled,omitempty"`
	Err       string        `json:"err,omitempty"`
}

// Encode writes m as JSON text.
func (m Message) Encode() string {
	b, err := json.Marshal(m)
	if err != nil { // only plain data: cannot happen
		return fmt.Sprintf(`{"kind":%q,"seq":%d,"result":{"err":"cannot encode the result"}}`, KindDone, m.Seq)
	}
	return string(b)
}

// Decode reads a message.
func Decode(text string) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return Message{}, fmt.Errorf("engine worker message: %w", err)
	}
	return m, nil
}

// Sweep runs the sweep a KindSweep message asks for, sending progress
// messages, and returns its KindDone message.
func Sweep(ctx context.Context, m Message, send func(Message)) Message {
	done := Message{Kind: KindDone, Seq: m.Seq, Result: &Result{}}
	doc, _, err := scenario.Decode([]byte(m.Doc), scenario.Lenient)
	if err != nil {
		done.Result.Err = err.Error()
		return done
	}
	res, err := whatif.Sweep(ctx, doc, func(d, total int, _ model.Component) {
		send(Message{Kind: KindProgress, Seq: m.Seq, Done: d, Total: total})
	})
	done.Result.Results = res
	if err != nil {
		done.Result.Cancelled = ctx.Err() != nil
		if !done.Result.Cancelled {
			done.Result.Err = err.Error()
		}
	}
	return done
}
