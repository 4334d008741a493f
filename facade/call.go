package facade

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// exchange is one call's operation, as the spec names it, and the secrets
// to keep out of its errors and logs.
type exchange struct {
	op      string
	secrets *scrub.Scrubber // the call's secrets, the API key included
}

// parsed is what every gen Parse<Op>Response result offers, nil or not.
type parsed interface {
	GetBody() []byte
	OperationID() string
}

// reply is what one call came back with: gen's result (zero on failure),
// the Response, the error, and the exchange to tell more errors in.
type reply[T any] struct {
	x    exchange
	body T
	meta Response
	err  error
}

// call runs one operation through gen unless invalid, the input's check,
// is an error: op is gen's OperationCall (its request builder, the editors
// and the doer, then its Parse<Op>Response). Gen's <Op>WithResponse cannot
// serve, because when gen cannot parse a response it returns only an
// error, and the status and headers are needed for the error this returns.
// secrets are the call's besides the API key.
//
// A 2xx whose body gen decoded is returned even when a header broke its
// type, the Content-Type was not application/json or a validating
// transport objected: with a *DecodeError beside it, so that a create
// never loses the secret its answer holds.
func call[R parsed](ctx context.Context, c *Client, invalid error, op gen.OperationCall[R], secrets ...string) reply[R] {
	if err := cmp.Or(invalid, check(ctx != nil, "context", "is nil", nil)); err != nil {
		return reply[R]{err: err}
	}
	var zero R
	x := exchange{op: zero.OperationID(), secrets: c.secrets}
	if slices.ContainsFunc(secrets, func(s string) bool { return s != "" }) {
		x.secrets = scrub.New(append(secrets, c.token)...)
	}
	if _, ok := ctx.Deadline(); !ok && c.timeout > 0 { // the caller's deadline wins over the client's timeout
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var start time.Time // for the log line
	if c.logger != nil {
		start = c.now()
	}
	raw, err := op.Send(ctx)
	if err != nil {
		c.log(ctx, x, nil, nil, start, err)
		return reply[R]{x: x, err: &RequestError{Operation: x.op, Err: err, text: safetext.Line(x.secrets.String(err.Error()), maxField)}}
	}
	b, ok := raw.Body.(*body)
	if !ok {
		b = &body{}
	}
	meta := Response{StatusCode: raw.StatusCode, TraceID: safetext.Line(x.secrets.String(raw.Header.Get("Fastly-Trace-Id")), maxCode),
		earlierMayHaveActed: b.retries.EarlierMayHaveActed}
	r, perr := op.Parse(raw) // r is nil when perr is not, and gen's getters then answer nil
	c.log(ctx, x, raw, b, start, perr)
	remaining, reset := bound[wire.RateLimitRemaining](r, wire.HeaderRateLimitRemaining), bound[wire.RateLimitReset](r, wire.HeaderRateLimitReset)
	if meta.RateLimit = (RateLimit{Remaining: remaining.N, Reset: reset.Time, Reported: remaining.Valid}); meta.RateLimit.Reported {
		c.rateLimitMu.Lock()
		c.rateLimit = meta.RateLimit
		c.rateLimitMu.Unlock()
	}
	if raw.StatusCode < 200 || raw.StatusCode > 299 {
		return reply[R]{x: x, meta: meta, err: c.statusError(x, meta, b.contentType, r.GetBody(), b.violation, bound[wire.RetryAfter](r, wire.HeaderRetryAfter))}
	}
	return reply[R]{x: x, body: r, meta: meta, err: decodeError(x, meta, "", perr, cmp.Or(remaining.Err, reset.Err), b.mislabelled, b.violation)}
}

// bound is the header called name as gen's parse bound it for the
// response's status (gen/templates adds BoundHeader to the responses of
// operations that declare headers), or the zero value.
func bound[T any](r any, name string) (v T) {
	if h, ok := r.(interface{ BoundHeader(string) any }); ok {
		if p, ok := h.BoundHeader(name).(*T); ok {
			v = *p
		}
	}
	return v
}

// withJSON200 is a parsed result whose success has a body, T.
type withJSON200[T any] interface {
	parsed
	GetJSON200() *T
}

// fetch is call for an operation whose success has a body: gen's JSON200,
// which is nil only with an error.
func fetch[T any, R withJSON200[T]](ctx context.Context, c *Client, invalid error, op gen.OperationCall[R], secrets ...string) reply[*T] {
	r := call(ctx, c, invalid, op, secrets...)
	body := r.body.GetJSON200()
	if body == nil && r.err == nil {
		r.err = decodeError(r.x, r.meta, "", errors.New("no JSON body"))
	}
	return reshape(r, body)
}

// Bounds of what is kept of a server's text.
const (
	maxField   = 500
	maxCode    = 64
	maxExcerpt = 160
)

// Response is what every call reports of the HTTP response besides its
// result: the status, the write budget and Fastly's trace id. Errors carry
// the same in their *APIError.
type Response struct {
	StatusCode int
	RateLimit  RateLimit
	// TraceID is the Fastly-Trace-Id header, when the response carries one;
	// quote it to Fastly support.
	TraceID string
	// DoneEarlier is set on a revoke whose answer was lost and whose retry
	// found the token already gone (404, or 401 for the current token):
	// the earlier attempt did the work. StatusCode is the retry's.
	DoneEarlier bool

	earlierMayHaveActed bool // an attempt before the last may have been carried out
}

// RateLimit is Fastly's budget of write requests, from the
// Fastly-RateLimit-Remaining and Fastly-RateLimit-Reset headers that write
// responses carry. The zero RateLimit means the response did not say (GET
// responses never do).
type RateLimit struct {
	Remaining int64     // writes left in the window; meaningful when Reported
	Reset     time.Time // when the window resets; zero when not sent
	Reported  bool      // the response carried a well-formed Fastly-RateLimit-Remaining
}
