package facade

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// DefaultUserAgent is sent when WithUserAgent is not used.
const DefaultUserAgent = "fastlytokens-go/2"

// Client calls the Fastly API's token endpoints. Make one with New; it is
// safe for concurrent use. A zero Client answers every call with an error.
type Client struct {
	options                 // as New settled them; token is the API key
	gen         *gen.Client // nil in a Client not made with New: see api
	keyHeader   []string    // {token}, built once: see authorize
	uaHeader    []string
	maxPages    int
	secrets     *scrub.Scrubber // the API key, in every encoding
	now         func() time.Time
	rateLimitMu sync.Mutex
	rateLimit   RateLimit // the last write's
}

// New makes a Client. The API token comes from WithToken or, failing that,
// the FASTLY_API_TOKEN environment variable. A missing token is not an
// error here, since CreateToken can authenticate with a username and
// password; calls that need one return ErrNoToken.
func New(opts ...Option) (*Client, error) {
	c := &Client{options: defaultOptions(), maxPages: maxPages, now: time.Now}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&c.options); err != nil {
			return nil, err
		}
	}
	c.keyHeader, c.uaHeader, c.secrets = []string{c.token}, []string{c.userAgent}, scrub.New(c.token)
	rt := &c.retry
	if rt.Now != nil {
		c.now = rt.Now
	}
	if c.logger != nil {
		rt.OnRetry = c.logRetry
	}
	var err error
	if c.gen, err = gen.NewClient(c.baseURL.String(), gen.WithHTTPClient(&doer{rt: rt, maxBody: c.maxBody}), gen.WithRequestEditorFn(c.authorize)); err != nil {
		return nil, &InputError{Field: "base URL", Reason: "not usable"}
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
	c.rateLimitMu.Lock()
	defer c.rateLimitMu.Unlock()
	return c.rateLimit
}

// needKey reports a Client that was not made with New or has no key.
func (c *Client) needKey() error {
	if c != nil && c.gen != nil && c.token == "" {
		return ErrNoToken
	}
	return c.ready()
}

func (c *Client) ready() error {
	return check(c != nil && c.gen != nil, "client", "was not made with facade.New", nil)
}
