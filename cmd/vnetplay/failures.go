package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/report"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
)

// failureFlags are --fail and --set: the failures a command applies to the
// design before it answers (what whatif and expectations already do).
type failureFlags struct {
	fail, set *string
}

// addFailureFlags registers --fail and --set on fs.
func addFailureFlags(fs *flag.FlagSet) failureFlags {
	return failureFlags{
		fail: fs.String("fail", "", "fail these components first: comma-separated `ID[,ID…]`, each a target or KIND:TARGET ('vnetplay whatif FILE --list' lists them)"),
		set:  fs.String("set", "", "fail the components of the file's failure set `NAME` first"),
	}
}

// given reports whether either flag was given.
func (ff failureFlags) given() bool { return *ff.fail != "" || *ff.set != "" }

// check refuses misuse that needs no design (exit 2): both flags, or a
// --fail list that is not ID[,ID…] with each KIND:TARGET naming a known
// failure kind.
func (ff failureFlags) check() error {
	if *ff.fail != "" && *ff.set != "" {
		return usageError("give at most one of --fail or --set")
	}
	if *ff.fail == "" {
		return nil
	}
	_, err := splitFailList(*ff.fail)
	return err
}

// splitFailList splits an --fail value into its ids: comma-separated,
// none empty; an id with a colon is KIND:TARGET and KIND must be a failure
// kind. A malformed list is a usage error.
func splitFailList(list string) ([]string, error) {
	var ids []string
	for item := range strings.SplitSeq(list, ",") {
		id := strings.TrimSpace(item)
		if id == "" {
			return nil, usageError("--fail %q has an empty id (want ID[,ID…], e.g. --fail fw or --fail ApplianceDown:fw,hub-dc)", list)
		}
		if kind, target, ok := strings.Cut(id, ":"); ok {
			if !slices.Contains(model.FailureKinds(), kind) {
				return nil, usageError("--fail %q: unknown failure kind %q (want one of %s)", id, kind, strings.Join(model.FailureKinds(), ", "))
			}
			if target == "" {
				return nil, usageError("--fail %q has no target after %s:", id, kind)
			}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// resolve returns the failures the flags name in doc (nil when neither
// was given). A target or set the design does not have is an error with
// exit status 1, as an unknown endpoint or speaker is; its message lists
// what the design can fail (or its sets).
func (ff failureFlags) resolve(doc *scenario.Document) ([]model.Failure, error) {
	if err := ff.check(); err != nil {
		return nil, err
	}
	switch {
	case *ff.set != "":
		s, ok := doc.Failures[*ff.set]
		if !ok {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("no failure set %q (%s)", *ff.set, setNames(doc))}
		}
		if err := whatif.Check(doc, s); err != nil {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("failure set %q: %v", *ff.set, err)}
		}
		return s, nil
	case *ff.fail != "":
		fs, err := whatif.ParseTargets(doc, *ff.fail)
		if err != nil {
			return nil, &exitError{code: 1, msg: fmt.Sprintf("%v; %s", err, failable(doc))}
		}
		return fs, nil
	}
	return nil, nil
}

// maxListed bounds how many components an error message lists.
const maxListed = 12

// failable lists what doc's design can fail, as --fail takes it, at most
// maxListed of them.
func failable(doc *scenario.Document) string {
	comps := whatif.Components(doc)
	if len(comps) == 0 {
		return "this design has nothing that can fail"
	}
	var ids []string
	for _, c := range comps[:min(len(comps), maxListed)] {
		ids = append(ids, c.Failure.String())
	}
	more := ""
	if n := len(comps) - maxListed; n > 0 {
		more = fmt.Sprintf(" and %d more ('vnetplay whatif FILE --list' lists them all)", n)
	}
	return "can fail: " + strings.Join(ids, ", ") + more
}

// setNames lists doc's failure sets, sorted, for messages.
func setNames(doc *scenario.Document) string {
	names := make([]string, 0, len(doc.Failures))
	for k := range doc.Failures {
		names = append(names, k)
	}
	if len(names) == 0 {
		return "this file has no failure sets"
	}
	slices.Sort(names)
	return "sets: " + strings.Join(names, ", ")
}

// loadFailing reads and analyses one scenario (as load does) with the
// failures ff names applied to its data plane; it returns them too (nil
// when none were given).
func loadFailing(path string, ff failureFlags) (*engine.Analysis, []model.Failure, error) {
	if err := ff.check(); err != nil {
		return nil, nil, err
	}
	var failures []model.Failure
	a, err := loadWith(path, func(doc *scenario.Document) ([]model.Failure, error) {
		var err error
		failures, err = ff.resolve(doc)
		return failures, err
	})
	return a, failures, err
}

// printFailures writes, above a command's text output, the failures it
// applied and their documented failover behaviour (whatif.Notes); nothing
// when there are none.
func printFailures(w io.Writer, a *engine.Analysis, failures []model.Failure) {
	if len(failures) == 0 {
		return
	}
	report.Failures(w, failures, whatif.Notes(&a.Doc.Topology, failures))
	fmt.Fprintln(w)
}
