package ui

import (
	"unicode"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// camelWords splits a property's camel-case name where each of its words
// begins: "networkSecurityGroup" is "network", "Security", "Group". A run
// of capitals is one word, up to the capital that begins the next:
// "vpnClientIPPools" is "vpn", "Client", "IP", "Pools".
func camelWords(name string) []string {
	var words []string
	start, prevUpper := 0, false
	for i, r := range name {
		upper := unicode.IsUpper(r)
		if i > start && upper {
			next, _ := utf8.DecodeRuneInString(name[i+utf8.RuneLen(r):])
			if !prevUpper || unicode.IsLower(next) {
				words = append(words, name[start:i])
				start = i
			}
		}
		prevUpper = upper
	}
	return append(words, name[start:])
}

// wrappable is a property's name as a label's body: its words with a
// line-break opportunity (<wbr>) between them, so a name too long for its
// column wraps where a word begins ("networkSecurity / Group"), not inside
// one ("networkSecurityGrou / p"). The text read is the name unchanged.
func wrappable(name string) []app.UI {
	words := camelWords(name)
	out := make([]app.UI, 0, 2*len(words))
	for i, w := range words {
		if i > 0 {
			out = append(out, app.Wbr())
		}
		out = append(out, app.Text(w))
	}
	return out
}
