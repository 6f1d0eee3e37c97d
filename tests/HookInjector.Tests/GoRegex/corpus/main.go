// Command corpus records what Go's regexp package does with every case in cases.txt, so the C#
// translator can be checked against real Go results (GoRegexCorpusTests reads corpus.json).
// It is not run by the build or CI; rerun it after editing cases.txt:
//
//	go run main.go < cases.txt > corpus.json
//
// cases.txt: one case per line, TAB-separated: the pattern, then the inputs to match. A field in
// double quotes is a Go string literal (for newlines, tabs, empty strings); any other field is taken
// verbatim. Lines starting with '#' are comments.
//
// hook-injector follows Go 1.22 and later, which accept (?<name>expr) as well as (?P<name>expr).
// When run with an older Go (Debian bookworm ships 1.19), the generator emulates that by
// compiling (?P<...> in place of (?<...> and mapping the spelling back in error messages.
// Go before 1.20 also reported an over-large program as "regexp/syntax: internal error"; newer Go
// says "expression too large", which is what is recorded.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

type inputResult struct {
	Input string `json:"input"`
	Match bool   `json:"match"`
}

type corpusCase struct {
	Line    int           `json:"line"`
	Pattern string        `json:"pattern"`
	Error   string        `json:"error,omitempty"`
	Inputs  []inputResult `json:"inputs,omitempty"`
}

type corpus struct {
	GoVersion string       `json:"goVersion"`
	Cases     []corpusCase `json:"cases"`
}

func field(text string, line int) string {
	if !strings.HasPrefix(text, `"`) {
		return text
	}
	value, err := strconv.Unquote(text)
	if err != nil {
		fmt.Fprintf(os.Stderr, "line %d: bad quoted field %s: %v\n", line, text, err)
		os.Exit(1)
	}
	return value
}

// acceptsAngleNamedGroups reports whether this Go parses (?<name>expr) itself (Go 1.22+).
func acceptsAngleNamedGroups() bool {
	_, err := regexp.Compile(`(?<n>a)`)
	return err == nil
}

func compile(pattern string) (*regexp.Regexp, error) {
	re, err := compileAsGo122(pattern)
	if err != nil {
		err = fmt.Errorf("%s", strings.Replace(err.Error(), "regexp/syntax: internal error", "expression too large", 1))
	}
	return re, err
}

func compileAsGo122(pattern string) (*regexp.Regexp, error) {
	if acceptsAngleNamedGroups() {
		return regexp.Compile(pattern)
	}
	// Go 1.22 treats "(?<" followed by at least one more byte as a named group, exactly like "(?P<".
	var rewritten strings.Builder
	for i := 0; i < len(pattern); i++ {
		if strings.HasPrefix(pattern[i:], "(?<") && len(pattern)-i > 3 && (i == 0 || pattern[i-1] != '\\') {
			rewritten.WriteString("(?P<")
			i += 2
			continue
		}
		rewritten.WriteByte(pattern[i])
	}
	re, err := regexp.Compile(rewritten.String())
	if err != nil && rewritten.String() != pattern {
		return nil, fmt.Errorf("%s", strings.ReplaceAll(err.Error(), "(?P<", "(?<"))
	}
	return re, err
}

func main() {
	out := corpus{GoVersion: runtime.Version()}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; scanner.Scan(); line++ {
		text := scanner.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		c := corpusCase{Line: line}
		fields := strings.Split(text, "\t")
		c.Pattern = field(fields[0], line)
		re, err := compile(c.Pattern)
		if err != nil {
			c.Error = err.Error()
		}
		for _, f := range fields[1:] {
			input := field(f, line)
			if re == nil {
				fmt.Fprintf(os.Stderr, "line %d: inputs given for a pattern Go rejects (%v)\n", line, err)
				os.Exit(1)
			}
			c.Inputs = append(c.Inputs, inputResult{Input: input, Match: re.MatchString(input)})
		}
		out.Cases = append(out.Cases, c)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
