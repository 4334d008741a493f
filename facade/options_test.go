package facade

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

func TestBaseURLRules(t *testing.T) {
	ok := []string{"https://api.fastly.com", "https://proxy.example.com/fastly/", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"}
	for _, u := range ok {
		_, err := New(WithBaseURL(u))
		assert.NoError(t, err, u)
	}
	bad := []string{"http://api.fastly.com", "http://10.0.0.1", "ftp://x", "api.fastly.com", "https://user:pw@api.fastly.com",
		"https://x?y=1", "https://x?", "https://x#f", "::", "https://x//y", "https://x/a//", "mailto:a@b"}
	for _, u := range bad {
		_, err := New(WithBaseURL(u))
		assert.ErrorIs(t, err, ErrInvalidInput, u)
	}
	_, err := New(WithBaseURL("http://api.fastly.com"))
	assert.Contains(t, err.Error(), "http is allowed only for loopback")
}

func TestBaseURLPathPrefixIsKept(t *testing.T) {
	var paths []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		respond(200, "[]")(w, r)
	})
	for _, prefix := range []string{"/prefix", "/prefix/"} {
		_, _, err := f.client(t, WithBaseURL(f.URL+prefix)).ListTokens(context.Background())
		require.NoError(t, err)
	}
	_, _, err := f.client(t, WithBaseURL(f.URL+"/prefix")).ListCustomerTokens(context.Background(), "abc")
	require.NoError(t, err)
	assert.Equal(t, []string{"/prefix/tokens", "/prefix/tokens", "/prefix/customer/abc/tokens"}, paths)
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
	_, _, err = c.ListTokens(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "from-env", key)

	c, err = New(WithBaseURL(f.URL), WithToken("explicit"))
	require.NoError(t, err)
	_, _, err = c.ListTokens(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "explicit", key)
}

func TestOptionValidation(t *testing.T) {
	cases := map[string]Option{
		"token with newline":    WithToken("a\nb"),
		"nil transport":         WithTransport(nil),
		"negative retry":        WithRetry(RetryPolicy{MaxAttempts: -1}),
		"too many attempts":     WithRetry(RetryPolicy{MaxAttempts: 11}),
		"empty user agent":      WithUserAgent(""),
		"user agent injection":  WithUserAgent("x\r\nFastly-Key: y"),
		"zero chunk":            WithBulkChunkSize(0),
		"huge chunk":            WithBulkChunkSize(1001),
		"negative retry delays": WithRetry(RetryPolicy{BaseDelay: -1}),
		"zero response limit":   WithMaxResponseBytes(0),
		"negative timeout":      WithTimeout(-time.Second),
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

func TestTransportAndUserAgent(t *testing.T) {
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
	c := f.client(t, WithTransport(ct), WithUserAgent("my-service/2"))
	_, _, err := c.ListTokens(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"my-service/2", "my-service/2", "my-service/2"}, ua)
	assert.Equal(t, 3, ct.n, "retries go through the caller's transport")
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Fastly-Key")
		respond(200, tokenJSON)(w, r)
	}))
	defer other.Close()
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	_, _, err := f.client(t).GetToken(context.Background(), "abc")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTemporaryRedirect, apiErr.StatusCode)
	assert.Empty(t, leaked, "the key never reached the other host")
}

func TestTimeouts(t *testing.T) {
	// A server that answers only when the request gives up.
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	_, _, err := f.client(t, WithTimeout(time.Nanosecond)).GetToken(context.Background(), "abc")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the client's timeout bounds a call without a deadline")
	var re *RequestError
	assert.ErrorAs(t, err, &re)

	quick := newFake(t, respond(200, tokenJSON))
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	_, _, err = quick.client(t, WithTimeout(time.Nanosecond)).GetToken(ctx, "abc")
	assert.NoError(t, err, "the caller's deadline wins over the client's timeout")

	c := quick.client(t)
	assert.Equal(t, DefaultTimeout, c.timeout)
	assert.Equal(t, time.Duration(0), quick.client(t, WithTimeout(0)).timeout, "0 turns it off")
	_, _, err = quick.client(t, WithTimeout(0)).GetToken(context.Background(), "abc")
	assert.NoError(t, err)

}

func TestLoggerLogsRequestsWithoutSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	calls := 0
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			respond(503, `{"msg":"busy `+testKey+`"}`)(w, r)
			return
		}
		respond(200, createdJSON, "Fastly-Trace-Id", "trace-1")(w, r)
	})
	c := f.client(t, WithLogger(logger))
	_, _, err := c.ListTokens(context.Background())
	require.Error(t, err) // the 200 body is not a list
	_, _, err = c.CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Username: "me", Password: "hunter2-password"}, OTP: "987654"})
	require.NoError(t, err)
	out := buf.String()
	assert.Contains(t, out, `"msg":"fastlytokens: retrying"`)
	assert.Contains(t, out, `"operation":"list-tokens-user"`)
	assert.Contains(t, out, `"operation":"create-token"`)
	assert.Contains(t, out, `"trace_id":"trace-1"`)
	for _, secret := range []string{testKey, "hunter2-password", "987654", "ACCESS-tok_0123456789abcdefghijkl"} {
		assert.NotContains(t, out, secret)
	}
	assert.Equal(t, 2, strings.Count(out, `"msg":"fastlytokens: request"`))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3, "one line per retry and per request")
	assert.Contains(t, lines[1], `"method":"GET","path":"/tokens","status":200,"trace_id":"trace-1","duration":`)
	assert.Contains(t, lines[1], `"retries":1,"operation":"list-tokens-user"`, "the list was sent twice")
	assert.Contains(t, lines[2], `"method":"POST","path":"/tokens","status":200`)
	assert.Contains(t, lines[2], `"retries":0,"operation":"create-token"`)

	// No response at all: the line still names the request.
	buf.Reset()
	gone, err := New(WithBaseURL(nowhere), WithTransport(refusing), WithToken(testKey), WithLogger(logger), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	_, err = gone.RevokeToken(context.Background(), "abc")
	require.Error(t, err)
	assert.Contains(t, buf.String(), `"method":"DELETE","path":"/tokens/abc","duration":`)
	assert.Contains(t, buf.String(), `"operation":"revoke-token","error":`)
	assert.NotContains(t, buf.String(), testKey)
}
