//go:build js && wasm

package persist

import "context"

// DatabaseName is the IndexedDB database of the app.
const DatabaseName = "vnetplay"

// OpenDefault opens the app's store: IndexedDB in the browser, or an
// in-memory store (with the reason) when the browser refuses storage.
// waiting (nil: not told) is told when the open waits (OpenIDBWaiting): it
// returns once the browser answers.
func OpenDefault(ctx context.Context, waiting func(OpenWait)) (Store, error) {
	s, err := OpenIDBWaiting(ctx, DatabaseName, waiting)
	if err != nil {
		return &Memory{}, err
	}
	return s, nil
}
