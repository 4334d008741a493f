package main

import (
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// env is what a command runs with: the process's streams, environment and
// clock, and what the streams are.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	lookupEnv      func(string) (string, bool) // os.LookupEnv in main
	now            func() time.Time
	// Where Fastly's CLI keeps its config: os.UserConfigDir and
	// os.UserHomeDir in main, the test's own directories in tests.
	userConfigDir, userHomeDir func() (string, error)

	stdinTerminal  bool
	stdoutTerminal bool
	stderrTerminal bool
	width          int // stdout's columns when it is a terminal, else 0
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) *env {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, lookupEnv: lookupEnv, now: time.Now,
		userConfigDir: os.UserConfigDir, userHomeDir: os.UserHomeDir}
	e.stdinTerminal = isTerminal(stdin)
	e.stderrTerminal = isTerminal(stderr)
	if isTerminal(stdout) {
		e.stdoutTerminal = true
		if w, _, err := term.GetSize(int(stdout.(*os.File).Fd())); err == nil {
			e.width = w
		}
	}
	return e
}

// isTerminal reports whether v is a file that is a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
