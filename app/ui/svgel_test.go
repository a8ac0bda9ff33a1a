package ui

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
)

// TestMarkupKeepsNamesText: a node whose key, label and detail hold markup,
// quotes and characters XML cannot hold is written as well-formed markup in
// which they are attribute values and text, never elements: the parts of
// the scene are parsed by the browser.
func TestMarkupKeepsNamesText(t *testing.T) {
	hostile := `a"b'c<d>&e</g><script>alert(1)</script>` + "\x01"
	n := canvas.Node{Key: "vnet:" + hostile, Label: hostile, Detail: hostile + " 10.0.0.0/16", Kind: kinds.VNet,
		Box: canvas.Rect{X: 10, Y: 20, W: 312, H: 60}}
	var b strings.Builder
	nodeSVG(n, "node node-vnet", false).writeMarkup(&b)
	edgeSVG(canvas.Edge{Key: hostile, Label: hostile, A: canvas.Point{X: 1, Y: 2}, B: canvas.Point{X: 3, Y: 4}}, "edge", false).writeMarkup(&b)
	dec := xml.NewDecoder(strings.NewReader("<root>" + b.String() + "</root>"))
	want := strings.ReplaceAll(hostile, "\x01", "\uFFFD")
	var keys, texts []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b.String())
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "root", "g", "rect", "line", "text", "title", "path", "circle":
			default:
				t.Fatalf("a name made an element <%s>: %s", tok.Name.Local, b.String())
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "data-key" {
					keys = append(keys, a.Value)
				}
			}
		case xml.CharData:
			if s := string(tok); strings.Contains(s, "alert") {
				texts = append(texts, s)
			}
		}
	}
	if len(keys) != 2 || keys[0] != "vnet:"+want || keys[1] != want {
		t.Errorf("keys %q, want the node's and the edge's", keys)
	}
	if len(texts) == 0 || texts[0] != want {
		t.Errorf("label drawn as %q, want %q", texts, want)
	}
}
