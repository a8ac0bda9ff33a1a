package workshop

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

// StaleBaselines lists, in order, the constraints of doc's challenge whose
// recorded baseline is not what Seal would record from doc now: the
// starting design changed after the challenge was sealed (a route table
// drawn after sealing "no new route tables" would count against every
// student). A constraint without a baseline is unsealed, not stale.
func StaleBaselines(doc *scenario.Document) []string {
	if doc == nil || doc.Challenge == nil {
		return nil
	}
	var stale []string
	for _, c := range doc.Challenge.Constraints {
		if len(c.Baseline) == 0 || c.Kind == scenario.ConstraintMaxCount {
			continue
		}
		now := c
		if err := sealOne(doc, &now); err != nil || !sameJSON(now.Baseline, c.Baseline) {
			stale = append(stale, c.ID)
		}
	}
	return stale
}

// sameJSON reports whether two JSON texts hold the same value (whatever
// their spacing).
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(x, y)
}
