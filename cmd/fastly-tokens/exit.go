package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// Exit codes scripts can rely on.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitAuth        = 3
	exitNotFound    = 4
	exitRateLimited = 5
)

// usageError is bad flags or arguments.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// exitCode maps an error to the documented exit codes.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue), errors.Is(err, facade.ErrInvalidInput):
		return exitUsage
	case errors.Is(err, facade.ErrUnauthorized), errors.Is(err, facade.ErrForbidden),
		errors.Is(err, facade.ErrTwoFactorRequired), errors.Is(err, facade.ErrNoToken):
		return exitAuth
	case errors.Is(err, facade.ErrNotFound):
		return exitNotFound
	case errors.Is(err, facade.ErrRateLimited):
		return exitRateLimited
	}
	return exitError
}

// report prints err and returns its exit code.
func report(stderr io.Writer, err error) int {
	code := exitCode(err)
	fmt.Fprintf(stderr, "fastly-tokens: %v\n", err)
	if code == exitUsage {
		fmt.Fprintln(stderr, "Run 'fastly-tokens help' for usage.")
	}
	return code
}
