package workshop

import (
	"errors"
	"fmt"
	"slices"

	"vnetplay/engine/scenario"
)

// Seal fills the baselines of doc's noNew and unchanged constraints from
// doc's current topology (the trainer's "make this a challenge" step): a
// noNew constraint records the sorted ids of its collection, an unchanged
// one its target's canonical JSON (scenario.ResourceJSON). Existing
// baselines are replaced; maxCount constraints are left as they are. It
// refuses, changing nothing, a document without a challenge
// (ErrNoChallenge), a constraint of an unknown kind or collection, an
// unchanged constraint whose target is not in the design, and a baseline
// over scenario.MaxBaseline (*scenario.LimitError).
func Seal(doc *scenario.Document) error {
	if doc == nil || doc.Challenge == nil {
		return fmt.Errorf("workshop: seal: %w", ErrNoChallenge)
	}
	cs := slices.Clone(doc.Challenge.Constraints)
	for i := range cs {
		if err := sealOne(doc, &cs[i]); err != nil {
			return fmt.Errorf("workshop: seal constraint %q: %w", cs[i].ID, err)
		}
	}
	doc.Challenge.Constraints = cs
	return nil
}

// sealOne fills one constraint's baseline.
func sealOne(doc *scenario.Document, c *scenario.Constraint) error {
	switch c.Kind {
	case scenario.ConstraintNoNew:
		ids, err := scenario.CollectionIDs(&doc.Topology, c.Collection)
		if err != nil {
			return err
		}
		c.Baseline = scenario.NoNewBaseline(ids)
	case scenario.ConstraintUnchanged:
		if c.Target == "" {
			return errors.New("an unchanged constraint needs a target")
		}
		b, found, err := scenario.ResourceJSON(&doc.Topology, c.Collection, c.Target)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("no %s %q in the design", c.Collection, c.Target)
		}
		c.Baseline = b
	case scenario.ConstraintMaxCount:
		return nil
	default:
		return fmt.Errorf("unknown constraint kind %q (want noNew, unchanged or maxCount)", c.Kind)
	}
	if n := len(c.Baseline); n > scenario.MaxBaseline {
		return &scenario.LimitError{What: "challenge baseline", Got: int64(n), Limit: scenario.MaxBaseline}
	}
	return nil
}
