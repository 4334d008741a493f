package facade

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// DefaultUserAgent is sent when WithUserAgent is not used.
const DefaultUserAgent = "fastlytokens-go/2"

// Client calls the Fastly API's token endpoints. Make one with New; it is
// safe for concurrent use. A zero Client answers every call with an error.
type Client struct {
	api       *gen.ClientWithResponses
	key       string
	keyHeader []string // {key}, built once: see authorize
	uaHeader  []string
	logger    *slog.Logger
	chunkSize int
	timeout   time.Duration
	secrets   *scrub.Scrubber // the API key, in every encoding
	now       func() time.Time

	rateLimit atomic.Pointer[RateLimit]
}

// New makes a Client. The API token comes from WithToken or, failing that,
// the FASTLY_API_TOKEN environment variable. A missing token is not an
// error here, since CreateToken can authenticate with a username and
// password; calls that need one return ErrNoToken.
func New(opts ...Option) (*Client, error) {
	o := defaultOptions()
	o.token = strings.TrimSpace(os.Getenv(TokenEnv))
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	c := &Client{
		key:       o.token,
		keyHeader: []string{o.token},
		uaHeader:  []string{o.userAgent},
		logger:    o.logger,
		chunkSize: o.chunkSize,
		timeout:   o.timeout,
		secrets:   scrub.New(o.token),
		now:       time.Now,
	}
	if o.httpClient != nil && o.httpClient.Timeout > 0 && !o.timeoutSet {
		c.timeout = o.httpClient.Timeout
	}
	rt := &retry.Transport{Next: o.transport(), Policy: o.retry.internal()}
	if o.hooks != nil {
		rt.Now, rt.Jitter, rt.Sleep = o.hooks.now, o.hooks.jitter, o.hooks.sleep
		if o.hooks.now != nil {
			c.now = o.hooks.now
		}
	}
	if c.logger != nil {
		logger := c.logger
		rt.OnRetry = func(req *http.Request, attempt int, delay time.Duration, reason string) {
			logger.LogAttrs(req.Context(), slog.LevelDebug, "fastlytokens: retrying",
				slog.String("method", req.Method), slog.String("path", req.URL.Path),
				slog.Int("attempt", attempt), slog.Duration("delay", delay), slog.String("reason", reason))
		}
	}
	base := o.baseURL.String()
	client, err := gen.NewClient(base,
		gen.WithHTTPClient(&doer{rt: rt, maxBody: o.maxBody}),
		gen.WithRequestEditorFn(c.authorize))
	if err != nil {
		return nil, &InputError{Field: "base URL", Reason: "not usable"}
	}
	c.api = &gen.ClientWithResponses{ClientInterface: &requests{Client: client, base: client.Server}}
	return c, nil
}

// authorize is the request editor gen runs on every request: the API key
// and the user agent. The header slices are built once and never mutated.
func (c *Client) authorize(_ context.Context, req *http.Request) error {
	req.Header["User-Agent"] = c.uaHeader
	req.Header["Accept"] = acceptJSON
	if c.key != "" {
		req.Header["Fastly-Key"] = c.keyHeader
	}
	return nil
}

var acceptJSON = []string{"application/json"}

// RateLimit returns the write budget the most recent write response
// reported; the zero RateLimit before any did.
func (c *Client) RateLimit() RateLimit {
	if c == nil {
		return RateLimit{}
	}
	if rl := c.rateLimit.Load(); rl != nil {
		return *rl
	}
	return RateLimit{}
}

// ready reports a Client that was not made with New.
func (c *Client) ready() error {
	if c == nil || c.api == nil {
		return &InputError{Field: "client", Reason: "was not made with facade.New"}
	}
	return nil
}

func (c *Client) needKey() error {
	if err := c.ready(); err != nil {
		return err
	}
	if c.key == "" {
		return ErrNoToken
	}
	return nil
}

// doer is gen's HttpRequestDoer: the retrying transport, called directly.
// An http.Client would follow redirects (carrying Fastly-Key to whatever
// host a response names) and copy every header of every request; Fastly's
// API does not redirect, so a redirect comes back as the response it is.
type doer struct {
	rt      http.RoundTripper
	maxBody int64
}

func (d *doer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b := &body{rc: resp.Body, left: d.maxBody}
	if resp.StatusCode >= 300 {
		b.head = make([]byte, 0, headSize)
	}
	if v, ok := resp.Body.(interface{ ContractViolation() error }); ok {
		b.violation = v.ContractViolation()
	}
	resp.Body = b
	return resp, nil
}

// body bounds a response body and, for an error status, keeps its first
// bytes, so that an error response gen cannot parse can still be quoted.
type body struct {
	rc        io.ReadCloser
	left      int64
	head      []byte
	violation error
}

const headSize = 512

func (b *body) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte past the limit tells a body that ends exactly there
		// from one that goes on.
		var one [1]byte
		for {
			n, err := b.rc.Read(one[:])
			if n > 0 {
				return 0, ErrResponseTooLarge
			}
			if err != nil {
				return 0, err
			}
		}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if room := cap(b.head) - len(b.head); room > 0 {
		b.head = append(b.head, p[:min(n, room)]...)
	}
	return n, err
}

func (b *body) Close() error { return b.rc.Close() }

// parsed is what every gen Parse*Response result offers.
type parsed interface {
	StatusCode() int
	GetBody() []byte
}

// exchange describes one call.
type exchange struct {
	op      string
	want    int             // the success status; for 204, any 2xx
	write   bool            // the spec declares rate-limit headers on its answers
	secrets *scrub.Scrubber // the call's secrets, the API key included
}

func (c *Client) exchange(op string, want int) exchange {
	return exchange{op: op, want: want, write: writes[op], secrets: c.secrets}
}

// writes are the operations whose answers carry the rate-limit headers.
var writes = map[string]bool{opCreate: true, opRevoke: true, opRevokeSelf: true, opBulkRevoke: true, opSudo: true, opCreateAutomation: true}

// success reports whether status is the call's success: the status the
// spec gives it, or, for a call whose success has no body, any 2xx.
func (x exchange) success(status int) bool {
	if x.want == http.StatusNoContent {
		return status >= 200 && status < 300
	}
	return status == x.want
}

// Operation ids, as the spec names them.
const (
	opListUser     = "list-tokens-user"
	opListCustomer = "list-tokens-customer"
	opGet          = "get-token"
	opGetCurrent   = "get-token-current"
	opCreate       = "create-token"
	opRevoke       = "revoke-token"
	opRevokeSelf   = "revoke-token-current"
	opBulkRevoke   = "bulk-revoke-tokens"
	opSudo         = "request-sudo-access"
)

// call sends a request through gen's client and parses the response with
// gen's parser. It is what ClientWithResponses' XxxWithResponse methods do,
// split in two: when gen cannot parse a response it returns only an error,
// and the status and headers are needed for the error this returns.
//
// A success whose body parsed but whose headers (or a validating
// transport) broke the spec returns the parsed response with its
// *DecodeError: a create whose answer proved the token must not lose the
// secret to a malformed header.
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
		return zero, Response{}, &RequestError{Operation: x.op, Err: err, text: oneLine(x.secrets.String(err.Error()), maxField)}
	}
	meta := Response{StatusCode: raw.StatusCode, TraceID: oneLine(x.secrets.String(raw.Header.Get("Fastly-Trace-Id")), maxCode)}
	var rlErr error
	if x.write {
		var rl wire.RateLimit
		rl, rlErr = wire.ReadRateLimit(raw.Header)
		meta.RateLimit = rateLimitFrom(rl)
		if meta.RateLimit.Reported {
			c.rateLimit.Store(&meta.RateLimit)
		}
	}
	r, perr := parse(raw)
	b, _ := raw.Body.(*body)
	c.log(ctx, x, raw, start, perr)
	if !x.success(raw.StatusCode) {
		var text []byte
		if perr == nil {
			text = r.GetBody()
		} else if b != nil {
			text = b.head
		}
		return zero, meta, c.statusError(x, raw, text, meta, b)
	}
	decodeErr := func(cause error) error {
		return &DecodeError{Operation: x.op, StatusCode: raw.StatusCode, TraceID: meta.TraceID, Err: decodeCause(x, cause)}
	}
	if perr != nil {
		if b != nil && b.violation != nil {
			perr = withViolation(perr, b.violation)
		}
		return zero, meta, decodeErr(perr)
	}
	if x.want == http.StatusOK && mediaType(raw.Header.Get("Content-Type")) != "application/json" {
		// gen takes any media type with "json" in it; the spec says
		// application/json, and so does the client.
		return zero, meta, missingBody(x, meta, raw.Header.Get("Content-Type"))
	}
	var cause error = rlErr
	if b != nil && b.violation != nil {
		cause = withViolation(cause, b.violation)
	}
	if cause != nil {
		return r, meta, decodeErr(cause)
	}
	return r, meta, nil
}

// mediaType is a Content-Type without its parameters, in lower case.
func mediaType(contentType string) string {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// withViolation joins a decoding error and the contract violation a
// validating transport found, so that errors.As reaches both.
func withViolation(err, violation error) error {
	if err == nil {
		return violation
	}
	return &twoErrors{err, violation}
}

type twoErrors struct{ first, second error }

func (e *twoErrors) Error() string   { return e.first.Error() + "; " + e.second.Error() }
func (e *twoErrors) Unwrap() []error { return []error{e.first, e.second} }

// decodeCause makes the text of a decoding error safe: scrubbed of
// secrets, one line, no control characters (gen's header binding quotes
// the value it rejected, which a server chose).
func decodeCause(x exchange, err error) error {
	text := err.Error()
	if clean := oneLine(x.secrets.String(text), maxField); clean != text {
		return &scrubbedError{text: clean, err: err}
	}
	return err
}

type scrubbedError struct {
	text string
	err  error
}

func (e *scrubbedError) Error() string { return e.text }
func (e *scrubbedError) Unwrap() error { return e.err }

// missingBody is the DecodeError of a success response gen found no JSON
// body in (a wrong content type, an empty body).
func missingBody(x exchange, meta Response, contentType string) error {
	return &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID,
		Err: &scrubbedError{text: "no JSON body (content type " + quoteShort(contentType) + ")"}}
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

// log writes one debug line per request. Nothing of it is a secret: the
// path holds ids only, and error texts are scrubbed.
func (c *Client) log(ctx context.Context, x exchange, raw *http.Response, start time.Time, err error) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{slog.String("operation", x.op), slog.Duration("duration", c.now().Sub(start))}
	if raw != nil {
		attrs = append(attrs, slog.Int("status", raw.StatusCode))
		if raw.Request != nil {
			attrs = append(attrs, slog.String("method", raw.Request.Method), slog.String("path", raw.Request.URL.Path))
		}
		if id := raw.Header.Get("Fastly-Trace-Id"); id != "" {
			attrs = append(attrs, slog.String("trace_id", x.secrets.String(id)))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", x.secrets.String(err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "fastlytokens: request", attrs...)
}
