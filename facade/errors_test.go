package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusErrors(t *testing.T) {
	sentinels := []error{ErrNotFound, ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrTwoFactorRequired, ErrBadRequest}
	cases := []struct {
		status int
		body   string
		want   error
		msg    string
		code   string
	}{
		{401, `{"msg":"Provided credentials are missing or invalid"}`, ErrUnauthorized, "Provided credentials are missing or invalid", ""},
		{401, `{"msg":"Token 5Yo3XXnrQpjc20u0ybrf2g expired at 2021-09-28T02:03:37Z"}`, ErrUnauthorized, "Token 5Yo3XXnrQpjc20u0ybrf2g expired at 2021-09-28T02:03:37Z", ""},
		{403, `{"msg":"Invalid token."}`, ErrForbidden, "Invalid token.", ""},
		{404, `{"msg":"Token lookup failed."}`, ErrNotFound, "Token lookup failed.", ""},
		{400, `{"msg":"Token revocation error."}`, ErrBadRequest, "Token revocation error.", ""},
		{400, `{"code":"2fa.verify","msg":"2FA required"}`, ErrTwoFactorRequired, "2FA required", "2fa.verify"},
		{400, `{"code":"invalid_grant"}`, ErrBadRequest, "", "invalid_grant"},
		{422, `{"msg":"expires_at is invalid"}`, ErrBadRequest, "expires_at is invalid", ""},
		{429, `{"msg":"Rate limit exceeded"}`, ErrRateLimited, "Rate limit exceeded", ""},
		{500, `<html><body>Internal error</body></html>`, nil, "", ""},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d %s", tc.status, tc.code), func(t *testing.T) {
			f := newFake(t, respond(tc.status, tc.body, "Fastly-Request-Id", "req-123"))
			_, err := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1})).CurrentToken(context.Background())
			require.Error(t, err)
			var apiErr *APIError
			var rlErr *RateLimitError
			if tc.status == 429 {
				require.ErrorAs(t, err, &rlErr)
				apiErr = &rlErr.APIError
			} else {
				require.ErrorAs(t, err, &apiErr)
			}
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, "get-token-current", apiErr.Operation)
			assert.Equal(t, tc.msg, apiErr.Message)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, "req-123", apiErr.RequestID)
			assert.Contains(t, err.Error(), "request id req-123")
			assert.Contains(t, err.Error(), fmt.Sprint(tc.status))
			for _, s := range sentinels {
				assert.Equal(t, s == tc.want, errors.Is(err, s), "errors.Is(%v)", s)
			}
		})
	}
}

func TestRateLimitError(t *testing.T) {
	reset := time.Now().Add(time.Hour).Unix()
	f := newFake(t, respond(429, `{"msg":"Rate limit exceeded"}`, "Fastly-RateLimit-Remaining", "0",
		"Fastly-RateLimit-Reset", fmt.Sprint(reset), "Retry-After", "3600", "X-Request-Id", "xr-1"))
	rl, err := f.client(t).RevokeToken(context.Background(), "abc")
	var rlErr *RateLimitError
	require.ErrorAs(t, err, &rlErr)
	assert.Equal(t, time.Unix(reset, 0).UTC(), rlErr.RateLimit.Reset)
	assert.Equal(t, 0, rlErr.RateLimit.Remaining)
	assert.Equal(t, time.Hour, rlErr.RetryAfter)
	assert.Equal(t, "xr-1", rlErr.RequestID)
	assert.Equal(t, rlErr.RateLimit, rl)
	assert.Contains(t, err.Error(), "resets at "+time.Unix(reset, 0).UTC().Format(time.RFC3339))
	assert.Equal(t, int32(1), f.requests.Load(), "a reset an hour away is beyond the retry wait")

	// On a GET there are no rate-limit headers to read.
	g := newFake(t, respond(429, `{"msg":"slow down"}`))
	_, err = g.client(t).ListTokens(context.Background())
	require.ErrorAs(t, err, &rlErr)
	assert.False(t, rlErr.RateLimit.Known())
}

func TestDecodeErrorsKeepStatus(t *testing.T) {
	cases := map[string]struct {
		status int
		body   string
	}{
		"not json":         {200, `<html>oops</html>`},
		"bad timestamp":    {200, strings.Replace(tokenJSON, `"2021-01-14T11:25:39Z"`, `"yesterday"`, 1)},
		"number timestamp": {200, strings.Replace(tokenJSON, `"2021-01-14T11:25:39Z"`, `12345`, 1)},
		"no id":            {200, `{"name":"x"}`},
		"truncated":        {200, tokenJSON[:40]},
		"wrong type":       {200, strings.Replace(tokenJSON, `"name":"my_token"`, `"name":["x"]`, 1)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, respond(tc.status, tc.body, "Fastly-Request-Id", "rid"))
			_, err := f.client(t).GetToken(context.Background(), "abc")
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tc.status, de.StatusCode)
			assert.Equal(t, "get-token", de.Operation)
			assert.Equal(t, "rid", de.RequestID)
			assert.Contains(t, err.Error(), "decoding 200 response")
			assert.NotNil(t, errors.Unwrap(err))
		})
	}
}

func TestLegacyAndFractionalTimestamps(t *testing.T) {
	body := strings.Replace(tokenJSON, `"2021-01-14T11:25:39Z"`, `"2016-06-22 03:19:48 UTC"`, 1)
	body = strings.Replace(body, `"2021-01-14T11:47:46Z"`, `"2020-06-22T03:19:48.000Z"`, 1)
	f := newFake(t, respond(200, body))
	tok, err := f.client(t).CurrentToken(context.Background())
	require.NoError(t, err)
	assert.Equal(t, time.Date(2016, 6, 22, 3, 19, 48, 0, time.UTC), tok.CreatedAt.UTC())
	assert.Equal(t, time.Date(2020, 6, 22, 3, 19, 48, 0, time.UTC), tok.LastUsedAt)
}

func TestScopesFallBackToArray(t *testing.T) {
	f := newFake(t, respond(200, `{"id":"a","user_id":"u","name":"n","scope":"","scopes":["purge_select","global:read"],"created_at":"2021-01-14T11:25:39Z"}`))
	tok, err := f.client(t).CurrentToken(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Scopes{ScopePurgeSelect, ScopeGlobalRead}, tok.Scopes)
}

func TestNoToken(t *testing.T) {
	f := newFake(t, respond(200, tokenJSON))
	t.Setenv(TokenEnv, "")
	c, err := New(WithBaseURL(f.URL))
	require.NoError(t, err)
	_, err = c.ListTokens(context.Background())
	assert.ErrorIs(t, err, ErrNoToken)
	assert.Contains(t, err.Error(), TokenEnv)
	assert.Equal(t, int32(0), f.requests.Load())
}

func TestInputErrors(t *testing.T) {
	f := newFake(t, respond(200, tokenJSON))
	c := f.client(t)
	ctx := context.Background()
	calls := map[string]func() error{
		"empty id":        func() error { _, err := c.GetToken(ctx, ""); return err },
		"self as id":      func() error { _, err := c.RevokeToken(ctx, "self"); return err },
		"long id":         func() error { _, err := c.GetToken(ctx, strings.Repeat("a", 65)); return err },
		"empty customer":  func() error { _, err := c.ListCustomerTokens(ctx, ""); return err },
		"bad bulk id":     func() error { _, err := c.BulkRevokeTokens(ctx, []string{"ok", "../x"}); return err },
		"bad service":     func() error { _, err := c.CreateToken(ctx, CreateTokenInput{Services: []string{"a/b"}}); return err },
		"bad scope":       func() error { _, err := c.CreateToken(ctx, CreateTokenInput{Scopes: Scopes{"two words"}}); return err },
		"empty scope":     func() error { _, err := c.CreateToken(ctx, CreateTokenInput{Scopes: Scopes{""}}); return err },
		"half creds":      func() error { _, err := c.CreateToken(ctx, CreateTokenInput{Username: "me"}); return err },
		"password alone":  func() error { _, err := c.CreateToken(ctx, CreateTokenInput{Password: "pw"}); return err },
		"otp line break":  func() error { _, err := c.CreateToken(ctx, CreateTokenInput{OTP: "1\r\nX: y"}); return err },
		"rotate bad id":   func() error { _, err := c.RotateToken(ctx, "a b", RotateInput{}); return err },
		"nil context":     func() error { _, err := c.GetToken(nil, "abc"); return err }, //nolint:staticcheck // testing the guard
		"negative expiry": func() error { _, err := c.ExpiringTokens(ctx, -1); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			err := call()
			assert.ErrorIs(t, err, ErrInvalidInput)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.NotEmpty(t, ie.Field)
			assert.True(t, strings.HasPrefix(err.Error(), "fastlytokens: invalid "))
		})
	}
	assert.Equal(t, int32(0), f.requests.Load(), "bad input never reaches the server")
}

func TestRedirectIsNotFollowed(t *testing.T) {
	other := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("Fastly-Key"), "the key must not follow a redirect")
		respond(200, tokenJSON)(w, r)
	})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/tokens/self", http.StatusFound)
	})
	_, err := f.client(t).CurrentToken(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusFound, apiErr.StatusCode)
	assert.Equal(t, int32(0), other.requests.Load())
}
