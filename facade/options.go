package facade

import (
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/internal/retry"
)

// DefaultBaseURL is the Fastly API.
const DefaultBaseURL = "https://api.fastly.com"

// TokenEnv is the environment variable New reads the API token from.
const TokenEnv = "FASTLY_API_TOKEN"

// DefaultBulkChunkSize is how many ids one bulk revoke request carries.
const DefaultBulkChunkSize = 100

// maxBulkChunkSize bounds WithBulkChunkSize.
const maxBulkChunkSize = 1000

// RetryPolicy bounds retries of idempotent requests (GET, DELETE). Zero
// fields take the defaults: 3 attempts, 100ms base delay, 2s max delay,
// and at most 30s of waiting for a rate-limit reset.
type RetryPolicy struct {
	MaxAttempts int           // tries in all; 1 disables retries
	BaseDelay   time.Duration // backoff before the second try, before jitter
	MaxDelay    time.Duration // cap of one backoff delay
	MaxWait     time.Duration // cap of a wait for a 429's reset time
}

type options struct {
	token      string
	baseURL    *url.URL
	httpClient *http.Client
	retry      RetryPolicy
	userAgent  string
	logger     *slog.Logger
	validate   bool
	chunkSize  int
}

// Option configures a Client.
type Option func(*options) error

// WithToken sets the API token sent as Fastly-Key. It overrides
// FASTLY_API_TOKEN.
func WithToken(token string) Option {
	return func(o *options) error {
		if strings.ContainsAny(token, "\r\n") {
			return &InputError{Field: "token", Reason: "contains a line break"}
		}
		o.token = strings.TrimSpace(token)
		return nil
	}
}

// WithBaseURL sets the API's address. It must be https, except for loopback
// hosts (localhost, 127.0.0.0/8, ::1), which may use http for tests.
func WithBaseURL(rawURL string) Option {
	return func(o *options) error {
		u, err := parseBaseURL(rawURL)
		if err != nil {
			return err
		}
		o.baseURL = u
		return nil
	}
}

func parseBaseURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, &InputError{Field: "base URL", Reason: "not an absolute URL"}
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, &InputError{Field: "base URL", Reason: "must not carry credentials, a query or a fragment"}
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, &InputError{Field: "base URL", Reason: "http is allowed only for loopback hosts; use https"}
		}
	default:
		return nil, &InputError{Field: "base URL", Reason: "scheme must be https"}
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithHTTPClient sets the http.Client requests go through. The client is
// copied: its Transport is wrapped with retries and redirects are not
// followed, so that Fastly-Key is never sent to another host.
func WithHTTPClient(c *http.Client) Option {
	return func(o *options) error {
		if c == nil {
			return &InputError{Field: "http client", Reason: "is nil"}
		}
		o.httpClient = c
		return nil
	}
}

// WithRetry sets the retry policy for idempotent requests.
func WithRetry(p RetryPolicy) Option {
	return func(o *options) error {
		if p.MaxAttempts < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxWait < 0 {
			return &InputError{Field: "retry policy", Reason: "values must not be negative"}
		}
		if p.MaxAttempts > 10 {
			return &InputError{Field: "retry policy", Reason: "at most 10 attempts"}
		}
		o.retry = p
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(o *options) error {
		if ua == "" || strings.ContainsAny(ua, "\r\n") {
			return &InputError{Field: "user agent", Reason: "must be one non-empty line"}
		}
		o.userAgent = ua
		return nil
	}
}

// WithLogger logs one debug line per request (operation, method, path,
// status, attempt, duration, request id) and one per retry. Secrets are
// never logged.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		o.logger = l
		return nil
	}
}

// WithResponseValidation checks every response against the OpenAPI spec the
// client was generated from; a response that breaks it fails with a
// *ContractError.
func WithResponseValidation() Option {
	return func(o *options) error {
		o.validate = true
		return nil
	}
}

// WithBulkChunkSize sets how many ids one bulk revoke request carries
// (1 to 1000; default 100).
func WithBulkChunkSize(n int) Option {
	return func(o *options) error {
		if n < 1 || n > maxBulkChunkSize {
			return &InputError{Field: "bulk chunk size", Reason: "must be between 1 and 1000"}
		}
		o.chunkSize = n
		return nil
	}
}

func (p RetryPolicy) internal() retry.Policy {
	return retry.Policy{MaxAttempts: p.MaxAttempts, BaseDelay: p.BaseDelay, MaxDelay: p.MaxDelay, MaxWait: p.MaxWait}
}
