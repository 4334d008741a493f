package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seed-14d8318b/fastlytokens/internal/retry"
)

// DefaultUserAgent is sent when WithUserAgent is not used.
const DefaultUserAgent = "fastlytokens-go/1"

// maxBodyBytes bounds how much of a response is read.
const maxBodyBytes = 10 << 20

// Client calls the Fastly Tokens API. Make one with New; it is safe for
// concurrent use.
type Client struct {
	token     string
	server    string // base URL ending in "/"
	http      *http.Client
	userAgent string
	logger    *slog.Logger
	validator responseValidator
	chunkSize int

	rateLimit atomic.Pointer[RateLimit]
}

// New makes a Client. The API token comes from WithToken or, failing that,
// the FASTLY_API_TOKEN environment variable. A missing token is not an
// error here, since CreateToken can authenticate with a username and
// password; calls that need one return ErrNoToken.
func New(opts ...Option) (*Client, error) {
	o := options{token: strings.TrimSpace(os.Getenv(TokenEnv)), chunkSize: DefaultBulkChunkSize, userAgent: DefaultUserAgent}
	o.baseURL, _ = parseBaseURL(DefaultBaseURL)
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	c := &Client{
		token:     o.token,
		server:    o.baseURL.String(),
		userAgent: o.userAgent,
		logger:    o.logger,
		chunkSize: o.chunkSize,
	}
	c.http = c.wrapHTTPClient(o.httpClient, o.retry)
	if o.validate {
		v, err := newResponseValidator()
		if err != nil {
			return nil, err
		}
		c.validator = v
	}
	return c, nil
}

func (c *Client) wrapHTTPClient(base *http.Client, policy RetryPolicy) *http.Client {
	hc := &http.Client{}
	if base != nil {
		*hc = *base
	}
	rt := &retry.Transport{Next: hc.Transport, Policy: policy.internal()}
	if c.logger != nil {
		logger := c.logger
		rt.OnRetry = func(req *http.Request, attempt int, delay time.Duration, reason string) {
			logger.LogAttrs(req.Context(), slog.LevelDebug, "fastlytokens: retrying",
				slog.String("method", req.Method), slog.String("path", req.URL.Path),
				slog.Int("attempt", attempt), slog.Duration("delay", delay), slog.String("reason", reason))
		}
	}
	hc.Transport = rt
	// Fastly's API does not redirect; following one could carry Fastly-Key
	// to another host, so a redirect is returned as the response it is.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return hc
}

// RateLimit returns the write budget the most recent write response reported.
func (c *Client) RateLimit() RateLimit {
	if rl := c.rateLimit.Load(); rl != nil {
		return *rl
	}
	return RateLimit{Remaining: -1}
}

// auth says how a request authenticates.
type auth int

const (
	authKey         auth = iota // Fastly-Key is required
	authCredentials             // username and password in the form; no key sent
)

// response is a fully read response.
type response struct {
	status    int
	header    http.Header
	body      []byte
	rateLimit RateLimit
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// do sends req for operation op, reads the whole body (so the connection is
// reused), and turns error statuses into typed errors. decode sees the body
// only during the call. secrets are values besides the API key (a password,
// a one-time password) that must not appear in errors or logs even if the
// server echoes them.
func (c *Client) do(ctx context.Context, op string, req *http.Request, a auth, wantStatus int, decode func(*response) error, secrets ...string) (RateLimit, error) {
	if ctx == nil {
		return RateLimit{Remaining: -1}, &InputError{Field: "context", Reason: "is nil"}
	}
	if a == authKey {
		if c.token == "" {
			return RateLimit{Remaining: -1}, fmt.Errorf("%w: set %s or use WithToken", ErrNoToken, TokenEnv)
		}
		req.Header.Set("Fastly-Key", c.token)
	}
	req = req.WithContext(ctx)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")

	sc := scrubber(append(secrets, c.token))
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.log(ctx, sc, op, req, 0, start, "", err)
		return RateLimit{Remaining: -1}, fmt.Errorf("fastlytokens: %s: %w", op, err)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	readErr := readBody(resp, buf)
	r := &response{status: resp.StatusCode, header: resp.Header, body: buf.Bytes(), rateLimit: RateLimit{Remaining: -1}}
	if req.Method != http.MethodGet {
		r.rateLimit = parseRateLimit(resp.Header)
		if r.rateLimit.Known() {
			rl := r.rateLimit
			c.rateLimit.Store(&rl)
		}
	}
	requestID := sc.scrub(requestID(resp.Header))
	c.log(ctx, sc, op, req, resp.StatusCode, start, requestID, readErr)
	if readErr != nil {
		return r.rateLimit, &DecodeError{Operation: op, StatusCode: resp.StatusCode, RequestID: requestID, Err: readErr}
	}
	if c.validator != nil {
		if err := c.validator.ValidateResponse(ctx, req, resp.StatusCode, resp.Header, r.body); err != nil {
			return r.rateLimit, &ContractError{Operation: op, StatusCode: resp.StatusCode, Err: err}
		}
	}
	if resp.StatusCode != wantStatus {
		return r.rateLimit, statusError(op, r, requestID, sc)
	}
	if decode != nil {
		if err := decode(r); err != nil {
			return r.rateLimit, &DecodeError{Operation: op, StatusCode: resp.StatusCode, RequestID: requestID, Err: err}
		}
	}
	return r.rateLimit, nil
}

// readBody reads the whole body (so the connection can be reused) up to
// maxBodyBytes, and closes it.
func readBody(resp *http.Response, buf *bytes.Buffer) error {
	defer resp.Body.Close()
	if resp.ContentLength > maxBodyBytes {
		return fmt.Errorf("response body of %d bytes exceeds the %d byte limit", resp.ContentLength, maxBodyBytes)
	}
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return fmt.Errorf("reading response body: %w", err)
	}
	if n > maxBodyBytes {
		return fmt.Errorf("response body exceeds the %d byte limit", maxBodyBytes)
	}
	return nil
}

// errorBody is Fastly's error shape: {"msg": …} or, on create, {"code": …}.
type errorBody struct {
	Msg     string `json:"msg"`
	Message string `json:"message"`
	Code    string `json:"code"`
	Detail  string `json:"detail"`
}

func statusError(op string, r *response, requestID string, sc scrubber) error {
	e := APIError{Operation: op, StatusCode: r.status, RequestID: requestID}
	var body errorBody
	if json.Unmarshal(r.body, &body) == nil {
		e.Message = sc.scrub(firstNonEmpty(body.Msg, body.Message))
		e.Code = sc.scrub(body.Code)
		e.Detail = sc.scrub(body.Detail)
	}
	if r.status == http.StatusTooManyRequests {
		rle := &RateLimitError{APIError: e, RateLimit: r.rateLimit}
		if !rle.RateLimit.Known() {
			rle.RateLimit = parseRateLimit(r.header)
		}
		if secs, err := strconv.Atoi(r.header.Get("Retry-After")); err == nil && secs >= 0 {
			rle.RetryAfter = time.Duration(secs) * time.Second
		}
		return rle
	}
	return &e
}

// scrubber holds the secrets of one call: the API key and any password or
// one-time password sent.
type scrubber []string

// scrub removes the secrets from text a server sent back.
func (sc scrubber) scrub(s string) string {
	for _, secret := range sc {
		if secret != "" && strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	return s
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func parseRateLimit(h http.Header) RateLimit {
	rl := RateLimit{Remaining: -1}
	if v, err := strconv.Atoi(h.Get("Fastly-RateLimit-Remaining")); err == nil && v >= 0 {
		rl.Remaining = v
	}
	if v, err := strconv.ParseInt(h.Get("Fastly-RateLimit-Reset"), 10, 64); err == nil && v > 0 {
		rl.Reset = time.Unix(v, 0).UTC()
	}
	return rl
}

func requestID(h http.Header) string {
	if id := h.Get("Fastly-Request-Id"); id != "" {
		return id
	}
	return h.Get("X-Request-Id")
}

func (c *Client) log(ctx context.Context, sc scrubber, op string, req *http.Request, status int, start time.Time, requestID string, err error) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", op), slog.String("method", req.Method), slog.String("path", req.URL.Path),
		slog.Int("status", status), slog.Duration("duration", time.Since(start)),
	}
	if requestID != "" {
		attrs = append(attrs, slog.String("request_id", requestID))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", sc.scrub(err.Error())))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "fastlytokens: request", attrs...)
}
