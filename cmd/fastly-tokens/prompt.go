package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// readLine reads one line of stdin a byte at a time, so that the next line
// stays for the next reader (a password, then a one-time password).
func (e *env) readLine() (string, error) {
	var b strings.Builder
	one := make([]byte, 1)
	for {
		n, err := e.stdin.Read(one)
		if n == 1 {
			if one[0] == '\n' {
				return strings.TrimRight(b.String(), "\r"), nil
			}
			b.WriteByte(one[0])
		}
		if err != nil {
			return b.String(), err
		}
	}
}

// askSecret asks for a secret: without echo on a terminal, otherwise as the
// next line of stdin. The secret is never printed.
func (e *env) askSecret(label string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && e.stdinTerminal {
		fmt.Fprintf(e.stderr, "%s: ", label)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("reading the %s: %w", strings.ToLower(label), err)
		}
		if s := strings.TrimSpace(string(b)); s != "" {
			return s, nil
		}
		return "", usagef("no %s given", strings.ToLower(label))
	}
	fmt.Fprintf(e.stderr, "%s (from stdin): ", label)
	line, err := e.readLine()
	fmt.Fprintln(e.stderr)
	if s := strings.TrimSpace(line); s != "" {
		return s, nil
	}
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading the %s: %w", strings.ToLower(label), err)
	}
	return "", usagef("%s needed, and stdin has none", strings.ToLower(label))
}

// askLine asks for a value that may be shown, such as a username.
func (e *env) askLine(label string) (string, error) {
	fmt.Fprintf(e.stderr, "%s: ", label)
	line, err := e.readLine()
	if !e.stdinTerminal {
		fmt.Fprintln(e.stderr)
	}
	if s := strings.TrimSpace(line); s != "" {
		return s, nil
	}
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading the %s: %w", strings.ToLower(label), err)
	}
	return "", usagef("%s needed, and stdin has none", strings.ToLower(label))
}
