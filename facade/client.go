package facade

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/doer"
	"github.com/seed-14d8318b/fastlytokens/internal/reqlog"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// DefaultUserAgent is sent when WithUserAgent is not used.
const DefaultUserAgent = "fastlytokens-go/2"

// Client calls the Fastly API's token endpoints. Make one with New; it is
// safe for concurrent use. A zero Client answers every call with an error.
//
// Printing or logging a Client shows its base URL and whether it has a
// key, never the key: see Format and LogValue.
type Client struct {
	options               // as New settled them; token is the API key
	gen       *gen.Client // nil in a Client not made with New: see api
	keyHeader keyHeader   // {token}, built once: see authorize
	uaHeader  []string
	maxPages  int
	secrets   *scrub.Scrubber // the API key, in every encoding
	now       func() time.Time
	last      *atomic.Pointer[RateLimit] // the last write's; a pointer, so that a Client can be copied
}

// keyHeader is the Fastly-Key header's value; it prints as the Secret it
// is.
type keyHeader []string

func (k keyHeader) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(wire.Secret("").String())) }

// New makes a Client. The API token comes from WithToken or, failing that,
// the FASTLY_API_TOKEN environment variable. A missing token is not an
// error here, since CreateToken can authenticate with a username and
// password; calls that need one return ErrNoToken.
func New(opts ...Option) (*Client, error) {
	c := &Client{options: defaultOptions(), maxPages: maxPages, now: time.Now, last: &atomic.Pointer[RateLimit]{}}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&c.options); err != nil {
			return nil, err
		}
	}
	c.keyHeader, c.uaHeader, c.secrets = keyHeader{c.token.Reveal()}, []string{c.userAgent}, scrub.New(c.token.Reveal())
	rt := &c.retry
	if rt.Now != nil {
		c.now = rt.Now
	}
	if c.logger != nil {
		rt.OnRetry = c.logRetry
	}
	var err error
	if c.gen, err = gen.NewClient(c.baseURL.String(), gen.WithHTTPClient(&doer.Doer{RT: rt, MaxBody: c.maxBody}), gen.WithRequestEditorFn(c.authorize)); err != nil {
		return nil, &InputError{Field: FieldBaseURL, Reason: "not usable"}
	}
	return c, nil
}

// api is gen's client, nil for a nil Client, whose calls fail their
// checks before any is sent.
func (c *Client) api() *gen.Client {
	if c == nil {
		return nil
	}
	return c.gen
}

// authorize is the request editor gen runs on every request: the API key
// and the user agent. The header slices are built once and never mutated.
func (c *Client) authorize(_ context.Context, req *http.Request) error {
	req.Header["User-Agent"] = c.uaHeader
	req.Header["Accept"] = acceptJSON
	if c.token != "" {
		req.Header[wire.HeaderKey] = c.keyHeader // a []string: Header's own type, shared, never mutated
	}
	return nil
}

var acceptJSON = []string{"application/json"}

// RateLimit returns the write budget the most recent write response
// reported; the zero RateLimit before any did.
func (c *Client) RateLimit() (rl RateLimit) {
	if c != nil && c.last != nil && c.last.Load() != nil {
		rl = *c.last.Load()
	}
	return rl
}

// remember keeps a write's budget for RateLimit.
func (c *Client) remember(rl RateLimit) {
	c.last.Store(&rl)
}

// String implements fmt.Stringer: the API the client calls, and whether
// it has a key; never the key.
func (c Client) String() string {
	key := "no key"
	if c.token != "" {
		key = "key " + wire.Secret("").String()
	}
	base := "no base URL"
	if c.baseURL != nil {
		base = c.baseURL.Redacted()
	}
	return "facade.Client{" + base + ", " + key + "}"
}

// GoString implements fmt.GoStringer, as String.
func (c Client) GoString() string { return c.String() }

// Format implements fmt.Formatter, so that every verb formats String as
// it would any string (%q and %#v quote it, %x shows its bytes), and no
// verb the fields (%+v would show the key's header).
func (c Client) Format(f fmt.State, verb rune) { fmt.Fprintf(f, fmt.FormatString(f, verb), c.String()) }

// LogValue implements slog.LogValuer: the base URL and whether there is a
// key.
func (c Client) LogValue() slog.Value {
	base := ""
	if c.baseURL != nil {
		base = c.baseURL.Redacted()
	}
	return slog.GroupValue(slog.String("base_url", base), slog.Bool("key", c.token != ""))
}

// needKey reports a Client that was not made with New or has no key.
func (c *Client) needKey() error {
	if c != nil && c.gen != nil && c.token == "" {
		return ErrNoToken
	}
	return c.ready()
}

func (c *Client) ready() error {
	return check(c != nil && c.gen != nil && c.last != nil, FieldClient, "was not made with facade.New", nil)
}

// logFunc writes one debug line with the attributes given.
type logFunc func(ctx context.Context, msg string, attrs ...slog.Attr)

// log writes one debug line per request (reqlog.Request), its texts
// scrubbed of the call's secrets.
func (c *Client) log(ctx context.Context, x exchange, raw *http.Response, attempts int, start time.Time, err error) {
	if c.logger != nil {
		c.logger(ctx, "fastlytokens: request", reqlog.Request(raw, err, attempts, c.now().Sub(start), x.op, x.secrets.String)...)
	}
}

// logRetry is the retry transport's hook: one debug line per retry.
func (c *Client) logRetry(req *http.Request, attempt int, delay time.Duration, reason string) {
	c.logger(req.Context(), "fastlytokens: retrying", reqlog.Retry(req, attempt, delay, reason)...)
}
