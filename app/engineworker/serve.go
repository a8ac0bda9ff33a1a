//go:build js && wasm

package engineworker

import (
	"context"
	"syscall/js"
	"time"
)

// Serve answers the page's messages, in a Web Worker, until the worker is
// terminated. One sweep runs at a time; a new one cancels the one before.
// Questions about the design (KindDerive) are answered one at a time, the
// latest of each kind (DeriveQueue).
// Between two components the sweep sleeps a millisecond, so that a cancel
// message is read.
func Serve() {
	post := func(m Message) { js.Global().Call("postMessage", m.Encode()) }
	var cancel context.CancelFunc = func() {}
	running := 0
	var questions DeriveQueue
	var last LastDesign
	answering := false
	handler := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) == 0 {
			return nil
		}
		var m Message
		var err error
		switch data := args[0].Get("data"); data.Type() {
		case js.TypeString:
			m, err = last.Receive(data.String(), "", false)
		case js.TypeObject: // {msg: "<JSON>", doc: "<design>"}: see LastDesign
			if data.Get("msg").Type() != js.TypeString {
				return nil
			}
			doc := data.Get("doc")
			if doc.Type() == js.TypeString {
				m, err = last.Receive(data.Get("msg").String(), doc.String(), true)
			} else {
				m, err = last.Receive(data.Get("msg").String(), "", false)
			}
		default:
			return nil
		}
		if err != nil {
			return nil
		}
		switch m.Kind {
		case KindCancel:
			if m.Seq == running {
				cancel()
			}
		case KindDerive:
			if sup := questions.Push(m); sup != nil {
				post(*sup)
			}
			if !answering {
				answering = true
				go func() {
					for {
						a, ok := questions.Next()
						if !ok {
							break
						}
						post(a)
						time.Sleep(time.Millisecond) // newer questions are read
					}
					answering = false
				}()
			}
		case KindSweep:
			cancel()
			ctx, c := context.WithCancel(context.Background())
			cancel, running = c, m.Seq
			go func() {
				done := Sweep(ctx, m, func(p Message) {
					post(p)
					time.Sleep(time.Millisecond)
				})
				c()
				post(done)
			}()
		}
		return nil
	})
	js.Global().Set("onmessage", handler)
	post(Message{Kind: KindReady})
	select {}
}
