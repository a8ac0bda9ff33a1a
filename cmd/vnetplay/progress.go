package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Exit statuses of a run that stopped before its end, with partial output.
const (
	exitTimeout     = 3   // --timeout ran out
	exitInterrupted = 130 // SIGINT or SIGTERM, as shells report a Ctrl+C
)

// progressEvery is how often a long run's progress is shown.
const progressEvery = time.Second

// progress shows a long run's progress on stderr: "vnetplay spof: 12 of
// 300 components, 4s". Nothing appears during the first second, so short
// runs print nothing; after that, one update at most every second. On a
// terminal the update rewrites one line, cleared by stop; elsewhere each
// update is a line of its own.
type progress struct {
	w           io.Writer
	prefix      string // "vnetplay spof: "
	unit        string // "components"
	tty         bool
	start       time.Time
	done, total atomic.Int64
	quit        chan struct{}
	wg          sync.WaitGroup
}

// startProgress starts showing progress of total units on w, every
// progressEvery.
func startProgress(w io.Writer, command, unit string, total int) *progress {
	return newProgress(w, command, unit, total, progressEvery)
}

// newProgress is startProgress with the interval between updates.
func newProgress(w io.Writer, command, unit string, total int, every time.Duration) *progress {
	p := &progress{w: w, prefix: "vnetplay " + command + ": ", unit: unit, tty: isTerminal(w), start: time.Now(), quit: make(chan struct{})}
	p.total.Store(int64(total))
	p.wg.Add(1)
	go p.loop(every)
	return p
}

// set records how far the run is; safe from any goroutine.
func (p *progress) set(done, total int) {
	p.done.Store(int64(done))
	p.total.Store(int64(total))
}

// stop ends the display (clearing a terminal's line) before the command
// writes to stderr itself.
func (p *progress) stop() {
	close(p.quit)
	p.wg.Wait()
}

// loop shows the progress every interval until stop.
func (p *progress) loop(every time.Duration) {
	defer p.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	shown := false
	for {
		select {
		case <-p.quit:
			if shown && p.tty {
				fmt.Fprint(p.w, "\r\033[K")
			}
			return
		case <-t.C:
			line := fmt.Sprintf("%s%d of %d %s, %s", p.prefix, p.done.Load(), p.total.Load(), p.unit, time.Since(p.start).Round(time.Second))
			if p.tty {
				fmt.Fprint(p.w, "\r\033[K"+line)
			} else {
				fmt.Fprintln(p.w, line)
			}
			shown = true
		}
	}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// stopped is the error of a run that ended early with err (from its
// context) after done of total units, its partial output already printed:
// exit 3 when the --timeout ran out, 130 when interrupted.
func stopped(err error, timeout time.Duration, done, total int, unit string) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return &exitError{code: exitInterrupted, msg: fmt.Sprintf("interrupted at %d of %d %s; the output above is partial", done, total, unit)}
	}
	return &exitError{code: exitTimeout, msg: fmt.Sprintf("stopped after the %s timeout at %d of %d %s; the output above is partial (allow longer with --timeout, e.g. --timeout 10m)", timeout, done, total, unit)}
}

// bounded describes a run that --timeout or an interrupt may stop: what
// it computes ("matrix", "sweep"), its unit ("rows"), how far it got.
type bounded struct {
	what, unit  string
	done, total int
	timeout     time.Duration
}

// finish writes a bounded run's output, as JSON or by text, and, when it
// stopped early (err from its context), says where: a "Partial:" line
// under the text, and the error that sets the exit code.
func finish(stdout io.Writer, asJSON bool, v any, text func() error, err error, b bounded) error {
	if asJSON {
		return finishWith(stdout, true, func() error { return writeJSON(stdout, v) }, err, b)
	}
	return finishWith(stdout, false, text, err, b)
}

// finishWith is finish for any output: write writes it; a machine-read
// one (JSON, CSV) gets no "Partial:" line, only the error on stderr.
func finishWith(stdout io.Writer, machine bool, write func() error, err error, b bounded) error {
	if werr := write(); werr != nil {
		return werr
	}
	if err == nil {
		return nil
	}
	if !machine {
		fmt.Fprintf(stdout, "\nPartial: the %s stopped at %d of %d %s.\n", b.what, b.done, b.total, b.unit)
	}
	return stopped(err, b.timeout, b.done, b.total, b.unit)
}
