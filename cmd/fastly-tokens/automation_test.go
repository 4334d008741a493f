package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func TestAutomationCommands(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.AdminKey, "", "automation", "list", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "ci-deploy-bot")
	assert.Contains(t, r.stdout, "ROLE")

	r = cli(t, s.acct.AdminKey, "", "automation", "list", "-o", "ids", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.ElementsMatch(t, s.acct.AutomationIDs, strings.Fields(r.stdout))

	r = cli(t, s.acct.AdminKey, "", "automation", "get", "AuT0CiDeployB0tAbCdEfG", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), "get -o json prints one object")
	assert.Equal(t, "engineer", got["role"])
	assert.Equal(t, true, got["limit_services"])

	r = cli(t, s.acct.AdminKey, "", "automation", "roles", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var roles []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &roles))
	require.Len(t, roles, 3)
	assert.Equal(t, "engineer", roles[0]["name"])
	r = cli(t, s.acct.AdminKey, "", "automation", "roles", "--base-url", s.url)
	assert.Contains(t, r.stdout, "DESCRIPTION")
	r = cli(t, s.acct.AdminKey, "", "automation", "roles", roles[0]["id"].(string), "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `Permissions:\s+account.read, service.read`, r.stdout, "one role, with the permissions it grants")
	r = cli(t, s.acct.AdminKey, "", "automation", "roles", "r0leNoSuchRole", "--base-url", s.url)
	assert.Equal(t, exitNotFound, r.code)
}

func TestAutomationLimits(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.AdminKey, "", "automation", "workspaces", "AuT0TerraformCl0udAbCd", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `Ws0Pr0ducti0nAbCdEfGhI\s+production`, r.stdout)
	assert.Regexp(t, `Ws0StagingAbCdEfGhIjKl\s+staging`, r.stdout)
	r = cli(t, s.acct.AdminKey, "", "automation", "workspaces", "AuT0TerraformCl0udAbCd", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var ws map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &ws))
	assert.Equal(t, true, ws["limit_workspaces"])
	assert.Len(t, ws["data"], 2)
	r = cli(t, s.acct.AdminKey, "", "automation", "workspaces", "AuT0CiDeployB0tAbCdEfG", "--base-url", s.url)
	assert.Contains(t, r.stdout, "All workspaces")

	r = cli(t, s.acct.AdminKey, "", "automation", "services", "AuT0CiDeployB0tAbCdEfG", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "SU1Z0isxPaozGVKXdv0eY")
	r = cli(t, s.acct.AdminKey, "", "automation", "services", "AuT0TerraformCl0udAbCd", "--base-url", s.url)
	assert.Contains(t, r.stdout, "All services")
}

func TestAutomationCreate(t *testing.T) {
	s := newServer(t)
	// create asks for sudo as create does.
	// Fastly lets no superuser with two-factor authentication create one.
	r := cli(t, s.acct.AdminKey, s.acct.AdminLogin+"\n"+s.acct.AdminPassword+"\n"+s.acct.AdminOTP+"\n",
		"automation", "create", "--name", "deploy-bot", "--role", "engineer", "--base-url", s.url)
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "two-factor")
	r = cli(t, s.acct.OpsKey, s.acct.OpsLogin+"\n"+s.acct.OpsPassword+"\n",
		"automation", "create", "--name", "deploy-bot", "--role", "engineer", "--service", "SU1Z0isxPaozGVKXdv0eY", "--expires-in", "90d", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "sudo mode")
	var created map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &created))
	assert.Len(t, created["access_token"], 32)
	assert.Equal(t, true, created["limit_services"], "services named: limited to them")
	assert.Equal(t, []any{"SU1Z0isxPaozGVKXdv0eY"}, created["services"])
	assert.NotContains(t, r.stdout+r.stderr, s.acct.OpsPassword)

	// Several roles, by name and by id.
	const engineer, billing = "r0le0000000000engineer", "r0le00000000000billing"
	r = cli(t, s.acct.OpsKey, s.acct.OpsLogin+"\n"+s.acct.OpsPassword+"\n",
		"automation", "create", "--name", "multi", "--role", "Engineer", "--role", billing, "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var multi map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &multi))
	assert.Equal(t, []any{map[string]any{"id": engineer, "name": "engineer"}, map[string]any{"id": billing, "name": "billing"}}, multi["roles"])
	assert.Equal(t, false, multi["limit_services"], "no services named: every service")
	r = cli(t, s.acct.AdminKey, "", "automation", "list", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `multi\s+engineer,billing\s+global\s+all`, r.stdout)

	// revoke works for both kinds.
	r = cli(t, s.acct.AdminKey, "", "revoke", created["id"].(string), "3KdPqRsTuVwXyZaBcDeFgH", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	r = cli(t, s.acct.AdminKey, "", "automation", "get", created["id"].(string), "--base-url", s.url)
	assert.Equal(t, exitNotFound, r.code)
}

func TestAutomationRefusals(t *testing.T) {
	s := newServer(t)
	var r result
	for _, args := range [][]string{{"automation", "create", "--role", "engineer"}, {"automation", "create", "--name", "x", "--role", "overlord"}, {"automation", "get"}} {
		r = cli(t, s.acct.AdminKey, "", append(args, "--base-url", s.url)...)
		assert.Equal(t, exitUsage, r.code, "%v", args)
	}
	r = cli(t, s.acct.UserKey, "", "automation", "list", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code, "superusers only")
}

func TestAuditCoversAutomationTokens(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.AdminKey, "", "audit", "--customer", s.acct.CustomerID, "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var report struct {
		Automation map[string][]map[string]any `json:"automation"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
	names := func(key string) []string {
		var n []string
		for _, tok := range report.Automation[key] {
			n = append(n, tok["name"].(string))
		}
		return n
	}
	assert.Equal(t, []string{"billing-export"}, names("unused"))
	assert.Equal(t, []string{"terraform-cloud"}, names("global_without_expiry"))
	r = cli(t, s.acct.AdminKey, "", "audit", "--customer", s.acct.CustomerID, "--base-url", s.url)
	assert.Contains(t, r.stdout, "Automation tokens, unused for 90d or more: 1")
}

func TestRevokeSecret(t *testing.T) {
	s := newServer(t)
	id, secret, err := s.srv.AddToken(gen.TokenResponse{UserID: "6bNzXwHqT0pQ2rLmVkA9sE", Name: "leaked", Scope: "global"})
	require.NoError(t, err)

	// Not a terminal: --yes is needed, and nothing happens without it.
	r := cli(t, s.acct.AdminKey, secret+"\n", "revoke-secret", "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code)
	state, _ := s.srv.Token(id)
	assert.False(t, state.Revoked)
	r = cli(t, s.acct.AdminKey, "", "revoke-secret", secret, "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code, "never from an argument")

	r = cli(t, s.acct.AdminKey, secret+"\n", "revoke-secret", "--yes", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "belongs to token "+id+" (leaked) of user 6bNzXwHqT0pQ2rLmVkA9sE; scope global")
	assert.Contains(t, r.stdout, "Revoked token "+id)
	assert.NotContains(t, r.stdout+r.stderr, secret)
	state, _ = s.srv.Token(id)
	assert.True(t, state.Revoked)

	// A secret that no longer works: already revoked, a success.
	r = cli(t, s.acct.AdminKey, secret+"\n", "revoke-secret", "--yes", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.Equal(t, true, out["already_revoked"])
	assert.NotContains(t, r.stdout+r.stderr, secret)

	r = cli(t, s.acct.AdminKey, "", "revoke-secret", "--yes", "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code, "no secret on stdin")
}

// TestRevokeSecretKeepsTheEvidence: the lookup with the secret is itself a
// use, so the command lists what the caller's key may see first and
// reports the last use from before the lookup; a key that cannot see the
// token is told the lookup is now its last use.
func TestRevokeSecretKeepsTheEvidence(t *testing.T) {
	s := newServer(t)
	used := time.Now().Add(-50 * time.Hour).Truncate(time.Second)
	_, secret, err := s.srv.AddToken(gen.TokenResponse{UserID: "6bNzXwHqT0pQ2rLmVkA9sE", Name: "leaked",
		Scope: "global", LastUsedAt: wire.Time{Time: used}, IP: "203.0.113.99", UserAgent: "leaker/1.0"})
	require.NoError(t, err)

	// A superuser of the customer sees the owner's tokens.
	r := cli(t, s.acct.AdminKey, secret+"\n", "revoke-secret", "--yes", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var res struct {
		LastUse *struct {
			At        time.Time `json:"at"`
			IP        string    `json:"ip"`
			UserAgent string    `json:"user_agent"`
		} `json:"last_use_before_lookup"`
		Revoked bool `json:"revoked"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &res))
	require.NotNil(t, res.LastUse, r.stdout)
	assert.True(t, used.Equal(res.LastUse.At), "the last use before the lookup, not the lookup")
	assert.Equal(t, "203.0.113.99", res.LastUse.IP)
	assert.Equal(t, "leaker/1.0", res.LastUse.UserAgent)
	assert.True(t, res.Revoked)

	// Another user's key may not list the owner's tokens: the lookup is now the last use.
	_, secret, err = s.srv.AddToken(gen.TokenResponse{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "leaked2", Scope: "global",
		LastUsedAt: wire.Time{Time: used}})
	require.NoError(t, err)
	r = cli(t, s.acct.UserKey, secret+"\n", "revoke-secret", "--yes", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "the lookup is now its last use")
}

// TestRevokeSecretOfADeadSecret: Fastly answers a dead secret 401
// (expired) or 403 (invalid); both mean nothing to revoke, exit 0.
func TestRevokeSecretOfADeadSecret(t *testing.T) {
	for _, status := range []int{401, 403} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"msg":"Provided credentials are missing or invalid"}`))
		}))
		t.Cleanup(srv.Close)
		r := cli(t, "caller-key-0123456789abcdef", "dead-secret-0123456789abcd\n", "revoke-secret", "--yes", "--base-url", srv.URL)
		assert.Equal(t, 0, r.code, "%d: %s", status, r.stderr)
		assert.Contains(t, r.stdout, "Nothing to revoke", "%d", status)
	}
}
