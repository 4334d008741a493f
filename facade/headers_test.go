package facade

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// write is one write of the facade, run against a fake answering status
// with body; it reports what the call returned.
type write struct {
	name   string
	status int
	body   string
	run    func(*Client) (secret string, err error)
}

func everyWrite() []write {
	ctx := context.Background()
	return []write{
		{"create", 200, createdJSON, func(c *Client) (string, error) {
			t, _, err := c.CreateToken(ctx, CreateTokenInput{Name: "ci"})
			if t == nil {
				return "", err
			}
			return t.AccessToken.Reveal(), err
		}},
		{"create automation", 200, automationCreatedJSON, func(c *Client) (string, error) {
			t, _, err := c.CreateAutomationToken(ctx, AutomationTokenInput{Name: "bot", Role: RoleEngineer})
			if t == nil {
				return "", err
			}
			return t.AccessToken.Reveal(), err
		}},
		{"sudo", 200, `{"expiry_time":"2021-01-14T11:52:45+00:00"}`, func(c *Client) (string, error) {
			_, _, err := c.Sudo(ctx, SudoInput{Username: "u", Password: "p"})
			return "", err
		}},
		{"revoke", 204, "", func(c *Client) (string, error) {
			_, err := c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")
			return "", err
		}},
		{"revoke current", 204, "", func(c *Client) (string, error) { _, err := c.RevokeCurrentToken(ctx); return "", err }},
		{"bulk revoke", 204, "", func(c *Client) (string, error) {
			_, err := c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g"})
			return "", err
		}},
	}
}

// TestWritesSurviveBadHeaders: for every write, a malformed or missing
// header on its success never costs the result (a create's token and
// secret), and is reported as a *DecodeError beside it when the spec types
// the header; a server's trace id cannot forge output.
func TestWritesSurviveBadHeaders(t *testing.T) {
	headers := []struct {
		name       string
		header     []string
		decodeErr  string // "" when the header is not the spec's to type on a success
		onlyBodied bool   // only answers with a body have a Content-Type to break
	}{
		{"remaining not a number", []string{"Fastly-RateLimit-Remaining", "lots"}, "Fastly-RateLimit-Remaining", false},
		{"remaining negative", []string{"Fastly-RateLimit-Remaining", "-1"}, "Fastly-RateLimit-Remaining", false},
		{"reset past year 9999", []string{"Fastly-RateLimit-Reset", "253402300800"}, "Fastly-RateLimit-Reset", false},
		{"reset not a number", []string{"Fastly-RateLimit-Reset", "soon"}, "Fastly-RateLimit-Reset", false},
		{"retry-after garbage", []string{"Retry-After", "later"}, "", false},
		{"content type html", []string{"Content-Type", "text/html"}, `content type is "text/html"`, true},
		{"content type missing", []string{"Content-Type", ""}, `content type is ""`, true},
		{"trace id with escapes", []string{"Fastly-Trace-Id", "abc\x1b[2Jdef\u202e"}, "", false},
	}
	for _, w := range everyWrite() {
		for _, h := range headers {
			if h.onlyBodied && w.body == "" {
				continue
			}
			t.Run(w.name+"/"+h.name, func(t *testing.T) {
				// In process: net/http's client refuses control characters
				// in headers, which a proxy or a test double may still send.
				header := http.Header{"Content-Type": {"application/json"}}
				header[http.CanonicalHeaderKey(h.header[0])] = []string{h.header[1]}
				if h.header[1] == "" {
					delete(header, http.CanonicalHeaderKey(h.header[0]))
				}
				secret, err := w.run(inProcess(t, &cannedTransport{status: w.status, body: []byte(w.body), header: header}))
				if strings.Contains(w.body, "access_token") {
					assert.True(t, strings.HasPrefix(secret, "ACCESS-"), "the secret is kept: %v", err)
				}
				if h.decodeErr == "" {
					require.NoError(t, err)
				} else {
					var de *DecodeError
					require.ErrorAs(t, err, &de)
					assert.Equal(t, w.status, de.StatusCode)
					assert.ErrorContains(t, err, h.decodeErr)
					if secret != "" {
						assert.NotEmpty(t, de.TokenID, "the error names the token it comes with")
					}
				}
				if err != nil {
					assert.NotContains(t, err.Error(), "\x1b")
				}
			})
		}
	}
}

// TestRateLimitedWritesSurviveBadHeaders: a 429 with broken headers is
// still a *RateLimitError with its status; what cannot be read is zero.
func TestRateLimitedWritesSurviveBadHeaders(t *testing.T) {
	for _, w := range everyWrite() {
		t.Run(w.name, func(t *testing.T) {
			header := http.Header{"Content-Type": {"application/json"}, "Retry-After": {"later"}, "Fastly-Ratelimit-Reset": {"soon"},
				"Fastly-Ratelimit-Remaining": {"none"}, "Fastly-Trace-Id": {"t\x1b1"}}
			_, err := w.run(inProcess(t, &cannedTransport{status: 429, body: []byte(`{"msg":"slow down"}`), header: header}, WithRetry(RetryPolicy{MaxAttempts: 1})))
			var rle *RateLimitError
			require.ErrorAs(t, err, &rle)
			assert.Equal(t, 429, rle.StatusCode)
			assert.Equal(t, time.Duration(0), rle.RetryAfter)
			assert.False(t, rle.RateLimit.Reported)
			assert.Equal(t, "slow down", rle.Title)
			assert.Equal(t, "t 1", rle.TraceID, "the trace id is one safe line")
		})
	}
}

// inProcess is a client whose requests rt answers in process.
func inProcess(t *testing.T, rt http.RoundTripper, opts ...Option) *Client {
	t.Helper()
	c, err := New(append([]Option{WithToken(testKey), WithHTTPClient(&http.Client{Transport: rt})}, opts...)...)
	require.NoError(t, err)
	return c
}
