package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"vnetplay/engine"
	"vnetplay/engine/scenario"
)

// analysisCommands lists the engine's analysis subcommands (routes, nexthop,
// trace, reach, lint, check, fmt, bgp, p2s, whatif, spof, gen). Each lives
// in a file of its own.
func analysisCommands() []command {
	return []command{routesCommand(), nexthopCommand(), traceCommand(), reachCommand(), lintCommand(), checkCommand(), fmtCommand(), bgpCommand(), p2sCommand(), whatifCommand(), spofCommand(), genCommand()}
}

// parseArgs parses flags that may come before or after positional
// arguments ("routes FILE --subnet x" and "routes --subnet x FILE").
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
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

// readScenario reads a scenario file, refusing files over scenario.MaxSize.
func readScenario(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, scenario.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}

// load reads and analyses one user scenario (lenient decoding).
func load(path string) (*engine.Analysis, error) {
	b, err := readScenario(path)
	if err != nil {
		return nil, err
	}
	a, err := engine.Load(b, scenario.Lenient)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
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

// parseAndLoad parses args for a command that reads one scenario file and
// loads it (decode, validate, data plane).
func parseAndLoad(fs *flag.FlagSet, args []string) (*engine.Analysis, error) {
	file, err := parseFile(fs, args)
	if err != nil {
		return nil, err
	}
	return load(file)
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
