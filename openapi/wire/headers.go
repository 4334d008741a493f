package wire

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names, as the spec spells them.
const (
	HeaderRateLimitRemaining = "Fastly-RateLimit-Remaining"
	HeaderRateLimitReset     = "Fastly-RateLimit-Reset"
	HeaderRetryAfter         = "Retry-After"
)

// The headers' keys in canonical form, computed once: Header.Get would
// canonicalise (and allocate) on every call.
var (
	keyRemaining  = http.CanonicalHeaderKey(HeaderRateLimitRemaining)
	keyReset      = http.CanonicalHeaderKey(HeaderRateLimitReset)
	keyRetryAfter = http.CanonicalHeaderKey(HeaderRetryAfter)
)

var (
	errBadCount      = errors.New("not a non-negative integer")
	errBadRetryAfter = errors.New("neither delay-seconds nor an HTTP-date")
)

// parseCount reads a header the spec types "integer, minimum: 0", the way
// the validator reads integer headers (strconv.ParseInt, base 10).
func parseCount(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errBadCount
	}
	return n, nil
}

// RateLimitRemaining is the Fastly-RateLimit-Remaining header: how many
// writes are left in the current window. Valid is false when the response
// did not carry it.
type RateLimitRemaining struct {
	N     int64
	Valid bool
}

// UnmarshalText implements encoding.TextUnmarshaler; gen binds the header
// through it.
func (r *RateLimitRemaining) UnmarshalText(b []byte) error {
	n, err := parseCount(string(b))
	if err != nil {
		return err
	}
	*r = RateLimitRemaining{N: n, Valid: true}
	return nil
}

// RateLimitReset is the Fastly-RateLimit-Reset header: when the window
// resets, sent as Unix epoch seconds. The zero value means absent.
type RateLimitReset struct{ time.Time }

// MaxEpoch bounds Fastly-RateLimit-Reset, as the spec's maximum does: the
// last second of year 9999, past which a time.Duration to it overflows.
const MaxEpoch = 253402300799

var errBadEpoch = errors.New("not epoch seconds up to the year 9999")

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *RateLimitReset) UnmarshalText(b []byte) error {
	n, err := parseCount(string(b))
	if err != nil || n > MaxEpoch {
		return errBadEpoch
	}
	r.Time = time.Unix(n, 0).UTC()
	return nil
}

// RateLimit is what a response says of the write budget. The zero value
// means the response said nothing (GET responses never do).
type RateLimit struct {
	Remaining RateLimitRemaining
	Reset     RateLimitReset
}

// ReadRateLimit reads the two rate-limit headers. An absent header stays
// zero; one that breaks its type is an error naming the header (never its
// value, which is server input).
func ReadRateLimit(h http.Header) (RateLimit, error) {
	var rl RateLimit
	if v, ok := first(h, keyRemaining); ok {
		if err := rl.Remaining.UnmarshalText([]byte(v)); err != nil {
			return RateLimit{}, headerError(HeaderRateLimitRemaining, err)
		}
	}
	if v, ok := first(h, keyReset); ok {
		if err := rl.Reset.UnmarshalText([]byte(v)); err != nil {
			return RateLimit{}, headerError(HeaderRateLimitReset, err)
		}
	}
	return rl, nil
}

// RetryAfter is the Retry-After header (RFC 9110, section 10.2.3): a delay
// in seconds or an HTTP-date. Exactly one of Delay and Date is set when
// Valid.
type RetryAfter struct {
	Delay time.Duration
	Date  time.Time
	Valid bool
}

// ParseRetryAfter reads a Retry-After value. The validator registers it for
// the spec's "format: retry-after".
func ParseRetryAfter(s string) (RetryAfter, error) {
	if s != "" && isDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n > int64(maxRetryAfter/time.Second) {
			return RetryAfter{}, errBadRetryAfter
		}
		return RetryAfter{Delay: time.Duration(n) * time.Second, Valid: true}, nil
	}
	t, err := http.ParseTime(s)
	if err != nil {
		return RetryAfter{}, errBadRetryAfter
	}
	return RetryAfter{Date: t.UTC(), Valid: true}, nil
}

// maxRetryAfter bounds delay-seconds so that a Duration cannot overflow.
const maxRetryAfter = 100 * 365 * 24 * time.Hour

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *RetryAfter) UnmarshalText(b []byte) error {
	v, err := ParseRetryAfter(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Wait is how long the header asks a client to wait, counted from now; a
// date in the past is no wait.
func (r RetryAfter) Wait(now time.Time) time.Duration {
	if !r.Valid {
		return 0
	}
	if !r.Date.IsZero() {
		return max(r.Date.Sub(now), 0)
	}
	return r.Delay
}

// ReadRetryAfter reads the Retry-After header of h; absent is the zero
// value.
func ReadRetryAfter(h http.Header) (RetryAfter, error) {
	v, ok := first(h, keyRetryAfter)
	if !ok {
		return RetryAfter{}, nil
	}
	r, err := ParseRetryAfter(v)
	if err != nil {
		return RetryAfter{}, headerError(HeaderRetryAfter, err)
	}
	return r, nil
}

// first returns the first value of a header, as gen and the validator read
// it; key is canonical.
func first(h http.Header, key string) (string, bool) {
	vs := h[key]
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

func isDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// HeaderError is a response header that breaks the type the spec gives it.
type HeaderError struct {
	Header string
	Err    error
}

func (e *HeaderError) Error() string { return "header " + e.Header + ": " + e.Err.Error() }

func (e *HeaderError) Unwrap() error { return e.Err }

func headerError(name string, err error) error { return &HeaderError{Header: name, Err: err} }
