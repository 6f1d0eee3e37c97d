// Command regex-go times Go's regexp on the pathological patterns and inputs of
// bench/HookInjector.Benchmarks/GoRegex (PathologicalPatternBenchmarks, PathologicalInputs.cs), so
// the C# engine can be compared with Go's on the same machine in the same run. run.sh builds it
// with the Go 1.23 that tests/HookInjector.Tests/GoRegex/regenerate.sh unpacks.
//
// Each pattern is compiled once, as the C# plugin does (the Go plugin recompiles on every match,
// which only adds to Go's figures); then MatchString runs on the input until a second has passed,
// and the minimum and median per call are printed.
package main

import (
	"flag"
	"fmt"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
)

// input builds the same string as PathologicalInputs.For in C#.
func input(pattern string, length int) string {
	var b strings.Builder
	switch pattern {
	case "[ab]*a[ab]{20}c":
		state := uint32(2463534242)
		for i := 0; i < length; i++ {
			state ^= state << 13
			state ^= state >> 17
			state ^= state << 5
			if state&1 == 0 {
				b.WriteByte('a')
			} else {
				b.WriteByte('b')
			}
		}
	case "(a*)*b":
		b.WriteString(strings.Repeat("a", length))
	case "(x+x+)+y":
		b.WriteString(strings.Repeat("x", length))
	case "(?:a[a-z]{9}){100}b":
		for i := 0; i < length; i++ {
			if i%10 == 0 {
				b.WriteByte('a')
			} else {
				b.WriteByte('q')
			}
		}
	default:
		for i := 0; i < length; i++ {
			if i%31 == 30 {
				b.WriteString("é")
			} else {
				b.WriteByte('-')
			}
		}
	}
	return b.String()
}

func main() {
	length := flag.Int("length", 100*1024, "input length in characters (UTF-16 units on the C# side)")
	flag.Parse()
	patterns := []string{"[ab]*a[ab]{20}c", "(a*)*b", "(x+x+)+y", "(?:a[a-z]{9}){100}b", `(\pL|\d)*[^\pL\d]{30}!`}
	fmt.Printf("%s, input %d characters\n", runtime.Version(), *length)
	fmt.Printf("%-28s %8s %12s %12s %6s\n", "pattern", "calls", "min", "median", "match")
	for _, pattern := range patterns {
		re := regexp.MustCompile(pattern)
		text := input(pattern, *length)
		var samples []time.Duration
		matched := false
		for start := time.Now(); time.Since(start) < time.Second || len(samples) < 3; {
			began := time.Now()
			matched = re.MatchString(text)
			samples = append(samples, time.Since(began))
		}
		sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
		fmt.Printf("%-28s %8d %12s %12s %6v\n", pattern, len(samples), samples[0], samples[len(samples)/2], matched)
	}
}
