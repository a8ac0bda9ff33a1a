package workspace

import (
	"math"

	"vnetplay/app/canvas"
)

// Result tabs: the results pane under the Inspector shows one of them.
const (
	TabRoutes = "routes"
	TabReach  = "reach"
	TabNames  = "names"
	TabWhatIf = "whatif"
	TabChecks = "checks"
)

// Tab is one results tab.
type Tab struct{ ID, Label string }

// Tabs lists the result tabs in order.
func Tabs() []Tab {
	return []Tab{{TabRoutes, "Routes"}, {TabReach, "Reach"}, {TabNames, "Names"}, {TabWhatIf, "What if"}, {TabChecks, "Checks"}, {TabChallenge, "Challenge"}}
}

// Panel sizes. Widths snap to PanelStep so that the UI can size the panel
// with a class (the page's CSP allows no inline styles).
const (
	PanelStep     = 20.0
	PanelMin      = 260.0
	PanelMax      = 720.0
	SplitStep     = 5 // percent
	SplitMin      = 20
	SplitMax      = 80
	defaultSplit  = 45
	narrowWindow  = 1280.0 // below it the palette starts folded to icons
	maxPanelShare = 0.5    // a resized panel takes at most half the window
)

// Panels is the layout around the canvas: the palette on the left (folded
// to a rail of icons or open), the side panel on the right (collapsed or
// open, its width), and inside it the Inspector above the results pane
// (Split is the Inspector's share of the height, in percent) with the
// results tab shown.
type Panels struct {
	paletteOpen    *bool // nil: open on wide windows, folded on narrow ones
	PanelCollapsed bool
	// PanelWidth is the panel's width in pixels, a multiple of PanelStep;
	// 0 means the default, which keeps the canvas at least 60% of a
	// 1024-pixel window.
	PanelWidth float64
	Split      int
	Tab        string
	Window     canvas.Point // the window's inner size, as last seen
}

func defaultPanels() Panels { return Panels{Split: defaultSplit, Tab: TabRoutes} }

// PaletteOpen reports whether the palette shows its labels.
func (p Panels) PaletteOpen() bool {
	if p.paletteOpen != nil {
		return *p.paletteOpen
	}
	return p.Window.X == 0 || p.Window.X >= narrowWindow
}

// The side panel's width as the style sheet lays it out (web/vnetplay.css,
// .workspace): a collapsed panel's rail, and the default
// clamp(300px, 30vw, 440px).
const (
	collapsedPanel  = 36.0
	defaultPanelMin = 300.0
	defaultPanelVW  = 0.30
	defaultPanelMax = 440.0
)

// PanelOnScreen is the side panel's width in pixels as the page lays it
// out: the rail when collapsed, PanelWidth when the user set one, else
// the style sheet's default for the window's width. ok is false while the
// window's size is not known (before the page reports it). The separator
// reports it to assistive technology without reading the page's layout
// while rendering, which forced a layout on every render
// (TestPanelSeparatorReportsWidth checks it against the page in Chromium).
func (p Panels) PanelOnScreen() (width float64, ok bool) {
	switch {
	case p.PanelCollapsed:
		return collapsedPanel, true
	case p.PanelWidth > 0:
		return p.PanelWidth, true
	case p.Window.X <= 0:
		return 0, false
	}
	return math.Min(defaultPanelMax, math.Max(defaultPanelMin, defaultPanelVW*p.Window.X)), true
}

// Panels returns the layout.
func (w *Workspace) Panels() Panels { return w.panels }

// WindowSize records the window's inner size (on start and on resize).
type WindowSize struct{ W, H float64 }

func (a WindowSize) apply(w *Workspace) []Task {
	w.panels.Window = canvas.Point{X: a.W, Y: a.H}
	if w.panels.PanelWidth > 0 {
		w.panels.PanelWidth = clampWidth(w.panels.PanelWidth, a.W)
	}
	return nil
}

// TogglePalette folds or opens the palette.
type TogglePalette struct{}

func (TogglePalette) apply(w *Workspace) []Task {
	open := !w.panels.PaletteOpen()
	w.panels.paletteOpen = &open
	return nil
}

// TogglePanel collapses or opens the side panel.
type TogglePanel struct{}

func (TogglePanel) apply(w *Workspace) []Task {
	w.panels.PanelCollapsed = !w.panels.PanelCollapsed
	return nil
}

// OpenTab shows a results tab (and the panel, if collapsed).
type OpenTab struct{ Tab string }

func (a OpenTab) apply(w *Workspace) []Task {
	for _, t := range Tabs() {
		if t.ID == a.Tab {
			w.panels.Tab, w.panels.PanelCollapsed = a.Tab, false
		}
	}
	return nil
}

// Separators that can be dragged.
const (
	SeparatorPanel = "panel" // between the canvas and the side panel
	SeparatorSplit = "split" // between the Inspector and the results
)

// ResizeStart begins dragging a separator. Size is the panel's width (for
// SeparatorPanel) or the Inspector's height (SeparatorSplit) in pixels when
// the drag starts, Total the panel's height (for SeparatorSplit).
type ResizeStart struct {
	Separator string
	At        canvas.Point
	Size      float64
	Total     float64
	Pointer   int
}

func (a ResizeStart) apply(w *Workspace) []Task {
	w.g = gesture{kind: GestureResize, pointer: a.Pointer, start: a.At, resize: a.Separator, origin: a.Size, seq: w.g.seq + 1}
	w.g.at = canvas.Point{X: a.Total}
	return nil
}

// resizeTo follows a separator drag to the client point at.
func (w *Workspace) resizeTo(at canvas.Point) {
	switch w.g.resize {
	case SeparatorPanel:
		w.panels.PanelWidth = clampWidth(w.g.origin-(at.X-w.g.start.X), w.panels.Window.X)
		w.panels.PanelCollapsed = false
	case SeparatorSplit:
		if total := w.g.at.X; total > 0 {
			w.panels.Split = clampSplit(int(math.Round(100 * (w.g.origin + at.Y - w.g.start.Y) / total)))
		}
	}
}

// ResizeKey resizes with the keyboard on a focused separator: arrows move
// it one step; Size is the current size as for ResizeStart.
type ResizeKey struct {
	Separator string
	Key       string
	Size      float64
}

func (a ResizeKey) apply(w *Workspace) []Task {
	switch a.Separator {
	case SeparatorPanel:
		switch a.Key {
		case "ArrowLeft":
			w.panels.PanelWidth = clampWidth(a.Size+PanelStep, w.panels.Window.X)
		case "ArrowRight":
			w.panels.PanelWidth = clampWidth(a.Size-PanelStep, w.panels.Window.X)
		}
	case SeparatorSplit:
		switch a.Key {
		case "ArrowUp":
			w.panels.Split = clampSplit(w.panels.Split - SplitStep)
		case "ArrowDown":
			w.panels.Split = clampSplit(w.panels.Split + SplitStep)
		}
	}
	return nil
}

// ResizeHandled reports whether a key resizes the given separator.
func ResizeHandled(separator, key string) bool {
	if separator == SeparatorPanel {
		return key == "ArrowLeft" || key == "ArrowRight"
	}
	return key == "ArrowUp" || key == "ArrowDown"
}

// clampWidth is px as a panel width: a multiple of PanelStep (the style
// sheet has a class for each, and none for anything else) from PanelMin
// to PanelMax, and at most half the window (of width window, 0 when not
// known) rounded down to a step: a 1024-px window's half, 512, allows 500.
func clampWidth(px, window float64) float64 {
	hi := PanelMax
	if window > 0 {
		hi = math.Min(hi, math.Max(PanelMin, math.Floor(window*maxPanelShare/PanelStep)*PanelStep))
	}
	px = math.Round(px/PanelStep) * PanelStep
	return math.Max(PanelMin, math.Min(hi, px))
}

func clampSplit(p int) int {
	p = (p + SplitStep/2) / SplitStep * SplitStep
	return max(SplitMin, min(SplitMax, p))
}
