package api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/testutil"
)

// The contract suite: every facade operation and error path against the
// in-memory API, with each request and response validated against the
// spec on both sides (testutil.NewEnv) and by the facade itself.

func client(t *testing.T, env *testutil.Env, key string, opts ...facade.Option) *facade.Client {
	t.Helper()
	base := []facade.Option{
		facade.WithBaseURL(env.URL),
		facade.WithToken(key),
		facade.WithHTTPClient(&http.Client{Transport: env.Transport}),
		facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1}),
	}
	c, err := facade.New(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func TestContractListAndGet(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)

	own, _, err := admin.ListTokens(ctx)
	require.NoError(t, err)
	assert.Len(t, own, 3)
	for _, tok := range own {
		assert.Equal(t, "4y5K5trZocEAQYkesWlk7M", tok.UserID)
		assert.Equal(t, env.Account.CustomerID, tok.CustomerID)
	}

	all, _, err := admin.ListCustomerTokens(ctx, env.Account.CustomerID)
	require.NoError(t, err)
	assert.Len(t, all, 6)

	tok, _, err := admin.GetToken(ctx, "9ZyXwVuTsRqPoNmLkJiHgF")
	require.NoError(t, err)
	assert.Equal(t, "purge-hook", tok.Name)
	assert.Equal(t, facade.Scopes{facade.ScopePurgeSelect, facade.ScopePurgeAll}, tok.Scopes)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, tok.Services)
	assert.False(t, tok.ExpiresAt.IsZero())

	cur, _, err := admin.CurrentToken(ctx)
	require.NoError(t, err)
	assert.Equal(t, "5Yo3XXnrQpjc20u0ybrf2g", cur.ID)
	assert.WithinDuration(t, time.Now(), cur.LastUsedAt, 5*time.Second, "the server records use")
	assert.Equal(t, "127.0.0.1", cur.IP)
	assert.Equal(t, facade.DefaultUserAgent, cur.UserAgent)

	var ids []string
	for tok, err := range admin.Tokens(ctx) {
		require.NoError(t, err)
		ids = append(ids, tok.ID)
	}
	assert.Len(t, ids, 3)
	n := 0
	for _, err := range admin.CustomerTokens(ctx, env.Account.CustomerID) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 6, n)

	expiring, err := admin.ExpiringTokens(ctx, 7*24*time.Hour)
	require.NoError(t, err)
	require.Len(t, expiring, 1)
	assert.Equal(t, "terraform", expiring[0].Name)
}

func TestContractReadErrors(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)

	_, _, err := dev.GetToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g") // the admin's
	assert.ErrorIs(t, err, facade.ErrNotFound)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "get-token", apiErr.Operation)
	assert.Equal(t, 404, apiErr.StatusCode)
	assert.Equal(t, "Token not found", apiErr.Title)

	_, _, err = dev.ListCustomerTokens(ctx, env.Account.CustomerID)
	assert.ErrorIs(t, err, facade.ErrForbidden, "only superusers list a customer's tokens")

	bad := client(t, env, "not-a-real-key-000000000000000000")
	for name, call := range map[string]func() error{
		"list":    func() error { _, _, err := bad.ListTokens(ctx); return err },
		"get":     func() error { _, _, err := bad.GetToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g"); return err },
		"current": func() error { _, _, err := bad.CurrentToken(ctx); return err },
		"revoke":  func() error { _, err := bad.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g"); return err },
		"self":    func() error { _, err := bad.RevokeCurrentToken(ctx); return err },
		"bulk":    func() error { _, err := bad.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g"}); return err },
		"create":  func() error { _, _, err := bad.CreateToken(ctx, facade.CreateTokenInput{Name: "x"}); return err },
		"customer": func() error {
			_, _, err := bad.ListCustomerTokens(ctx, env.Account.CustomerID)
			return err
		},
	} {
		assert.ErrorIs(t, call(), facade.ErrUnauthorized, name)
	}

	purgeKey := addToken(t, env.Server, "6bNzXwHqT0pQ2rLmVkA9sE", "purge_all", time.Time{})
	_, _, err = client(t, env, purgeKey).ListTokens(ctx)
	assert.ErrorIs(t, err, facade.ErrForbidden, "a purge-only token cannot manage tokens")
}

func addToken(t *testing.T, srv *api.Server, userID, scope string, expires time.Time) string {
	t.Helper()
	_, key, err := srv.AddToken(api.TokenSeed{UserID: userID, Name: "extra", Scope: scope, ExpiresAt: expires})
	require.NoError(t, err)
	return key
}

func TestContractExpiredToken(t *testing.T) {
	now := time.Now()
	clock := now
	env := testutil.NewEnv(t, api.WithClock(func() time.Time { return clock }))
	key := addToken(t, env.Server, "6bNzXwHqT0pQ2rLmVkA9sE", "global", now.Add(time.Hour))
	c := client(t, env, key)
	_, _, err := c.CurrentToken(context.Background())
	require.NoError(t, err)

	clock = now.Add(2 * time.Hour)
	_, _, err = c.CurrentToken(context.Background())
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assert.Contains(t, err.Error(), "expired at")
}

func TestContractCreate(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)
	expires := time.Now().Add(48 * time.Hour).Truncate(time.Second)

	created, resp, err := dev.CreateToken(ctx, facade.CreateTokenInput{
		Name: "deploy", Scopes: facade.Scopes{facade.ScopeGlobalRead, facade.ScopePurgeAll},
		Services: []string{"SU1Z0isxPaozGVKXdv0eY", "SU2"}, ExpiresAt: expires,
	})
	require.NoError(t, err)
	assert.Len(t, created.AccessToken.Reveal(), 32)
	assert.Equal(t, facade.Scopes{facade.ScopeGlobalRead, facade.ScopePurgeAll}, created.Scopes)
	assert.True(t, created.ExpiresAt.Equal(expires))
	assert.Equal(t, int64(api.DefaultWriteLimit-1), resp.RateLimit.Remaining)
	assert.False(t, resp.RateLimit.Reset.IsZero())
	assert.Equal(t, resp.RateLimit, dev.RateLimit())

	state, ok := env.Server.Token(created.ID)
	require.True(t, ok)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY", "SU2"}, state.Services, "services[] reach the server")
	assert.Equal(t, "global:read purge_all", state.Scope)

	// The new key works, and reads never show the secret again.
	fresh := client(t, env, created.AccessToken.Reveal())
	cur, _, err := fresh.CurrentToken(ctx)
	require.NoError(t, err)
	assert.Equal(t, created.ID, cur.ID)

	_, _, err = dev.CreateToken(ctx, facade.CreateTokenInput{Name: "bad", Scopes: facade.Scopes{"everything"}})
	assert.ErrorIs(t, err, facade.ErrBadRequest)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_scope", apiErr.Code)

	_, _, err = dev.CreateToken(ctx, facade.CreateTokenInput{Name: "past", ExpiresAt: time.Now().Add(-time.Hour)})
	assert.ErrorIs(t, err, facade.ErrBadRequest)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 422, apiErr.StatusCode)

	_, _, err = client(t, env, created.AccessToken.Reveal()).CreateToken(ctx, facade.CreateTokenInput{Name: "x"})
	assert.ErrorIs(t, err, facade.ErrForbidden, "a read-only token cannot create tokens")
}

func TestContractCreateWithCredentialsAndTwoFactor(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	anon := client(t, env, "")
	in := facade.CreateTokenInput{Name: "laptop", Username: env.Account.AdminLogin, Password: facade.Secret(env.Account.AdminPassword)}

	_, _, err := anon.CreateToken(ctx, in)
	assert.ErrorIs(t, err, facade.ErrTwoFactorRequired)
	assert.NotErrorIs(t, err, facade.ErrBadRequest)

	in.OTP = "000000"
	_, _, err = anon.CreateToken(ctx, in)
	assert.ErrorIs(t, err, facade.ErrTwoFactorRequired)

	in.OTP = facade.Secret(env.Account.AdminOTP)
	created, _, err := anon.CreateToken(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, facade.Scopes{facade.ScopeGlobal}, created.Scopes, "global by default")
	assert.Equal(t, "4y5K5trZocEAQYkesWlk7M", created.UserID)

	in.Password = "wrong"
	_, _, err = anon.CreateToken(ctx, in)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_grant", apiErr.Code)
	assert.ErrorIs(t, err, facade.ErrBadRequest)

	_, _, err = anon.ListTokens(ctx)
	assert.ErrorIs(t, err, facade.ErrNoToken)
}

func TestContractRevoke(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)
	dev := client(t, env, env.Account.UserKey)

	_, err := dev.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")
	assert.ErrorIs(t, err, facade.ErrNotFound, "users cannot revoke others' tokens")

	rl, err := admin.RevokeToken(ctx, "3KdPqRsTuVwXyZaBcDeFgH")
	require.NoError(t, err)
	assert.Equal(t, int64(api.DefaultWriteLimit-1), rl.RateLimit.Remaining)
	state, _ := env.Server.Token("3KdPqRsTuVwXyZaBcDeFgH")
	assert.True(t, state.Revoked)

	_, _, err = admin.GetToken(ctx, "3KdPqRsTuVwXyZaBcDeFgH")
	assert.ErrorIs(t, err, facade.ErrNotFound)

	// A superuser revokes another user's token.
	_, err = admin.RevokeToken(ctx, "9ZyXwVuTsRqPoNmLkJiHgF")
	require.NoError(t, err)

	readKey := addToken(t, env.Server, "6bNzXwHqT0pQ2rLmVkA9sE", "global:read", time.Time{})
	_, err = client(t, env, readKey).RevokeToken(ctx, "2AbCdEfGhIjKlMnOpQrStU")
	assert.ErrorIs(t, err, facade.ErrForbidden)

	_, err = dev.RevokeCurrentToken(ctx)
	require.NoError(t, err)
	_, _, err = dev.CurrentToken(ctx)
	assert.ErrorIs(t, err, facade.ErrUnauthorized, "a revoked key stops working")
}

func TestContractBulkRevoke(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey, facade.WithBulkChunkSize(40))

	var ids []string
	for range 130 {
		id, _, err := env.Server.AddToken(api.TokenSeed{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "bulk"})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	before := env.Server.ActiveTokens()
	rl, err := admin.BulkRevokeTokens(ctx, append(ids, ids[0])) // a duplicate is sent once
	require.NoError(t, err)
	assert.Equal(t, before-130, env.Server.ActiveTokens())
	assert.Equal(t, int64(api.DefaultWriteLimit-4), rl.RateLimit.Remaining, "130 ids in chunks of 40 are 4 requests")

	// A chunk the server refuses stops the bulk and says what was done.
	dev := client(t, env, env.Account.UserKey, facade.WithBulkChunkSize(1))
	own, _, err := env.Server.AddToken(api.TokenSeed{UserID: "6bNzXwHqT0pQ2rLmVkA9sE", Name: "own"})
	require.NoError(t, err)
	_, err = dev.BulkRevokeTokens(ctx, []string{own, "5Yo3XXnrQpjc20u0ybrf2g", "9ZyXwVuTsRqPoNmLkJiHgF"})
	var bulkErr *facade.BulkRevokeError
	require.ErrorAs(t, err, &bulkErr)
	assert.Equal(t, []string{own}, bulkErr.Revoked)
	assert.Equal(t, []string{"5Yo3XXnrQpjc20u0ybrf2g", "9ZyXwVuTsRqPoNmLkJiHgF"}, bulkErr.Failed)
	assert.ErrorIs(t, err, facade.ErrBadRequest)
	state, _ := env.Server.Token("9ZyXwVuTsRqPoNmLkJiHgF")
	assert.False(t, state.Revoked, "nothing after the failed chunk is sent")
}

func TestContractRateLimit(t *testing.T) {
	env := testutil.NewEnv(t, api.WithWriteLimit(2))
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)
	for i := range 2 {
		_, _, err := dev.CreateToken(ctx, facade.CreateTokenInput{Name: "n"})
		require.NoError(t, err, "write %d", i)
	}
	_, err := dev.RevokeToken(ctx, "2AbCdEfGhIjKlMnOpQrStU")
	assert.ErrorIs(t, err, facade.ErrRateLimited)
	var rlErr *facade.RateLimitError
	require.ErrorAs(t, err, &rlErr)
	assert.Equal(t, int64(0), rlErr.RateLimit.Remaining)
	assert.True(t, rlErr.RateLimit.Reset.After(time.Now()))
	assert.Contains(t, err.Error(), "resets at")
	assert.Equal(t, int64(0), dev.RateLimit().Remaining)

	_, _, err = dev.ListTokens(ctx)
	assert.NoError(t, err, "reads are not rate limited")
}

func TestContractRotate(t *testing.T) {
	env := testutil.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)

	created, err := admin.RotateToken(ctx, "7Hq2LmNpQrStUvWxYz0AbC", facade.RotateInput{})
	require.NoError(t, err)
	assert.Equal(t, "terraform", created.Name)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, created.Services)
	assert.True(t, created.Expires(), "the old token's lifetime is kept")
	old, _ := env.Server.Token("7Hq2LmNpQrStUvWxYz0AbC")
	assert.True(t, old.Revoked)

	// Revoking the old one fails: the new token is returned with the error.
	env2 := testutil.NewEnv(t, api.WithWriteLimit(1))
	admin2 := client(t, env2, env2.Account.AdminKey)
	created, err = admin2.RotateToken(ctx, "3KdPqRsTuVwXyZaBcDeFgH", facade.RotateInput{})
	var rotErr *facade.RotateError
	require.ErrorAs(t, err, &rotErr)
	require.NotNil(t, created)
	assert.Equal(t, created, rotErr.Created)
	assert.ErrorIs(t, err, facade.ErrRateLimited)
	assert.False(t, strings.Contains(err.Error(), created.AccessToken.Reveal()))
	_, ok := env2.Server.Token(created.ID)
	assert.True(t, ok)

	_, err = admin.RotateToken(ctx, "missingmissingmissing0", facade.RotateInput{})
	assert.True(t, errors.Is(err, facade.ErrNotFound))
}
