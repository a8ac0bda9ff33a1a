package persist

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"vnetplay/engine/scenario"
)

// Share links carry a whole scenario in the URL fragment, so opening one
// needs no server state:
//
//	#s=1.<base64url, unpadded, of zlib(canonical scenario JSON)>
//
// zlib's Adler-32 checksum makes a damaged or tampered link fail loudly
// instead of decoding to something else.
const (
	linkPrefix = "s=1."

	// MaxLinkChars is the longest fragment the UI puts in a link; above it
	// the UI offers the file export instead (browsers and chat tools cut
	// long URLs). DecodeLink refuses longer fragments: no vnetplay made
	// them.
	MaxLinkChars = 8000

	// MaxLinkScenarioBytes caps what a link may inflate to: the limit of a
	// scenario file (a link carries the same design a file does), so a
	// crafted link cannot exhaust memory. The design it carries is then
	// held to the same limits as a file's by scenario.Decode.
	MaxLinkScenarioBytes = scenario.MaxFileSize
)

// Errors of DecodeLink; each is wrapped with details.
var (
	ErrNotShareLink = errors.New("not a vnetplay share link")
	ErrLinkVersion  = errors.New("share link from a newer vnetplay")
	ErrLinkDamaged  = errors.New("share link is damaged or was altered")
	ErrLinkTooLarge = errors.New("share link holds too large a scenario")
)

// IsShareLink reports whether a URL fragment (with or without '#') looks
// like a share link of any version, so that the app can tell "not a link"
// apart from "a damaged link".
func IsShareLink(fragment string) bool {
	return strings.HasPrefix(strings.TrimPrefix(fragment, "#"), "s=")
}

// EncodeLink returns the fragment (without '#') for a scenario's canonical
// JSON (compact JSON makes the shortest links). It fails only for a
// scenario larger than MaxLinkScenarioBytes; the caller checks
// len(fragment) <= MaxLinkChars before offering the link.
func EncodeLink(scenario []byte) (string, error) {
	if len(scenario) > MaxLinkScenarioBytes {
		return "", fmt.Errorf("%w: %d bytes, at most %d", ErrLinkTooLarge, len(scenario), MaxLinkScenarioBytes)
	}
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if _, err := zw.Write(scenario); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return linkPrefix + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// DecodeLink returns the scenario JSON carried by a fragment (with or
// without '#'). It is strict: a fragment longer than MaxLinkChars, base64
// that is not canonical, a zlib stream that does not check out or is
// followed by anything, or content over MaxLinkScenarioBytes is refused.
// The JSON is not validated here: the caller decodes it as a scenario,
// which holds it to the limits of a file.
func DecodeLink(fragment string) ([]byte, error) {
	f := strings.TrimPrefix(fragment, "#")
	if !IsShareLink(f) {
		return nil, ErrNotShareLink
	}
	if !strings.HasPrefix(f, linkPrefix) {
		v, _, _ := strings.Cut(strings.TrimPrefix(f, "s="), ".")
		if len(v) > 20 {
			v = v[:20] + "..."
		}
		return nil, fmt.Errorf("%w (format %q; this version reads format 1)", ErrLinkVersion, v)
	}
	if len(f) > MaxLinkChars {
		return nil, fmt.Errorf("%w: the link is %d characters long, and vnetplay makes links of up to %d", ErrLinkTooLarge, len(f), MaxLinkChars)
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(f[len(linkPrefix):])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLinkDamaged, err)
	}
	in := bytes.NewReader(raw)
	zr, err := zlib.NewReader(in)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLinkDamaged, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxLinkScenarioBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLinkDamaged, err)
	}
	if len(out) > MaxLinkScenarioBytes {
		return nil, fmt.Errorf("%w: it unpacks to more than %d bytes", ErrLinkTooLarge, MaxLinkScenarioBytes)
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLinkDamaged, err)
	}
	if in.Len() > 0 {
		return nil, fmt.Errorf("%w: %d bytes follow the compressed design", ErrLinkDamaged, in.Len())
	}
	return out, nil
}
