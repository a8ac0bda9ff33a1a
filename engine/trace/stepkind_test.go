package trace

import "testing"

// TestStepKindText: every step kind's name decodes to the kind (a walk
// crosses from the engine's Web Worker as JSON), and an unknown name is an
// error, not a kind.
func TestStepKindText(t *testing.T) {
	for k := range StepKind(len(stepNames)) {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var got StepKind
		if err := got.UnmarshalText(b); err != nil || got != k {
			t.Errorf("%s decoded as %v, %v", b, got, err)
		}
	}
	var k StepKind
	if err := k.UnmarshalText([]byte("Teleport")); err == nil {
		t.Error("an unknown step kind was decoded")
	}
}
