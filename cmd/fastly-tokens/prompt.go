package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"
)

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// promptSecret asks for a secret: without echo on a terminal, otherwise as
// one line of stdin. The secret is never printed.
func promptSecret(e *env, label string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(e.stderr, "%s: ", label)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", strings.ToLower(label), err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	fmt.Fprintf(e.stderr, "%s (from stdin): ", label)
	line, err := readLine(e)
	fmt.Fprintln(e.stderr)
	line = strings.TrimSpace(line)
	if line == "" {
		if err != nil && err != io.EOF {
			return "", fmt.Errorf("reading %s: %w", strings.ToLower(label), err)
		}
		return "", usagef("%s required: none given and stdin has none", strings.ToLower(label))
	}
	return line, nil
}

// promptLine asks for a value that may be shown (a username): a prompt on
// stderr, one line of stdin.
func promptLine(e *env, label string) (string, error) {
	fmt.Fprintf(e.stderr, "%s: ", label)
	line, err := readLine(e)
	line = strings.TrimSpace(line)
	if line == "" {
		if err != nil && err != io.EOF {
			return "", fmt.Errorf("reading %s: %w", strings.ToLower(label), err)
		}
		return "", usagef("%s required: none given and stdin has none", strings.ToLower(label))
	}
	return line, nil
}

// readLine reads one line of stdin, a byte at a time, so that what follows
// stays for the next prompt.
func readLine(e *env) (string, error) {
	var b strings.Builder
	one := make([]byte, 1)
	for {
		n, err := e.stdin.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return b.String(), nil
			}
			b.WriteByte(one[0])
		}
		if err != nil {
			return b.String(), err
		}
	}
}

// parseDuration accepts Go durations and whole days ("30d").
func parseDuration(flagName, s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, usagef("%s: %q is not a duration like 30d or 12h", flagName, s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, usagef("%s: %q is not a duration like 30d or 12h", flagName, s)
	}
	return d, nil
}

// expiry reads --expires-at or --expires-in; zero means none.
func expiry(at, in string, now time.Time) (time.Time, error) {
	switch {
	case at != "" && in != "":
		return time.Time{}, usagef("use --expires-at or --expires-in, not both")
	case at != "":
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return time.Time{}, usagef("--expires-at: %q is not an RFC 3339 time like 2030-01-02T15:04:05Z", at)
		}
		return t, nil
	case in != "":
		d, err := parseDuration("--expires-in", in)
		if err != nil {
			return time.Time{}, err
		}
		if d == 0 {
			return time.Time{}, usagef("--expires-in must be positive")
		}
		return now.Add(d).Truncate(time.Second), nil
	}
	return time.Time{}, nil
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }

func (s *stringList) Set(v string) error {
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
		*s = append(*s, f)
	}
	return nil
}
