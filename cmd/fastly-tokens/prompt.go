package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
)

// readLine reads one line of stdin a byte at a time, so that the next line
// stays for the next reader (a password, then a one-time password).
func (e *env) readLine() (string, error) { return e.readLineUpTo(maxLineBytes) }

// maxLineBytes bounds a line typed or piped in answer to a prompt.
const maxLineBytes = 64 << 10

// readLineUpTo is readLine, refusing a line longer than limit bytes.
func (e *env) readLineUpTo(limit int64) (string, error) {
	var b strings.Builder
	one := make([]byte, 1)
	for int64(b.Len()) <= limit {
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
	return "", fmt.Errorf("a line of stdin is longer than %d bytes", limit)
}

// askSecret asks for a secret: without echo on a terminal, otherwise as the
// next line of stdin. The secret is never printed. Ctrl-C (ctx ending)
// returns at once, with the terminal as it was.
func (e *env) askSecret(ctx context.Context, label string) (string, error) {
	if f, ok := e.stdin.(*os.File); ok && e.stdinTerminal {
		// Raw mode, set before the prompt shows and undone only here: the
		// read below cannot turn echo off after an interrupt has put it
		// back, as term.ReadPassword in a goroutine could, and Ctrl-C
		// arrives as a byte rather than a signal.
		fd := int(f.Fd())
		state, err := term.MakeRaw(fd)
		if err != nil {
			return "", readError(ctx, label, err)
		}
		fmt.Fprintf(e.stderr, "%s: ", label)
		line, err := interruptible(ctx, func() (string, error) { return readRaw(f) }, func() {})
		_ = term.Restore(fd, state)
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
	if ctx.Err() != nil {
		return "", ctx.Err() // Ctrl-C wins over a line that came at the same time
	}
	if s := strings.TrimSpace(line); s != "" {
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
	if errors.Is(err, errInterrupted) {
		return err
	}
	return fmt.Errorf("reading the %s: %w", strings.ToLower(label), err)
}

// errInterrupted is Ctrl-C typed at a prompt read in raw mode.
var errInterrupted = errors.New("interrupted")

// readRaw reads a line typed on a terminal in raw mode, nothing echoed:
// Enter ends it, Backspace and Ctrl-U edit it, Ctrl-C is errInterrupted
// and Ctrl-D on an empty line io.EOF; other control keys, arrows and the
// like (escape sequences) are left out.
func readRaw(r io.Reader) (string, error) {
	var line []rune
	var pending []byte // the bytes of a rune still arriving
	esc := 0           // 1 after ESC, 2 inside a sequence ESC [ or ESC O
	one := make([]byte, 1)
	for {
		if _, err := r.Read(one); err != nil {
			return "", err
		}
		switch c := one[0]; {
		case esc == 1 && (c == '[' || c == 'O'):
			esc = 2
		case esc == 1:
			esc = 0
		case esc == 2:
			if c >= 0x40 && c <= 0x7e {
				esc = 0
			}
		case c == 0x1b:
			esc = 1
		case c == 3:
			return "", errInterrupted
		case c == 4 && len(line) == 0:
			return "", io.EOF
		case c == '\r' || c == '\n':
			return string(line), nil
		case c == 127 || c == 8:
			if len(line) > 0 {
				line = line[:len(line)-1]
			}
		case c == 21:
			line = line[:0]
		case c < 0x20:
		default:
			pending = append(pending, c)
			if utf8.FullRune(pending) {
				r, _ := utf8.DecodeRune(pending)
				line, pending = append(line, r), pending[:0]
			}
		}
	}
}

// interruptible runs read, a blocking read of stdin, until it returns or
// ctx ends (Ctrl-C). Then restore puts the terminal back as it was and the
// read is left behind: the program is about to exit with 130.
func interruptible[T any](ctx context.Context, read func() (T, error), restore func()) (T, error) {
	type result struct {
		s   T
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
		var zero T
		return zero, ctx.Err()
	}
}
