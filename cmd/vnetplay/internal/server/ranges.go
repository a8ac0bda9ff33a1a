package server

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// maxRanges is the most byte ranges a request may ask for and get a
// multipart/byteranges reply. Browsers never ask for several ranges of a
// page's assets, and media players, PDF viewers and download resumers ask
// for one at a time; 16 leaves room for any honest client. Many small
// ranges are how the multipart overhead is turned into amplification (the
// issue's 7,500 one-byte ranges of a 15 KB file got a 1.1 MB reply), which
// is why RFC 9110 §14.2 lets a server ignore them.
const maxRanges = 16

// withoutExcessRanges returns r, or a copy of r without its Range header
// when honouring it would cost more than the whole representation: more
// than maxRanges ranges, or a multipart/byteranges reply larger than the
// representation (size bytes). The client then gets the whole
// representation with 200, as RFC 9110 §14.2 allows ("A server MAY ignore
// the Range header field"). 200 rather than 416: every client must handle
// a 200 to a range request (servers without range support send one), while
// 416 means the ranges miss the representation, which clients such as
// download resumers and media players take as an error. Malformed or
// unsatisfiable headers are left to http.ServeContent, which answers 416.
// A reply to a Range request is therefore never larger than the file.
func withoutExcessRanges(r *http.Request, size int64, contentType string) *http.Request {
	spec := r.Header.Get("Range")
	if spec == "" || !excessRanges(spec, size, contentType) {
		return r
	}
	r2 := r.Clone(r.Context())
	r2.Header.Del("Range")
	return r2
}

func excessRanges(spec string, size int64, contentType string) bool {
	ranges, specs, ok := parseRanges(spec, size)
	switch {
	case !ok:
		return false
	case specs > maxRanges:
		return true
	case len(ranges) < 2:
		return false
	}
	return multipartSize(ranges, size, contentType) > size
}

// byteRange is a satisfiable range, clipped to the representation.
type byteRange struct{ start, length int64 }

// parseRanges reads a Range header value the way http.ServeContent does
// (net/http's parseRange): specs counts the non-empty range specs, ranges
// holds those that overlap the representation. ok is false for a value
// ServeContent rejects.
func parseRanges(spec string, size int64) (ranges []byteRange, specs int, ok bool) {
	list, found := strings.CutPrefix(spec, "bytes=")
	if !found {
		return nil, 0, false
	}
	for _, ra := range strings.Split(list, ",") {
		ra = textproto.TrimString(ra)
		if ra == "" {
			continue
		}
		specs++
		br, overlaps, valid := parseRangeSpec(ra, size)
		if !valid {
			return nil, specs, false
		}
		if overlaps {
			ranges = append(ranges, br)
		}
	}
	return ranges, specs, true
}

// parseRangeSpec reads "first-last", "first-" or "-suffix".
func parseRangeSpec(ra string, size int64) (br byteRange, overlaps, valid bool) {
	first, last, ok := strings.Cut(ra, "-")
	if !ok {
		return br, false, false
	}
	first, last = textproto.TrimString(first), textproto.TrimString(last)
	if first == "" {
		n, err := strconv.ParseInt(last, 10, 64)
		if last == "" || last[0] == '-' || err != nil || n < 0 {
			return br, false, false
		}
		n = min(n, size)
		return byteRange{size - n, n}, true, true
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil || start < 0 {
		return br, false, false
	}
	if start >= size { // ServeContent skips it before reading its end
		return br, false, true
	}
	end := size - 1
	if last != "" {
		if end, err = strconv.ParseInt(last, 10, 64); err != nil || start > end {
			return br, false, false
		}
		end = min(end, size-1)
	}
	return byteRange{start, end - start + 1}, true, true
}

// multipartSize is the size of the multipart/byteranges body
// http.ServeContent writes for ranges (it builds the same parts with
// mime/multipart, whose boundaries all have the same length).
func multipartSize(ranges []byteRange, size int64, contentType string) int64 {
	var n countingWriter
	mw := multipart.NewWriter(&n)
	var total int64
	for _, br := range ranges {
		_, _ = mw.CreatePart(textproto.MIMEHeader{
			"Content-Range": {fmt.Sprintf("bytes %d-%d/%d", br.start, br.start+br.length-1, size)},
			"Content-Type":  {contentType},
		})
		total += br.length
	}
	_ = mw.Close()
	return total + int64(n)
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
