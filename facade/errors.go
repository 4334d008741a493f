package facade

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/doer"
	"github.com/seed-14d8318b/fastlytokens/internal/genparse"
	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Sentinel errors, for errors.Is. Errors returned by the Client match the
// one that fits: an *APIError for a 404 matches ErrNotFound, and so on.
// No error text of this package starts with its name: a text is often
// wrapped in another, which would repeat it.
var (
	ErrNotFound          = errors.New("not found")                          // 404
	ErrUnauthorized      = errors.New("unauthorized")                       // 401
	ErrForbidden         = errors.New("forbidden")                          // 403
	ErrRateLimited       = errors.New("rate limited")                       // 429
	ErrTwoFactorRequired = errors.New("two-factor authentication required") // 400 with code 2fa.verify
	ErrBadRequest        = errors.New("bad request")                        // other 400s and 422
	ErrSudoRequired      = errors.New("sudo mode required")                 // 403 "You must POST /sudo…"
	ErrInvalidKey        = errors.New("the API key is missing or invalid")  // 401 or 403 "Provided credentials are missing or invalid"
	ErrKeyExpired        = errors.New("the API key has expired")            // 401 "Token … expired at …"
	ErrReadOnlyKey       = errors.New("the API key is read-only")           // 403 "Read only tokens are not allowed…"
	ErrServer            = errors.New("server error")                       // 5xx
	ErrInvalidInput      = errors.New("invalid input")                      // caught before sending
	ErrNoToken           = errors.New("no API token")                       // a call that needs a key has none
)

// APIError is an error response from the Fastly API, in whichever of its
// shapes it came: legacy {"msg", "detail"}, JSON:API {"errors": […]},
// problem details, or a text or HTML page from a proxy (then Detail holds a
// short excerpt). It never carries the credentials that were sent, even when
// the server echoed them.
type APIError struct {
	op         string // the spec's operationId: see Operation
	StatusCode int
	Title      string // Fastly's "msg", or the "title" of the newer shapes
	Detail     string
	Code       string // e.g. create-token's invalid_grant or 2fa.verify
	TraceID    string // Fastly-Trace-Id, when sent
	RateLimit  RateLimit
	// Err is a contract violation a validating transport found in the
	// response (see package openapi/contract), or nil. The status, not
	// Err, decides which sentinel the error matches.
	Err error

	read bool // the request was a GET; see MayHaveActed
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s: %d %s", e.op, e.StatusCode, http.StatusText(e.StatusCode))
	for _, part := range []string{e.Code, e.Title, e.Detail} {
		if part != "" {
			msg += ": " + part
		}
	}
	if msg = withTrace(msg, e.TraceID); e.Err != nil {
		msg += " [" + e.Err.Error() + "]"
	}
	return msg
}

// withTrace adds Fastly's trace id, when there is one, to an error's text.
func withTrace(msg, traceID string) string {
	if traceID != "" {
		msg += " (trace id " + traceID + ")"
	}
	return msg
}

// Unwrap returns the contract violation, if any.
func (e *APIError) Unwrap() error { return e.Err }

// Operation is the spec's operationId of the call that failed, such as
// "get-token". *DecodeError, *RequestError and *UnknownOutcomeError have
// it too; errors.As(err, &x) with x an interface{ Operation() string }
// finds it in any of them.
func (e *APIError) Operation() string { return e.op }

// Is matches the sentinel errors by status, and by what Fastly's texts
// say beyond it (wire.Refusal).
func (e *APIError) Is(target error) bool {
	for sentinel, r := range refusals { // compared, not looked up: a target may not be hashable
		if target == sentinel {
			return r.In(e.StatusCode, e.Title, e.Detail, e.Code)
		}
	}
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrBadRequest:
		return (e.StatusCode == http.StatusBadRequest && e.Code != wire.CodeTwoFactor) || e.StatusCode == http.StatusUnprocessableEntity
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// refusals are the sentinels that a wire.Refusal tells apart.
var refusals = map[error]wire.Refusal{ErrSudoRequired: wire.RefusedSudo, ErrInvalidKey: wire.RefusedBadCredentials,
	ErrKeyExpired: wire.RefusedKeyExpired, ErrReadOnlyKey: wire.RefusedReadOnly, ErrTwoFactorRequired: wire.RefusedTwoFactor}

// RateLimitError is a 429: the write budget of the window is spent.
// Retrying before RateLimit.Reset is pointless. errors.As finds both it and
// its *APIError.
type RateLimitError struct {
	*APIError
	RetryAfter time.Duration // from Retry-After, when sent
}

func (e *RateLimitError) Error() string {
	msg := e.APIError.Error()
	if !e.RateLimit.Reset.IsZero() {
		msg += "; the budget resets at " + e.RateLimit.Reset.UTC().Format(time.RFC3339)
	}
	return msg
}

// Unwrap returns the *APIError.
func (e *RateLimitError) Unwrap() error { return e.APIError }

// Wait is how long to wait from now before writing again: the answer's
// Retry-After when it carried one, else until the write budget resets.
// ok is false when Fastly said neither.
func (e *RateLimitError) Wait(now time.Time) (wait time.Duration, ok bool) {
	switch {
	case e.RetryAfter > 0:
		return e.RetryAfter, true
	case !e.RateLimit.Reset.IsZero():
		return max(e.RateLimit.Reset.Sub(now), 0), true
	}
	return 0, false
}

// DecodeError is a response that could not be read or decoded: not JSON,
// a bad timestamp, a header of the wrong type, too large. It keeps the
// status. For a create-token response with status 200 the token may exist:
// list the tokens to find it.
type DecodeError struct {
	op         string
	StatusCode int
	TraceID    string
	// TokenID is the id a create-token response named when its secret did
	// not come with it: that token exists and cannot be used; revoke it.
	TokenID string
	Err     error

	read bool // the request was a GET; see MayHaveActed
}

func (e *DecodeError) Error() string {
	return withTrace(fmt.Sprintf("%s: decoding the %d response: %v", e.op, e.StatusCode, e.Err), e.TraceID)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Operation is the spec's operationId of the call.
func (e *DecodeError) Operation() string { return e.op }

// ErrResponseTooLarge is the cause of a DecodeError for a body longer than
// the client's limit (WithMaxResponseBytes).
var ErrResponseTooLarge = doer.ErrTooLarge

// RequestError is a request that got no response: the connection failed,
// the context was cancelled or its deadline passed, or the request was
// refused before it was sent (by a validating transport, say). errors.Is
// sees through it (context.DeadlineExceeded, for one); its text carries no
// secret.
type RequestError struct {
	op     string
	Err    error
	text   string // Err's text, scrubbed
	read   bool   // the request was a GET; see MayHaveActed
	unsent bool   // it never reached the transport
}

func (e *RequestError) Error() string { return e.op + ": " + e.text }

func (e *RequestError) Unwrap() error { return e.Err }

// Operation is the spec's operationId of the call.
func (e *RequestError) Operation() string { return e.op }

// UnknownOutcomeError is a revoke whose outcome is unknown: an attempt's
// answer was lost, and the retry's answer does not tell whether the lost
// attempt was carried out. The retry found the token gone, which the lost
// attempt did if the token existed and which is also what a token that
// never existed looks like (revoke with CheckFirst to know), or the retry
// was refused for another reason (a 429, say). MayHaveActed holds for it.
type UnknownOutcomeError struct {
	op  string
	Err error // the retry's answer
}

func (e *UnknownOutcomeError) Error() string {
	return e.op + ": an attempt's answer was lost, and the retry's answer does not tell whether it was carried out: " + e.Err.Error()
}

func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// Operation is the spec's operationId of the call.
func (e *UnknownOutcomeError) Operation() string { return e.op }

// MayHaveActed reports whether a write that failed with err may all the
// same have been carried out: it was sent and its answer was lost (a
// RequestError other than a failed dial), unreadable (a DecodeError), a
// server error (5xx, which a proxy may send after Fastly acted), or its
// outcome is unknown (UnknownOutcomeError). Check with a list before
// trying again or reporting it undone. A read (GET) changes nothing: its
// failure never may have acted.
func MayHaveActed(err error) bool {
	var lost *RequestError
	var de *DecodeError
	var ae *APIError
	var unknown *UnknownOutcomeError
	switch {
	case errors.As(err, &unknown):
		return true
	case errors.As(err, &lost):
		return !lost.read && !lost.unsent && !retry.NeverSent(lost.Err)
	case errors.As(err, &de):
		return !de.read
	case errors.As(err, &ae):
		return !ae.read && ae.StatusCode >= 500
	}
	return false
}

// InputError is bad input caught before any request is sent.
type InputError struct {
	Field  Field
	Reason string
	Err    error // a sentinel that says more, such as ErrSelfID; nil for most
}

func (e *InputError) Error() string {
	return fmt.Sprintf("invalid %s: %s", e.Field, e.Reason)
}

// Is matches ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// Unwrap returns the sentinel that says more, if any.
func (e *InputError) Unwrap() error { return e.Err }

// BulkRevokeResult is what BulkRevokeTokens did with each id it was given,
// each counted once.
type BulkRevokeResult struct {
	Revoked  []string `json:"revoked"`   // ids revoked
	NotFound []string `json:"not_found"` // ids that name no token the key can see
	// Unknown are the ids of a request that may have been carried out
	// though it failed (MayHaveActed: no answer, an unreadable one, a
	// 5xx): Fastly may have revoked them. List the tokens to know.
	Unknown []string `json:"unknown"`
	Failed  []string `json:"failed"` // ids not revoked because of the error: a refused request's, and the ones not sent
}

// BulkRevokeError reports a bulk revocation that did not revoke every id:
// which were and were not, and why.
type BulkRevokeError struct {
	BulkRevokeResult
	Err error // why; ErrNotFound's error when only NotFound is not empty
}

func (e *BulkRevokeError) Error() string {
	return fmt.Sprintf("bulk revoke: %d revoked, %d not found, %d unknown, %d not revoked: %v",
		len(e.Revoked), len(e.NotFound), len(e.Unknown), len(e.Failed), e.Err)
}

func (e *BulkRevokeError) Unwrap() error { return e.Err }

// RotateError reports a rotation that made a new token but did not finish.
// With Created set, the old token could not be revoked: keep the new one,
// whose secret is shown only now. With only NewID set, the new token's
// secret did not arrive: that token cannot be used, so revoke it; the old
// token was kept.
type RotateError struct {
	Created *CreatedToken
	NewID   string
	Err     error
}

func (e *RotateError) Error() string {
	if e.Created != nil {
		return fmt.Sprintf("rotate: new token %s created, old token not revoked: %v", safetext.Line(e.Created.ID, maxCode), e.Err)
	}
	return fmt.Sprintf("rotate: new token %s created without its secret (revoke it); the old token is kept: %v", safetext.Line(e.NewID, maxCode), e.Err)
}

func (e *RotateError) Unwrap() error { return e.Err }

// OwnerError is a rotation refused because the token belongs to another
// user: the new token would be the caller's. RotateInput.AllowOwnerChange
// asks for it. It is not an ErrInvalidInput: the refusal needed two reads.
type OwnerError struct {
	TokenID string
	Owner   string // the user id the token belongs to
	Caller  string // the user id of the client's key, who would own the new token
}

func (e *OwnerError) Error() string {
	return fmt.Sprintf("token %s belongs to user %s; rotating it would make a new token owned by you (%s) and revoke theirs (allow the owner change to go on)",
		safetext.Line(e.TokenID, maxCode), safetext.Line(e.Owner, maxCode), safetext.Line(e.Caller, maxCode))
}

// decodeError is the *DecodeError of a response with the given problems
// (nil ones are skipped), or nil when there are none. The text is scrubbed
// of secrets and kept to one line: gen's messages quote what a server sent.
func decodeError(x exchange, meta Response, tokenID string, causes ...error) error {
	joined := errors.Join(causes...) // nil when every cause is
	if joined == nil {
		return nil
	}
	return &DecodeError{op: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID, TokenID: safetext.Line(tokenID, maxCode), read: x.read,
		Err: &causeError{text: safetext.Line(x.secrets.String(strings.ReplaceAll(joined.Error(), "\n", "; ")), maxField), error: joined}}
}

// causeError is the cleaned text of a DecodeError's causes; errors.Is and
// errors.As reach each cause.
type causeError struct {
	text string
	error
}

func (e *causeError) Error() string { return e.text }
func (e *causeError) Unwrap() error { return e.error }

// statusError turns a response with an unexpected status into an
// *APIError (a *RateLimitError for a 429). r is gen's parse of it, nil when
// gen could not decode its body.
func (c *Client) statusError(x exchange, meta Response, r any, b *doer.Body, retryAfter wire.RetryAfter) error {
	e := &APIError{op: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID, RateLimit: meta.RateLimit, Err: b.Violation, read: x.read}
	// Secrets go before anything is cut or joined, so that no part of one
	// survives at a cut or across collapsed white space.
	if m := genparse.ErrorModel[gen.Error](r); m != nil {
		first := append(m.Errors, gen.ErrorObject{})[0] // the first of the newer shape's errors, or none
		e.Title = safetext.Line(x.secrets.String(cmp.Or(m.Msg, m.Title, first.Title)), maxField)
		e.Detail = safetext.Line(x.secrets.String(cmp.Or(m.Detail, first.Detail)), maxField)
		e.Code = safetext.Line(x.secrets.String(cmp.Or(m.Code, first.Code)), maxCode)
	} else {
		// Text, HTML, or JSON gen could not decode: an excerpt, scrubbed
		// again for what unescaping HTML may have spelled out.
		e.Detail = x.secrets.String(safetext.Excerpt(b.ContentType, []byte(b.ScrubbedText(x.secrets)), maxExcerpt))
	}
	if meta.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{APIError: e, RetryAfter: retryAfter.Wait(c.now())}
	}
	return e
}
