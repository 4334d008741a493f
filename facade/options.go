package facade

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// DefaultBaseURL is the Fastly API.
const DefaultBaseURL = "https://api.fastly.com"

// TokenEnv is the environment variable New reads the API token from.
const TokenEnv = "FASTLY_API_TOKEN"

// DefaultBulkChunkSize is how many ids one bulk revoke request carries.
const DefaultBulkChunkSize = 100

// maxBulkChunkSize bounds WithBulkChunkSize.
const maxBulkChunkSize = 1000

// DefaultMaxResponseBytes bounds how much of a response is read: 64 MiB,
// room for a list of about 170,000 tokens with every field set (100,000
// such tokens are about 38 MB; with the fields of a typical account, about
// 19 MB).
const DefaultMaxResponseBytes = 64 << 20

// DefaultTimeout bounds each call whose context has no deadline, retries
// included. A context deadline always wins over it.
const DefaultTimeout = 30 * time.Second

// RetryPolicy bounds retries of idempotent requests (GET, DELETE). Zero
// fields take the defaults.
type RetryPolicy struct {
	MaxAttempts int           // tries in all, the first included; 1 turns retries off (default 3)
	BaseDelay   time.Duration // the backoff before the second attempt, before jitter (default 100ms)
	MaxDelay    time.Duration // the most one backoff waits (default 2s)
	MaxWait     time.Duration // the most a 429 may make a call wait for the rate-limit reset (default 30s)
}

type options struct {
	token     wire.Secret // the API key
	baseURL   *url.URL
	retry     retry.Transport // its Policy, and for tests its clock hooks
	userAgent string
	logger    logFunc
	chunkSize int
	maxBody   int64
	timeout   time.Duration
}

func defaultOptions() options {
	u, _ := parseBaseURL(DefaultBaseURL)
	return options{token: wire.Secret(strings.TrimSpace(os.Getenv(TokenEnv))), baseURL: u, userAgent: DefaultUserAgent,
		retry: retry.Transport{Next: http.DefaultTransport}, chunkSize: DefaultBulkChunkSize, maxBody: DefaultMaxResponseBytes, timeout: DefaultTimeout}
}

// Option configures a Client.
type Option func(*options) error

// WithToken sets the API token sent as Fastly-Key. It overrides
// FASTLY_API_TOKEN.
func WithToken(token string) Option {
	return func(o *options) error {
		return check(wire.HeaderSafe(token), FieldKey, "contains a line break or NUL", func() { o.token = wire.Secret(strings.TrimSpace(token)) })
	}
}

// WithBaseURL sets the API's address. It must be https, except for loopback
// hosts (localhost, 127.0.0.0/8, ::1), which may use http for tests. A path
// is kept as a prefix ("https://proxy.example/fastly").
func WithBaseURL(rawURL string) Option {
	return func(o *options) (err error) {
		o.baseURL, err = parseBaseURL(rawURL) // nil on error, when New fails
		return err
	}
}

// parseBaseURL is wire.ParseBaseURL, refusing with an *InputError.
func parseBaseURL(rawURL string) (*url.URL, error) {
	u, reason := wire.ParseBaseURL(rawURL)
	return u, check(reason == "", FieldBaseURL, reason, nil)
}

// WithTransport sets what every attempt goes out through, under the
// client's retries (default http.DefaultTransport): a proxy's, a test
// server's, or the spec validator's (contract.Validator.Transport). There
// is no http.Client option: the client sends requests itself, never
// following a redirect (Fastly-Key must not go to another host), with its
// own timeout (WithTimeout), so an http.Client's CheckRedirect, Jar and
// Timeout would go unused.
func WithTransport(rt http.RoundTripper) Option {
	return func(o *options) error {
		return check(rt != nil, FieldTransport, "is nil", func() { o.retry.Next = rt })
	}
}

// WithRetry sets the retry policy for idempotent requests.
func WithRetry(p RetryPolicy) Option {
	return func(o *options) error {
		return check(p.MaxAttempts >= 0 && p.MaxAttempts <= 10 && p.BaseDelay >= 0 && p.MaxDelay >= 0 && p.MaxWait >= 0,
			FieldRetryPolicy, "values must not be negative, and attempts at most 10", func() { o.retry.Policy = retry.Policy(p) })
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(o *options) error {
		return check(ua != "" && wire.HeaderSafe(ua), FieldUserAgent, "must be one non-empty line", func() { o.userAgent = ua })
	}
}

// WithLogger logs one debug line per request (operation, method, path,
// status, duration, trace id) and one per retry. Secrets are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		o.logger = nil
		if l != nil {
			// A closure, so that a program that never sets a logger links
			// none of slog's handlers (internal/importcost).
			o.logger = func(ctx context.Context, msg string, attrs ...slog.Attr) {
				l.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
			}
		}
		return nil
	}
}

// WithBulkChunkSize sets how many ids one bulk revoke request carries
// (1 to 1000; default 100).
func WithBulkChunkSize(n int) Option {
	return func(o *options) error {
		return check(n >= 1 && n <= maxBulkChunkSize, FieldBulkChunkSize, "must be between 1 and 1000", func() { o.chunkSize = n })
	}
}

// WithMaxResponseBytes bounds how much of a response body is read
// (default DefaultMaxResponseBytes); a longer body is a *DecodeError whose
// cause is ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(o *options) error {
		return check(n >= 1, FieldMaxResponseSize, "must be positive", func() { o.maxBody = n })
	}
}

// WithTimeout sets the per-call timeout (default DefaultTimeout) that
// applies when a call's context has no deadline; 0 turns it off. A context
// deadline always wins.
func WithTimeout(d time.Duration) Option {
	return func(o *options) error {
		return check(d >= 0, FieldTimeout, "must not be negative", func() { o.timeout = d })
	}
}

// refuse is the *InputError of a rule's reason (wire's ...Problem
// functions), or nil when the reason is "".
func refuse(field Field, reason string) error { return check(reason == "", field, reason, nil) }

// check is the shape of every option and check of input: apply the
// setting (if any) when ok, else an *InputError.
func check(ok bool, field Field, reason string, apply func()) error {
	if !ok {
		return &InputError{Field: field, Reason: reason}
	}
	if apply != nil {
		apply()
	}
	return nil
}
