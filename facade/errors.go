package facade

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors, for errors.Is. Errors returned by the Client match the
// one that fits: an *APIError for a 404 matches ErrNotFound, and so on.
var (
	ErrNotFound          = errors.New("fastlytokens: not found")                          // 404
	ErrUnauthorized      = errors.New("fastlytokens: unauthorized")                       // 401
	ErrForbidden         = errors.New("fastlytokens: forbidden")                          // 403
	ErrRateLimited       = errors.New("fastlytokens: rate limited")                       // 429
	ErrTwoFactorRequired = errors.New("fastlytokens: two-factor authentication required") // 400 with code 2fa.verify
	ErrBadRequest        = errors.New("fastlytokens: bad request")                        // other 400s and 422
	ErrInvalidInput      = errors.New("fastlytokens: invalid input")                      // caught before sending
	ErrNoToken           = errors.New("fastlytokens: no API token")                       // a call that needs a key has none
)

// APIError is an error response from the Fastly API. It carries Fastly's
// message and request id, never the credentials that were sent.
type APIError struct {
	Operation  string // operationId, e.g. "get-token"
	StatusCode int
	Message    string // Fastly's "msg"
	Code       string // create errors: invalid_grant, invalid_request, invalid_scope, account_locked, 2fa.verify
	Detail     string
	RequestID  string // from the Fastly-Request-Id or X-Request-Id header
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fastlytokens: %s: %d %s", e.Operation, e.StatusCode, http.StatusText(e.StatusCode))
	for _, part := range []string{e.Code, e.Message, e.Detail} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(part)
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Is matches the sentinel errors by status and code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrTwoFactorRequired:
		return e.StatusCode == http.StatusBadRequest && e.Code == "2fa.verify"
	case ErrBadRequest:
		return (e.StatusCode == http.StatusBadRequest && e.Code != "2fa.verify") || e.StatusCode == http.StatusUnprocessableEntity
	}
	return false
}

// RateLimitError is a 429: the hourly write budget is spent. Retrying before
// RateLimit.Reset is pointless.
type RateLimitError struct {
	APIError
	RateLimit  RateLimit
	RetryAfter time.Duration // from Retry-After, when present
}

func (e *RateLimitError) Error() string {
	msg := e.APIError.Error()
	if !e.RateLimit.Reset.IsZero() {
		msg += "; resets at " + e.RateLimit.Reset.UTC().Format(time.RFC3339)
	}
	return msg
}

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return e.APIError.Is(target) }

// DecodeError is a response that could not be read or decoded: not JSON, a
// bad timestamp, too large. It keeps the HTTP status.
type DecodeError struct {
	Operation  string
	StatusCode int
	RequestID  string
	Err        error
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("fastlytokens: %s: decoding %d response: %v", e.Operation, e.StatusCode, e.Err)
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
}

func (e *DecodeError) Unwrap() error { return e.Err }

// InputError is bad input caught before any request is sent.
type InputError struct {
	Field  string
	Reason string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("fastlytokens: invalid %s: %s", e.Field, e.Reason)
}

// Is matches ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// ContractError is a response that breaks the OpenAPI spec, reported when
// the client was made WithResponseValidation.
type ContractError struct {
	Operation  string
	StatusCode int
	Err        error
}

func (e *ContractError) Error() string {
	return fmt.Sprintf("fastlytokens: %s: %d response breaks the API contract: %v", e.Operation, e.StatusCode, e.Err)
}

func (e *ContractError) Unwrap() error { return e.Err }

// BulkRevokeError reports a bulk revocation that failed part-way.
type BulkRevokeError struct {
	Revoked []string // ids in the chunks that succeeded
	Failed  []string // ids in the failed chunk and the ones not sent
	Err     error
}

func (e *BulkRevokeError) Error() string {
	return fmt.Sprintf("fastlytokens: bulk revoke: %d revoked, %d not revoked: %v", len(e.Revoked), len(e.Failed), e.Err)
}

func (e *BulkRevokeError) Unwrap() error { return e.Err }

// RotateError reports a rotation whose new token was created but whose old
// token could not be revoked. Created holds the new token: keep it.
type RotateError struct {
	Created *CreatedToken
	Err     error
}

func (e *RotateError) Error() string {
	return fmt.Sprintf("fastlytokens: rotate: new token %s created, old token not revoked: %v", e.Created.ID, e.Err)
}

func (e *RotateError) Unwrap() error { return e.Err }
