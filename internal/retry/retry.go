// Package retry is an http.RoundTripper that retries idempotent requests.
//
// It retries GET, HEAD, OPTIONS, PUT and DELETE on 5xx responses, on
// connection resets and on 429 responses that say when to come back
// (Retry-After or Fastly-RateLimit-Reset) within the caller's deadline.
// Non-idempotent requests (POST) are retried only when the connection could
// not be made at all, so the server cannot have seen them. Delays grow
// exponentially with full jitter, attempts are bounded, and nothing is retried
// once the request's context is done.
package retry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Policy bounds the retries.
type Policy struct {
	// MaxAttempts is the number of tries in all, the first included.
	// 1 disables retries; 0 or less means DefaultPolicy's.
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt (before jitter).
	BaseDelay time.Duration
	// MaxDelay caps one backoff delay.
	MaxDelay time.Duration
	// MaxWait caps how long a 429 may make us wait for the rate-limit reset.
	MaxWait time.Duration
}

// DefaultPolicy is used for the zero fields of a Policy.
var DefaultPolicy = Policy{MaxAttempts: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second, MaxWait: 30 * time.Second}

func (p Policy) withDefaults() Policy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultPolicy.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultPolicy.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultPolicy.MaxDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	if p.MaxWait <= 0 {
		p.MaxWait = DefaultPolicy.MaxWait
	}
	return p
}

// Transport retries requests sent through Next.
type Transport struct {
	Next   http.RoundTripper // nil means http.DefaultTransport
	Policy Policy
	// OnRetry, when set, is told of every retry before its delay.
	OnRetry func(req *http.Request, attempt int, delay time.Duration, reason string)

	// Hooks for tests; nil means the real clock, randomness and timer.
	Now    func() time.Time
	Jitter func() float64 // in [0, 1)
	Sleep  func(ctx context.Context, d time.Duration) error
}

// Record learns what the retries of one request went through (Do).
type Record struct {
	// Attempts is how many times the request was sent.
	Attempts int
	// EarlierMayHaveActed is set when an attempt before the last one may
	// have reached the server and been carried out: its answer was lost
	// after the request went out, or was a server error. A retried DELETE
	// that then meets a 404 found its own earlier work.
	EarlierMayHaveActed bool
}

// drainLimit bounds how much of a discarded body is read to keep its
// connection alive; larger bodies are closed unread.
const drainLimit = 64 << 10

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) { return t.Do(req, nil) }

// Do is RoundTrip that writes what the retries went through to rec, when
// rec is not nil.
func (t *Transport) Do(req *http.Request, rec *Record) (*http.Response, error) {
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	p := t.Policy.withDefaults()
	ctx := req.Context()
	idempotent := isIdempotent(req.Method)

	for attempt := 1; ; attempt++ {
		try := req
		if attempt > 1 {
			var err error
			if try, err = rewind(req); err != nil {
				return nil, err
			}
		}
		resp, err := next.RoundTrip(try)
		if rec != nil {
			rec.Attempts = attempt
		}
		if ctx.Err() != nil || attempt >= p.MaxAttempts {
			return resp, err
		}
		delay, reason, ok := t.decide(ctx, p, attempt, idempotent, resp, err)
		if !ok || !t.fitsDeadline(ctx, delay) {
			return resp, err
		}
		if req.Body != nil && req.GetBody == nil {
			return resp, err // the body cannot be sent again
		}
		if t.OnRetry != nil {
			t.OnRetry(req, attempt, delay, reason)
		}
		if serr := t.doSleep(ctx, delay); serr != nil {
			// The wait was cut short: the answer in hand is the last word.
			return resp, err
		}
		if rec != nil && mayHaveActed(resp, err) {
			rec.EarlierMayHaveActed = true
		}
		if resp != nil {
			discard(resp.Body)
		}
	}
}

// decide says whether to retry after this attempt, after how long and why.
func (t *Transport) decide(ctx context.Context, p Policy, attempt int, idempotent bool, resp *http.Response, err error) (time.Duration, string, bool) {
	if err != nil {
		switch {
		case isDialError(err): // a certificate refused now is refused again: no retry
			return t.backoff(p, attempt), "connect failed", true
		case idempotent && isConnectionError(err):
			return t.backoff(p, attempt), "connection error", true
		}
		return 0, "", false
	}
	if !idempotent {
		return 0, "", false
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		wait, ok := t.rateLimitWait(resp.Header)
		if !ok || wait > p.MaxWait {
			return 0, "", false
		}
		return wait, "rate limited", true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented && resp.StatusCode != http.StatusHTTPVersionNotSupported:
		// The status code, not resp.Status: a server chose the reason
		// phrase, and it goes to logs.
		return t.backoff(p, attempt), "status " + strconv.Itoa(resp.StatusCode), true
	}
	return 0, "", false
}

// backoff is full-jitter exponential: a random delay in [0, min(max, base*2^(n-1))],
// never less than a millisecond.
func (t *Transport) backoff(p Policy, attempt int) time.Duration {
	ceiling := p.BaseDelay
	for i := 1; i < attempt && ceiling < p.MaxDelay; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, p.MaxDelay)
	j := rand.Float64
	if t.Jitter != nil {
		j = t.Jitter
	}
	return max(time.Duration(j()*float64(ceiling)), time.Millisecond)
}

// rateLimitWait reads how long a 429 asks us to wait: Retry-After (seconds or
// an HTTP date) first, then Fastly-RateLimit-Reset (epoch seconds). Both are
// read by package wire, as the generated client reads them.
func (t *Transport) rateLimitWait(h http.Header) (time.Duration, bool) {
	now := t.clock()
	if ra := wire.ReadRetryAfter(h); ra.Valid {
		return ra.Wait(now), true
	}
	if rl := wire.ReadRateLimit(h); !rl.Reset.IsZero() {
		return max(rl.Reset.Sub(now), 0), true
	}
	return 0, false
}

func (t *Transport) fitsDeadline(ctx context.Context, delay time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || t.clock().Add(delay).Before(deadline)
}

func (t *Transport) clock() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *Transport) doSleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// rewind returns a copy of req with a fresh body for another attempt.
func rewind(req *http.Request) (*http.Request, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = body
	return r, nil
}

// mayHaveActed reports whether an attempt about to be retried may have
// been carried out by the server: it was sent (the dial worked) and its
// answer is not one that says nothing was done (a 429).
func mayHaveActed(resp *http.Response, err error) bool {
	if err != nil {
		return !NeverSent(err)
	}
	return resp.StatusCode != http.StatusTooManyRequests
}

// NeverSent reports whether the connection was never made, or never got
// through its TLS handshake, so the server cannot have seen the request.
func NeverSent(err error) bool {
	var cert *tls.CertificateVerificationError
	var record tls.RecordHeaderError
	var alert tls.AlertError
	var unknownCA x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	// A request a transport refused before sending it (a validator's
	// refusal says so with Unsent), and a connection that never got through
	// its TLS handshake, carried no request either.
	var refused interface{ Unsent() bool }
	return isDialError(err) || errors.As(err, &refused) && refused.Unsent() || errors.As(err, &cert) || errors.As(err, &record) ||
		errors.As(err, &alert) || errors.As(err, &unknownCA) || errors.As(err, &host) || errors.As(err, &invalid)
}

// isDialError reports whether the connection was never made.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// isConnectionError reports a connection that broke or was reset.
func isConnectionError(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func discard(body io.ReadCloser) {
	if body == nil {
		return
	}
	_, _ = io.CopyN(io.Discard, body, drainLimit)
	_ = body.Close()
}
