package rules

import (
	"bytes"
	"io"
)

// Writer expands the rule citations of what is written to it (Expand) and
// passes it on, a line at a time: for text meant for people (the CLI's
// output), not for JSON or CSV, whose values must stay as they are.
// Flush writes a last line without its newline.
type Writer struct {
	w   io.Writer
	buf []byte
	err error
}

// NewWriter returns a Writer passing expanded text on to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Write buffers p and writes every complete line, expanded.
func (x *Writer) Write(p []byte) (int, error) {
	if x.err != nil {
		return 0, x.err
	}
	x.buf = append(x.buf, p...)
	if i := bytes.LastIndexByte(x.buf, '\n'); i >= 0 {
		x.emit(x.buf[:i+1])
		x.buf = append(x.buf[:0], x.buf[i+1:]...)
	}
	return len(p), x.err
}

// Flush writes what is left (a last line without a newline).
func (x *Writer) Flush() error {
	if len(x.buf) > 0 && x.err == nil {
		x.emit(x.buf)
		x.buf = x.buf[:0]
	}
	return x.err
}

func (x *Writer) emit(b []byte) {
	if _, err := io.WriteString(x.w, Expand(string(b))); err != nil {
		x.err = err
	}
}
