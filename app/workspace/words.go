package workspace

import (
	"regexp"
	"strings"
	"time"
)

// Notice is the one-line message over the canvas: what an action did, or
// why it was refused.
type Notice struct {
	Text string
	Err  bool
	seq  int
}

// noticeFor is how long a notice stays up.
const noticeFor = 6 * time.Second

// Notice returns the notice on screen ("" text for none).
func (w *Workspace) Notice() Notice { return w.notice }

// say shows a notice and schedules its expiry.
func (w *Workspace) say(text string, isErr bool) []Task {
	seq := w.notice.seq + 1
	w.notice = Notice{Text: text, Err: isErr, seq: seq}
	return []Task{{Delay: noticeFor, Then: expireNotice{seq: seq}}}
}

// expireNotice clears the notice seq, unless a newer one replaced it.
type expireNotice struct{ seq int }

func (a expireNotice) apply(w *Workspace) []Task {
	if w.notice.seq == a.seq {
		w.notice = Notice{seq: a.seq}
	}
	return nil
}

// ruleCode matches the engine's references to its rules inside its
// messages ("rule:peering.not-transitive", see docs/rules/), and the rule
// book's older forms (fact numbers, lettered or not; "section W";
// "field note 004"): useful in
// the CLI and the code, noise in the middle of a sentence of the
// playground.
var ruleCode = regexp.MustCompile(`\brule:[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*(?:\s*[–-]\s*rule:[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*)?|\bF\d{1,3}[a-z]?(?:\s*[–-]\s*F?\d{1,3}[a-z]?)?\b|\bsection [A-Z]{1,2}\b|\b(?i:field note) \d{1,3}\b`)

var (
	emptyParens   = regexp.MustCompile(`\s*\(\s*\)`)
	leadingComma  = regexp.MustCompile(`\(\s*(?:[,;]\s*)+`)
	trailingComma = regexp.MustCompile(`(?:\s*[,;])+\s*\)`)
	doubleComma   = regexp.MustCompile(`[,;](?:\s*[,;])+`)
	// danglingFrom is a phrase that led to a citation taken out ("the
	// bypass is inferred from rule:…"): "inferred" stays, "from" goes.
	danglingFrom = regexp.MustCompile(`\b(inferred|taken|adapted|derived) from(\s*(?:[);,.]|$))`)
	// danglingSee is a pointer to a citation taken out ("(see rule:…)").
	danglingSee = regexp.MustCompile(`\b(?:see|per|cf\.)(\s*(?:[);,.]|$))`)
	spaceBefore = regexp.MustCompile(`\s+([.,;:)])`)
	manySpaces  = regexp.MustCompile(`\s{2,}`)
)

// Plain is an engine message as the playground shows it: the same words
// without rule-book codes ("no site (rule:expressroute.private-peering-sessions)" becomes "no site"), with the
// punctuation they leave behind tidied.
func Plain(s string) string {
	if !mayCiteRules(s) {
		return s
	}
	out := ruleCode.ReplaceAllString(possessiveNote.ReplaceAllStringFunc(leadingNote.ReplaceAllStringFunc(s, dropLeadingNote), theFieldNotes), "")
	if out == s {
		return s
	}
	out = danglingFrom.ReplaceAllString(out, "$1$2")
	out = danglingSee.ReplaceAllString(out, "$1")
	out = leadingComma.ReplaceAllString(out, "(")
	out = trailingComma.ReplaceAllString(out, ")")
	out = doubleComma.ReplaceAllStringFunc(out, strongestStop)
	out = emptyParens.ReplaceAllString(out, "")
	out = spaceBefore.ReplaceAllString(out, "$1")
	out = manySpaces.ReplaceAllString(out, " ")
	out = strings.TrimLeft(strings.TrimSpace(out), ":;, ")
	return strings.TrimSpace(strings.TrimSuffix(out, ":"))
}

// strongestStop is what replaces a run of commas and semicolons left
// where a citation was ("a, ; b"): a semicolon if the run holds one, else
// a comma.
func strongestStop(run string) string {
	if strings.Contains(run, ";") {
		return ";"
	}
	return ","
}

// possessiveNote matches a field note cited as an owner ("Field note
// 000's VPN designs"): taking the citation out would leave "'s VPN
// designs", so the owner goes with it and an article takes its place.
var possessiveNote = regexp.MustCompile(`\b(?i:field note) \d{1,3}['’]s\b`)

// theFieldNotes is what replaces a possessiveNote match: "The" where the
// citation was capitalised (a sentence's start: "The VPN designs."),
// "the" elsewhere ("as in the design"). The field notes themselves are
// never named on screen (TestNoRuleCodesOnScreen).
func theFieldNotes(m string) string {
	if m[0] == 'F' {
		return "The"
	}
	return "the"
}

// leadingNote matches a citation that opens a sentence or a parenthesis,
// with its colon and the first letter after it ("Field note 004: the hub
// has…", "Two hubs. Field note 3: hub 10.0.0.0/16…", "(Field note 4: the
// range)"), or a fact number cited the same way (an F and its digits).
var leadingNote = regexp.MustCompile(`(^|[.!?]\s+|\()(?:Field note \d{1,3}|F\d{1,3})\s*:\s*(\pL?)`)

// dropLeadingNote is what replaces a leadingNote match: the citation and
// its colon go, and the sentence it opened begins with a capital ("The hub
// has…"), as the file's sentence did; only that first letter changes (a
// lowercase resource name there reads "Hub 10.0.0.0/16", and is written
// as it was everywhere else). After a parenthesis the letter is kept.
func dropLeadingNote(m string) string {
	sub := leadingNote.FindStringSubmatch(m)
	lead, first := sub[1], sub[2]
	if lead != "(" {
		first = strings.ToUpper(first)
	}
	return lead + first
}

// mayCiteRules is false when s holds nothing ruleCode could match: none of
// "rule:", "section ", "field note" in any case, nor an F followed by a
// digit. Most of what the UI shows cites nothing, and the expression's
// backtracking over every message of a render was a third of a render of
// the library (TestPlainSkipsOnlyWhatCitesNothing checks it skips no
// match).
func mayCiteRules(s string) bool {
	if strings.Contains(s, "rule:") || strings.Contains(s, "section ") {
		return true
	}
	for i := strings.IndexByte(s, 'F'); i >= 0; {
		if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
		j := strings.IndexByte(s[i+1:], 'F')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return strings.Contains(strings.ToLower(s), "field note")
}

// Notify shows a notice (a failure the UI met in the browser, such as a
// PNG the browser could not encode).
type Notify struct {
	Text string
	Err  bool
}

func (a Notify) apply(w *Workspace) []Task { return w.say(a.Text, a.Err) }
