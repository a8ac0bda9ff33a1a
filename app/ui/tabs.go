package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/workspace"
)

// What the browser offers for the workspace's tab coordination
// (workspace/tabs.go): a Web Lock per design ("vnetplay-design:<id>"), a
// BroadcastChannel between the app's tabs, the page's lifecycle events and
// persistent storage. Every answer comes back to the workspace as an
// action through report.

// lockPrefix names a design's writer lock.
const lockPrefix = "vnetplay-design:"

// peerChannel is the BroadcastChannel of the app's tabs.
const peerChannel = "vnetplay-tabs"

// locks holds this tab's Web Locks: per design id, the lock held (its
// release) or the request queued (its abort). It is used from the serial
// queue's goroutine and from the browser's callbacks; wasm runs one
// goroutine at a time and none of its methods blocks.
type locks struct {
	api    app.Value // navigator.locks; undefined in browsers without Web Locks
	report func(workspace.Action)
	held   map[string]*grant
	queued map[string]*grant
}

// grant is one lock request and, once granted, the lock it holds.
type grant struct {
	docID    string
	release  app.Value // resolves the promise that holds the lock
	abort    app.Value // AbortController of a queued request
	released bool      // released or aborted by this tab
	funcs    []app.Func
}

func newLocks(report func(workspace.Action)) *locks {
	return &locks{
		api:    app.Window().Get("navigator").Get("locks"),
		report: report,
		held:   map[string]*grant{},
		queued: map[string]*grant{},
	}
}

// claim asks for a design's lock (see workspace.Claim).
func (l *locks) claim(c workspace.Claim) {
	if !l.api.Truthy() {
		l.report(workspace.Claimed{DocID: c.DocID, Held: true}) // revisions alone guard the saves
		return
	}
	if _, ok := l.held[c.DocID]; ok {
		l.report(workspace.Claimed{DocID: c.DocID, Held: true})
		return
	}
	if c.Steal {
		l.cancelQueued(c.DocID)
		l.request(c.DocID, map[string]any{"steal": true}, nil)
		return
	}
	l.request(c.DocID, map[string]any{"ifAvailable": true}, func() {
		// Held elsewhere: say so, and wait in the queue.
		l.report(workspace.Claimed{DocID: c.DocID, Held: false})
		if _, ok := l.queued[c.DocID]; ok {
			return
		}
		ctrl := app.Window().Get("AbortController").New()
		g := l.request(c.DocID, map[string]any{"signal": ctrl.Get("signal")}, nil)
		g.abort = ctrl
		l.queued[c.DocID] = g
	})
}

// request calls navigator.locks.request. When the browser grants the lock,
// it is held until release and Claimed{Held: true} is reported; with
// ifAvailable and the lock held elsewhere, unavailable runs instead. A
// held lock taken by another tab (steal) is reported as ClaimLost.
func (l *locks) request(docID string, opts map[string]any, unavailable func()) *grant {
	g := &grant{docID: docID}
	var granted, failed app.Func
	granted = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 || args[0].IsNull() || args[0].IsUndefined() {
			if unavailable != nil {
				unavailable()
			}
			return nil
		}
		if g.released { // aborted too late: give it back
			return nil
		}
		if l.queued[docID] == g {
			delete(l.queued, docID)
		}
		var hold app.Func
		hold = app.FuncOf(func(this app.Value, args []app.Value) any {
			g.release = args[0]
			return nil
		})
		g.funcs = append(g.funcs, hold)
		l.held[docID] = g
		l.report(workspace.Claimed{DocID: docID, Held: true})
		return app.Window().Get("Promise").New(hold)
	})
	failed = app.FuncOf(func(this app.Value, args []app.Value) any {
		if l.held[docID] == g && !g.released {
			delete(l.held, docID)
			l.report(workspace.ClaimLost{DocID: docID})
		}
		g.done()
		return nil
	})
	g.funcs = append(g.funcs, granted, failed)
	l.api.Call("request", lockPrefix+docID, opts, granted).Call("then", app.FuncOf(func(app.Value, []app.Value) any {
		g.done()
		return nil
	}), failed)
	return g
}

// release gives up a design's lock, or its queued request.
func (l *locks) release(docID string) {
	l.cancelQueued(docID)
	if g, ok := l.held[docID]; ok {
		delete(l.held, docID)
		g.released = true
		if g.release.Truthy() {
			g.release.Invoke()
		}
	}
}

func (l *locks) cancelQueued(docID string) {
	if g, ok := l.queued[docID]; ok {
		delete(l.queued, docID)
		g.released = true
		g.abort.Call("abort")
	}
}

// done releases the Go functions of a finished request.
func (g *grant) done() {
	for _, f := range g.funcs {
		f.Release()
	}
	g.funcs = nil
}

// peers is the BroadcastChannel to the app's other tabs (nil in browsers
// without one: each tab then finds out at its next save).
type peers struct {
	ch      app.Value
	onMsg   app.Func
	present bool
}

// openPeers listens to the other tabs: each message is reported as a
// workspace.PeerMessage, after beforeHandover has seen it (in the
// listener, so that what it dispatches comes first).
func openPeers(report func(workspace.Action), beforeHandover func(workspace.Peer)) *peers {
	ctor := app.Window().Get("BroadcastChannel")
	if !ctor.Truthy() {
		return &peers{}
	}
	p := &peers{ch: ctor.New(peerChannel), present: true}
	p.onMsg = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) == 0 {
			return nil
		}
		d := args[0].Get("data")
		if !d.Truthy() || d.Get("kind").Type() != app.TypeString || d.Get("doc").Type() != app.TypeString {
			return nil
		}
		m := workspace.Peer{Kind: d.Get("kind").String(), DocID: d.Get("doc").String()}
		if r := d.Get("rev"); r.Type() == app.TypeNumber {
			m.Rev = int64(r.Float())
		}
		beforeHandover(m)
		report(workspace.PeerMessage{Peer: m})
		return nil
	})
	p.ch.Set("onmessage", p.onMsg)
	return p
}

// announce tells the other tabs.
func (p *peers) announce(m workspace.Peer) {
	if p.present {
		p.ch.Call("postMessage", map[string]any{"kind": m.Kind, "doc": m.DocID, "rev": m.Rev})
	}
}

func (p *peers) close() {
	if p.present {
		p.ch.Call("close")
		p.onMsg.Release()
	}
}

// keepStorage asks the browser to keep the app's storage persistent
// (navigator.storage.persist) and reports its answer.
func keepStorage(report func(workspace.Action)) {
	st := app.Window().Get("navigator").Get("storage")
	if !st.Truthy() || !st.Get("persist").Truthy() {
		report(workspace.StorageKept{Persistent: false})
		return
	}
	var then app.Func
	then = app.FuncOf(func(this app.Value, args []app.Value) any {
		report(workspace.StorageKept{Persistent: len(args) > 0 && args[0].Truthy()})
		then.Release()
		return nil
	})
	st.Call("persist").Call("then", then, then)
}
