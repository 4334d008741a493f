package facade

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/doer"
	"github.com/seed-14d8318b/fastlytokens/internal/genparse"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// exchange is one call's operation, as the spec names it, and the secrets
// to keep out of its errors and logs.
type exchange struct {
	op      string
	secrets *scrub.Scrubber // the call's secrets, the API key included
	read    bool            // a GET: it changes nothing, so its failure never "may have acted"
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
	raw  *doer.Body // what the doer saw of the response: its Content-Type, its first bytes
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
	if err := cmp.Or(invalid, check(ctx != nil, FieldContext, "is nil", nil)); err != nil {
		return reply[R]{err: err}
	}
	var zero R
	x := exchange{op: zero.OperationID(), secrets: c.secrets}
	if slices.ContainsFunc(secrets, func(s string) bool { return s != "" }) {
		x.secrets = scrub.New(append(secrets, c.token.Reveal())...)
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
	if err := ctx.Err(); err != nil { // done already: nothing is sent
		return reply[R]{x: x, err: c.requestError(x, err)}
	}
	raw, err := op.Send(ctx)
	if err != nil {
		c.log(ctx, x, nil, 0, start, err)
		return reply[R]{x: x, err: c.requestError(x, err)}
	}
	b := doer.Of(raw)
	x.read = b.Method == http.MethodGet
	meta := Response{StatusCode: raw.StatusCode, TraceID: safetext.Line(x.secrets.String(raw.Header.Get(wire.HeaderTraceID)), maxCode),
		earlierMayHaveActed: b.Retries.EarlierMayHaveActed}
	r, perr := op.Parse(raw) // r is nil when perr is not, and gen's getters then answer nil
	c.log(ctx, x, raw, b.Retries.Attempts, start, perr)
	limit, retryAfter := genparse.Headers(r, perr, raw.Header)
	if meta.RateLimit = (RateLimit{Remaining: limit.Remaining.N, Reset: limit.Reset.Time, Reported: limit.Remaining.Valid}); meta.RateLimit.Reported {
		c.remember(meta.RateLimit)
	}
	if raw.StatusCode < 200 || raw.StatusCode > 299 {
		return reply[R]{x: x, meta: meta, raw: b, err: c.statusError(x, meta, r, b, retryAfter)}
	}
	return reply[R]{x: x, body: r, meta: meta, raw: b, err: decodeError(x, meta, "", perr, limit.Err(), b.Violation)}
}

// requestError is the *RequestError of a call that got no response. Only
// the doer wraps its errors in a *url.Error naming the method: any other
// error (a request gen could not build, a context already done) came
// before anything was sent.
func (c *Client) requestError(x exchange, err error) *RequestError {
	var sent *url.Error
	reached := errors.As(err, &sent)
	return &RequestError{op: x.op, Err: err, text: safetext.Line(x.secrets.String(err.Error()), maxField),
		read: reached && sent.Op == "Get", unsent: !reached}
}

// withJSON200 is a parsed result whose success has a body, T.
type withJSON200[T any] interface {
	parsed
	GetJSON200() *T
}

// fetch is call for an operation whose success has a body, T: gen's
// JSON200, nil only with an error. A 2xx that is not labelled
// application/json is mislabelled.
func fetch[T any, R withJSON200[T]](ctx context.Context, c *Client, invalid error, op gen.OperationCall[R], secrets ...string) reply[*T] {
	r := call(ctx, c, invalid, op, secrets...)
	body := r.body.GetJSON200()
	if r.err == nil && mediaType(r.raw.ContentType) != jsonType {
		body, r.err = mislabelled(r, body)
	}
	if body == nil && r.err == nil {
		r.err = decodeError(r.x, r.meta, "", errors.New("no JSON body"))
	}
	return reshape(r, body)
}

// mislabelled is the body of a 2xx whose Content-Type is not
// application/json, beside a *DecodeError that says so: the spec promises
// application/json, and the validator holds answers to it. gen decodes
// such a body only when its media type mentions JSON, so it is decoded
// here when gen left it, so that a mislabelled answer still yields its
// token and secret (TestGenLeavesMislabelledBodies).
func mislabelled[T any, R parsed](r reply[R], body *T) (*T, error) {
	label := fmt.Errorf("the content type is %q, not %s", safetext.Line(r.raw.ContentType, maxCode), jsonType)
	if body == nil {
		var decoded T
		if err := json.Unmarshal(r.body.GetBody(), &decoded); err != nil {
			return nil, decodeError(r.x, r.meta, "", label, err)
		}
		body = &decoded
	}
	return body, decodeError(r.x, r.meta, "", label)
}

// mediaType is a Content-Type without its parameters, in lower case.
func mediaType(contentType string) string {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

const jsonType = "application/json"

// reshape is r with another body.
func reshape[B, A any](r reply[A], body B) reply[B] {
	return reply[B]{x: r.x, body: body, meta: r.meta, err: r.err, raw: r.raw}
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
	// found the token already gone (404; 401 or 403 for a key that no
	// longer authenticates; a bulk chunk's 400) after CheckFirst showed it
	// existed: the earlier attempt did the work. StatusCode is the retry's.
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
