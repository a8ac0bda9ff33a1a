package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runExportARM runs the export-arm command the way run does (rule
// citations on stderr expanded): main.go wires the command in.
func runExportARM(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("%q panicked: %v", args, r)
			}
		}()
		err = runExpanded(context.Background(), exportARMCommand(), args, &out, &errb)
	}()
	return out.String(), errb.String(), err
}

func TestExportARMStdout(t *testing.T) {
	out, errs, err := runExportARM(t, hub)
	if err != nil {
		t.Fatalf("%v\n%s", err, errs)
	}
	var tmpl struct {
		Schema    string           `json:"$schema"`
		Resources []map[string]any `json:"resources"`
		Metadata  struct {
			Vnetplay struct {
				NotExported []struct{ Path, Why string } `json:"notExported"`
			} `json:"vnetplay"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal([]byte(out), &tmpl); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if !strings.Contains(tmpl.Schema, "2019-04-01/deploymentTemplate.json") || len(tmpl.Resources) == 0 {
		t.Errorf("not a template: %s %d resources", tmpl.Schema, len(tmpl.Resources))
	}
	if !strings.Contains(errs, "resources written to stdout") || !strings.Contains(errs, "not exported (") {
		t.Errorf("stderr lacks the summary:\n%s", errs)
	}
	// Every item of metadata.vnetplay.notExported is on stderr.
	for _, e := range tmpl.Metadata.Vnetplay.NotExported {
		if !strings.Contains(errs, "  "+e.Path+": ") {
			t.Errorf("stderr does not list %s", e.Path)
		}
	}
	if len(tmpl.Metadata.Vnetplay.NotExported) == 0 || !strings.Contains(errs, "virtualMachines[fw]") {
		t.Errorf("the VMs are not listed as not exported:\n%s", errs)
	}
}

func TestExportARMOutFile(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "hub.arm.json")
	out, errs, err := runExportARM(t, "-o", dst, hub)
	if err != nil {
		t.Fatalf("%v\n%s", err, errs)
	}
	if out != "" {
		t.Errorf("stdout not empty with -o: %q", out)
	}
	b, err := os.ReadFile(dst)
	if err != nil || !json.Valid(b) || !bytes.HasSuffix(b, []byte("}\n")) {
		t.Fatalf("OUT: %v, %d bytes", err, len(b))
	}
	if !strings.Contains(errs, "written to "+dst) {
		t.Errorf("stderr does not name OUT:\n%s", errs)
	}
	// Same design, same bytes.
	again, _, _ := runExportARM(t, hub)
	if again != string(b) {
		t.Error("-o and stdout differ")
	}
}

func TestExportARMMisuse(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int // 0: a plain error (exit 1)
		help bool
	}{
		{args: nil, code: 2},
		{args: []string{hub, hub}, code: 2},
		{args: []string{"--bogus", hub}, code: 2},
		{args: []string{"-o"}, code: 2},
		{args: []string{"-h"}, help: true},
		{args: []string{filepath.Join(t.TempDir(), "missing.json")}},
		{args: []string{"-o", filepath.Join(t.TempDir(), "no", "such", "dir.json"), hub}},
	} {
		_, _, err := runExportARM(t, tc.args...)
		var ee *exitError
		var he *helpError
		switch {
		case err == nil:
			t.Errorf("%q: no error", tc.args)
		case tc.help:
			if !errors.As(err, &he) {
				t.Errorf("%q: %v, want help", tc.args, err)
			}
		case tc.code != 0:
			if !errors.As(err, &ee) || ee.code != tc.code {
				t.Errorf("%q: %v, want exit %d", tc.args, err, tc.code)
			}
		case errors.As(err, &ee) || strings.Contains(err.Error(), "<nil>") || strings.Contains(err.Error(), "%!"):
			t.Errorf("%q: %v, want a plain error", tc.args, err)
		}
	}
}

// TestExportARMBadFiles: every bad file is refused or exported cleanly,
// never with a Go formatting artefact.
func TestExportARMBadFiles(t *testing.T) {
	for _, f := range badFiles(t) {
		out, errs, err := runExportARM(t, f)
		all := out + errs
		if err != nil {
			all += err.Error()
		}
		for _, bad := range []string{"%!", "<nil>", "goroutine "} {
			if strings.Contains(all, bad) {
				t.Errorf("%s: output contains %q:\n%s", f, bad, all)
			}
		}
		if err == nil && !json.Valid([]byte(out)) {
			t.Errorf("%s: exported, but stdout is not JSON", f)
		}
	}
}
