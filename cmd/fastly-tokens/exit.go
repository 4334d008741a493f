package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Exit codes scripts can rely on.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitAuth        = 3
	exitNotFound    = 4
	exitRateLimited = 5
	exitPartial     = 6
	exitFindings    = 7
	exitInterrupted = 130
)

// usageError is bad flags or arguments; hint, when set, is printed on the
// lines after the message, as it is (it holds no server text).
type usageError struct{ msg, hint string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// partialError is a bulk revoke that revoked some tokens and not others.
type partialError struct{ err error }

func (e *partialError) Error() string { return e.err.Error() }
func (e *partialError) Unwrap() error { return e.err }

// notedError is err with what the user should know of it beyond its text:
// what may have happened and how to check. The note is the command's own
// text, and it is kept when the run was interrupted, so that Ctrl-C during
// a write that was sent still says what the write may have done.
type notedError struct {
	err  error
	note string
}

func (e *notedError) Error() string { return e.err.Error() + "; " + e.note }
func (e *notedError) Unwrap() error { return e.err }

// findingsError is audit --fail finding something.
type findingsError struct{ n int }

func (e *findingsError) Error() string {
	return fmt.Sprintf("audit found %d token(s) that need attention", e.n)
}

// exitCode maps an error to the documented exit codes.
func exitCode(err error, interrupted bool) int {
	var ue *usageError
	var pe *partialError
	var fe *findingsError
	var oe *facade.OwnerError
	var ke *authError
	switch {
	case err == nil:
		return exitOK
	case interrupted, errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.As(err, &pe):
		return exitPartial
	case errors.As(err, &fe):
		return exitFindings
	case errors.As(err, &ue), errors.Is(err, facade.ErrInvalidInput), errors.As(err, &oe):
		return exitUsage
	case errors.As(err, &ke), errors.Is(err, facade.ErrUnauthorized), errors.Is(err, facade.ErrForbidden),
		errors.Is(err, facade.ErrTwoFactorRequired), errors.Is(err, facade.ErrNoToken):
		return exitAuth
	case errors.Is(err, facade.ErrNotFound):
		return exitNotFound
	case errors.Is(err, facade.ErrRateLimited):
		return exitRateLimited
	}
	return exitError
}

// nextStep is what the user can do about err, beyond what message says;
// "" when there is nothing to add. It names where the key came from, never
// the key.
func (a *app) nextStep(err error) string {
	var rl *facade.RateLimitError
	var ae *facade.APIError
	if !errors.As(err, &ae) {
		return ""
	}
	src := safetext.Escape(a.src)
	if src == "" {
		src = "the command line"
	}
	switch {
	case errors.As(err, &rl):
		now := a.e.now()
		wait, ok := rl.Wait(now)
		if !ok {
			return "Fastly did not say when its write budget resets; wait a few minutes before trying again."
		}
		at := now.Add(wait)
		return fmt.Sprintf("Fastly's write budget for this key is spent; try again after %s (%s).",
			at.UTC().Format(time.RFC3339), relative(at, now, "now"))
	case errors.Is(err, facade.ErrKeyExpired):
		return fmt.Sprintf("The key from %s has expired: create a new one (https://manage.fastly.com/account/personal/tokens, or 'fastly auth login') and use it instead.", src)
	case errors.Is(err, facade.ErrInvalidKey), errors.Is(err, facade.ErrUnauthorized):
		return fmt.Sprintf("Fastly did not accept the key from %s: check it, or choose another with --token-file or --profile.", src)
	case errors.Is(err, facade.ErrReadOnlyKey):
		return fmt.Sprintf("The key from %s is read-only (scope %s); %s needs a key with the %s scope.", src, gen.ScopeGlobalRead, ae.Operation(), gen.ScopeGlobal)
	}
	return ""
}

// flagOf names the flag behind a facade input field, so that errors speak
// the command line's language.
var flagOf = map[facade.Field]string{
	facade.FieldName: "--name", facade.FieldScope: "--scope", facade.FieldServiceID: "--service",
	facade.FieldCustomerID: "--customer", facade.FieldCredentials: "--username and --password",
	facade.FieldUsername: "--username", facade.FieldOTP: "--otp", facade.FieldBaseURL: "--base-url",
	facade.FieldDuration: "--expiring-within",
}

// flagsToPass are the fields whose error means a value is missing rather
// than wrong: the message says what to pass.
var flagsToPass = map[facade.Field]string{facade.FieldExpiry: "--expires-in or --expires-at"}

// hiddenKey stands in for an argument shaped like an API key.
const hiddenKey = "(a value shaped like an API key, not shown)"

// hideKeys is text about the command line args (a usage error, which may
// quote an argument, a path or a flag's value) with every argument shaped
// like an API key left out: a key given in the wrong place must not reach
// the terminal, a log or a CI transcript.
func hideKeys(text string, args []string) string {
	for _, arg := range args {
		_, value, isFlag := strings.Cut(arg, "=")
		for _, v := range []string{arg, value} {
			if (v == arg || isFlag) && wire.SecretShaped(v) {
				text = strings.ReplaceAll(text, v, hiddenKey)
			}
		}
	}
	return text
}

// message is what the user reads for err: in the command line's terms, one
// "fastly-tokens:" prefix, and nothing a terminal would obey.
func message(err error) string {
	var ie *facade.InputError
	var oe *facade.OwnerError
	var noted *notedError
	switch {
	case errors.Is(err, facade.ErrNoToken):
		return "no API key: pass --token-file FILE, set FASTLY_API_TOKEN, or sign in with Fastly's CLI ('fastly auth login'); or try --demo"
	case errors.As(err, &oe):
		return fmt.Sprintf("token %s belongs to user %s: rotating it would make a new token owned by you (%s) and revoke theirs; pass --allow-owner-change to go on",
			safetext.Escape(oe.TokenID), safetext.Escape(oe.Owner), safetext.Escape(oe.Caller))
	case errors.Is(err, facade.ErrSelfID):
		return `"self" names the token in use: use 'fastly-tokens whoami' or 'fastly-tokens revoke-current'`
	case errors.As(err, &ie):
		if flags, ok := flagsToPass[ie.Field]; ok {
			return fmt.Sprintf("%s: pass %s", ie.Reason, flags)
		} else if flag, ok := flagOf[ie.Field]; ok {
			return fmt.Sprintf("%s: %s", flag, ie.Reason)
		}
		return fmt.Sprintf("%s %s", ie.Field, ie.Reason)
	case errors.As(err, &noted) && (errors.Is(err, context.Canceled) || errors.Is(err, errInterrupted)):
		return "interrupted; " + noted.note
	case errors.Is(err, context.Canceled), errors.Is(err, errInterrupted):
		return "interrupted"
	}
	return safetext.Escape(err.Error())
}
