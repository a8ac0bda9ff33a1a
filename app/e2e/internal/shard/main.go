// Command shard shares the end-to-end tests among make test-e2e's test
// processes, which run side by side, so that each has about as much to do:
// it reads the tests' names (e2e.test -test.list output) on standard input
// and how long each took from the file given as argument, and prints one
// line per shard, a -test.run pattern for that shard's tests.
//
// Usage:
//
//	e2e.test -test.list '^Test' | go run ./app/e2e/internal/shard -n 2 app/e2e/testdata/durations.tsv
//
// The tests are given out longest first, each to the shard with the least
// to do so far (the lowest-numbered of those with as much); a test missing
// from the file counts as -default seconds, and a listed test that no
// longer exists is passed over. Each shard runs its tests in the order
// they were listed. Standard error says how long each shard should take.
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	n := flag.Int("n", 2, "the number of shards (1 or more)")
	def := flag.Float64("default", 8, "the seconds a test missing from the durations file counts as")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: shard [-n shards] [-default seconds] durations.tsv < test names")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(os.Stdin, os.Stdout, os.Stderr, flag.Arg(0), *n, *def); err != nil {
		fmt.Fprintln(os.Stderr, "shard:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out, log io.Writer, durationsFile string, n int, def float64) error {
	f, err := os.Open(durationsFile)
	if err != nil {
		return err
	}
	defer f.Close()
	secs, err := readDurations(f)
	if err != nil {
		return fmt.Errorf("%s: %w", durationsFile, err)
	}
	tests, err := readNames(in)
	if err != nil {
		return err
	}
	shards, loads := assign(tests, secs, def, n)
	for i, s := range shards {
		fmt.Fprintf(out, "^(%s)$\n", strings.Join(s, "|"))
		fmt.Fprintf(log, "e2e shard %d: %d tests, about %.0f s\n", i, len(s), loads[i])
	}
	return nil
}

// readDurations reads lines "TestName<tab or spaces>seconds"; blank lines
// and lines starting with # are skipped.
func readDurations(r io.Reader) (map[string]float64, error) {
	secs := map[string]float64{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) != 2 {
			return nil, fmt.Errorf("line %d: want a test's name and its seconds, got %q", line, text)
		}
		s, err := strconv.ParseFloat(fields[1], 64)
		if err != nil || s < 0 {
			return nil, fmt.Errorf("line %d: %q is not a number of seconds", line, fields[1])
		}
		secs[fields[0]] = s
	}
	return secs, sc.Err()
}

// readNames reads the names of the tests, one a line, as go test -list
// prints them: lines that are not a test's name (its final "ok ...") are
// skipped.
func readNames(r io.Reader) ([]string, error) {
	var names []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if name := strings.TrimSpace(sc.Text()); strings.HasPrefix(name, "Test") && !strings.ContainsAny(name, " \t") {
			names = append(names, name)
		}
	}
	return names, sc.Err()
}

// assign shares tests among n shards, longest first, each to the shard
// with the least seconds so far (the first of those on a tie), and
// returns each shard's tests in their listed order and its seconds.
func assign(tests []string, secs map[string]float64, def float64, n int) ([][]string, []float64) {
	weight := func(name string) float64 {
		if s, ok := secs[name]; ok {
			return s
		}
		return def
	}
	order := slices.Clone(tests)
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Or(cmp.Compare(weight(b), weight(a)), strings.Compare(a, b))
	})
	loads := make([]float64, n)
	shardOf := map[string]int{}
	for _, name := range order {
		least := 0
		for i := range loads {
			if loads[i] < loads[least] {
				least = i
			}
		}
		shardOf[name] = least
		loads[least] += weight(name)
	}
	shards := make([][]string, n)
	for _, name := range tests {
		shards[shardOf[name]] = append(shards[shardOf[name]], name)
	}
	return shards, loads
}
