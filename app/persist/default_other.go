//go:build !(js && wasm)

package persist

import "context"

// DatabaseName is the IndexedDB database of the app.
const DatabaseName = "vnetplay"

// OpenDefault returns an in-memory store outside the browser (native tests
// and the server's pre-render); it never waits.
func OpenDefault(ctx context.Context, waiting func(OpenWait)) (Store, error) { return &Memory{}, nil }
