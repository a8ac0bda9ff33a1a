package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// analysisCommands lists the engine's analysis subcommands (routes, nexthop,
// trace, reach, peerings, lint, check, fmt, bgp, p2s, whatif, spof, gen).
// Each lives in a file of its own.
func analysisCommands() []command {
	return []command{routesCommand(), nexthopCommand(), traceCommand(), reachCommand(), peeringsCommand(), lintCommand(), checkCommand(), fmtCommand(), bgpCommand(), p2sCommand(), whatifCommand(), spofCommand(), genCommand(), ipflowCommand()}
}

// parseArgs parses flags that may come before or after positional
// arguments ("routes FILE --subnet x" and "routes --subnet x FILE").
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, helpFor(fs)
		} else if err != nil {
			return nil, usageError("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// helpFor is the help of a command whose flags are fs.
func helpFor(fs *flag.FlagSet) error {
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	return &helpError{flags: b.String()}
}

// readScenario reads a scenario file. A file over scenario.MaxFileSize is
// refused unread, with its size (scenario.Decode then holds the design to
// the limits every way in shares).
func readScenario(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooLarge := func(size int64) error {
		return fmt.Errorf("%s: %w", path, &scenario.LimitError{What: "file", Got: size, Limit: scenario.MaxFileSize})
	}
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > scenario.MaxFileSize {
		return nil, tooLarge(info.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, scenario.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > scenario.MaxFileSize { // grew while read, or not a regular file
		n := int64(len(b))
		if rest, err := io.Copy(io.Discard, f); err == nil {
			n += rest
		}
		return nil, tooLarge(n)
	}
	return b, nil
}

// load reads and analyses one user scenario (lenient decoding).
func load(path string) (*engine.Analysis, error) { return loadWith(path, nil) }

// loadWith is load with the failures pick chooses in the decoded document
// applied to the data plane (pick nil: none); pick's error is returned
// as it is.
func loadWith(path string, pick func(*scenario.Document) ([]model.Failure, error)) (*engine.Analysis, error) {
	b, err := readScenario(path)
	if err != nil {
		return nil, err
	}
	doc, warnings, err := scenario.Decode(b, scenario.Lenient)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var failures []model.Failure
	if pick != nil {
		if failures, err = pick(doc); err != nil {
			return nil, err
		}
	}
	a := engine.Analyze(doc, failures...)
	a.Diagnostics = append(warnings, a.Diagnostics...)
	return a, nil
}

// warnInvalid says on w, for a command that answers a question about the
// design in file, that the design has errors (Azure would refuse it): the
// answer that follows is computed all the same, leaving out or misreading
// what the errors touch, and lint lists them. Nothing when there are none.
func warnInvalid(w io.Writer, file string, a *engine.Analysis) {
	if n := a.Errors(); n > 0 {
		what := "errors"
		if n == 1 {
			what = "error"
		}
		fmt.Fprintf(w, "vnetplay: warning: %s has %d %s that Azure would refuse (vnetplay lint %s lists them); the answer below leaves out or misreads what they touch\n",
			file, n, what, file)
	}
}

// oneFile requires exactly one positional argument.
// parseFile parses args into fs for a command that takes exactly one
// scenario file, returning its path.
func parseFile(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil {
		return "", err
	}
	return oneFile(pos)
}

func oneFile(pos []string) (string, error) {
	if len(pos) != 1 {
		return "", usageError("want exactly one scenario FILE, got %d arguments", len(pos))
	}
	return pos[0], nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
