package main

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"vnetplay/engine/trace"
)

// Flag values that validate themselves: a bad value is refused while the
// flags are parsed, so the command stops with a usage error (exit 2) whose
// one line names the flag, the value and what is accepted, e.g.
//
//	invalid value "70000" for flag -port: want a port number from 0 to 65535

// protocols are the flow protocols the engine knows, spelt as it spells
// them (trace.Flow.Protocol; the Reach panel offers the same).
func protocols() []string { return []string{"Tcp", "Udp", "Icmp", "Any"} }

// protocolValue is a flow protocol, accepted in any case and stored as
// the engine spells it.
type protocolValue string

func (p *protocolValue) String() string { return string(*p) }

func (p *protocolValue) Set(s string) error {
	for _, name := range protocols() {
		if strings.EqualFold(s, name) {
			*p = protocolValue(name)
			return nil
		}
	}
	return fmt.Errorf("want one of %s (any case)", strings.Join(protocols(), ", "))
}

// portValue is a TCP or UDP port number.
type portValue int

func (p *portValue) String() string { return strconv.Itoa(int(*p)) }

func (p *portValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 65535 {
		return errors.New("want a port number from 0 to 65535")
	}
	*p = portValue(n)
	return nil
}

// durationValue is a positive duration.
type durationValue time.Duration

func (d *durationValue) String() string { return time.Duration(*d).String() }

func (d *durationValue) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		return errors.New("want a positive duration such as 30s, 2m or 1h")
	}
	*d = durationValue(v)
	return nil
}

// flowFlags registers --protocol and --port, with the engine's defaults.
func flowFlags(fs *flag.FlagSet) (*protocolValue, *portValue) {
	proto, port := protocolValue(trace.DefaultProtocol), portValue(trace.DefaultDstPort)
	fs.Var(&proto, "protocol", "flow `protocol`: "+strings.Join(protocols(), ", ")+" (any case)")
	fs.Var(&port, "port", "destination `port`, 0 to 65535 (Tcp and Udp)")
	return &proto, &port
}

// defaultTimeout bounds spof and reach unless --timeout says otherwise. It
// is short enough that a design too big to finish (1,000 NVAs in a loop:
// minutes of walks) still stops with partial results and a message within
// 10 s on a loaded 2-core machine (loading the file and the step in
// progress when time runs out are not interruptible), and long enough for
// every built-in scenario and the benchmark designs up to HubSpoke-20-P1000
// (under a second) to finish.
const defaultTimeout = 5 * time.Second

// timeoutFlag registers --timeout.
func timeoutFlag(fs *flag.FlagSet) *time.Duration {
	d := durationValue(defaultTimeout)
	fs.Var(&d, "timeout", "stop after this `duration` (positive: 30s, 10m, 1h) and print the partial results; exit status 3")
	return (*time.Duration)(&d)
}

// parseIP parses an IP address flag value; a bad one is a usage error.
func parseIP(name, s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, usageError("--%s %q is not an IP address (want e.g. 10.1.2.4)", name, s)
	}
	return a, nil
}

// Output formats (--format).
const (
	formatText = "text"
	formatJSON = "json"
	formatCSV  = "csv"
)

// formatValue is a command's output format, one of allowed (lower case
// as given, any case accepted).
type formatValue struct {
	value   string
	allowed []string
}

func (f *formatValue) String() string { return f.value }

func (f *formatValue) Set(s string) error {
	for _, a := range f.allowed {
		if strings.EqualFold(s, a) {
			f.value = a
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(f.allowed, ", "))
}

// formatFlags registers --format (text by default, or one of more) and
// --json, its shorthand for --format json; resolve the pair with pick.
func formatFlags(fs *flag.FlagSet, more ...string) (*formatValue, *bool) {
	f := &formatValue{value: formatText, allowed: append([]string{formatText}, more...)}
	fs.Var(f, "format", "output `format`: "+strings.Join(f.allowed, ", "))
	return f, fs.Bool("json", false, "JSON output (--format json)")
}

// pick is the format --format and --json ask for together; --json with
// another --format than json is a usage error.
func (f *formatValue) pick(asJSON bool) (string, error) {
	if !asJSON {
		return f.value, nil
	}
	if f.value != formatText && f.value != formatJSON {
		return "", usageError("--json and --format %s disagree: give one of them", f.value)
	}
	return formatJSON, nil
}
