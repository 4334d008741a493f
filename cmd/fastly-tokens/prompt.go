package main

import (
	"context"
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
// next line of stdin. The secret is never printed. Ctrl-C (ctx ending)
// returns at once, with the terminal as it was.
func (e *env) askSecret(ctx context.Context, label string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && e.stdinTerminal {
		fmt.Fprintf(e.stderr, "%s: ", label)
		fd := int(f.Fd())
		state, _ := term.GetState(fd)
		line, err := interruptible(ctx, func() (string, error) {
			b, err := term.ReadPassword(fd)
			return string(b), err
		}, func() {
			if state != nil {
				_ = term.Restore(fd, state)
			}
		})
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", readError(ctx, label, err)
		}
		if s := strings.TrimSpace(line); s != "" {
			return s, nil
		}
		return "", usagef("no %s given", strings.ToLower(label))
	}
	fmt.Fprintf(e.stderr, "%s (from stdin): ", label)
	line, err := interruptible(ctx, e.readLine, func() {})
	fmt.Fprintln(e.stderr)
	return lineOrError(ctx, label, line, err)
}

// askLine asks for a value that may be shown, such as a username.
func (e *env) askLine(ctx context.Context, label string) (string, error) {
	fmt.Fprintf(e.stderr, "%s: ", label)
	line, err := interruptible(ctx, e.readLine, func() {})
	if !e.stdinTerminal || ctx.Err() != nil {
		fmt.Fprintln(e.stderr)
	}
	return lineOrError(ctx, label, line, err)
}

func lineOrError(ctx context.Context, label, line string, err error) (string, error) {
	if s := strings.TrimSpace(line); s != "" && ctx.Err() == nil {
		return s, nil
	}
	if err != nil && err != io.EOF {
		return "", readError(ctx, label, err)
	}
	return "", usagef("%s needed, and stdin has none", strings.ToLower(label))
}

func readError(ctx context.Context, label string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("reading the %s: %w", strings.ToLower(label), err)
}

// interruptible runs read, a blocking read of stdin, until it returns or
// ctx ends (Ctrl-C). Then restore puts the terminal back as it was and the
// read is left behind: the program is about to exit with 130.
func interruptible(ctx context.Context, read func() (string, error), restore func()) (string, error) {
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := read()
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-ctx.Done():
		restore()
		return "", ctx.Err()
	}
}
