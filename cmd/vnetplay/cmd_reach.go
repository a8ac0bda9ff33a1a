package main

import (
	"context"
	"encoding/csv"
	"flag"
	"io"
	"net/netip"
	"slices"

	"vnetplay/engine/reach"
	"vnetplay/engine/report"
	"vnetplay/engine/trace"
)

func reachCommand() command {
	return command{
		name:    "reach",
		usage:   "reach FILE [--from Internet [--src IP]] [--protocol Tcp] [--port 443] [--tag-only-peering-flags] [--fail ID[,ID…] | --set NAME] [--timeout 5s] [--format text|json|csv] [--json]",
		summary: "reachability matrix: every endpoint to every endpoint and the Internet",
		run:     runReach,
	}
}

// runReach computes the matrix within --timeout. Stopped early (timeout or
// interrupt), it prints the rows done and exits 3 (130 when interrupted)
// with a line saying how far it got.
func runReach(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reach", flag.ContinueOnError)
	proto, port := flowFlags(fs)
	format, asJSON := formatFlags(fs, formatJSON, formatCSV)
	tagOnly := fs.Bool("tag-only-peering-flags", false, "treat allowVirtualNetworkAccess/allowForwardedTraffic=false as tag-only, as field tests observed (rule:peering.allow-virtual-network-access, rule:peering.allow-forwarded-traffic)")
	ff := addFailureFlags(fs)
	timeout := timeoutFlag(fs)
	from := fs.String("from", "", "Internet: from an Internet address to every public entry point instead of the matrix")
	srcFlag := fs.String("src", "", "with --from Internet: the public source address (default 203.0.113.10)")
	file, err := parseFile(fs, args)
	if err != nil {
		return err
	}
	if *from != "" && *from != trace.InternetSource {
		return usageError("invalid value %q for flag -from: want Internet (the matrix covers every endpoint)", *from)
	}
	srcIP, err := internetSource(*from, *srcFlag) // cmd_internet.go
	if err != nil {
		return err
	}
	out, err := format.pick(*asJSON)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	a, failures, err := loadFailing(file, ff)
	if err != nil {
		return err
	}
	warnInvalid(stderr, file, a)
	if *from == trace.InternetSource {
		cells := reach.FromInternet(a.Plane, trace.Flow{SrcIP: srcIP, Protocol: string(*proto), DstPort: int(*port)}, trace.Options{TagOnlyPeeringFlags: *tagOnly})
		switch out {
		case formatJSON:
			return writeJSON(stdout, cells)
		case formatCSV:
			return writeInternetCSV(stdout, srcIP, cells)
		}
		printFailures(stdout, a, failures)
		return printInternetCells(stdout, srcIP, cells)
	}
	total := len(a.Plane.NICs()) + len(a.Plane.HybridEndpoints())
	pr := startProgress(stderr, "reach", "rows", total)
	flow, opts := trace.Flow{Protocol: string(*proto), DstPort: int(*port)}, trace.Options{TagOnlyPeeringFlags: *tagOnly}
	m, err := reach.ComputeContext(ctx, a.Plane, flow, opts, pr.set)
	pr.stop()
	if err != nil && ctx.Err() == nil {
		return err
	}
	b := bounded{what: "matrix", unit: "rows", done: len(m.Rows), total: total, timeout: *timeout}
	// Each private endpoint is a column (never a row): every row's walk
	// to its address, within the same --timeout.
	pes := a.Plane.PrivateEndpoints()
	var peCells []reach.Cell
	if err == nil && len(pes) > 0 {
		peCells, err = reach.PrivateEndpointCellsContext(ctx, a.Plane, flow, opts, m.Rows, pes)
		if err != nil {
			b = bounded{what: "cells to the private endpoints", unit: "rows", done: len(peCells) / len(pes), total: len(m.Rows), timeout: *timeout}
		}
	}
	switch out {
	case formatJSON:
		return finishWith(stdout, true, func() error { return writeJSON(stdout, matrixJSON(m, pes, peCells)) }, err, b)
	case formatCSV:
		return finishWith(stdout, true, func() error { return writeMatrixCSV(stdout, m, peCells) }, err, b)
	}
	return finishWith(stdout, false, func() error {
		printFailures(stdout, a, failures)
		return report.Matrix(stdout, m, peCells...)
	}, err, b)
}

// matrixJSON is m as its JSON (reach.Matrix's {"rows", "cols", "cells"}),
// with empty lists rather than null when the design has no endpoints, and,
// when the design has private endpoints, their ids and the cells to them
// ("privateEndpoints", "privateEndpointCells": row by row).
func matrixJSON(m *reach.Matrix, pes []string, peCells []reach.Cell) any {
	if m.Len() > 0 && len(pes) == 0 {
		return m
	}
	type matrix struct {
		Rows                 []string     `json:"rows"`
		Cols                 []string     `json:"cols"`
		Cells                []reach.Cell `json:"cells"`
		PrivateEndpoints     []string     `json:"privateEndpoints,omitempty"`
		PrivateEndpointCells []reach.Cell `json:"privateEndpointCells,omitempty"`
	}
	out := matrix{Rows: nonNil(m.Rows), Cols: nonNil(m.Cols), Cells: []reach.Cell{}, PrivateEndpoints: pes, PrivateEndpointCells: peCells}
	for _, c := range m.All() {
		out.Cells = append(out.Cells, c)
	}
	if len(pes) > 0 {
		out.PrivateEndpointCells = nonNil(peCells)
	}
	return out
}

// nonNil is s, or an empty slice for nil.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// writeInternetCSV writes `reach --from Internet --format csv`: the header
// row (the matrix's columns and the public entry), then one row per public
// entry point, from the Internet address src (the probe when invalid).
func writeInternetCSV(w io.Writer, src netip.Addr, cells []reach.InternetCell) error {
	from := trace.InternetSource
	if src.IsValid() {
		from += " (" + src.String() + ")"
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(append(slices.Clone(matrixCSVHeader), "entry")); err != nil {
		return err
	}
	for _, c := range cells {
		if err := cw.Write([]string{from, c.To, c.Disposition.String(), c.Reason, c.Entry}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// matrixCSVHeader is the header row of `reach --format csv`.
var matrixCSVHeader = []string{"from", "to", "disposition", "reason"}

// writeMatrixCSV writes m as CSV (RFC 4180: CRLF line ends, fields quoted
// when they hold a comma, quote or line break): the header row, then one
// row per cell in the matrix's order (rows, then columns, as sorted by
// reach.Compute), each row followed by its cells to the private endpoints.
func writeMatrixCSV(w io.Writer, m *reach.Matrix, privateEndpoints []reach.Cell) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(matrixCSVHeader); err != nil {
		return err
	}
	for c := range m.CellsWith(privateEndpoints) {
		if err := cw.Write([]string{c.From, c.To, c.Disposition.String(), c.Reason}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
