package engine_test

import (
	"fmt"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// BenchmarkValidate is the validation the analysis of every UI edit runs
// on the whole design (engine.Validate: model.Validate and the Internet
// edge lint), on bench-browser's designs: gen.HubSpokeScale with two
// subnets per spoke, ExpressRoute, VPN and 1,000 on-premises prefixes.
func BenchmarkValidate(b *testing.B) { benchValidation(b, engine.Validate) }

// BenchmarkValidateModel is what the guard of every UI edit runs before the
// edit is drawn (engine.ValidateModel: every check that can refuse an edit,
// without the Internet edge's lint), on the same designs.
func BenchmarkValidateModel(b *testing.B) { benchValidation(b, engine.ValidateModel) }

func benchValidation(b *testing.B, validate func(*scenario.Document) []model.Diagnostic) {
	for _, n := range []int{100, 500} {
		doc := &scenario.Document{Topology: gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})}
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				validate(doc)
			}
		})
	}
}
