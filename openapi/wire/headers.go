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
	HeaderKey                = "Fastly-Key"      // the API key
	HeaderOTP                = "Fastly-OTP"      // a one-time password
	HeaderTraceID            = "Fastly-Trace-Id" // Fastly's id of a request, for support
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

// The header types below bind leniently: UnmarshalText never fails, and a
// value that breaks its type is kept as Err (a *HeaderError naming the
// header, never quoting it). gen's Parse*Response binds headers after it
// has decoded the body and drops the body when a binding fails; a malformed
// rate-limit header must not cost a caller the new token's secret that the
// body holds. The facade reads Err and reports it beside the result.

// RateLimitRemaining is the Fastly-RateLimit-Remaining header: how many
// writes are left in the current window. Valid is false when the response
// did not carry it or Err is set.
type RateLimitRemaining struct {
	N     int64
	Valid bool
	Err   error
}

// UnmarshalText implements encoding.TextUnmarshaler; gen binds the header
// through it. It always returns nil: see Err.
func (r *RateLimitRemaining) UnmarshalText(b []byte) error {
	n, err := parseCount(string(b))
	if err != nil {
		*r = RateLimitRemaining{Err: headerError(HeaderRateLimitRemaining, err)}
		return nil
	}
	*r = RateLimitRemaining{N: n, Valid: true}
	return nil
}

// RateLimitReset is the Fastly-RateLimit-Reset header: when the window
// resets, sent as Unix epoch seconds. A zero Time means absent or Err.
type RateLimitReset struct {
	time.Time
	Err error
}

// MaxEpoch bounds Fastly-RateLimit-Reset, as the spec's maximum does: the
// last second of year 9999, past which a time.Duration to it overflows.
const MaxEpoch = 253402300799

var errBadEpoch = errors.New("not epoch seconds up to the year 9999")

// UnmarshalText implements encoding.TextUnmarshaler. It always returns
// nil: see Err.
func (r *RateLimitReset) UnmarshalText(b []byte) error {
	n, err := parseCount(string(b))
	if err != nil || n > MaxEpoch {
		*r = RateLimitReset{Err: headerError(HeaderRateLimitReset, errBadEpoch)}
		return nil
	}
	*r = RateLimitReset{Time: time.Unix(n, 0).UTC()}
	return nil
}

// RateLimit is what a response says of the write budget. The zero value
// means the response said nothing (GET responses never do).
type RateLimit struct {
	Remaining RateLimitRemaining
	Reset     RateLimitReset
}

// Err is the first header of the two that broke its type, or nil.
func (rl RateLimit) Err() error {
	if rl.Remaining.Err != nil {
		return rl.Remaining.Err
	}
	return rl.Reset.Err
}

// ReadRateLimit reads the two rate-limit headers as gen binds them. An
// absent header stays zero; one that breaks its type keeps its error
// (RateLimit.Err), which names the header, never its value (server input).
func ReadRateLimit(h http.Header) RateLimit {
	var rl RateLimit
	if v, ok := first(h, keyRemaining); ok {
		_ = rl.Remaining.UnmarshalText([]byte(v))
	}
	if v, ok := first(h, keyReset); ok {
		_ = rl.Reset.UnmarshalText([]byte(v))
	}
	return rl
}

// RetryAfter is the Retry-After header (RFC 9110, section 10.2.3): a delay
// in seconds or an HTTP-date. Exactly one of Delay and Date is set when
// Valid; Err is set when the header broke its type.
type RetryAfter struct {
	Delay time.Duration
	Date  time.Time
	Valid bool
	Err   error
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

// UnmarshalText implements encoding.TextUnmarshaler. It always returns
// nil: see Err.
func (r *RetryAfter) UnmarshalText(b []byte) error {
	v, err := ParseRetryAfter(string(b))
	if err != nil {
		v = RetryAfter{Err: headerError(HeaderRetryAfter, err)}
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

// ReadRetryAfter reads the Retry-After header of h as gen binds it; absent
// is the zero value, a malformed one has Err.
func ReadRetryAfter(h http.Header) RetryAfter {
	var r RetryAfter
	if v, ok := first(h, keyRetryAfter); ok {
		_ = r.UnmarshalText([]byte(v))
	}
	return r
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

// HeaderSafe reports whether s may go into a header value or a form field
// as it is: no line break or NUL, which would end the value early and
// smuggle in another header (or field). It is the module's one check
// before a key, a user agent, a username or a secret goes on the wire.
func HeaderSafe(s string) bool { return !strings.ContainsAny(s, "\r\n\x00") }
