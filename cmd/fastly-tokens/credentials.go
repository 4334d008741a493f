package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// credentials are the flags of the commands that create a token.
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
func (cr *credentials) prepare(e *env, cmd *cobra.Command) error {
	switch {
	case cr.password != "" && cr.passwordStdin:
		return usagef("use --password or --password-stdin, not both")
	case cr.password != "" && cr.username == "":
		return usagef("--password needs --username")
	case cmd.Flags().Changed("password"):
		fmt.Fprintln(e.stderr, "fastly-tokens: warning: --password is visible to other users (ps) and in your shell's history; prefer --password-stdin")
	case cr.passwordStdin && e.stdinTerminal:
		// stdin is a person at a terminal: ask as a prompt does, no echo.
		p, err := e.askSecret(cmd.Context(), "Password")
		if err != nil {
			return err
		}
		cr.password = p
	case cr.passwordStdin:
		line, err := interruptible(cmd.Context(), e.readLine, func() {})
		if cmd.Context().Err() != nil {
			return err
		}
		if strings.TrimSpace(line) == "" {
			if err != nil && err != io.EOF {
				return fmt.Errorf("--password-stdin: %w", err)
			}
			return usagef("--password-stdin: stdin has no password")
		}
		cr.password = strings.TrimSpace(line)
	}
	if cr.password != "" && cr.username == "" {
		return usagef("--password needs --username")
	}
	return checkOTP(cr.otp, "--otp")
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
		switch {
		case errors.Is(err, facade.ErrSudoRequired) && cr.password == "" && !cr.askedPassword:
			cr.askedPassword = true
			fmt.Fprintln(e.stderr, "Fastly wants your password to create a token with this key (sudo mode).")
			const hint = "give --username and --password-stdin, or run on a terminal"
			if cr.username == "" {
				u, aerr := e.askLine(ctx, "Username")
				if aerr != nil {
					return v, promptFailed(ctx, aerr, err, hint)
				}
				cr.username = u
			}
			p, aerr := e.askSecret(ctx, "Password")
			if aerr != nil {
				return v, promptFailed(ctx, aerr, err, hint)
			}
			cr.password = p
		case errors.Is(err, facade.ErrTwoFactorRequired) && cr.otp == "" && !cr.askedOTP:
			cr.askedOTP = true
			otp, aerr := e.askSecret(ctx, "One-time password")
			if aerr != nil {
				return v, promptFailed(ctx, aerr, err, "pass --otp CODE, or give it on stdin")
			}
			if aerr = checkOTP(otp, "the one-time password typed"); aerr != nil {
				return v, aerr
			}
			cr.otp = otp
		default:
			return v, err
		}
	}
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

// expiry reads --expires-at or --expires-in; zero means none.
func expiry(cmd *cobra.Command, at string, in time.Duration, now time.Time) (time.Time, error) {
	atSet, inSet := cmd.Flags().Changed("expires-at"), cmd.Flags().Changed("expires-in")
	switch {
	case atSet && inSet:
		return time.Time{}, usagef("use --expires-at or --expires-in, not both")
	case atSet:
		t, err := wire.ParseTime(at)
		if err != nil {
			return time.Time{}, usagef("--expires-at: %q is not an RFC 3339 time like 2030-01-02T15:04:05Z", at)
		}
		return t, nil
	case inSet:
		if in <= 0 {
			return time.Time{}, usagef("--expires-in must be more than zero")
		}
		return now.Add(in).Truncate(time.Second), nil
	}
	return time.Time{}, nil
}

// created prints a new token and, this once, its secret. flaw is what was
// wrong with the answer that brought them (a header that broke the spec, a
// wrong Content-Type), or nil: the secret is shown all the same, since it
// exists only in this answer, and the flaw is said on stderr.
func (a *app) created(t *facade.CreatedToken, flaw error, heading func(token string) string) error {
	a.warnFlawed(flaw)
	o := a.out()
	if o.format == "json" {
		return writeJSON(a.e.stdout, t) // the API's shape, access_token included
	}
	fmt.Fprintln(a.e.stdout, heading(fmt.Sprintf("token %s (%s)", safetext.Escape(t.ID), safetext.Escape(orDash(t.Name)))))
	if err := o.detail(a.e.stdout, t); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.e.stdout, "\nAccess token (shown only now; store it safely):\n  %s\n", safetext.Escape(t.AccessToken.Reveal()))
	return err
}

// warnFlawed says on stderr what was wrong with an answer that brought a
// new token and its secret all the same; nothing when flaw is nil.
func (a *app) warnFlawed(flaw error) {
	if flaw != nil {
		fmt.Fprintf(a.e.stderr, "fastly-tokens: warning: the token was created and its secret is shown, but Fastly's answer was not as documented: %s\n", message(flaw))
	}
}

// unproven explains a create that brought no usable token: its answer
// named a token without its secret, or the answer was lost or unreadable,
// so that a token may have been created; list is the command that shows
// whether it was.
func unproven(err error, list string) error {
	var de *facade.DecodeError
	switch {
	case errors.As(err, &de) && de.TokenID != "":
		id := safetext.Escape(de.TokenID)
		return &notedError{err: err, note: "token " + id + " was created without its secret and cannot be used: revoke it with 'fastly-tokens revoke " + id + "'"}
	case facade.MayHaveActed(err):
		return &notedError{err: err, note: "a token may have been created; see '" + list + "'"}
	}
	return err
}
