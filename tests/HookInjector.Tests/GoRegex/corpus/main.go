// Command corpus records what Go's regexp package does with every case in cases.txt, so the C#
// implementation can be checked against real Go results (GoRegexpCorpusTests reads corpus.json).
// It is not run by the build or CI; ../regenerate.sh runs it with the Go it names (Go 1.23, whose
// Unicode 15 tables are those of the containerd and CRI-O builds in use) after cases.txt changes.
// The Go version is recorded in corpus.json.
//
// cases.txt: one case per line, TAB-separated: the pattern, then the inputs to match. A field in
// double quotes is a Go string literal (for newlines, tabs, empty strings, invalid UTF-8); any
// other field is taken verbatim. Lines starting with '#' are comments.
//
// An input with invalid UTF-8 is recorded as encoding/json writes it, each bad byte replaced by
// U+FFFD: exactly the code points Go's matcher reads from it.
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
		re, err := regexp.Compile(c.Pattern)
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
