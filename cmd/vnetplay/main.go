// Command vnetplay is the design playground's command line: it serves the
// static site (serve), generates it (site), and runs the engine's analyses on
// scenario files.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"vnetplay/engine/rules"
)

// command is one subcommand. run gets the arguments after the subcommand's
// name; it returns an *exitError to choose the exit status, any other error
// exits 1 after printing "vnetplay NAME: error".
type command struct {
	name    string
	usage   string // one line: "serve [-addr host:port] [-dir dist]"
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
	// document: stdout is a scenario file (fmt, gen), written as it is:
	// its rule citations stay ids.
	document bool
}

// exitError ends the command with code after printing msg (if any) to stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// helpError asks for a command's help (-h): its usage line, summary and
// flags go to stdout, and the exit status is 0.
type helpError struct {
	flags string // the flag set's defaults, as flag.PrintDefaults writes them
}

func (e *helpError) Error() string { return "help requested" }

// usageError reports a misuse of a command: exit status 2.
func usageError(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

// parseFlagsOnly parses args into fs for a command that takes no positional
// arguments; misuse becomes a usage error (exit 2).
func parseFlagsOnly(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError("%v", err)
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

func commands() []command {
	cmds := []command{serveCommand(), siteCommand()}
	cmds = append(cmds, analysisCommands()...)
	cmds = append(cmds, resolveCommand())
	cmds = append(cmds, importCommand(), exportARMCommand(), compareCommand(), diffCommand())
	slices.SortFunc(cmds, func(a, b command) int { return strings.Compare(a.name, b.name) })
	return cmds
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := runExpanded(ctx, c, args[1:], stdout, stderr)
		var ee *exitError
		var he *helpError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &he):
			fmt.Fprintf(stdout, "usage: vnetplay %s\n\n%s\n\n%s", c.usage, c.summary, he.flags)
			return 0
		case errors.As(err, &ee):
			if ee.msg != "" {
				fmt.Fprintf(stderr, "vnetplay %s: %s\n", c.name, ee.msg)
			}
			if ee.code == 2 {
				fmt.Fprintf(stderr, "usage: vnetplay %s\n", c.usage)
			}
			return ee.code
		default:
			fmt.Fprintf(stderr, "vnetplay %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "vnetplay: unknown command %q\n\n", args[0])
	printUsage(stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "vnetplay: a design playground for Azure virtual networking")
	fmt.Fprintln(w, "\nusage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  vnetplay %-44s %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w, "\n'vnetplay COMMAND -h' lists a command's flags.")
	fmt.Fprintf(w, "exit status: 0 done; 1 error (or lint errors, failed expectations); 2 usage error; %d stopped at --timeout (spof, reach: partial output); %d interrupted\n", exitTimeout, exitInterrupted)
}

// runExpanded runs c with its text output's rule citations expanded into
// the rule's words and its Microsoft source (rules.Expand), unless the
// output is for machines (JSON, CSV), which keeps the ids.
func runExpanded(ctx context.Context, c command, args []string, stdout, stderr io.Writer) error {
	if c.document || machineOutput(args) {
		return c.run(ctx, args, stdout, rules.NewWriter(stderr))
	}
	out, errw := rules.NewWriter(stdout), rules.NewWriter(stderr)
	err := c.run(ctx, args, out, errw)
	out.Flush()
	errw.Flush()
	return err
}

// machineOutput reports whether args ask for JSON or CSV output.
func machineOutput(args []string) bool {
	for i, a := range args {
		switch strings.ToLower(strings.TrimLeft(a, "-")) {
		case "json", "json=true", "format=json", "format=csv":
			return true
		case "format":
			if i+1 < len(args) && (strings.EqualFold(args[i+1], "json") || strings.EqualFold(args[i+1], "csv")) {
				return true
			}
		}
	}
	return false
}
