package workspace

import (
	"strings"

	"vnetplay/app/store"
)

// The live tools of the Routes tab (IP flow verify, Resolve a name) share
// one pattern: a question of a few typed fields, set one field at a time by
// the tool's Set action (setToolField), and an answer computed on the
// design on screen, kept until the question or the snapshot changes
// (toolState).

// toolState is a live tool's question Q, as the user set it, and the
// answer A computed last, with the question and the snapshot it was
// computed for.
type toolState[Q comparable, A any] struct {
	q     Q
	cache struct {
		snap *store.Snapshot
		q    Q
		a    A
	}
}

// answer is ask(snap, q), computed once per snapshot and question: while
// neither changes since the last call, the kept answer is returned.
func (t *toolState[Q, A]) answer(snap *store.Snapshot, q Q, ask func(*store.Snapshot, Q) A) A {
	c := &t.cache
	if c.snap != snap || c.q != q {
		c.snap, c.q, c.a = snap, q, ask(snap, q)
	}
	return c.a
}

// setToolField is the body of a tool's Set action. *source, the tool's
// source field, takes def (the source the UI shows by default) when the
// user had not chosen one, so that the default shown stays when another
// field is set first; then *field, unless nil (a field the tool does not
// have), takes value with its surrounding spaces trimmed.
func setToolField(source *string, def string, field *string, value string) {
	if *source == "" {
		*source = def
	}
	if field != nil {
		*field = strings.TrimSpace(value)
	}
}
