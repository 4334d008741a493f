package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// credentials are the flags of the commands that create a token: what
// Fastly may want besides the key (sudo mode, a one-time password).
type credentials struct {
	username, password, otp string
	passwordStdin           bool
	askedPassword, askedOTP bool
}

func (cr *credentials) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Var(newText(&cr.username), "username", "your `login`, which Fastly checks with your password (asked for when needed)")
	f.Var(newText(&cr.password), "password", "your `password`; other users can see it in ps: prefer --password-stdin")
	f.BoolVar(&cr.passwordStdin, "password-stdin", false, "read your password from the first line of stdin")
	f.Var(newText(&cr.otp), "otp", "one-time password `CODE`, for two-factor accounts (asked for when needed)")
}

// prepare checks the flags and reads --password-stdin before any request.
func (cr *credentials) prepare(b *base) error {
	switch {
	case cr.password != "" && cr.passwordStdin:
		return usagef("use --password or --password-stdin, not both")
	case cr.password != "" && cr.username == "":
		return usagef("--password needs --username")
	case b.changed("password"):
		fmt.Fprintln(b.e.stderr, "fastly-tokens: warning: --password is visible to other users (ps) and in your shell's history; prefer --password-stdin")
	case cr.passwordStdin && b.e.stdinTerminal:
		// stdin is a person at a terminal: ask as a prompt does, no echo.
		p, err := b.e.askSecret(b.ctx, "Password")
		if err != nil {
			return err
		}
		cr.password = p
	case cr.passwordStdin:
		if err := cr.readPasswordLine(b); err != nil {
			return err
		}
	}
	if cr.password != "" && cr.username == "" {
		return usagef("--password needs --username")
	}
	return checkOTP(cr.otp, "--otp")
}

// readPasswordLine reads --password-stdin's line of a stdin that is no
// terminal.
func (cr *credentials) readPasswordLine(b *base) error {
	line, err := interruptible(b.ctx, b.e.readLine, func() {})
	if b.ctx.Err() != nil {
		return err
	}
	if strings.TrimSpace(line) == "" {
		if err != nil && err != io.EOF {
			return fmt.Errorf("--password-stdin: %w", err)
		}
		return usagef("--password-stdin: stdin has no password")
	}
	cr.password = strings.TrimSpace(line)
	return nil
}

// withCredentials runs call with the credentials there are. When Fastly
// wants sudo mode and no password was given, it asks for the username
// (unless given) and the password, then goes on; when the account wants a
// one-time password and none was given, it asks for that. Each is asked
// once: without echo on a terminal, as the next line of stdin otherwise.
func withCredentials[T any](ctx context.Context, e *env, cr *credentials, call func(username string, password, otp wire.Secret) (T, error)) (T, error) {
	for {
		username := cr.username
		if cr.password == "" {
			username = "" // the two go together; the username waits for a password
		}
		v, err := call(username, wire.Secret(cr.password), wire.Secret(cr.otp))
		var asked error
		switch {
		case errors.Is(err, facade.ErrSudoRequired) && cr.password == "" && !cr.askedPassword:
			asked = cr.askPassword(ctx, e, err)
		case errors.Is(err, facade.ErrTwoFactorRequired) && cr.otp == "" && !cr.askedOTP:
			asked = cr.askOTP(ctx, e, err)
		default:
			return v, err
		}
		if asked != nil {
			return v, asked
		}
	}
}

// askPassword asks for the username (unless given) and the password that
// sudo mode wants; err is the error that asked for them.
func (cr *credentials) askPassword(ctx context.Context, e *env, err error) error {
	cr.askedPassword = true
	fmt.Fprintln(e.stderr, "Fastly wants your password to create a token with this key (sudo mode).")
	const hint = "give --username and --password-stdin, or run on a terminal"
	if cr.username == "" {
		u, aerr := e.askLine(ctx, "Username")
		if aerr != nil {
			return promptFailed(ctx, aerr, err, hint)
		}
		cr.username = u
	}
	p, aerr := e.askSecret(ctx, "Password")
	if aerr != nil {
		return promptFailed(ctx, aerr, err, hint)
	}
	cr.password = p
	return nil
}

// askOTP asks for the one-time password a two-factor account wants.
func (cr *credentials) askOTP(ctx context.Context, e *env, err error) error {
	cr.askedOTP = true
	otp, aerr := e.askSecret(ctx, "One-time password")
	if aerr != nil {
		return promptFailed(ctx, aerr, err, "pass --otp CODE, or give it on stdin")
	}
	if aerr = checkOTP(otp, "the one-time password typed"); aerr != nil {
		return aerr
	}
	cr.otp = otp
	return nil
}

// promptFailed is what a prompt that got no answer (aerr) makes of the
// error that asked for it: the interrupt itself after Ctrl-C (a signal, or
// a byte typed in raw mode), else err with a hint of how to give it.
func promptFailed(ctx context.Context, aerr, err error, hint string) error {
	if ctx.Err() != nil || errors.Is(aerr, errInterrupted) {
		return aerr
	}
	return fmt.Errorf("%w (%s)", err, hint)
}
