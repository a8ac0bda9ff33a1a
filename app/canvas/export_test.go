package canvas

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestExportSVGIsStandaloneAndComplete(t *testing.T) {
	for name, doc := range builtins(t) {
		s := BuildScene(doc)
		out := ExportSVG(s, name+` <"&>`)
		// Well-formed XML throughout.
		d := xml.NewDecoder(strings.NewReader(out))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: exported SVG is not well-formed: %v", name, err)
			}
		}
		if !strings.HasPrefix(out, `<svg xmlns="http://www.w3.org/2000/svg"`) {
			t.Errorf("%s: no SVG namespace", name)
		}
		for _, n := range s.Nodes {
			if !strings.Contains(out, `data-key="`+n.Key+`"`) {
				t.Errorf("%s: node %s missing", name, n.Key)
			}
		}
		if strings.Count(out, "<line") != len(s.Edges) {
			t.Errorf("%s: %d lines for %d edges", name, strings.Count(out, "<line"), len(s.Edges))
		}
		if strings.Contains(out, "class=") {
			t.Errorf("%s: the export depends on CSS classes", name)
		}
		if again := ExportSVG(BuildScene(doc), name+` <"&>`); again != out {
			t.Errorf("%s: export is not deterministic", name)
		}
	}
}
