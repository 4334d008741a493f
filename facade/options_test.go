package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBaseURLRules(t *testing.T) {
	ok := []string{"https://api.fastly.com", "https://proxy.example.com/fastly/", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"}
	for _, u := range ok {
		_, err := New(WithBaseURL(u))
		assert.NoError(t, err, u)
	}
	bad := []string{"http://api.fastly.com", "http://10.0.0.1", "ftp://x", "api.fastly.com", "https://user:pw@api.fastly.com", "https://x?y=1", "https://x#f", "::"}
	for _, u := range bad {
		_, err := New(WithBaseURL(u))
		assert.ErrorIs(t, err, ErrInvalidInput, u)
	}
	_, err := New(WithBaseURL("http://api.fastly.com"))
	assert.Contains(t, err.Error(), "http is allowed only for loopback")
}

func TestBaseURLPathPrefixIsKept(t *testing.T) {
	var path string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		respond(200, "[]")(w, r)
	})
	c, err := New(WithBaseURL(f.URL+"/prefix"), WithToken(testKey))
	require.NoError(t, err)
	_, err = c.ListTokens(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/prefix/tokens", path)
}

func TestTokenFromEnvironment(t *testing.T) {
	var key string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		key = r.Header.Get("Fastly-Key")
		respond(200, "[]")(w, r)
	})
	t.Setenv(TokenEnv, "  from-env  ")
	c, err := New(WithBaseURL(f.URL))
	require.NoError(t, err)
	_, err = c.ListTokens(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "from-env", key)

	c, err = New(WithBaseURL(f.URL), WithToken("explicit"))
	require.NoError(t, err)
	_, err = c.ListTokens(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "explicit", key)
}

func TestOptionValidation(t *testing.T) {
	cases := map[string]Option{
		"token with newline":    WithToken("a\nb"),
		"nil http client":       WithHTTPClient(nil),
		"negative retry":        WithRetry(RetryPolicy{MaxAttempts: -1}),
		"too many attempts":     WithRetry(RetryPolicy{MaxAttempts: 11}),
		"empty user agent":      WithUserAgent(""),
		"user agent injection":  WithUserAgent("x\r\nFastly-Key: y"),
		"zero chunk":            WithBulkChunkSize(0),
		"huge chunk":            WithBulkChunkSize(1001),
		"negative retry delays": WithRetry(RetryPolicy{BaseDelay: -1}),
	}
	for name, opt := range cases {
		_, err := New(opt)
		assert.ErrorIs(t, err, ErrInvalidInput, name)
	}
	_, err := New(nil, WithToken("x")) // a nil option is skipped
	assert.NoError(t, err)
}

type countingTransport struct {
	n    int
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n++
	return c.next.RoundTrip(r)
}

func TestHTTPClientAndUserAgentAndRetry(t *testing.T) {
	var ua []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		ua = append(ua, r.UserAgent())
		if len(ua) < 3 {
			respond(503, `{"msg":"unavailable"}`)(w, r)
			return
		}
		respond(200, "[]")(w, r)
	})
	ct := &countingTransport{next: http.DefaultTransport}
	user := &http.Client{Transport: ct}
	c := f.client(t, WithHTTPClient(user), WithUserAgent("my-service/2"))
	_, err := c.ListTokens(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"my-service/2", "my-service/2", "my-service/2"}, ua)
	assert.Equal(t, 3, ct.n, "retries go through the caller's transport")
	assert.Equal(t, ct, user.Transport, "the caller's client is not modified")

	ua = nil
	c = f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	_, err = c.ListTokens(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Len(t, ua, 1)
}

func TestLoggerLogsRequestsAndRetriesWithoutSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	n := 0
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			respond(500, `{"msg":"boom `+testKey+`"}`, "Fastly-Request-Id", "rid-1")(w, r)
			return
		}
		respond(200, "[]", "Fastly-Request-Id", "rid-2")(w, r)
	})
	_, err := f.client(t, WithLogger(logger)).ListTokens(context.Background())
	require.NoError(t, err)
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m))
		lines = append(lines, m)
	}
	require.Len(t, lines, 2)
	assert.Equal(t, "fastlytokens: retrying", lines[0]["msg"])
	assert.Equal(t, "500 Internal Server Error", lines[0]["reason"])
	assert.Equal(t, "fastlytokens: request", lines[1]["msg"])
	assert.Equal(t, "list-tokens-user", lines[1]["operation"])
	assert.Equal(t, float64(200), lines[1]["status"])
	assert.Equal(t, "rid-2", lines[1]["request_id"])
	assert.NotContains(t, buf.String(), testKey)

	// A failed request logs its error, scrubbed of the key.
	buf.Reset()
	g := newFake(t, respond(200, "not json"))
	_, err = g.client(t, WithLogger(logger)).ListTokens(context.Background())
	require.Error(t, err)
	assert.Contains(t, buf.String(), `"status":200`)
}

func TestResponseValidation(t *testing.T) {
	f := newFake(t, respond(200, `[{"id":1}]`))
	_, err := f.client(t).ListTokens(context.Background())
	assert.Error(t, err, "without validation it fails as a decode error")
	var de *DecodeError
	assert.ErrorAs(t, err, &de)

	_, err = f.client(t, WithResponseValidation()).ListTokens(context.Background())
	var ce *ContractError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "list-tokens-user", ce.Operation)
	assert.Equal(t, 200, ce.StatusCode)
	assert.Contains(t, err.Error(), "breaks the API contract")
	assert.NotNil(t, ce.Unwrap())

	good := newFake(t, respond(200, "["+tokenJSON+"]"))
	toks, err := good.client(t, WithResponseValidation()).ListTokens(context.Background())
	require.NoError(t, err)
	assert.Len(t, toks, 1)

	teapot := newFake(t, respond(418, `{"msg":"teapot"}`))
	_, err = teapot.client(t, WithResponseValidation()).CurrentToken(context.Background())
	assert.ErrorAs(t, err, &ce, "an undocumented status breaks the contract")
}

func TestRateLimitBeforeAnyWrite(t *testing.T) {
	c, err := New(WithToken("x"))
	require.NoError(t, err)
	assert.Equal(t, RateLimit{Remaining: -1}, c.RateLimit())
	assert.False(t, c.RateLimit().Known())
}

func TestContextCancellationStopsRetries(t *testing.T) {
	f := newFake(t, respond(503, `{"msg":"down"}`))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 10, BaseDelay: time.Second, MaxDelay: time.Second}))
	start := time.Now()
	_, err := c.ListTokens(ctx)
	require.Error(t, err)
	assert.Less(t, time.Since(start), time.Second, "no retry waits past the deadline")
	assert.LessOrEqual(t, f.requests.Load(), int32(2))
	_ = fmt.Sprint(err)
}
