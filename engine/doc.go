// Package engine is the root of vnetplay's route, peering, BGP, reachability
// and failover engine. Everything below engine/ is pure Go: no syscall/js, no
// go-app, no net/http and no IndexedDB (arch_test.go enforces it), so it is
// tested natively, reused by the vnetplay CLI and compiled into the wasm.
package engine
