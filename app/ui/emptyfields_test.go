package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestTextInputSaysWhenEmpty: a text field drawn empty says so
// (data-empty, "true" in the page: drawnFields.sync empties it there, where
// go-app leaves the value it showed); one with a value holds it.
func TestTextInputSaysWhenEmpty(t *testing.T) {
	empty := app.HTMLString(textInput("prop-serviceEndpoints", ""))
	if !strings.Contains(empty, "data-empty") || strings.Contains(empty, `data-empty="false"`) || strings.Contains(empty, "value=") {
		t.Errorf("an empty field: %s", empty)
	}
	full := app.HTMLString(textInput("prop-addressPrefix", "10.0.1.0/24"))
	if !strings.Contains(full, `data-empty="false"`) || !strings.Contains(full, `value="10.0.1.0/24"`) {
		t.Errorf("a field with a value: %s", full)
	}
}
