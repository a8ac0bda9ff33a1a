package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// bigDesign is a design of about 2.8 MB as stored (compact JSON), about
// 4.3 MB as an indented file.
func bigDesign() *scenario.Document {
	return &scenario.Document{Name: "big", Topology: gen.UDRTables(50)}
}

// TestFmtRewritesWhatItCanReadBack: fmt -w of a big compact file writes
// the indented form (larger than the old 4 MiB read limit), and fmt and
// lint read it back. Before, the rewritten file was refused by both.
func TestFmtRewritesWhatItCanReadBack(t *testing.T) {
	compact, err := scenario.EncodeCompact(bigDesign())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(file, compact, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "fmt", "-w", file); code != 0 {
		t.Fatalf("fmt -w: exit %d: %s", code, errs)
	}
	written, _ := os.ReadFile(file)
	if len(written) <= 4<<20 {
		t.Fatalf("the rewritten file is %d bytes: the test needs one over the old 4 MiB limit", len(written))
	}
	if code, out, errs := runCLI(t, "fmt", file); code != 0 || !bytes.Equal([]byte(out), written) {
		t.Fatalf("fmt of the rewritten file: exit %d: %s", code, errs)
	}
	if code, _, errs := runCLI(t, "lint", file); code != 0 && code != 1 || strings.Contains(errs, "too large") {
		t.Fatalf("lint of the rewritten file: exit %d: %s", code, errs)
	}
}

// TestSizeErrorsGiveTheFileSize: a file over the limit is refused with its
// own size, not the read cap; a design over the limit is refused by fmt
// -w without touching the file.
func TestSizeErrorsGiveTheFileSize(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.json")
	if err := os.WriteFile(huge, bytes.Repeat([]byte(" "), 20_300_000), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"fmt", "lint"} {
		code, _, errs := runCLI(t, cmd, huge)
		if code == 0 || !strings.Contains(errs, "20.3 MB") || !strings.Contains(errs, "16 MB") {
			t.Errorf("%s of a 20.3 MB file: exit %d: %q", cmd, code, errs)
		}
	}
	doc := bigDesign()
	for i := range 1001 {
		doc.Topology.VNets = append(doc.Topology.VNets, model.VNet{ID: fmt.Sprintf("v%04d", i), Location: "westeurope",
			AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.%d.0/24", 1+i/256, i%256)}}})
	}
	b, _ := scenario.Encode(doc)
	many := filepath.Join(dir, "many.json")
	os.WriteFile(many, b, 0o644)
	code, _, errs := runCLI(t, "fmt", "-w", many)
	if after, _ := os.ReadFile(many); code == 0 || !bytes.Equal(after, b) || !strings.Contains(errs, "1,002 VNets") {
		t.Fatalf("fmt -w of a design over the VNet limit: exit %d, %q; file changed: %v", code, errs, !bytes.Equal(after, b))
	}
}

// TestBOMIsAccepted: a file saved with a UTF-8 byte order mark reads as
// the same design.
func TestBOMIsAccepted(t *testing.T) {
	src, err := os.ReadFile(hub)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "bom.json")
	os.WriteFile(file, append([]byte("\xef\xbb\xbf"), src...), 0o644)
	code, out, errs := runCLI(t, "fmt", file)
	_, want, _ := runCLI(t, "fmt", hub)
	if code != 0 || out != want {
		t.Fatalf("fmt of a file with a BOM: exit %d: %s", code, errs)
	}
}

// TestFmtKeepsRuleIDs: fmt prints the scenario file itself, so the rule
// citations of its description and expectations stay ids (the CLI expands
// them only in text meant for reading). Before, `vnetplay fmt FILE > OUT`
// wrote each rule's title and link into OUT.
func TestFmtKeepsRuleIDs(t *testing.T) {
	file := filepath.Join("..", "..", "scenarios", "hub-spoke-firewall.json")
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(want, []byte("rule:")) {
		t.Fatal("the scenario cites no rule: the test needs one that does")
	}
	code, out, errs := runCLI(t, "fmt", file)
	if code != 0 || out != string(want) {
		t.Fatalf("fmt of a canonical built-in scenario: exit %d (%s), output differs from the file:\n%.400s", code, errs, out)
	}
	code, out, _ = runCLI(t, "gen", "hubspoke", "-n", "2")
	if code != 0 || strings.Contains(out, "https://learn.microsoft.com") {
		t.Errorf("gen: exit %d, rule citations expanded in the design", code)
	}
}
