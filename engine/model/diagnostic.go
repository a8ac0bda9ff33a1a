package model

import "fmt"

// Severity of a Diagnostic.
type Severity uint8

// Severities, most severe first.
const (
	// Error: Azure rejects the configuration (creation fails) or the engine
	// cannot use it.
	Error Severity = iota
	// Warning: Azure accepts it but it is unsupported, breaks something or
	// is very likely a mistake.
	Warning
	// Info: a derived state worth knowing (e.g. a peering still Initiated).
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText encodes the severity by name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity MarshalText wrote: the engine's Web Worker
// sends diagnostics to the page as JSON.
func (s *Severity) UnmarshalText(b []byte) error {
	for _, v := range []Severity{Error, Warning, Info} {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q", b)
}

// Diagnostic is one finding about a design. Code is stable (tests and the UI
// key on it), Path locates the offending element ("vnets[hub].subnets[app]"),
// Msg is for humans.
type Diagnostic struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Path     string   `json:"path"`
	Msg      string   `json:"msg"`
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s %s %s: %s", d.Severity, d.Code, d.Path, d.Msg)
}
