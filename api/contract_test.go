package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// The contract suite: every facade operation and error path against the
// in-memory API, with each request and response validated against the
// spec on both sides (apitest.NewEnv fails the test on any violation).

func client(t *testing.T, env *apitest.Env, key string, opts ...facade.Option) *facade.Client {
	t.Helper()
	base := []facade.Option{
		facade.WithBaseURL(env.URL),
		facade.WithToken(key),
		facade.WithTransport(env.Transport),
		facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1}),
	}
	c, err := facade.New(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// sudo puts a key of the demo's regular user in sudo mode.
func sudo(t *testing.T, env *apitest.Env, c *facade.Client) {
	t.Helper()
	_, _, err := c.Sudo(context.Background(), facade.SudoInput{SudoRequest: gen.SudoRequest{Username: env.Account.UserLogin, Password: wire.Secret(env.Account.UserPassword)}})
	require.NoError(t, err)
}

const (
	adminID   = "4y5K5trZocEAQYkesWlk7M"
	devID     = "6bNzXwHqT0pQ2rLmVkA9sE"
	adminTok  = "5Yo3XXnrQpjc20u0ybrf2g"
	terraform = "7Hq2LmNpQrStUvWxYz0AbC"
	dashboard = "3KdPqRsTuVwXyZaBcDeFgH"
	purgeHook = "9ZyXwVuTsRqPoNmLkJiHgF"
	devGlobal = "2AbCdEfGhIjKlMnOpQrStU"
)

func TestContractListAndGet(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)

	own, _, err := admin.ListTokens(ctx)
	require.NoError(t, err)
	assert.Len(t, own, 4, "the admin's three tokens and the web app's session")
	sessions := 0
	for _, tok := range own {
		assert.Equal(t, adminID, tok.UserID)
		assert.Equal(t, env.Account.CustomerID, tok.CustomerID)
		if tok.IsWebSession() {
			sessions++
			assert.Equal(t, env.Account.WebSessionID, tok.ID)
		}
	}
	assert.Equal(t, 1, sessions, "the web app's session token is recognisable")

	all, _, err := admin.ListCustomerTokens(ctx, env.Account.CustomerID)
	require.NoError(t, err)
	assert.Len(t, all, 9)

	tok, _, err := admin.GetToken(ctx, purgeHook)
	require.NoError(t, err)
	assert.Equal(t, "purge-hook", tok.Name)
	assert.Equal(t, wire.Scopes{"purge_select", "purge_all"}, tok.Scopes)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, tok.Services)
	assert.Equal(t, wire.NullString("SU1Z0isxPaozGVKXdv0eY"), tok.ServiceID, "service_id is one of the token's services")
	assert.False(t, tok.ExpiresAt.IsZero())

	cur, resp, err := admin.CurrentToken(ctx)
	require.NoError(t, err)
	assert.Equal(t, adminTok, cur.ID)
	assert.False(t, resp.RateLimit.Reported, "reads carry no rate-limit headers")
	assert.Equal(t, "127.0.0.1", string(cur.IP), "the server records the last use")
	assert.Equal(t, facade.DefaultUserAgent, string(cur.UserAgent))

	everyToken, _, err := admin.ListCustomerTokens(ctx, env.Account.CustomerID)
	require.NoError(t, err)
	assert.Len(t, everyToken, 9)

	expiring, _, err := admin.ExpiringTokens(ctx, 7*24*time.Hour)
	require.NoError(t, err)
	require.Len(t, expiring, 1)
	assert.Equal(t, "terraform", expiring[0].Name)
}

func TestContractReadErrors(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)

	_, _, err := dev.GetToken(ctx, adminTok) // the admin's
	assert.ErrorIs(t, err, facade.ErrNotFound)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "get-token", apiErr.Operation())
	assert.Equal(t, "Token not found", apiErr.Title)

	_, _, err = dev.ListCustomerTokens(ctx, env.Account.CustomerID)
	assert.ErrorIs(t, err, facade.ErrForbidden, "only superusers list a customer's tokens")

	bad := client(t, env, "not-a-real-key-000000000000000000")
	for name, call := range map[string]func() error{
		"list":    func() error { _, _, err := bad.ListTokens(ctx); return err },
		"get":     func() error { _, _, err := bad.GetToken(ctx, adminTok); return err },
		"current": func() error { _, _, err := bad.CurrentToken(ctx); return err },
		"revoke":  func() error { _, err := bad.RevokeToken(ctx, adminTok); return err },
		"self":    func() error { _, err := bad.RevokeCurrentToken(ctx); return err },
		"bulk":    func() error { _, _, err := bad.BulkRevokeTokens(ctx, []string{adminTok}); return err },
		"create": func() error {
			_, _, err := bad.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}})
			return err
		},
		"sudo": func() error {
			_, _, err := bad.Sudo(ctx, facade.SudoInput{SudoRequest: gen.SudoRequest{Username: "a", Password: "b"}})
			return err
		},
		"customer": func() error {
			_, _, err := bad.ListCustomerTokens(ctx, env.Account.CustomerID)
			return err
		},
	} {
		err := call()
		assert.ErrorIs(t, err, facade.ErrForbidden, "%s: an unknown key is invalid, a 403 as Fastly documents it", name)
		require.ErrorAs(t, err, &apiErr, name)
		assert.Equal(t, "Provided credentials are missing or invalid", apiErr.Title, name)
	}

	purgeKey := addToken(t, env.Server, devID, "purge_all", time.Time{})
	_, _, err = client(t, env, purgeKey).ListTokens(ctx)
	assert.ErrorIs(t, err, facade.ErrForbidden, "a purge-only token cannot manage tokens")
}

func addToken(t *testing.T, srv *api.Server, userID, scope string, expires time.Time) string {
	t.Helper()
	_, key, err := srv.AddToken(gen.TokenResponse{UserID: userID, Name: "extra", Scope: scope, ExpiresAt: wire.Time{Time: expires}})
	require.NoError(t, err)
	return key
}

func TestContractExpiredToken(t *testing.T) {
	now := time.Now()
	clock := now
	env := apitest.NewEnv(t, apitest.WithServerOptions(api.WithClock(func() time.Time { return clock })))
	key := addToken(t, env.Server, devID, "global", now.Add(time.Hour))
	c := client(t, env, key)
	_, _, err := c.CurrentToken(context.Background())
	require.NoError(t, err)

	clock = now.Add(2 * time.Hour)
	_, _, err = c.CurrentToken(context.Background())
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assert.Contains(t, err.Error(), "expired at")
}

func TestContractCreateNeedsSudoOrCredentials(t *testing.T) {
	now := time.Now()
	clock := now
	env := apitest.NewEnv(t, apitest.WithServerOptions(api.WithClock(func() time.Time { return clock })))
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)
	in := facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "deploy", Scope: "global:read purge_all", Services: []string{"SU1Z0isxPaozGVKXdv0eY", "SU2"}, ExpiresAt: wire.Time{Time: now.Add(48 * time.Hour).Truncate(time.Second)}}}

	_, resp, err := dev.CreateToken(ctx, in)
	assert.ErrorIs(t, err, facade.ErrSudoRequired)
	assert.ErrorIs(t, err, facade.ErrForbidden)
	assert.True(t, resp.RateLimit.Reported, "write errors carry the rate-limit headers")

	until, resp, err := dev.Sudo(ctx, facade.SudoInput{SudoRequest: gen.SudoRequest{Username: env.Account.UserLogin, Password: wire.Secret(env.Account.UserPassword)}})
	require.NoError(t, err)
	assert.True(t, now.Add(wire.SudoDefault).Truncate(time.Second).Equal(until.ExpiryTime.Time), "five minutes by default: %s", until.ExpiryTime)
	assert.True(t, resp.RateLimit.Reported)
	cur, _, err := dev.CurrentToken(ctx)
	require.NoError(t, err)
	assert.Equal(t, until.ExpiryTime, cur.SudoExpiresAt, "the key's sudo_expires_at shows it")

	created, resp, err := dev.CreateToken(ctx, in)
	require.NoError(t, err)
	assert.Len(t, created.AccessToken.Reveal(), 32)
	assert.Equal(t, in.Scope, created.Scope)
	assert.True(t, created.ExpiresAt.Equal(in.ExpiresAt.Time))
	assert.Equal(t, wire.NullString("SU2"), created.ServiceID, "the last of its services, as recorded")
	assert.Equal(t, created.CreatedAt, created.UpdatedAt, "updated_at is created_at on a new token")
	assert.Equal(t, int64(api.DemoWriteLimit-3), resp.RateLimit.Remaining, "three writes: the refused create, sudo, create")
	assert.Equal(t, resp.RateLimit, dev.RateLimit())
	state, ok := env.Server.Token(created.ID)
	require.True(t, ok)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY", "SU2"}, state.User.Services, "services[] reach the server")

	// Sudo mode ends.
	clock = now.Add(wire.SudoDefault + time.Second)
	_, _, err = dev.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "late"}})
	assert.ErrorIs(t, err, facade.ErrSudoRequired)

	// A longer sudo, asked for.
	until, _, err = dev.Sudo(ctx, facade.SudoInput{SudoRequest: gen.SudoRequest{Username: env.Account.UserLogin, Password: wire.Secret(env.Account.UserPassword), ExpiryTime: wire.Time{Time: clock.Add(time.Hour)}}})
	require.NoError(t, err)
	assert.True(t, clock.Add(time.Hour).Truncate(time.Second).Equal(until.ExpiryTime.Time))
	clock = clock.Add(30 * time.Minute)
	_, _, err = dev.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "later"}})
	require.NoError(t, err)
}

// TestContractCreateByCredentials: credentials in the form are enough
// without sudo (CreateToken sends them beside the key); wrong ones, or
// another user's, are refused by sudo with 403; a read-only key cannot
// write, whatever it brings.
func TestContractCreateByCredentials(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	fresh := client(t, env, addToken(t, env.Server, devID, "global", time.Time{}))
	_, _, err := fresh.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "by-password", Username: env.Account.UserLogin, Password: wire.Secret(env.Account.UserPassword)}})
	require.NoError(t, err)

	// Wrong credentials for sudo: 403.
	_, _, err = fresh.Sudo(ctx, facade.SudoInput{SudoRequest: gen.SudoRequest{Username: env.Account.UserLogin, Password: "wrong"}})
	assert.ErrorIs(t, err, facade.ErrForbidden)
	var sudoErr *facade.APIError
	require.ErrorAs(t, err, &sudoErr)
	assert.Equal(t, "forbidden", sudoErr.Code, "wrong credentials: 403, code forbidden, as Fastly's reference documents")
	_, _, err = fresh.Sudo(ctx, facade.SudoInput{SudoRequest: gen.SudoRequest{Username: env.Account.AdminLogin, Password: wire.Secret(env.Account.AdminPassword)}, OTP: wire.Secret(env.Account.AdminOTP)})
	assert.ErrorIs(t, err, facade.ErrForbidden, "another user's credentials")

	// A read-only key cannot write, whatever it brings.
	reader := client(t, env, env.Account.ReadOnlyKey)
	_, _, err = reader.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}})
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	assert.Equal(t, "Read only tokens are not allowed to access this endpoint.", apiErr.Title)
}

func TestContractCreateWithStrictSudo(t *testing.T) {
	// When Fastly wants sudo even with credentials, CreateToken posts
	// /sudo with them and creates again, once.
	env := apitest.NewEnv(t, apitest.WithServerOptions(api.WithStrictSudo()))
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)
	in := facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Username: env.Account.UserLogin, Password: wire.Secret(env.Account.UserPassword)}}
	created, resp, err := dev.CreateToken(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, int64(api.DemoWriteLimit-3), resp.RateLimit.Remaining, "create, sudo, create")
	state, _ := env.Server.Token(created.ID)
	assert.Equal(t, devID, state.User.UserID)

	// With a wrong password the create itself is refused: no sudo follows.
	_, _, err = client(t, env, addToken(t, env.Server, devID, "global", time.Time{})).CreateToken(ctx,
		facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Username: env.Account.UserLogin, Password: "wrong"}})
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "create-token", apiErr.Operation())
	assert.Equal(t, "invalid_grant", apiErr.Code)
}

func TestContractCreateErrors(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)
	sudo(t, env, dev)

	_, _, err := dev.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "bad", Scope: "everything"}})
	assert.ErrorIs(t, err, facade.ErrBadRequest)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "invalid_scope", apiErr.Code)
	assert.True(t, apiErr.RateLimit.Reported, "write errors carry the rate-limit headers")

	_, _, err = dev.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "past", ExpiresAt: wire.Time{Time: time.Now().Add(-time.Hour)}}})
	assert.ErrorIs(t, err, facade.ErrBadRequest)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 422, apiErr.StatusCode)
}

func TestContractCreateWithCredentialsAndTwoFactor(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	anon := client(t, env, "")
	in := facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "laptop", Username: env.Account.AdminLogin, Password: wire.Secret(env.Account.AdminPassword)}}

	_, _, err := anon.CreateToken(ctx, in)
	assert.ErrorIs(t, err, facade.ErrTwoFactorRequired)
	assert.NotErrorIs(t, err, facade.ErrBadRequest)

	in.OTP = "000000"
	_, _, err = anon.CreateToken(ctx, in)
	assert.ErrorIs(t, err, facade.ErrTwoFactorRequired)

	in.OTP = wire.Secret(env.Account.AdminOTP)
	created, _, err := anon.CreateToken(ctx, in)
	require.NoError(t, err)
	assert.Equal(t, "global", created.Scope, "global by default")
	assert.Equal(t, adminID, created.UserID)

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
	env := apitest.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)
	dev := client(t, env, env.Account.UserKey)

	_, err := dev.RevokeToken(ctx, adminTok)
	assert.ErrorIs(t, err, facade.ErrNotFound, "users cannot revoke others' tokens")

	resp, err := admin.RevokeToken(ctx, dashboard)
	require.NoError(t, err)
	assert.Equal(t, 204, resp.StatusCode)
	assert.True(t, resp.RateLimit.Reported)
	state, _ := env.Server.Token(dashboard)
	assert.True(t, state.Revoked)

	_, _, err = admin.GetToken(ctx, dashboard)
	assert.ErrorIs(t, err, facade.ErrNotFound)

	// A superuser revokes another user's token.
	_, err = admin.RevokeToken(ctx, purgeHook)
	require.NoError(t, err)

	_, err = client(t, env, env.Account.ReadOnlyKey).RevokeToken(ctx, devGlobal)
	assert.ErrorIs(t, err, facade.ErrForbidden)

	// A read-only token may revoke itself.
	_, err = client(t, env, env.Account.ReadOnlyKey).RevokeCurrentToken(ctx)
	require.NoError(t, err)

	_, err = dev.RevokeCurrentToken(ctx)
	require.NoError(t, err)
	_, _, err = dev.CurrentToken(ctx)
	assert.ErrorIs(t, err, facade.ErrForbidden, "a revoked key stops working: Fastly calls it invalid")
}

func TestContractBulkRevoke(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey, facade.WithBulkChunkSize(40))

	var ids []string
	for range 130 {
		id, _, err := env.Server.AddToken(gen.TokenResponse{UserID: adminID, Name: "bulk"})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	before := env.Server.ActiveTokens()
	_, resp, err := admin.BulkRevokeTokens(ctx, append(ids, ids[0])) // a duplicate is sent once
	require.NoError(t, err)
	assert.Equal(t, before-130, env.Server.ActiveTokens())
	assert.Equal(t, int64(api.DemoWriteLimit-4), resp.RateLimit.Remaining, "130 ids in chunks of 40 are 4 requests")

	// Ids the key cannot see are set aside as not found; the rest of their
	// chunk is revoked.
	dev := client(t, env, env.Account.UserKey, facade.WithBulkChunkSize(2))
	own1, _, err := env.Server.AddToken(gen.TokenResponse{UserID: devID, Name: "own"})
	require.NoError(t, err)
	own2, _, err := env.Server.AddToken(gen.TokenResponse{UserID: devID, Name: "own"})
	require.NoError(t, err)
	_, _, err = dev.BulkRevokeTokens(ctx, []string{own1, adminTok, own2, "missingmissingmissing0"})
	var bulkErr *facade.BulkRevokeError
	require.ErrorAs(t, err, &bulkErr)
	assert.Equal(t, []string{own1, own2}, bulkErr.Revoked)
	assert.Equal(t, []string{adminTok, "missingmissingmissing0"}, bulkErr.NotFound)
	assert.Empty(t, bulkErr.Failed)
	assert.ErrorIs(t, err, facade.ErrNotFound, "nothing failed but ids that name no token")
	for _, id := range []string{own1, own2} {
		state, _ := env.Server.Token(id)
		assert.True(t, state.Revoked)
	}
	state, _ := env.Server.Token(adminTok)
	assert.False(t, state.Revoked)

	// A chunk refused for another reason stops the bulk and says what was
	// done and what was not.
	reader := client(t, env, env.Account.ReadOnlyKey, facade.WithBulkChunkSize(1))
	_, _, err = reader.BulkRevokeTokens(ctx, []string{devGlobal, "4ReadOnlyDevTokenAbCdE"})
	require.ErrorAs(t, err, &bulkErr)
	assert.Empty(t, bulkErr.Revoked)
	assert.Equal(t, []string{devGlobal, "4ReadOnlyDevTokenAbCdE"}, bulkErr.Failed)
	assert.ErrorIs(t, err, facade.ErrForbidden)
}

func TestContractRateLimit(t *testing.T) {
	env := apitest.NewEnv(t)
	env.Server.SetWriteLimit(env.Account.CustomerID, 2)
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)
	sudo(t, env, dev) // one write
	_, _, err := dev.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n"}})
	require.NoError(t, err)
	_, err = dev.RevokeToken(ctx, devGlobal)
	assert.ErrorIs(t, err, facade.ErrRateLimited)
	var rlErr *facade.RateLimitError
	require.ErrorAs(t, err, &rlErr)
	assert.Equal(t, int64(0), rlErr.RateLimit.Remaining)
	assert.True(t, rlErr.RateLimit.Reset.After(time.Now()))
	assert.Equal(t, 0, rlErr.RateLimit.Reset.Minute(), "the window resets on the hour")
	assert.True(t, rlErr.RetryAfter > 0 && rlErr.RetryAfter <= time.Hour, "Retry-After says the wait until the reset: %v", rlErr.RetryAfter)
	wait, ok := rlErr.Wait(time.Now())
	assert.True(t, ok)
	assert.Equal(t, rlErr.RetryAfter, wait, "Retry-After first")
	assert.Contains(t, err.Error(), "resets at")
	assert.Equal(t, int64(0), dev.RateLimit().Remaining)

	// The budget is the account's: another user of it is limited too.
	_, err = client(t, env, env.Account.AdminKey).RevokeToken(ctx, dashboard)
	assert.ErrorIs(t, err, facade.ErrRateLimited)

	_, _, err = dev.ListTokens(ctx)
	assert.NoError(t, err, "reads are not rate limited")
}

func TestContractRotate(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)
	creds := facade.RotateInput{Username: env.Account.AdminLogin, Password: wire.Secret(env.Account.AdminPassword), OTP: wire.Secret(env.Account.AdminOTP)}

	created, _, err := admin.RotateToken(ctx, terraform, creds)
	require.NoError(t, err)
	assert.Equal(t, "terraform", created.Name)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, created.Services)
	assert.True(t, created.Expires(), "the old token's lifetime is kept")
	old, _ := env.Server.Token(terraform)
	assert.True(t, old.Revoked)

	_, _, err = admin.RotateToken(ctx, env.Account.WebSessionID, creds)
	assert.ErrorIs(t, err, facade.ErrInvalidInput, "the web app's session token is not rotated")
	assert.ErrorContains(t, err, "session")

	// Revoking the old one fails: the new token is returned with the error.
	env2 := apitest.NewEnv(t)
	admin2 := client(t, env2, env2.Account.AdminKey)
	env2.Server.SetWriteLimit(env2.Account.CustomerID, 1)
	created, _, err = admin2.RotateToken(ctx, dashboard, facade.RotateInput{Username: env2.Account.AdminLogin,
		Password: wire.Secret(env2.Account.AdminPassword), OTP: wire.Secret(env2.Account.AdminOTP)})
	var rotErr *facade.RotateError
	require.ErrorAs(t, err, &rotErr)
	require.NotNil(t, created)
	assert.Equal(t, created, rotErr.Created)
	assert.ErrorIs(t, err, facade.ErrRateLimited)
	assert.False(t, strings.Contains(err.Error(), created.AccessToken.Reveal()))
	_, ok := env2.Server.Token(created.ID)
	assert.True(t, ok)

	_, _, err = admin.RotateToken(ctx, "missingmissingmissing0", creds)
	assert.True(t, errors.Is(err, facade.ErrNotFound))
}

// raw sends one request to the in-memory API and decodes its JSON object
// or list of objects into maps, to look at keys as they travel.
func raw(t *testing.T, env *apitest.Env, method, path, key string, header http.Header, body string) (*http.Response, []map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, env.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	if key != "" {
		req.Header.Set("Fastly-Key", key)
	}
	resp, err := (&http.Client{Transport: env.Transport}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var list []map[string]any
	if len(b) > 0 && b[0] == '[' {
		require.NoError(t, json.Unmarshal(b, &list))
	} else if len(b) > 0 {
		var one map[string]any
		require.NoError(t, json.Unmarshal(b, &one))
		list = []map[string]any{one}
	}
	return resp, list
}

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

// TestWriteAnswersCarryTheRateLimit: every write answer carries the
// rate-limit headers, errors included, as Fastly's do (the recorded ones,
// all successes, are held to it by TestAnswersAsRecorded).
func TestWriteAnswersCarryTheRateLimit(t *testing.T) {
	env := apitest.NewEnv(t)
	writes := []struct {
		method, path, key, contentType, body string
		status                               int
	}{
		{http.MethodPost, "/tokens", env.Account.UserKey, "application/x-www-form-urlencoded", "name=x", 403},
		{http.MethodPost, "/tokens", env.Account.ReadOnlyKey, "application/x-www-form-urlencoded", "name=x", 403},
		{http.MethodPost, "/tokens", "nope", "application/x-www-form-urlencoded", "name=x", 403},
		{http.MethodDelete, "/tokens/" + adminTok, env.Account.UserKey, "", "", 404},
		{http.MethodDelete, "/tokens", env.Account.UserKey, "application/vnd.api+json; ext=bulk", `{"data":[{"id":"` + adminTok + `","type":"token"}]}`, 400},
		{http.MethodPost, "/sudo", env.Account.UserKey, "application/json", `{"username":"dev@example.com","password":"wrong"}`, 403},
		{http.MethodPost, "/sudo", env.Account.UserKey, "application/x-www-form-urlencoded", "username=dev%40example.com&password=dev-password", 200},
		{http.MethodPost, "/sudo", env.Account.UserKey, "application/json", `{"username":"dev@example.com","password":"dev-password","expiry_time":"2099-01-01T00:00:00Z"}`, 200},
		{http.MethodDelete, "/tokens/" + devGlobal, env.Account.UserKey, "", "", 204},
	}
	for _, w := range writes {
		resp, objs := raw(t, env, w.method, w.path, w.key, http.Header{"Content-Type": {w.contentType}}, w.body)
		assert.Equal(t, w.status, resp.StatusCode, "%s %s", w.method, w.path)
		assert.NotEmpty(t, resp.Header.Get("Fastly-RateLimit-Remaining"), "%s %s %d", w.method, w.path, w.status)
		assert.NotEmpty(t, resp.Header.Get("Fastly-RateLimit-Reset"), "%s %s %d", w.method, w.path, w.status)
		if w.path == "/sudo" && w.status == 200 {
			assert.Equal(t, "expiry_time", keys(objs[0]), "the recorded sudo reply")
		}
	}
}

// TestBulkRevokeAccountingUnderBothModels: what Fastly does with ids it
// does not know is undocumented. Whether the server refuses the batch or
// ignores them, the facade never reports another user's token as revoked
// once asked to check first, and never reports a revoked one as not
// revoked.
func TestBulkRevokeAccountingUnderBothModels(t *testing.T) {
	for name, opts := range map[string][]api.Option{"refuses the batch": nil, "ignores unknown ids": {api.WithBulkIgnoringUnknown()}} {
		t.Run(name, func(t *testing.T) {
			env := apitest.NewEnv(t, apitest.WithServerOptions(opts...))
			ctx := context.Background()
			dev := client(t, env, env.Account.UserKey)
			own, _, err := env.Server.AddToken(gen.TokenResponse{UserID: devID, Name: "own"})
			require.NoError(t, err)
			theirs := adminTok // the dev key may not see the admin's token
			_, _, err = dev.BulkRevokeTokens(ctx, []string{own, theirs, "missingmissingmissing0"}, facade.CheckFirst())
			var be *facade.BulkRevokeError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, []string{own}, be.Revoked)
			assert.ElementsMatch(t, []string{theirs, "missingmissingmissing0"}, be.NotFound)
			assert.Empty(t, be.Failed)
			state, _ := env.Server.Token(theirs)
			assert.False(t, state.Revoked, "another user's token is untouched")
			state, _ = env.Server.Token(own)
			assert.True(t, state.Revoked)

			// Without CheckFirst: the refusing model is still accounted for
			// by looking the batch up after the 400; the ignoring model
			// answers 204, and the facade can only count the batch revoked.
			own2, _, err := env.Server.AddToken(gen.TokenResponse{UserID: devID, Name: "own2"})
			require.NoError(t, err)
			_, _, err = dev.BulkRevokeTokens(ctx, []string{own2, theirs})
			state, _ = env.Server.Token(own2)
			assert.True(t, state.Revoked)
			state, _ = env.Server.Token(theirs)
			assert.False(t, state.Revoked)
			if opts == nil {
				require.ErrorAs(t, err, &be)
				assert.Equal(t, []string{own2}, be.Revoked)
				assert.Equal(t, []string{theirs}, be.NotFound)
			} else {
				assert.NoError(t, err, "a server that ignores unknown ids answers 204: see CheckFirst")
			}
		})
	}
}
