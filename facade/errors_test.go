package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

func TestStatusesMatchTheirSentinels(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   []error
	}{
		{400, `{"msg":"Token revocation error"}`, []error{ErrBadRequest}},
		{400, `{"code":"invalid_grant"}`, []error{ErrBadRequest}},
		{400, `{"code":"2fa.verify","msg":"Two-factor required"}`, []error{ErrTwoFactorRequired}},
		{401, `{"msg":"Provided credentials are missing or invalid"}`, []error{ErrUnauthorized, ErrInvalidKey}},
		{401, `{"msg":"Token 5Yo3XXnrQpjc20u0ybrf2g expired at 2021-09-28T02:03:37Z"}`, []error{ErrUnauthorized, ErrKeyExpired}},
		{403, `{"msg":"Provided credentials are missing or invalid"}`, []error{ErrForbidden, ErrInvalidKey}},
		{403, `{"msg":"Read only tokens are not allowed to access this endpoint."}`, []error{ErrForbidden, ErrReadOnlyKey}},
		{403, `{"msg":"You must POST /sudo to access this endpoint"}`, []error{ErrForbidden, ErrSudoRequired}},
		{403, `{"msg":"Insufficient permissions for this action"}`, []error{ErrForbidden}},
		{404, `{"msg":"Token not found"}`, []error{ErrNotFound}},
		{422, ``, []error{ErrBadRequest}},
		{429, `{"msg":"Rate limit exceeded"}`, []error{ErrRateLimited}},
		{500, `{"msg":"oops"}`, []error{ErrServer}},
		{503, `<html><title>Service Unavailable</title></html>`, []error{ErrServer}},
	}
	all := []error{ErrBadRequest, ErrTwoFactorRequired, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited, ErrServer,
		ErrInvalidKey, ErrKeyExpired, ErrReadOnlyKey, ErrSudoRequired}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status, tc.body), func(t *testing.T) {
			f := newFake(t, respond(tc.status, tc.body))
			_, _, err := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1})).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}})
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "every status keeps its *APIError, 429 included")
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, "create-token", apiErr.Operation())
			for _, sentinel := range all {
				assert.Equal(t, slices.Contains(tc.want, sentinel), errors.Is(err, sentinel), "%v", sentinel)
			}
		})
	}
}

// errorShape is an error answer and what the facade must read from it.
// real marks the shapes Fastly answers with, which the spec's validator
// must accept too; the others test the facade's robustness.
type errorShape struct {
	name, contentType, body string
	status                  int
	title, detail, code     string
	real                    bool
}

// errorShapes are the shapes Fastly's errors come in (legacy, JSON:API,
// problem details, a proxy's HTML or text, nothing) and broken ones.
var errorShapes = []errorShape{
	{"legacy msg", "application/json", `{"msg":"Provided credentials are missing or invalid"}`, 401, "Provided credentials are missing or invalid", "", "", true},
	{"legacy msg and detail", "application/json", `{"msg":"Bad request","detail":"Token revocation error"}`, 400, "Bad request", "Token revocation error", "", true},
	{"legacy detail only", "application/json", `{"detail":"Token lookup failed"}`, 404, "", "Token lookup failed", "", true},
	{"legacy with charset", "application/json; charset=utf-8", `{"msg":"Token not found"}`, 404, "Token not found", "", "", true},
	{"expired", "application/json", `{"msg":"Token 5Yo3XXnrQpjc20u0ybrf2g expired at 2021-09-28T02:03:37Z"}`, 401, "Token 5Yo3XXnrQpjc20u0ybrf2g expired at 2021-09-28T02:03:37Z", "", "", true},
	{"read-only key", "application/json", `{"msg":"Read only tokens are not allowed to access this endpoint."}`, 403, "Read only tokens are not allowed to access this endpoint.", "", "", true},
	{"sudo required", "application/json", `{"msg":"You must POST /sudo to access this endpoint"}`, 403, "You must POST /sudo to access this endpoint", "", "", true},
	{"create code", "application/json", `{"code":"2fa.verify","msg":"Two-factor authentication required"}`, 400, "Two-factor authentication required", "", "2fa.verify", true},
	{"create code only", "application/json", `{"code":"account_locked"}`, 400, "", "", "account_locked", true},
	{"create without code", "application/json", `{"msg":"Invalid scope"}`, 400, "Invalid scope", "", "", true},
	{"JSON:API", "application/vnd.api+json", `{"errors":[{"title":"Not found","detail":"Token lookup failed","code":"not_found","status":"404"}]}`, 404, "Not found", "Token lookup failed", "not_found", true},
	{"problem details", "application/problem+json", `{"title":"Forbidden","detail":"Invalid token","status":403,"type":"about:blank"}`, 403, "Forbidden", "Invalid token", "", true},
	{"automation-token error", "application/json", `{"title":"Bad request","detail":"Invalid role","status":400,"errors":[{"title":"role"}]}`, 400, "Bad request", "Invalid role", "", true},
	{"422 without a body", "", ``, 422, "", "", "", true},
	{"422 without a body, labelled JSON", "application/json", ``, 422, "", "", "", true},
	{"HTML from a proxy", "text/html", "<!DOCTYPE html>\n<html><head><title>503 Service\n Unavailable</title></head><body>lots</body></html>", 503, "", "503 Service Unavailable", "", true},
	{"plain text from a proxy", "text/plain", "upstream connect error or disconnect/reset before headers", 502, "", "upstream connect error or disconnect/reset before headers", "", true},
	{"HTML without title", "text/html", "<html><body><h1>Bad   gateway</h1></body></html>", 502, "", "Bad gateway", "", false},
	{"long text is cut", "text/plain", strings.Repeat("x", 1000), 500, "", strings.Repeat("x", maxExcerpt) + "…", "", false},
	{"broken JSON", "application/json", `{"msg": "unterminated`, 500, "", `{"msg": "unterminated`, "", false},
	{"JSON of the wrong shape", "application/json", `{"msg": 7}`, 400, "", `{"msg": 7}`, "", false},
	{"terminal escapes", "text/plain", "bad\x1b]0;pwned\x07 gateway\r\nX", 502, "", "bad ]0;pwned gateway X", "", false},
}

// serveShape answers every request with the error shape s.
func serveShape(s errorShape) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if s.contentType != "" {
			w.Header().Set("Content-Type", s.contentType)
		}
		w.Header().Set("Fastly-Trace-Id", "trace-123")
		w.WriteHeader(s.status)
		_, _ = w.Write([]byte(s.body))
	}
}

// assertShape checks that err is the *APIError s describes.
func assertShape(t *testing.T, s errorShape, err error) {
	t.Helper()
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, s.status, apiErr.StatusCode)
	assert.Equal(t, s.title, apiErr.Title)
	assert.Equal(t, s.detail, apiErr.Detail)
	assert.Equal(t, s.code, apiErr.Code)
	assert.Equal(t, "trace-123", apiErr.TraceID)
}

// TestEveryErrorShapeReadsWell checks that the status, title, detail, code
// and trace id of every error shape survive.
func TestEveryErrorShapeReadsWell(t *testing.T) {
	for _, tc := range errorShapes {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := newFake(t, serveShape(tc)).client(t, WithRetry(RetryPolicy{MaxAttempts: 1})).GetToken(context.Background(), "abc")
			assertShape(t, tc, err)
			assert.Contains(t, err.Error(), fmt.Sprintf("get-token: %d", tc.status))
		})
	}
}

func TestRateLimitError(t *testing.T) {
	clock := newFakeClock()
	reset := clock.now().Add(20 * time.Minute).Truncate(time.Second)
	for name, retryAfter := range map[string]string{"seconds": "90", "date": clock.now().Add(90 * time.Second).Format(http.TimeFormat)} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, respond(429, `{"msg":"Rate limit exceeded"}`,
				"Fastly-RateLimit-Remaining", "0", "Fastly-RateLimit-Reset", fmt.Sprint(reset.Unix()), "Retry-After", retryAfter))
			c, err := New(WithBaseURL(f.URL), WithToken(testKey), withClock(clock))
			require.NoError(t, err)
			_, err = c.RevokeToken(context.Background(), "abc")
			var rle *RateLimitError
			require.ErrorAs(t, err, &rle)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "a 429 is an *APIError too")
			assert.Same(t, rle.APIError, apiErr)
			assert.ErrorIs(t, err, ErrRateLimited)
			assert.Equal(t, 90*time.Second, rle.RetryAfter)
			assert.Equal(t, RateLimit{Remaining: 0, Reset: reset, Reported: true}, rle.RateLimit)
			assert.Contains(t, err.Error(), "resets at "+reset.Format(time.RFC3339))
			assert.Equal(t, int32(1), f.requests.Load(), "90 s is beyond RetryPolicy.MaxWait (30 s by default): not retried")
		})
	}
}

func TestDecodeErrorsKeepTheStatus(t *testing.T) {
	valid := tokenJSON
	cases := map[string]struct {
		status  int
		headers []string
		body    string
		call    func(*Client) error
		want    string
	}{
		"not JSON":           {200, nil, `{"id":`, get, "unexpected end"},
		"legacy timestamp":   {200, nil, strings.Replace(valid, `"2021-01-14T11:25:39Z"`, `"2016-06-22 03:19:48 UTC"`, 1), get, "RFC 3339"},
		"time without zone":  {200, nil, strings.Replace(valid, `"2021-01-14T11:25:39Z"`, `"2021-01-14T11:25:39"`, 1), get, "RFC 3339"},
		"no id":              {200, nil, strings.Replace(valid, `"id":"5Yo3XXnrQpjc20u0ybrf2g",`, "", 1), get, "has no id"},
		"list entry, no id":  {200, nil, "[" + valid + "," + strings.Replace(valid, `"id":"5Yo3XXnrQpjc20u0ybrf2g",`, "", 1) + "]", list, "token 2 of the list has no id"},
		"wrong content type": {200, []string{"Content-Type", "text/html"}, `<html>hi</html>`, get, `content type is "text/html"`},
		"no content type":    {200, []string{"Content-Type", ""}, ``, get, `the content type is ""`},
		"bad rate limit":     {204, []string{"Fastly-RateLimit-Remaining", "lots"}, ``, revoke, "Fastly-RateLimit-Remaining"},
		"no access token":    {200, nil, strings.Replace(createdJSON, `"access_token":"ACCESS-tok_0123456789abcdefghijkl"`, `"access_token":""`, 1), create, "has no access_token"},
		"no created id":      {200, nil, strings.Replace(createdJSON, `"id":"5Yo3XXnrQpjc20u0ybrf2g",`, ``, 1), create, "has no id"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, respond(tc.status, tc.body, tc.headers...))
			err := tc.call(f.client(t))
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tc.status, de.StatusCode)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func get(c *Client) error    { _, _, err := c.GetToken(context.Background(), "abc"); return err }
func list(c *Client) error   { _, _, err := c.ListTokens(context.Background()); return err }
func revoke(c *Client) error { _, err := c.RevokeToken(context.Background(), "abc"); return err }
func create(c *Client) error {
	_, _, err := c.CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
	return err
}

func TestResponseSizeLimit(t *testing.T) {
	f := newFake(t, respond(200, listJSON(100)))
	_, _, err := f.client(t, WithMaxResponseBytes(1000)).ListTokens(context.Background())
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Equal(t, 200, de.StatusCode)

	exact := tokenJSON
	f = newFake(t, respond(200, exact))
	_, _, err = f.client(t, WithMaxResponseBytes(int64(len(exact)))).GetToken(context.Background(), "abc")
	assert.NoError(t, err, "a body of exactly the limit is read")
	_, _, err = f.client(t, WithMaxResponseBytes(int64(len(exact)-1))).GetToken(context.Background(), "abc")
	assert.ErrorIs(t, err, ErrResponseTooLarge)
}

// TestListOfAHundredThousandTokens holds the default limit to what a big
// account needs: 100,000 tokens as a list answers them, about 19 MB.
func TestListOfAHundredThousandTokens(t *testing.T) {
	t.Parallel() // the slowest test of the package: run it beside the others
	var b strings.Builder
	b.WriteByte('[')
	for i := range 100_000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"t%021d","name":"deploy-%d","user_id":"4y5K5trZocEAQYkesWlk7M","customer_id":"x4xCwxxJxGCx123Rx5xTx",`+
			`"service_id":null,"scope":"global","scopes":["global"],"services":[],"created_at":"2021-01-14T11:25:39Z",`+
			`"last_used_at":null,"expires_at":null,"ip":null,"user_agent":null,"sudo_expires_at":null}`, i, i)
	}
	b.WriteByte(']')
	require.Greater(t, b.Len(), 19_000_000)
	f := newFake(t, respond(200, b.String()))
	tokens, _, err := f.client(t).ListTokens(context.Background())
	require.NoError(t, err)
	assert.Len(t, tokens, 100_000)
	assert.Equal(t, fmt.Sprintf("t%021d", 99_999), tokens[99_999].ID)
}

func TestRequestErrors(t *testing.T) {
	c, err := New(WithBaseURL(nowhere), WithTransport(refusing), WithToken(testKey), withClock(newFakeClock()), WithRetry(RetryPolicy{MaxAttempts: 2}))
	require.NoError(t, err)
	_, _, err = c.GetToken(context.Background(), "abc")
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "get-token", re.Operation())
	assert.True(t, strings.HasPrefix(err.Error(), "get-token: "), "%v: the operation starts it, and no package name", err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := newFake(t, respond(200, tokenJSON))
	_, _, err = f.client(t).GetToken(ctx, "abc")
	assert.ErrorIs(t, err, context.Canceled)
	require.ErrorAs(t, err, &re)
}

func TestInputErrorsAreCaughtBeforeSending(t *testing.T) {
	f := newFake(t, respond(200, createdJSON))
	c := f.client(t)
	ctx := context.Background()
	hostile := []string{"", "self/../x", "../customer", "a b", "a?b", "a#b", "a%2Fb", "ä", strings.Repeat("a", 65), "a\x00", "a-b", "a_b"}
	for _, id := range hostile {
		_, _, err := c.GetToken(ctx, id)
		assert.ErrorIs(t, err, ErrInvalidInput, "get %q", id)
		_, err = c.RevokeToken(ctx, id)
		assert.ErrorIs(t, err, ErrInvalidInput, "revoke %q", id)
		_, _, err = c.ListCustomerTokens(ctx, id)
		assert.ErrorIs(t, err, ErrInvalidInput, "customer %q", id)
		if id != "" {
			assert.NotContains(t, err.Error(), id, "the reason never quotes the id")
		}
	}
	_, _, err := c.GetToken(ctx, "self")
	assert.ErrorContains(t, err, "CurrentToken")
	_, err = c.RevokeToken(ctx, "self")
	assert.ErrorIs(t, err, ErrInvalidInput)

	in := func(f gen.TokenCreateForm) CreateTokenInput { return CreateTokenInput{TokenCreateForm: f} }
	bad := map[string]CreateTokenInput{
		"no name":             in(gen.TokenCreateForm{}),
		"blank name":          in(gen.TokenCreateForm{Name: "  "}),
		"control in name":     in(gen.TokenCreateForm{Name: "ci\x1b[8m"}),
		"newline in name":     in(gen.TokenCreateForm{Name: "ci\nZZZ"}),
		"format char in name": in(gen.TokenCreateForm{Name: "ci\u202egnp.exe"}),
		"long name":           in(gen.TokenCreateForm{Name: strings.Repeat("n", 256)}),
		"newline in scope":    in(gen.TokenCreateForm{Name: "x", Scope: "global\npurge_all"}),
		"control in scope":    in(gen.TokenCreateForm{Name: "x", Scope: "global\x1b[8m"}),
		"bad service":         in(gen.TokenCreateForm{Name: "x", Services: []string{"svc/1"}}),
		"user without pass":   in(gen.TokenCreateForm{Name: "x", Username: "me"}),
		"pass without user":   in(gen.TokenCreateForm{Name: "x", Password: "pw"}),
		"otp with newline":    {TokenCreateForm: gen.TokenCreateForm{Name: "x"}, OTP: "1\r\nX-Evil: 1"},
		"user with newline":   in(gen.TokenCreateForm{Name: "x", Username: "me\r\n", Password: "pw"}),
	}
	for name, in := range bad {
		_, _, err := c.CreateToken(ctx, in)
		var ie *InputError
		assert.ErrorAs(t, err, &ie, name)
	}
	assert.Zero(t, f.requests.Load(), "no bad input reached the server")
}

// write is one write of the facade, run against a fake answering status
// with body; it reports what the call returned.
type write struct {
	name   string
	status int
	body   string
	run    func(*Client) (secret string, err error)
	// budget: the answer declares the rate-limit headers (a recorded
	// automation create carries none).
	budget bool
}

func everyWrite() []write {
	ctx := context.Background()
	return []write{
		{"create", 200, createdJSON, func(c *Client) (string, error) {
			t, _, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
			if t == nil {
				return "", err
			}
			return t.AccessToken.Reveal(), err
		}, true},
		{"create automation", 200, automationCreatedJSON, func(c *Client) (string, error) {
			t, _, err := c.CreateAutomationToken(ctx, AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "bot", Role: string(gen.RoleEngineer)}})
			if t == nil {
				return "", err
			}
			return t.AccessToken.Reveal(), err
		}, false},
		{"sudo", 200, `{"expiry_time":"2021-01-14T11:52:45+00:00"}`, func(c *Client) (string, error) {
			_, _, err := c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "u", Password: "p"}})
			return "", err
		}, true},
		{"revoke", 204, "", func(c *Client) (string, error) {
			_, err := c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")
			return "", err
		}, true},
		{"revoke current", 204, "", func(c *Client) (string, error) { _, err := c.RevokeCurrentToken(ctx); return "", err }, true},
		{"bulk revoke", 204, "", func(c *Client) (string, error) {
			_, _, err := c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g"})
			return "", err
		}, true},
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
				if h.decodeErr == "" || (!w.budget && strings.HasPrefix(h.header[0], "Fastly-RateLimit")) {
					require.NoError(t, err, "a header the answer does not declare is not the spec's to type")
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
	c, err := New(append([]Option{WithToken(testKey), WithTransport(rt)}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestRateLimitErrorWait(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	reset := now.Add(40 * time.Minute)
	for name, tc := range map[string]struct {
		err  RateLimitError
		wait time.Duration
		ok   bool
	}{
		"Retry-After":       {RateLimitError{APIError: &APIError{}, RetryAfter: time.Minute}, time.Minute, true},
		"both: Retry-After": {RateLimitError{APIError: &APIError{RateLimit: RateLimit{Reset: reset}}, RetryAfter: time.Minute}, time.Minute, true},
		"the reset":         {RateLimitError{APIError: &APIError{RateLimit: RateLimit{Reset: reset}}}, 40 * time.Minute, true},
		"a reset gone by":   {RateLimitError{APIError: &APIError{RateLimit: RateLimit{Reset: now.Add(-time.Minute)}}}, 0, true},
		"neither said":      {RateLimitError{APIError: &APIError{}}, 0, false},
	} {
		wait, ok := tc.err.Wait(now)
		assert.Equal(t, tc.wait, wait, name)
		assert.Equal(t, tc.ok, ok, name)
	}
}

// unhashable is an error type that cannot be a map key.
type unhashable []string

func (unhashable) Error() string { return "unhashable" }

// TestIsNeverPanicsAndReadsEachRefusal: errors.Is with a target of any
// type answers rather than panics, and an answer whose texts say two
// refusals matches both sentinels, each read on its own.
func TestIsNeverPanicsAndReadsEachRefusal(t *testing.T) {
	e := &APIError{op: "get-token", StatusCode: 403, Title: "Read only tokens are not allowed to access this endpoint.",
		Detail: "You must POST /sudo to access this endpoint"}
	assert.NotPanics(t, func() { assert.False(t, errors.Is(e, unhashable{"a"})) })
	assert.NotPanics(t, func() { assert.False(t, errors.Is(&RateLimitError{APIError: e}, unhashable{"a"})) })
	assert.ErrorIs(t, e, ErrReadOnlyKey)
	assert.ErrorIs(t, e, ErrSudoRequired)
	assert.ErrorIs(t, e, ErrForbidden)
	assert.NotErrorIs(t, e, ErrInvalidKey)
}
