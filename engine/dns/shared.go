package dns

import (
	"sync"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// Shared is the Resolver of one analysed version of a design, for every
// reader of that analysis: the name resolution lint (Lint, which
// engine.ReanalyzeValidated runs) and the UI's Names panel resolve with the
// same indexes, stand-in plane and network checks, built once. The
// Resolver is built on first use. Unlike a Resolver, a Shared is safe for
// concurrent use: its callers take turns. Its answers are exactly those of
// a fresh Resolver: what it keeps between calls is memoised, never state.
type Shared struct {
	p  *dataplane.Plane
	t  *model.Topology
	mu sync.Mutex
	r  *Resolver
}

// NewShared prepares the shared resolutions of the design t whose data
// plane is p (see New); nothing is computed until the first call.
func NewShared(p *dataplane.Plane, t *model.Topology) *Shared {
	return &Shared{p: p, t: t}
}

// resolver is the shared Resolver, built on first use; s.mu is held.
func (s *Shared) resolver() *Resolver {
	if s.r == nil {
		s.r = New(s.p, s.t)
	}
	return s.r
}

// Resolve resolves name from the endpoint from, as Resolver.Resolve.
func (s *Shared) Resolve(from, name string) Resolution {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resolver().Resolve(from, name)
}

// Lint is Lint(p, t) resolving with the shared Resolver: a design with
// nothing to lint builds none.
func (s *Shared) Lint() []model.Diagnostic {
	if s.p == nil || s.t == nil || !usesNames(s.t) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return lintWith(s.resolver())
}
