package scenario

import (
	"errors"
	"fmt"
)

// Migration upgrades a generic JSON document from version From to To
// (= From+1). It works on map[string]any so old Go structs never need to be
// kept.
type Migration struct {
	From, To    int
	Title       string
	Description string
	Apply       func(doc map[string]any) error
}

// Migrations returns the registry, oldest first. It returns a fresh slice on
// every call (no package-level mutable state).
func Migrations() []Migration {
	return []Migration{{
		From:  0,
		To:    1,
		Title: "ARM property names",
		Description: "Version 0 (the design-notes draft) wrote vnets[].region, vnets[].addressSpace as a " +
			"plain list and subnets[].prefix; version 1 uses the ARM names location, " +
			"addressSpace.addressPrefixes and addressPrefix.",
		Apply: migrate0to1,
	}}
}

// CheckRegistry validates a migration list: contiguous From→From+1 steps
// starting at 0, ending at Latest, each with a title, a description and an
// Apply function.
func CheckRegistry(ms []Migration) error {
	want := 0
	for i, m := range ms {
		switch {
		case m.From != want || m.To != m.From+1:
			return fmt.Errorf("migration %d: %d→%d, want %d→%d", i, m.From, m.To, want, want+1)
		case m.Title == "" || m.Description == "":
			return fmt.Errorf("migration %d→%d: missing title or description", m.From, m.To)
		case m.Apply == nil:
			return fmt.Errorf("migration %d→%d: no Apply", m.From, m.To)
		}
		want = m.To
	}
	if want != Latest {
		return fmt.Errorf("migrations end at version %d, Latest is %d", want, Latest)
	}
	return nil
}

func migrate(doc map[string]any, from int) error {
	ms := Migrations()
	if err := CheckRegistry(ms); err != nil {
		return fmt.Errorf("scenario: migration registry: %w", err)
	}
	for _, m := range ms[from:] {
		if err := m.Apply(doc); err != nil {
			return fmt.Errorf("scenario: migrate %d→%d (%s): %w", m.From, m.To, m.Title, err)
		}
		doc["version"] = float64(m.To)
	}
	return nil
}

func migrate0to1(doc map[string]any) error {
	topo, _ := doc["topology"].(map[string]any)
	if topo == nil {
		return nil
	}
	vnets, _ := topo["vnets"].([]any)
	for _, v := range vnets {
		vnet, ok := v.(map[string]any)
		if !ok {
			return errors.New("vnets: element is not an object")
		}
		if r, ok := vnet["region"]; ok {
			vnet["location"] = r
			delete(vnet, "region")
		}
		if as, ok := vnet["addressSpace"].([]any); ok {
			vnet["addressSpace"] = map[string]any{"addressPrefixes": as}
		}
		subnets, _ := vnet["subnets"].([]any)
		for _, s := range subnets {
			sn, ok := s.(map[string]any)
			if !ok {
				return errors.New("subnets: element is not an object")
			}
			if p, ok := sn["prefix"]; ok {
				sn["addressPrefix"] = p
				delete(sn, "prefix")
			}
		}
	}
	return nil
}
