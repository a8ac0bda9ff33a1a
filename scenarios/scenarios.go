// Package scenarios embeds vnetplay's built-in scenarios. Each is a canonical
// version-1 scenario file with a description and expectations; All returns
// them for the UI's scenario picker and the CLI.
package scenarios

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

//go:embed *.json
var files embed.FS

// Scenario is one built-in scenario.
type Scenario struct {
	// Name is the file name without .json, e.g. "hub-spoke-firewall".
	Name string
	// Title and Description come from the file.
	Title       string
	Description string
	// JSON is the canonical file content; decode it with scenario.Strict.
	JSON []byte
}

// All returns every built-in scenario sorted by name. It returns fresh
// copies; callers may modify them.
func All() []Scenario {
	entries, err := files.ReadDir(".")
	if err != nil {
		panic(fmt.Sprintf("scenarios: embedded FS unreadable: %v", err)) // invariant: embed FS is valid
	}
	var out []Scenario
	for _, e := range entries { // ReadDir returns entries sorted by name
		b, err := files.ReadFile(e.Name())
		if err != nil {
			panic(fmt.Sprintf("scenarios: %v", err))
		}
		var head struct{ Name, Description string }
		_ = json.Unmarshal(b, &head) // checked strictly by the tests
		out = append(out, Scenario{Name: strings.TrimSuffix(e.Name(), path.Ext(e.Name())), Title: head.Name, Description: head.Description, JSON: b})
	}
	return out
}

// Get returns the built-in scenario with the given name.
func Get(name string) (Scenario, bool) {
	for _, s := range All() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}
