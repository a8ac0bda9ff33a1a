package store

import (
	"vnetplay/app/canvas"
	"vnetplay/engine/model"
)

// inPlace edits change the resource they name and nothing else, unless
// they rename it or a list element others refer to (a subnet, a NIC:
// scenario.Rename follows the references), which changes what
// canvas.DrawnAlike compares anyway.
type inPlace interface{ inPlace() Ref }

func (e SetProperty) inPlace() Ref   { return e.Ref }
func (e SetProperties) inPlace() Ref { return e.Ref }
func (e SaveItem) inPlace() Ref      { return e.Ref }
func (e RemoveItem) inPlace() Ref    { return e.Ref }

// drawnAlike reports whether next, prev edited by e, is drawn exactly as
// prev (canvas.DrawnAlike), so that the edit keeps prev's scene: only an
// edit in place can tell which resource changed.
func drawnAlike(e Edit, prev, next *model.Topology) bool {
	ip, ok := e.(inPlace)
	return ok && canvas.DrawnAlike(ip.inPlace(), prev, next)
}
