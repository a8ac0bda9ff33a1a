//go:build js && wasm

package persist

import "context"

// DatabaseName is the IndexedDB database of the app.
const DatabaseName = "vnetplay"

// OpenDefault opens the app's store: IndexedDB in the browser, or an
// in-memory store (with the reason) when the browser refuses storage.
func OpenDefault(ctx context.Context) (Store, error) {
	s, err := OpenIDB(ctx, DatabaseName)
	if err != nil {
		return &Memory{}, err
	}
	return s, nil
}
