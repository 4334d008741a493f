package facade

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// exchange describes one call: its operation id, as the spec names it, and
// the secrets to keep out of its errors and logs.
type exchange struct {
	op      string
	secrets *scrub.Scrubber // the call's secrets, the API key included
}

func (c *Client) exchange(op string) exchange { return exchange{op: op, secrets: c.secrets} }

// parsed is what every gen Parse<Op>Response result offers.
type parsed interface {
	StatusCode() int
	GetBody() []byte
}

// call runs one operation through gen: send is gen's client method (gen's
// request builder, the client's editors, the doer), parse is gen's
// Parse<Op>Response. It is gen's <Op>WithResponse split in two, because
// when gen cannot parse a response it returns only an error, and the
// status and headers are needed for the error this returns.
//
// A 2xx whose body gen decoded is returned even when a header broke its
// type, the Content-Type was not application/json or a validating
// transport objected: with a *DecodeError beside it, so that a create
// never loses the secret its answer holds.
func call[R parsed](ctx context.Context, c *Client, x exchange, send func(context.Context) (*http.Response, error), parse func(*http.Response) (R, error)) (R, Response, error) {
	var zero R
	if ctx == nil {
		return zero, Response{}, &InputError{Field: "context", Reason: "is nil"}
	}
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	var start time.Time
	if c.logger != nil {
		start = c.now()
	}
	raw, err := send(ctx)
	if err != nil {
		c.log(ctx, x, nil, start, err)
		return zero, Response{}, &RequestError{Operation: x.op, Err: err, text: safetext.Line(x.secrets.String(err.Error()), maxField)}
	}
	b, ok := raw.Body.(*body)
	if !ok {
		b = &body{}
	}
	meta := Response{StatusCode: raw.StatusCode, TraceID: safetext.Line(x.secrets.String(raw.Header.Get("Fastly-Trace-Id")), maxCode)}
	r, perr := parse(raw)
	c.log(ctx, x, raw, start, perr)
	var headerErr error
	if perr == nil {
		meta.RateLimit, headerErr = boundRateLimit(r)
		if meta.RateLimit.Reported {
			c.rateLimitMu.Lock()
			c.rateLimit = meta.RateLimit
			c.rateLimitMu.Unlock()
		}
	}
	if raw.StatusCode < 200 || raw.StatusCode > 299 {
		var text []byte
		if perr == nil {
			text = r.GetBody()
		}
		return zero, meta, c.statusError(x, raw.StatusCode, b.contentType, text, meta, b.violation, boundRetryAfter(r, perr))
	}
	var typeErr error
	if b.relabelled {
		typeErr = errors.New("the content type is " + quoteShort(b.contentType) + ", not " + jsonType)
	}
	if perr != nil {
		return zero, meta, decodeError(x, meta, "", perr, typeErr, b.violation)
	}
	return r, meta, decodeError(x, meta, "", headerErr, typeErr, b.violation)
}

// bound is what gen's parse offers of the headers the spec declares for the
// status that came (gen/templates adds it to the responses of writes).
type bound interface{ BoundHeader(name string) any }

// boundRateLimit reads the write budget from the headers gen bound, and the
// error of one that broke its type; a response without them (a read) has
// the zero RateLimit.
func boundRateLimit(r any) (RateLimit, error) {
	h, ok := r.(bound)
	if !ok {
		return RateLimit{}, nil
	}
	var rl RateLimit
	var errs [2]error
	if v, ok := h.BoundHeader(wire.HeaderRateLimitRemaining).(*wire.RateLimitRemaining); ok {
		rl.Remaining, rl.Reported, errs[0] = v.N, v.Valid, v.Err
	}
	if v, ok := h.BoundHeader(wire.HeaderRateLimitReset).(*wire.RateLimitReset); ok {
		rl.Reset, errs[1] = v.Time, v.Err
	}
	return rl, cmp.Or(errs[0], errs[1])
}

// boundRetryAfter is the Retry-After gen bound for a 429, if it could.
func boundRetryAfter(r any, perr error) wire.RetryAfter {
	if h, ok := r.(bound); ok && perr == nil {
		if v, ok := h.BoundHeader(wire.HeaderRetryAfter).(*wire.RetryAfter); ok {
			return *v
		}
	}
	return wire.RetryAfter{}
}

// fetch is call for an operation whose success has a body: gen's JSON200,
// which is nil only with an error.
func fetch[T any, R interface {
	parsed
	GetJSON200() *T
}](ctx context.Context, c *Client, x exchange, send func(context.Context) (*http.Response, error), parse func(*http.Response) (R, error)) (*T, Response, error) {
	var body *T
	_, meta, err := call(ctx, c, x, send, func(resp *http.Response) (R, error) {
		r, err := parse(resp)
		if err == nil {
			body = r.GetJSON200()
		}
		return r, err
	})
	if body == nil && err == nil {
		err = decodeError(x, meta, "", errors.New("no JSON body"))
	}
	if body == nil {
		return nil, meta, err
	}
	return body, meta, err
}

var noCancel = context.CancelFunc(func() {})

// withTimeout applies the client's per-call timeout when ctx has no
// deadline of its own: the caller's deadline wins.
func (c *Client) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.timeout <= 0 {
		return ctx, noCancel
	}
	if _, ok := ctx.Deadline(); ok {
		return ctx, noCancel
	}
	return context.WithTimeout(ctx, c.timeout)
}

// Bounds of what is kept of a server's text.
const (
	maxField   = 500
	maxCode    = 64
	maxExcerpt = 160
)

// quoteShort quotes a server's short text (a content type) safely.
func quoteShort(s string) string {
	if s == "" {
		return "none"
	}
	return `"` + safetext.Line(s, maxCode) + `"`
}

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
