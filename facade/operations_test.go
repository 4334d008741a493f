package facade

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetTokenSendsKeyAndDecodes(t *testing.T) {
	var seen *http.Request
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		seen = r.Clone(context.Background())
		respond(200, tokenJSON)(w, r)
	})
	tok, err := f.client(t).GetToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
	require.NoError(t, err)
	assert.Equal(t, "/tokens/5Yo3XXnrQpjc20u0ybrf2g", seen.URL.Path)
	assert.Equal(t, http.MethodGet, seen.Method)
	assert.Equal(t, testKey, seen.Header.Get("Fastly-Key"))
	assert.Equal(t, DefaultUserAgent, seen.Header.Get("User-Agent"))
	assert.Equal(t, "application/json", seen.Header.Get("Accept"))

	assert.Equal(t, "5Yo3XXnrQpjc20u0ybrf2g", tok.ID)
	assert.Equal(t, "4y5K5trZocEAQYkesWlk7M", tok.UserID)
	assert.Equal(t, "x4xCwxxJxGCx123Rx5xTx", tok.CustomerID)
	assert.Equal(t, Scopes{ScopeGlobalRead, ScopePurgeAll}, tok.Scopes)
	assert.Equal(t, []string{"SU1"}, tok.Services)
	assert.Equal(t, time.Date(2021, 1, 14, 11, 25, 39, 0, time.UTC), tok.CreatedAt)
	assert.Equal(t, time.Date(2021, 1, 14, 11, 47, 46, 0, time.UTC), tok.LastUsedAt)
	assert.True(t, tok.ExpiresAt.IsZero())
	assert.False(t, tok.Expires())
	assert.Equal(t, "203.0.113.7", tok.IP)
	assert.Equal(t, "curl/8", tok.UserAgent)
	assert.Empty(t, tok.ServiceID)
}

func TestEveryOperationHitsItsRoute(t *testing.T) {
	type seenReq struct {
		method, path, contentType, body, otp, key string
	}
	var mu sync.Mutex
	var got []seenReq
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, seenReq{r.Method, r.URL.Path, r.Header.Get("Content-Type"), string(b), r.Header.Get("Fastly-OTP"), r.Header.Get("Fastly-Key")})
		mu.Unlock()
		switch {
		case r.Method == http.MethodDelete:
			respond(204, "", "Fastly-RateLimit-Remaining", "998", "Fastly-RateLimit-Reset", "1700000000")(w, r)
		case r.URL.Path == "/tokens" || strings.HasSuffix(r.URL.Path, "/tokens"):
			if r.Method == http.MethodPost {
				respond(200, strings.TrimSuffix(tokenJSON, "}")+`,"access_token":"ACCESS-tok_0123456789abcdefghijkl"}`, "Fastly-RateLimit-Remaining", "999")(w, r)
				return
			}
			respond(200, "["+tokenJSON+"]")(w, r)
		default:
			respond(200, tokenJSON)(w, r)
		}
	})
	c := f.client(t)
	ctx := context.Background()
	_, err := c.ListTokens(ctx)
	require.NoError(t, err)
	_, err = c.ListCustomerTokens(ctx, "x4xCwxxJxGCx123Rx5xTx")
	require.NoError(t, err)
	_, err = c.GetToken(ctx, "abc")
	require.NoError(t, err)
	_, err = c.CurrentToken(ctx)
	require.NoError(t, err)
	expires := time.Date(2030, 7, 28, 19, 24, 50, 0, time.FixedZone("", 2*3600))
	created, err := c.CreateToken(ctx, CreateTokenInput{Name: "ci", Scopes: Scopes{ScopeGlobalRead, ScopePurgeAll},
		Services: []string{"S1", "S2"}, ExpiresAt: expires, OTP: "123456"})
	require.NoError(t, err)
	assert.Equal(t, "ACCESS-tok_0123456789abcdefghijkl", created.AccessToken.Reveal())
	assert.Equal(t, 999, created.RateLimit.Remaining)
	_, err = c.RevokeToken(ctx, "abc")
	require.NoError(t, err)
	rl, err := c.RevokeCurrentToken(ctx)
	require.NoError(t, err)
	assert.Equal(t, RateLimit{Remaining: 998, Reset: time.Unix(1700000000, 0).UTC()}, rl)
	_, err = c.BulkRevokeTokens(ctx, []string{"a", "b"})
	require.NoError(t, err)
	assert.Equal(t, rl, c.RateLimit())

	require.Len(t, got, 8)
	routes := []string{}
	for _, g := range got {
		routes = append(routes, g.method+" "+g.path)
		assert.Equal(t, testKey, g.key)
	}
	assert.Equal(t, []string{
		"GET /tokens", "GET /customer/x4xCwxxJxGCx123Rx5xTx/tokens", "GET /tokens/abc", "GET /tokens/self",
		"POST /tokens", "DELETE /tokens/abc", "DELETE /tokens/self", "DELETE /tokens",
	}, routes)

	create := got[4]
	assert.Equal(t, "application/x-www-form-urlencoded", create.contentType)
	assert.Equal(t, "123456", create.otp)
	form, err := url.ParseQuery(create.body)
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"name": {"ci"}, "scope": {"global:read purge_all"}, "services[]": {"S1", "S2"},
		"expires_at": {"2030-07-28T19:24:50+02:00"},
	}, form)
	assert.Contains(t, create.body, "services%5B%5D=S1&services%5B%5D=S2", "repeated bracketed keys, not services[0]")

	bulk := got[7]
	assert.Equal(t, "application/vnd.api+json; ext=bulk", bulk.contentType)
	assert.JSONEq(t, `{"data":[{"id":"a","type":"token"},{"id":"b","type":"token"}]}`, bulk.body)
}

func TestCreateWithCredentialsSendsNoKey(t *testing.T) {
	var key, body string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		key = r.Header.Get("Fastly-Key")
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		respond(200, tokenJSON)(w, r)
	})
	c, err := New(WithBaseURL(f.URL), WithToken(""))
	require.NoError(t, err)
	_, err = c.CreateToken(context.Background(), CreateTokenInput{Username: "me@example.com", Password: "pw"})
	require.NoError(t, err)
	assert.Empty(t, key)
	form, _ := url.ParseQuery(body)
	assert.Equal(t, "me@example.com", form.Get("username"))
	assert.Equal(t, "pw", form.Get("password"))
	assert.NotContains(t, form, "scope", "Fastly's default applies")
}

func TestBulkRevokeChunks(t *testing.T) {
	var sizes []int
	var mu sync.Mutex
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Data []map[string]string }
		require.NoError(t, json.NewDecoder(r.Body).Decode(&body))
		mu.Lock()
		sizes = append(sizes, len(body.Data))
		n := len(sizes)
		mu.Unlock()
		if n == 3 {
			respond(400, `{"msg":"Token revocation error."}`)(w, r)
			return
		}
		respond(204, "")(w, r)
	})
	ids := make([]string, 0, 250)
	for i := range 250 {
		ids = append(ids, "id"+strings.Repeat("x", i%3)+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	_, err := f.client(t).BulkRevokeTokens(context.Background(), ids)
	var bulkErr *BulkRevokeError
	require.ErrorAs(t, err, &bulkErr)
	assert.Equal(t, []int{100, 100, 50}, sizes)
	assert.Len(t, bulkErr.Revoked, 200)
	assert.Len(t, bulkErr.Failed, 50)
	assert.ErrorIs(t, err, ErrBadRequest)
	assert.Contains(t, err.Error(), "200 revoked, 50 not revoked")

	// Nothing to revoke sends nothing.
	before := f.requests.Load()
	_, err = f.client(t).BulkRevokeTokens(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, before, f.requests.Load())
}

func TestIteratorsStopEarlyAndYieldErrors(t *testing.T) {
	f := newFake(t, respond(200, "["+tokenJSON+","+tokenJSON+","+tokenJSON+"]"))
	c := f.client(t)
	n := 0
	for tok, err := range c.Tokens(context.Background()) {
		require.NoError(t, err)
		assert.Equal(t, "my_token", tok.Name)
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)

	bad := newFake(t, respond(401, `{"msg":"Provided credentials are missing or invalid"}`))
	var errs []error
	for _, err := range bad.client(t).CustomerTokens(context.Background(), "cust") {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUnauthorized)
}

func TestExpiringWithin(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tokens := []Token{
		{ID: "none"},
		{ID: "past", ExpiresAt: now.Add(-time.Hour)},
		{ID: "soon", ExpiresAt: now.Add(time.Hour)},
		{ID: "edge", ExpiresAt: now.Add(24 * time.Hour)},
		{ID: "later", ExpiresAt: now.Add(25 * time.Hour)},
	}
	got := ExpiringWithin(tokens, now, 24*time.Hour)
	var ids []string
	for _, tok := range got {
		ids = append(ids, tok.ID)
	}
	assert.Equal(t, []string{"soon", "edge"}, ids)

	f := newFake(t, respond(200, `[{"id":"a","user_id":"u","name":"n","scope":"global","created_at":"2021-01-14T11:25:39Z","expires_at":"`+
		time.Now().Add(time.Hour).UTC().Format(time.RFC3339)+`"},{"id":"b","user_id":"u","name":"n","scope":"global","created_at":"2021-01-14T11:25:39Z","expires_at":null}]`))
	exp, err := f.client(t).ExpiringTokens(context.Background(), 2*time.Hour)
	require.NoError(t, err)
	require.Len(t, exp, 1)
	assert.Equal(t, "a", exp[0].ID)
	_, err = f.client(t).ExpiringTokens(context.Background(), -time.Hour)
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestRotateKeepsLifetimeAndReportsPartialFailure(t *testing.T) {
	created := time.Now().Add(-10 * 24 * time.Hour).UTC().Truncate(time.Second)
	old := `{"id":"old1","user_id":"u","name":"deploy","scope":"purge_all","services":["S1"],"created_at":"` + created.Format(time.RFC3339) +
		`","expires_at":"` + created.Add(30*24*time.Hour).Format(time.RFC3339) + `"}`
	var form url.Values
	revokeStatus := 204
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			respond(200, old)(w, r)
		case http.MethodPost:
			b, _ := io.ReadAll(r.Body)
			form, _ = url.ParseQuery(string(b))
			respond(200, `{"id":"new1","user_id":"u","name":"deploy","scope":"purge_all","created_at":"2026-01-01T00:00:00Z","access_token":"NEWSECRET-0123456789abcdefghijkl"}`)(w, r)
		case http.MethodDelete:
			respond(revokeStatus, `{"msg":"Token revocation error."}`)(w, r)
		}
	})
	c := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	got, err := c.RotateToken(context.Background(), "old1", RotateInput{})
	require.NoError(t, err)
	assert.Equal(t, "new1", got.ID)
	assert.Equal(t, "deploy", form.Get("name"))
	assert.Equal(t, "purge_all", form.Get("scope"))
	assert.Equal(t, []string{"S1"}, form["services[]"])
	exp, err := time.Parse(time.RFC3339, form.Get("expires_at"))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(30*24*time.Hour), exp, time.Minute, "the new token lives as long as the old one did")

	revokeStatus = 400
	got, err = c.RotateToken(context.Background(), "old1", RotateInput{ExpiresAt: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)})
	var rotErr *RotateError
	require.ErrorAs(t, err, &rotErr)
	require.NotNil(t, got, "the created token is returned with the error")
	assert.Equal(t, "NEWSECRET-0123456789abcdefghijkl", got.AccessToken.Reveal())
	assert.Equal(t, "2031-01-01T00:00:00Z", form.Get("expires_at"))
	assert.NotContains(t, err.Error(), "NEWSECRET")
	assert.Contains(t, err.Error(), "new token new1 created, old token not revoked")
}
