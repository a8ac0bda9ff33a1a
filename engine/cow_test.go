package engine_test

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// frozen is a deep copy of a tracked matrix taken when it was made: its
// rows, columns, cells and every cell's Deps.
type frozen struct {
	tr         *reach.Tracked
	rows, cols []string
	cells      []reach.Cell
	deps       []trace.Deps
}

// freeze deep-copies tr.
func freeze(tr *reach.Tracked) frozen {
	f := frozen{tr: tr, rows: slices.Clone(tr.Matrix.Rows), cols: slices.Clone(tr.Matrix.Cols)}
	for i, c := range tr.Matrix.All() {
		f.cells = append(f.cells, c)
		d := tr.CellDeps(i)
		d.Lookups = slices.Clone(d.Lookups)
		f.deps = append(f.deps, d)
	}
	return f
}

// unchanged reports what of f.tr differs from its copy ("" when nothing).
func (f frozen) unchanged() string {
	m := f.tr.Matrix
	switch {
	case !slices.Equal(m.Rows, f.rows) || !slices.Equal(m.Cols, f.cols):
		return "rows or columns"
	case m.Len() != len(f.cells):
		return "cell count"
	}
	for i, c := range m.All() {
		if c != f.cells[i] {
			return "cell " + c.From + " → " + c.To
		}
		if !reflect.DeepEqual(f.tr.CellDeps(i), f.deps[i]) {
			return "Deps of " + c.From + " → " + c.To
		}
	}
	return ""
}

// rowsShared checks the copy-on-write contract between a matrix and the
// one Update derived from it: at every row index both have, the rows are
// the same array exactly when they hold equal cells. It returns how many
// rows were shared.
func rowsShared(t *testing.T, prev, next *reach.Matrix) int {
	t.Helper()
	shared := 0
	for r := range min(len(prev.Rows), len(next.Rows)) {
		same := next.SharesRow(prev, r)
		if equal := slices.Equal(prev.Row(r), next.Row(r)); equal != same {
			t.Fatalf("row %d (%s): equal %v, shared %v", r, next.Rows[r], equal, same)
		}
		if same {
			shared++
		}
	}
	return shared
}

// TestTrackedUpdateLeavesEveryVersion is the immutability oracle of the
// copy-on-write matrix: along seeded random edit sequences (randomEdit),
// each Update starts from the latest version or, one time in four, from
// an older one; after every Update, every version made so far still holds
// exactly the cells, rows, columns and Deps copied when it was made (so no
// version ever writes a row or a chunk of Deps it shares), and the new
// version shares exactly the rows of its source that it equals. Its
// matrix also equals a full recompute.
func TestTrackedUpdateLeavesEveryVersion(t *testing.T) {
	designs := map[string]model.Topology{
		"hubspoke": gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, UDRs: 4, Seed: 5}),
		"multihub": gen.MultiHub(gen.Params{N: 1, Prefixes: 6, UDRs: 2, Branch: 3, Seed: 7}),
		"nsg":      withNSG(gen.HubSpokeScale(gen.Params{N: 3, Subnets: 1, UDRs: 2, Seed: 8})),
		"nsg-ring": nsgRing(),
	}
	shared, changed := 0, 0
	for name, topo := range designs {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(17, uint64(len(name))))
			var fails []model.Failure
			p := dataplane.Build(&topo)
			versions := []frozen{freeze(reach.ComputeTracked(p, trace.Flow{}, trace.Options{}))}
			for step := range 30 {
				fails = randomEdit(r, &topo, fails)
				p = dataplane.Update(p, &topo, dataplane.WithFailures(fails))
				from := len(versions) - 1
				if r.IntN(4) == 0 {
					from = r.IntN(len(versions))
				}
				next, d := versions[from].tr.Update(p)
				changed += d.Changed
				for v, f := range versions {
					if what := f.unchanged(); what != "" {
						t.Fatalf("step %d (updated from version %d): version %d's %s changed", step, from, v, what)
					}
				}
				shared += rowsShared(t, versions[from].tr.Matrix, next.Matrix)
				if want := reach.ComputePerPair(p, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(next.Matrix, want) {
					t.Fatalf("step %d (updated from version %d): matrix differs from a full recompute", step, from)
				}
				versions = append(versions, freeze(next))
			}
		})
	}
	if shared == 0 || changed == 0 {
		t.Fatalf("the sequences never shared a row (%d) or changed a cell (%d)", shared, changed)
	}
	t.Logf("%d rows shared, %d cells changed", shared, changed)
}
