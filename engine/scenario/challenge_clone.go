package scenario

import (
	"bytes"
	"encoding/json"
)

// cloneChallenge is Clone for a challenge: a deep copy equal to what the
// JSON round trip gives (empty omitempty lists come back nil). A baseline
// comes back as the round trip writes it (json.Marshal compacts a
// json.RawMessage and escapes HTML in it); one that is not valid JSON,
// which the round trip refuses, is copied byte for byte.
func cloneChallenge(c *Challenge) *Challenge {
	if c == nil {
		return nil
	}
	out := *c
	out.Goals = omit(c.Goals)
	for i := range out.Goals {
		out.Goals[i].Expect.Reachable = cloneBool(out.Goals[i].Expect.Reachable)
	}
	out.Hints = omit(c.Hints)
	out.Constraints = omit(c.Constraints)
	for i := range out.Constraints {
		out.Constraints[i].Baseline = cloneRaw(out.Constraints[i].Baseline)
	}
	out.Pack = clonePtr(c.Pack)
	return &out
}

// cloneRaw copies an `omitempty` json.RawMessage as the JSON round trip
// gives it back: nil when empty, else compacted with HTML escaped.
func cloneRaw(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	var compact, escaped bytes.Buffer
	if json.Compact(&compact, b) != nil {
		return append(json.RawMessage(nil), b...)
	}
	json.HTMLEscape(&escaped, compact.Bytes())
	return escaped.Bytes()
}
