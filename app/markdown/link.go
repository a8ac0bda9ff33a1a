package markdown

import (
	"net/url"
	"strings"
	"unicode"
)

// SafeURL reports whether raw may be the target of a link and returns it with
// its scheme lower-cased. Accepted: absolute http and https URLs with a host
// and no user information, and mailto URLs with an address; at most
// MaxURLLength bytes; no blanks, control or invisible characters, quotes,
// angle brackets, backslashes or backticks. Everything else (javascript:,
// data:, vbscript:, relative or malformed URLs) is refused.
func SafeURL(raw string) (string, bool) {
	if raw == "" || len(raw) > MaxURLLength {
		return "", false
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("\"'<>\\`", r) ||
			(r > 0x7f && (!unicode.IsPrint(r) || unicode.IsSpace(r))) {
			return "", false
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	switch scheme {
	case "http", "https":
		if u.Opaque != "" || u.User != nil || u.Hostname() == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" || !strings.Contains(u.Opaque, "@") {
			return "", false
		}
	default:
		return "", false
	}
	return scheme + raw[len(u.Scheme):], true
}
