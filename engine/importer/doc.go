// Package importer turns what Azure and its tools export into a vnetplay
// scenario document: `az` CLI JSON (list and show output, alone or mixed in
// one array), ARM templates as `az group export` writes them (with the
// common expressions) and `terraform show -json` state of the azurerm
// provider (docs/import.md).
//
// The three formats share one pipeline. A front end per format (az.go,
// arm.go, terraform.go) turns the file into Resources in the REST shape
// (type, name, id, properties), and one builder (build*.go) maps those to
// the model. The format is detected, not asked (Detect).
//
// Nothing is dropped silently: every resource type, property or reference
// that does not map is an Entry of the Report, with where it was and why.
// A reference to a resource that is not in the file (a peering to a VNet in
// another subscription) becomes a placeholder resource, marked in the
// report, never an error.
//
// Import bounds its work (MaxFileSize, MaxResources, expression depth) and
// never panics on any input (FuzzImport). The package is pure Go with no
// package-level mutable state.
package importer
