//go:build !(js && wasm)

package engineworker

// Serve runs only in a browser's Web Worker (serve.go); elsewhere there is
// nothing to serve and it returns at once.
func Serve() {}
