package reach

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

func topo() model.Topology {
	v := func(id, pfx, sn string) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{pfx}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: sn}}}
	}
	nic := func(id, sn, ip string) model.VM {
		return model.VM{ID: id, NICs: []model.NIC{{Name: "nic", Subnet: sn, PrivateIPAddress: ip}}}
	}
	return model.Topology{
		VNets:    []model.VNet{v("a", "10.0.0.0/16", "10.0.0.0/24"), v("b", "10.1.0.0/16", "10.1.0.0/24"), v("c", "10.2.0.0/16", "10.2.0.0/24")},
		Peerings: []model.Peering{{ID: "ab", A: model.PeeringLink{VNet: "a"}, B: model.PeeringLink{VNet: "b"}}, {ID: "bc", A: model.PeeringLink{VNet: "b"}, B: model.PeeringLink{VNet: "c"}}},
		VMs:      []model.VM{nic("x", "a/s", "10.0.0.4"), nic("y", "b/s", "10.1.0.4"), nic("z", "c/s", "10.2.0.4")},
	}
}

// TestMatrixF55 checks non-transitivity in the matrix and that every cell
// agrees with its explanation.
func TestMatrixF55(t *testing.T) {
	tp := topo()
	p := dataplane.Build(&tp)
	m := Compute(p, trace.Flow{})
	want := map[[2]string]trace.Disposition{
		{"x/nic", "y/nic"}: trace.Delivered, {"y/nic", "z/nic"}: trace.Delivered,
		{"x/nic", "z/nic"}: trace.DroppedByNoneRoute, {"z/nic", "x/nic"}: trace.DroppedByNoneRoute,
		{"x/nic", Internet}: trace.ExitsToInternet,
	}
	if m.Len() != 3*3 {
		t.Fatalf("want 9 cells, got %d", m.Len())
	}
	for _, c := range m.All() {
		if w, ok := want[[2]string{c.From, c.To}]; ok && c.Disposition != w {
			t.Errorf("%s→%s = %s (%s), want %s", c.From, c.To, c.Disposition, c.Reason, w)
		}
		if e := Explain(p, trace.Flow{}, c.From, c.To); e.Disposition != c.Disposition || e.Reason != c.Reason {
			t.Errorf("cell %s→%s disagrees with its explanation", c.From, c.To)
		}
	}
}

func BenchmarkMatrix(b *testing.B) {
	tp := topo()
	p := dataplane.Build(&tp)
	for b.Loop() {
		Compute(p, trace.Flow{})
	}
}

// TestComputeContext checks the cancellable matrix: complete, it equals
// ComputeWith's; stopped after a row, it holds exactly the rows done (all
// columns, their cells in order) with an error wrapping context.Canceled.
func TestComputeContext(t *testing.T) {
	tp := topo()
	p := dataplane.Build(&tp)
	want := ComputeWith(p, trace.Flow{}, trace.Options{})
	var rows []int
	m, err := ComputeContext(context.Background(), p, trace.Flow{}, trace.Options{}, func(done, total int) {
		rows = append(rows, done)
		if total != 3 {
			t.Errorf("total %d, want 3", total)
		}
	})
	if err != nil || !reflect.DeepEqual(m, want) || !slices.Equal(rows, []int{1, 2, 3}) {
		t.Fatalf("full run: err %v, progress %v, equal %v", err, rows, reflect.DeepEqual(m, want))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m, err = ComputeContext(ctx, p, trace.Flow{}, trace.Options{}, func(done, total int) {
		if done == 1 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "after 1 of 3 rows") {
		t.Fatalf("err = %v, want context.Canceled after 1 of 3 rows", err)
	}
	if !slices.Equal(m.Rows, want.Rows[:1]) || !slices.Equal(m.Cols, want.Cols) || !slices.Equal(flat(m), flat(want)[:3]) {
		t.Errorf("partial matrix: rows %v cols %v, %d cells; want the first row's 3 cells", m.Rows, m.Cols, m.Len())
	}
	// Done in the middle of the second row (after its first cell): that
	// row's cell is dropped, and no walk runs after the context is done.
	fc := &flipCtx{Context: context.Background(), ok: 4}
	m, err = ComputeContext(fc, p, trace.Flow{}, trace.Options{}, nil)
	if !errors.Is(err, context.Canceled) || !slices.Equal(m.Rows, want.Rows[:1]) || !slices.Equal(flat(m), flat(want)[:3]) || fc.calls != 5 {
		t.Errorf("stopped mid-row: err %v, rows %v, %d cells, %d checks; want the first row only, 5 checks", err, m.Rows, m.Len(), fc.calls)
	}
}

// flipCtx is a context whose Err turns to context.Canceled after ok calls.
type flipCtx struct {
	context.Context
	ok    int
	calls int
}

func (c *flipCtx) Err() error {
	c.calls++
	if c.calls > c.ok {
		return context.Canceled
	}
	return nil
}
