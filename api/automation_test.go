package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func adminCreds(env *apitest.Env) (string, wire.Secret, wire.Secret) {
	return env.Account.AdminLogin, wire.Secret(env.Account.AdminPassword), wire.Secret(env.Account.AdminOTP)
}

// opsSudo puts the demo's superuser without two-factor authentication, who
// may create automation tokens, in sudo mode, and returns its client.
func opsSudo(t *testing.T, env *apitest.Env) *facade.Client {
	ops := client(t, env, env.Account.OpsKey)
	_, _, err := ops.Sudo(context.Background(), facade.SudoInput{SudoRequest: gen.SudoRequest{Username: env.Account.OpsLogin, Password: wire.Secret(env.Account.OpsPassword)}})
	require.NoError(t, err)
	return ops
}

func TestContractAutomationTokens(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)

	// The demo's three, through every page.
	var names []string
	for tok, err := range admin.ListAutomationTokensIter(ctx) {
		require.NoError(t, err)
		names = append(names, tok.Name)
	}
	assert.Equal(t, []string{"billing-export", "ci-deploy-bot", "terraform-cloud"}, names)

	bot, _, err := admin.GetAutomationToken(ctx, "AuT0CiDeployB0tAbCdEfG")
	require.NoError(t, err)
	assert.Equal(t, string(gen.RoleEngineer), bot.Role)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, bot.Services)
	assert.Equal(t, wire.NullString("github-actions/2.321"), bot.UserAgent)

	page, _, err := admin.ListAutomationTokensPage(ctx, 1, 2)
	require.NoError(t, err)
	assert.Len(t, page.Tokens, 2)
	assert.Equal(t, 3, page.RecordCount)
	assert.Equal(t, 2, page.TotalPages)
	assert.Equal(t, wire.ScopeString{string(gen.ScopeGlobalRead)}, page.Tokens[0].Scopes, "scopes comes as a string")
	assert.Equal(t, "4y5K5trZocEAQYkesWlk7M", page.Tokens[0].CreatorID)

	services, _, err := admin.ListAutomationTokenServices(ctx, "AuT0CiDeployB0tAbCdEfG")
	require.NoError(t, err)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, services)
	services, _, err = admin.ListAutomationTokenServices(ctx, "AuT0BillingExp0rtAbCdE")
	require.NoError(t, err)
	assert.Empty(t, services, "none: all services")
}

func TestContractAutomationTokenCreate(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	admin := client(t, env, env.Account.AdminKey)

	// A superuser with two-factor authentication may not create one.
	login, password, otp := adminCreds(env)
	in := facade.AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "deploy-bot",
		Role: string(gen.RoleEngineer), Scope: string(gen.ScopeGlobal), Services: []string{"SU1Z0isxPaozGVKXdv0eY"},
		ExpiresAt: wire.Time{Time: time.Now().Add(24 * time.Hour).Truncate(time.Second)}, TLSAccess: true},
		Username: login, Password: password, OTP: otp}
	_, _, err := admin.CreateAutomationToken(ctx, in)
	require.ErrorIs(t, err, facade.ErrBadRequest)
	assert.ErrorContains(t, err, "two-factor")

	// Create needs sudo: with the credentials, it is done when asked for.
	ops := client(t, env, env.Account.OpsKey)
	in.Username, in.Password, in.OTP = "", "", ""
	_, _, err = ops.CreateAutomationToken(ctx, in)
	assert.ErrorIs(t, err, facade.ErrSudoRequired)
	in.Username, in.Password = env.Account.OpsLogin, wire.Secret(env.Account.OpsPassword)
	created, resp, err := ops.CreateAutomationToken(ctx, in)
	require.NoError(t, err)
	assert.Len(t, created.AccessToken.Reveal(), 32)
	assert.True(t, created.TLSAccess)
	assert.True(t, created.LastUsedAt.IsZero(), `"" is no time`)
	assert.True(t, created.ExpiresAt.Equal(in.ExpiresAt.Time))
	assert.False(t, resp.RateLimit.Reported, "a recorded automation create carries no rate-limit headers")
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, created.Services)
	assert.Equal(t, ptr(true), created.LimitServices, "services named: the token is limited to them")
	assert.Equal(t, []gen.RoleRef{{ID: "r0le0000000000engineer", Name: "engineer"}}, created.Roles)

	// The new token works as a key, and revoke-token revokes it.
	_, _, err = client(t, env, created.AccessToken.Reveal()).CurrentToken(ctx)
	require.NoError(t, err)
	_, err = admin.RevokeToken(ctx, created.ID)
	require.NoError(t, err)
	_, _, err = admin.GetAutomationToken(ctx, created.ID)
	assert.ErrorIs(t, err, facade.ErrNotFound)
}

// TestContractAutomationTokenRefusals: only superusers; errors in the
// automation endpoints' shape; only the name is required; automation
// tokens are not in the users' lists.
func TestContractAutomationTokenRefusals(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	dev := client(t, env, env.Account.UserKey)
	_, _, err := dev.GetAutomationToken(ctx, "AuT0CiDeployB0tAbCdEfG")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
	assert.Equal(t, "Forbidden", apiErr.Title)
	assert.Contains(t, apiErr.Detail, "superusers")
	yielded := 0
	for _, err := range dev.ListAutomationTokensIter(ctx) {
		yielded++
		assert.ErrorIs(t, err, facade.ErrForbidden)
	}
	assert.Equal(t, 1, yielded, "one error, then nothing")
	ops := opsSudo(t, env)
	_, _, err = ops.CreateAutomationToken(ctx, facade.AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "x", Role: "overlord"}})
	assert.ErrorIs(t, err, facade.ErrBadRequest)
	roleless, _, err := ops.CreateAutomationToken(ctx, facade.AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "x"}})
	require.NoError(t, err, "only the name is required")
	assert.Empty(t, roleless.Roles)
	assert.Empty(t, roleless.Role)
	_, _, err = ops.CreateAutomationToken(ctx, facade.AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Role: "engineer"}})
	assert.ErrorIs(t, err, facade.ErrInvalidInput, "a name is required")

	// Automation tokens are not in the users' lists.
	all, _, err := client(t, env, env.Account.AdminKey).ListCustomerTokens(ctx, env.Account.CustomerID)
	require.NoError(t, err)
	for _, tok := range all {
		assert.False(t, strings.HasPrefix(tok.ID, "AuT0"), tok.Name)
	}
}

func TestAutomationTokensPageLazily(t *testing.T) {
	env := apitest.NewEnv(t)
	for i := range 250 {
		_, _, err := env.Server.AddAutomationToken(gen.AutomationTokenListEntry{
			CreatorID: "4y5K5trZocEAQYkesWlk7M", Name: fmt.Sprintf("bot-%03d", i), CreatedAt: wire.TimeOrEmpty{Time: time.Now().Add(time.Duration(i) * time.Second)}})
		require.NoError(t, err)
	}
	var requests int
	counting := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		requests++
		return env.Transport.RoundTrip(req)
	})
	c, err := facade.New(facade.WithBaseURL(env.URL), facade.WithToken(env.Account.AdminKey), facade.WithTransport(counting))
	require.NoError(t, err)

	n := 0
	for _, err := range c.ListAutomationTokensIter(context.Background()) {
		require.NoError(t, err)
		n++
		if n == 100 {
			assert.Equal(t, 1, requests, "the second page is not asked for before the first is used up")
		}
		if n == 101 {
			assert.Equal(t, 2, requests)
		}
	}
	assert.Equal(t, 253, n, "the demo's three and 250")
	assert.Equal(t, 3, requests, "three pages of 100")

	// Stopping early asks for nothing more; a cancelled context stops it.
	requests = 0
	for range c.ListAutomationTokensIter(context.Background()) {
		break
	}
	assert.Equal(t, 1, requests)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	requests, n = 0, 0
	var last error
	for _, err := range c.ListAutomationTokensIter(ctx) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 100 {
			cancel()
		}
	}
	assert.ErrorIs(t, last, context.Canceled)
	assert.Equal(t, 1, requests)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// TestPagesPastTheEnd asks for pages no account has, up to the largest
// page number: an empty page with the right meta, never a panic.
func TestPagesPastTheEnd(t *testing.T) {
	env := apitest.NewEnv(t)
	for _, path := range []string{"/automation-tokens", "/automation-tokens/" + env.Account.AutomationIDs[1] + "/services"} {
		for _, page := range []string{"2", "3", "1000000", "9223372036854775807"} {
			req, err := http.NewRequest(http.MethodGet, env.URL+path+"?per_page=100&page="+page, nil)
			require.NoError(t, err)
			req.Header.Set("Fastly-Key", env.Account.AdminKey)
			resp, err := (&http.Client{Transport: env.Transport}).Do(req)
			require.NoError(t, err)
			var body struct {
				Data []json.RawMessage `json:"data"`
				Meta struct {
					CurrentPage int `json:"current_page"`
				} `json:"meta"`
			}
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, "%s page %s", path, page)
			assert.Empty(t, body.Data, "%s page %s", path, page)
			assert.Equal(t, page, strconv.Itoa(body.Meta.CurrentPage))
		}
	}
}

// TestBulkRevokeWithAnAutomationTokenAndAMissingID: the bulk request is
// refused for the missing id; the ids are then looked up one by one, and
// the automation token, which get-token does not show, is still found and
// revoked.
func TestBulkRevokeWithAnAutomationTokenAndAMissingID(t *testing.T) {
	env := apitest.NewEnv(t)
	c := client(t, env, env.Account.AdminKey)
	auto := env.Account.AutomationIDs[1]
	const missing = "Zzzzzzzzzzzzzzzzzzzzzz"
	_, _, err := c.BulkRevokeTokens(context.Background(), []string{auto, missing})
	var bre *facade.BulkRevokeError
	require.ErrorAs(t, err, &bre)
	assert.Equal(t, []string{auto}, bre.Revoked)
	assert.Equal(t, []string{missing}, bre.NotFound)
	state, _ := env.Server.Token(auto)
	assert.True(t, state.Revoked)
}

// TestServicesCountOnlyWithLimitServices: as Fastly since September 2026,
// a create that names services without limit_services gets a token for
// every service; the facade always sends limit_services with services.
func TestServicesCountOnlyWithLimitServices(t *testing.T) {
	env := apitest.NewEnv(t)
	opsSudo(t, env)
	resp, objs := raw(t, env, http.MethodPost, "/automation-tokens", env.Account.OpsKey, http.Header{"Content-Type": {"application/json"}},
		`{"name":"forgetful","role":"engineer","services":["SU1Z0isxPaozGVKXdv0eY"]}`)
	require.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, false, objs[0]["limit_services"], "services without limit_services: every service")
	assert.Equal(t, []any{}, objs[0]["services"])

	created, _, err := client(t, env, env.Account.OpsKey).CreateAutomationToken(context.Background(),
		facade.AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "careful",
			Role: string(gen.RoleEngineer), Services: []string{"SU1Z0isxPaozGVKXdv0eY"}}})
	require.NoError(t, err)
	assert.Equal(t, ptr(true), created.LimitServices)
	assert.False(t, created.AllServices())
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, created.Services)
	got, _, err := client(t, env, env.Account.OpsKey).GetAutomationToken(context.Background(), created.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY"}, got.Services, "get agrees")
	assert.Equal(t, ptr(true), got.LimitServices)

	workspaces, _, err := client(t, env, env.Account.OpsKey).ListAutomationTokenWorkspaces(context.Background(), created.ID)
	require.NoError(t, err)
	assert.Empty(t, workspaces.Data)
	assert.True(t, workspaces.LimitWorkspaces, "none named: limit_workspaces is Fastly's default, true")
	roles, _, err := client(t, env, env.Account.OpsKey).ListRoles(context.Background())
	require.NoError(t, err)
	assert.Len(t, roles, len(gen.LegacyRoleValues()))
}

func ptr[T any](v T) *T { return &v }
