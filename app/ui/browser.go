package ui

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Browser helpers through go-app's Value API. Natively app.Window() is a
// no-op stub, so these compile and do nothing outside the browser.

// download offers data as a file named name.
func download(name, mime string, data string) {
	w := app.Window()
	blob := w.Get("Blob").New([]any{data}, map[string]any{"type": mime})
	downloadBlob(name, blob)
}

func downloadBlob(name string, blob app.Value) {
	w := app.Window()
	url := w.Get("URL").Call("createObjectURL", blob)
	doc := w.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var release app.Func
	release = app.FuncOf(func(this app.Value, args []app.Value) any {
		w.Get("URL").Call("revokeObjectURL", url)
		release.Release()
		return nil
	})
	w.Call("setTimeout", release, 1000)
}

// downloadPNG rasterises an SVG document at twice its size and offers it as
// a PNG file; done is called with an error text ("" on success).
func downloadPNG(name, svg string, width, height float64, done func(errText string)) {
	w := app.Window()
	blob := w.Get("Blob").New([]any{svg}, map[string]any{"type": "image/svg+xml"})
	url := w.Get("URL").Call("createObjectURL", blob)
	img := w.Get("Image").New()
	var onload, onerror, onblob app.Func
	release := func() {
		w.Get("URL").Call("revokeObjectURL", url)
		onload.Release()
		onerror.Release()
	}
	onload = app.FuncOf(func(this app.Value, args []app.Value) any {
		c := w.Get("document").Call("createElement", "canvas")
		c.Set("width", int(width*2))
		c.Set("height", int(height*2))
		g := c.Call("getContext", "2d")
		g.Call("scale", 2, 2)
		g.Call("drawImage", img, 0, 0)
		onblob = app.FuncOf(func(this app.Value, args []app.Value) any {
			if len(args) > 0 && args[0].Truthy() {
				downloadBlob(name, args[0])
				done("")
			} else {
				done("the browser could not encode the PNG")
			}
			onblob.Release()
			return nil
		})
		c.Call("toBlob", onblob, "image/png")
		release()
		return nil
	})
	onerror = app.FuncOf(func(this app.Value, args []app.Value) any {
		done("the browser could not draw the design")
		release()
		return nil
	})
	img.Set("onload", onload)
	img.Set("onerror", onerror)
	img.Set("src", url)
}

// copyText puts text on the clipboard when the browser allows it, and
// calls failed (once) when it does not: no clipboard access, or the write
// refused.
func copyText(text string, failed func()) {
	cb := app.Window().Get("navigator").Get("clipboard")
	if !cb.Truthy() {
		failed()
		return
	}
	p := cb.Call("writeText", text)
	var done, refused app.Func
	release := func() { done.Release(); refused.Release() }
	done = app.FuncOf(func(this app.Value, args []app.Value) any { release(); return nil })
	refused = app.FuncOf(func(this app.Value, args []app.Value) any { release(); failed(); return nil })
	p.Call("then", done, refused)
}

// readFile reads the first file chosen in an <input type=file>; done gets
// its text, or an error text. Files larger than limit are refused unread.
func readFile(input app.Value, limit int, done func(name, text, errText string)) {
	files := input.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	f := files.Index(0)
	name := f.Get("name").String()
	if size := f.Get("size").Int(); size > limit {
		done(name, "", "the file is "+mbString(size)+"; scenarios are at most "+mbString(limit))
		return
	}
	var ok, fail app.Func
	ok = app.FuncOf(func(this app.Value, args []app.Value) any {
		done(name, args[0].String(), "")
		ok.Release()
		fail.Release()
		return nil
	})
	fail = app.FuncOf(func(this app.Value, args []app.Value) any {
		done(name, "", "the file could not be read")
		ok.Release()
		fail.Release()
		return nil
	})
	f.Call("text").Call("then", ok, fail)
}

func mbString(n int) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
