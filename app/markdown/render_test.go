package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// allowedTags are the only elements Render may produce.
var allowedTags = map[string]bool{
	"div": true, "h3": true, "h4": true, "h5": true, "p": true, "ul": true,
	"ol": true, "li": true, "blockquote": true, "pre": true, "code": true,
	"em": true, "strong": true, "a": true, "br": true,
}

// allowedAttrs are the only attributes Render may produce.
var allowedAttrs = map[string]bool{"class": true, "href": true, "target": true, "rel": true, "start": true}

// tag is one start tag found in rendered HTML.
type tag struct {
	name  string
	attrs map[string]string
}

// scanTags checks html as go-app encodes it (text escaped, attribute values
// quoted with strconv.Quote) and returns its start tags. Every '<' must open
// an allowed tag: escaped text never contains one.
func scanTags(html string) ([]tag, error) {
	var tags []tag
	for i := 0; i < len(html); i++ {
		if html[i] != '<' {
			continue
		}
		end := strings.IndexByte(html[i:], '>')
		if end < 0 {
			return nil, fmt.Errorf("unterminated tag at %d", i)
		}
		inner := html[i+1 : i+end]
		i += end
		if strings.HasPrefix(inner, "/") {
			if !allowedTags[inner[1:]] {
				return nil, fmt.Errorf("closing tag %q not allowed", inner)
			}
			continue
		}
		t, err := parseTag(inner)
		if err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	return tags, nil
}

func parseTag(inner string) (tag, error) {
	name, rest, _ := strings.Cut(inner, " ")
	t := tag{name: name, attrs: map[string]string{}}
	if !allowedTags[name] {
		return t, fmt.Errorf("tag %q not allowed", name)
	}
	for rest != "" {
		var attr string
		attr, rest = cutAttr(rest)
		k, v, _ := strings.Cut(attr, "=")
		if !allowedAttrs[k] {
			return t, fmt.Errorf("attribute %q on <%s> not allowed", k, name)
		}
		if strings.Contains(v, `\`) {
			return t, fmt.Errorf("escaped attribute value %s on <%s>", v, name)
		}
		t.attrs[k] = strings.Trim(v, `"`)
	}
	return t, nil
}

// cutAttr splits off the first attribute: name="value" with no '"' or '\'
// inside (checked by the caller), or a bare name.
func cutAttr(s string) (string, string) {
	eq := strings.Index(s, `="`)
	sp := strings.IndexByte(s, ' ')
	if eq < 0 || (sp >= 0 && sp < eq) {
		if sp < 0 {
			return s, ""
		}
		return s[:sp], s[sp+1:]
	}
	close := strings.IndexByte(s[eq+2:], '"')
	if close < 0 {
		return s, ""
	}
	end := eq + 2 + close + 1
	return s[:end], strings.TrimPrefix(s[end:], " ")
}

// checkHTML renders d and checks the safety contract of Render.
func checkHTML(t testing.TB, d Doc) (string, []tag) {
	t.Helper()
	html := app.HTMLString(Render(d))
	tags, err := scanTags(html)
	if err != nil {
		t.Fatalf("%v in\n%s", err, html)
	}
	for _, tg := range tags {
		if c, ok := tg.attrs["class"]; ok && !strings.HasPrefix(c, "md") {
			t.Fatalf("class %q without md prefix", c)
		}
		if tg.name != "a" {
			continue
		}
		href := tg.attrs["href"]
		if _, ok := SafeURL(href); !ok {
			t.Fatalf("unsafe href %q", href)
		}
		if tg.attrs["target"] != "_blank" || tg.attrs["rel"] != "noopener noreferrer" {
			t.Fatalf("link %q without target/rel: %v", href, tg.attrs)
		}
	}
	return html, tags
}

const sample = "# Fix spoke reachability\n\n" +
	"Spoke1 **cannot** reach *spoke3*. Read [peering](https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview) " +
	"and <https://example.com/x?a=1&b=2>.  \nDo not click [this](javascript:alert(1)) or [that](data:text/html,<script>x</script>).\n\n" +
	"## Steps\n\n1. Add a UDR\n   - next hop `10.0.0.4`\n2. Turn on _IP forwarding_\n\n" +
	"> Hint: <script>alert('x')</script> and <img src=x onerror=alert(1)>\n\n" +
	"```bash\naz network vnet peering list <b>\n```\n\n### Done\n\nMail <mailto:trainer@example.com>.\n"

func TestRender(t *testing.T) {
	html, tags := checkHTML(t, Parse(sample))
	for _, bad := range []string{"<script", "<img", "<b>", "style=", `href="javascript:`, `href="data:`, "onerror=\""} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML contains %q:\n%s", bad, html)
		}
	}
	for _, want := range []string{
		`<h3 class="md-h1">`, `<h4 class="md-h2">`, `<h5 class="md-h3">`,
		`<strong class="md-strong">cannot</strong>`, `<em class="md-em">spoke3</em>`,
		`<code class="md-code">10.0.0.4</code>`, `<br>`, `&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;`,
		`&lt;img src=x onerror=alert(1)&gt;`, "this (javascript:alert(1))",
		`az network vnet peering list &lt;b&gt;`, `<blockquote class="md-quote">`,
		`<pre class="md-pre">`, `<ol class="md-ol">`, `<ul class="md-ul">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered HTML lacks %q:\n%s", want, html)
		}
	}
	var hrefs []string
	for _, tg := range tags {
		if tg.name == "a" {
			hrefs = append(hrefs, tg.attrs["href"])
		}
	}
	want := "https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview https://example.com/x?a=1&b=2 mailto:trainer@example.com"
	if got := strings.Join(hrefs, " "); got != want {
		t.Errorf("hrefs = %s, want %s", got, want)
	}
}

// TestRenderHandMade checks that Render stays safe on documents that did not
// come from Parse: unsafe URLs, unknown kinds, absurd nesting.
func TestRenderHandMade(t *testing.T) {
	deep := Node{Kind: KindText, Text: "deep"}
	for range 200 {
		deep = Node{Kind: KindEmphasis, Children: []Node{deep}}
	}
	d := Doc{Blocks: []Node{
		{Kind: KindParagraph, Children: []Node{
			{Kind: KindLink, URL: "javascript:alert(1)", Children: []Node{{Kind: KindText, Text: "x"}}},
			{Kind: KindLink, URL: `https://e.com/"><script>`, Children: []Node{{Kind: KindText, Text: "y"}}},
			{Kind: Kind(200), Text: "<script>"},
			deep,
		}},
		{Kind: KindHeading, Level: 9, Children: []Node{{Kind: KindText, Text: "h"}}},
		{Kind: KindList, Ordered: true, Start: 3, Children: []Node{{Kind: KindItem}, {Kind: KindText, Text: "stray"}}},
		{Kind: KindNote, Text: "<b>note</b>"},
	}}
	html, tags := checkHTML(t, d)
	if strings.Contains(html, "<script") || strings.Contains(html, `href="javascript`) {
		t.Errorf("unsafe output:\n%s", html)
	}
	for _, want := range []string{"x (javascript:alert(1))", `<h5 class="md-h3">`, `start="3"`, "&lt;b&gt;note&lt;/b&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %q:\n%s", want, html)
		}
	}
	if n := strings.Count(html, "<em"); n > renderDepth {
		t.Errorf("%d nested <em>, bound %d", n, renderDepth)
	}
	for _, tg := range tags {
		if tg.name == "a" {
			t.Errorf("unsafe link rendered: %v", tg.attrs)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindHeading: "heading", KindLink: "link", KindBreak: "br", 0: "unknown", 99: "unknown"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}
