package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestNoShortWallClockBounds: no test outside a benchmark bounds the clock below a second — a
// test bounds work by counting steps (network.Meter), and a bound a busy laptop can miss is a
// flaky test. It reads every _test.go file for a comparison of a measured duration (time.Since,
// or a variable named took, elapsed or by) with a duration below one second, and for table
// rows that pair a measured bound with one.
func TestNoShortWallClockBounds(t *testing.T) {
	measured := regexp.MustCompile(`(time\.Since\([^)]*\)|\btook\b|\belapsed\b|\bc\.by\b)\s*[<>]=?\s*([0-9.]+\s*\*\s*)?time\.(Nanosecond|Microsecond|Millisecond|Second)`)
	literal := regexp.MustCompile(`([0-9.]+)\s*\*\s*time\.(Nanosecond|Microsecond|Millisecond|Second)|time\.(Nanosecond|Microsecond|Millisecond)\b`)
	found := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") && path != "." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_bench_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		inBench := false
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "func ") {
				inBench = strings.HasPrefix(line, "func Benchmark")
			}
			if inBench {
				continue
			}
			m := measured.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			found++
			for _, l := range literal.FindAllStringSubmatch(line[strings.Index(line, m[0]):], -1) {
				if d := duration(l); d > 0 && d < time.Second {
					t.Errorf("%s:%d bounds the clock at %v: %s", path, i+1, d, strings.TrimSpace(line))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Error("no measured duration found at all: the pattern is broken")
	}
}

// duration evaluates "N * time.Unit" or "time.Unit".
func duration(m []string) time.Duration {
	units := map[string]time.Duration{"Nanosecond": time.Nanosecond, "Microsecond": time.Microsecond, "Millisecond": time.Millisecond, "Second": time.Second}
	if m[3] != "" {
		return units[m[3]]
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0
	}
	return time.Duration(n * float64(units[m[2]]))
}
