package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// fastlyHome makes a home directory whose Fastly CLI config.toml is
// config, and returns the environment that points there.
func fastlyHome(t *testing.T, config string) []string {
	t.Helper()
	home := t.TempDir()
	dir := filepath.Join(home, ".config", "fastly")
	require.NoError(t, os.MkdirAll(dir, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.toml"), []byte(config), 0o600))
	return []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config")}
}

// whoamiName runs whoami and returns the token's name and the key's source.
func whoamiName(t *testing.T, env []string, args ...string) (name, from string, r result) {
	t.Helper()
	r = cliEnv(t, env, strings.NewReader(""), append([]string{"whoami"}, args...)...)
	for _, l := range strings.Split(r.stdout, "\n") {
		if v, ok := strings.CutPrefix(l, "Name:"); ok {
			name = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(l, "Key from:"); ok {
			from = strings.TrimSpace(v)
		}
	}
	return name, from, r
}

// TestKeySourcesInFastlyCLIOrder: --token-file, then FASTLY_API_TOKEN,
// then the token Fastly's CLI stored (--profile, [auth] default, an older
// [profile.NAME] with default = true). whoami names the source, never the
// key.
func TestKeySourcesInFastlyCLIOrder(t *testing.T) {
	s := newServer(t)
	keyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(keyFile, []byte(s.acct.ReadOnlyKey+"\n"), 0o600))
	home := fastlyHome(t, `
[auth]
default = "work"

[auth.tokens.work]
type = "static"
token = "`+s.acct.AdminKey+`"
email = "admin@example.com"

[auth.tokens.dev]
type = "static"
token = "`+s.acct.UserKey+`"
api_token_expires_at = "2099-01-01T00:00:00Z"
`)
	base := "FASTLY_API_URL=" + s.url
	admin, user, readOnly := tokenName(t, s, s.acct.AdminKey), tokenName(t, s, s.acct.UserKey), tokenName(t, s, s.acct.ReadOnlyKey)
	require.NotEqual(t, admin, user)

	cases := map[string]struct {
		env        []string
		args       []string
		name, from string
	}{
		"token file first":             {append(home, base, "FASTLY_API_TOKEN="+s.acct.UserKey), []string{"--token-file", keyFile}, readOnly, "--token-file " + keyFile},
		"then FASTLY_API_TOKEN":        {append(home, base, "FASTLY_API_TOKEN="+s.acct.UserKey), nil, user, "FASTLY_API_TOKEN"},
		"then the [auth] default":      {append(home, base), nil, admin, "Fastly CLI token work ("},
		"--profile names a token":      {append(home, base), []string{"--profile", "dev"}, user, "Fastly CLI token dev ("},
		"--profile beats the env":      {append(home, base, "FASTLY_API_TOKEN="+s.acct.ReadOnlyKey), []string{"--profile", "dev"}, user, "Fastly CLI token dev ("},
		"--token-file beats --profile": {append(home, base), []string{"--profile", "dev", "--token-file", keyFile}, readOnly, "--token-file"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got, from, r := whoamiName(t, c.env, c.args...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, c.name, got)
			assert.True(t, strings.HasPrefix(from, c.from), "Key from: %q, want %q", from, c.from)
			for _, key := range []string{s.acct.AdminKey, s.acct.UserKey, s.acct.ReadOnlyKey} {
				assert.NotContains(t, r.stdout+r.stderr, key, "whoami never shows the key")
			}
		})
	}

	t.Run("-o json keeps stdout a token object", func(t *testing.T) {
		r := cliEnv(t, append(home, base), strings.NewReader(""), "whoami", "-o", "json")
		require.Equal(t, 0, r.code, r.stderr)
		assert.True(t, strings.HasPrefix(r.stdout, "{"), r.stdout)
		assert.NotContains(t, r.stdout, "Key from")
		assert.Contains(t, r.stderr, "Key from:     Fastly CLI token work")
	})
}

// TestOlderProfilesWithDefault: Fastly CLI's older [profile.NAME] tables,
// the one with default = true, else the one --profile names.
func TestOlderProfilesWithDefault(t *testing.T) {
	s := newServer(t)
	base := "FASTLY_API_URL=" + s.url
	admin, readOnly := tokenName(t, s, s.acct.AdminKey), tokenName(t, s, s.acct.ReadOnlyKey)
	env := append(fastlyHome(t, `
[profile.old]
email = "dev@example.com"
token = "`+s.acct.ReadOnlyKey+`"

[profile.main]
default = true
email = "admin@example.com"
token = "`+s.acct.AdminKey+`"
`), base)
	got, from, r := whoamiName(t, env)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, admin, got)
	assert.Contains(t, from, "Fastly CLI profile main")
	got, _, r = whoamiName(t, env, "--profile", "old")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, readOnly, got)
}

// tokenName is the name of the token key authenticates as.
func tokenName(t *testing.T, s *server, key string) string {
	t.Helper()
	r := cli(t, key, "", "whoami", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var tok struct{ Name string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tok))
	return tok.Name
}

// TestStoredTokensThatCannotBeUsed: an expired stored token (SSO or not),
// one with no API token, an unknown --profile: each is refused before any
// unusableConfigs are Fastly CLI configs whose token cannot be used, the
// exit code and what the error says.
var unusableConfigs = map[string]struct {
	config string
	args   []string
	code   int
	want   string
}{
	"sso past its expiry": {`[auth]
default = "sso"
[auth.tokens.sso]
type = "sso"
token = "SsoApiTokenSecretValue123"
api_token_expires_at = "2020-01-01T00:00:00Z"
access_token = "AccessTokenSecretValue456"
access_expires_at = "2020-01-01T00:00:00Z"
`, nil, exitAuth, "Fastly CLI's token sso expired at 2020-01-01T00:00:00Z: run 'fastly auth login --sso --token sso'"},
	"static past its expiry, as a TOML date-time": {`[auth]
default = "ci"
[auth.tokens.ci]
type = "static"
token = "StaticSecretValue789"
api_token_expires_at = 2021-06-01T00:00:00Z
`, nil, exitAuth, "expired at 2021-06-01T00:00:00Z: run 'fastly auth login'"},
	"sso without an API token": {`[auth]
default = "sso"
[auth.tokens.sso]
type = "sso"
access_token = "AccessTokenSecretValue456"
`, nil, exitAuth, "has no API token: run 'fastly auth login --sso --token sso'"},
	"a token without quotes": {`[auth]
default = "ci"
[auth.tokens.ci]
type = "static"
token = UnquotedSecretValue0123456789ab
`, nil, exitUsage, "config.toml cannot be read as TOML (line 5): fix it, or pass --token-file"},
	"a default that names no token": {`[auth]
default = "gone"
[auth.tokens.other]
token = "OtherSecretValue000"
[profile.old]
default = true
token = "OldProfileSecretValue000"
`, nil, exitUsage, "names the default token gone, which it does not hold"},
	"no such profile": {`[auth]
default = "a"
[auth.tokens.a]
token = "AnotherSecretValue000"
`, []string{"--profile", "nope"}, exitUsage, "--profile: no profile nope in "},
}

// request, with the Fastly CLI command that fixes it.
func TestStoredTokensThatCannotBeUsed(t *testing.T) {
	hits := countingServer(t)
	base := "FASTLY_API_URL=" + hits.url
	for name, c := range unusableConfigs {
		t.Run(name, func(t *testing.T) {
			r := cliEnv(t, append(fastlyHome(t, c.config), base), strings.NewReader(""), append([]string{"list"}, c.args...)...)
			assert.Equal(t, c.code, r.code, r.stderr)
			assert.Contains(t, r.stderr, c.want)
			for _, secret := range []string{"SecretValue", "AccessToken", "Unquoted"} {
				assert.NotContains(t, r.stdout+r.stderr, secret)
			}
		})
	}
	assert.Zero(t, hits.n.Load(), "nothing was sent")

	r := cliEnv(t, []string{base}, strings.NewReader(""), "list", "--profile", "work")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "Fastly's CLI has stored no tokens here")
}

type counting struct {
	url string
	n   atomic.Int64
}

// countingServer answers every request 500 and counts them: tests that
// expect nothing to be sent assert it saw none.
func countingServer(t *testing.T) *counting {
	c := &counting{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		c.n.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(ts.Close)
	c.url = ts.URL
	return c
}

// TestBaseURLFromTheEnvironment: after eval "$(fastly-tokens serve)" the
// CLI talks to FASTLY_API_URL; FASTLY_API_ENDPOINT (Fastly CLI's name)
// works too, and --base-url beats both.
func TestBaseURLFromTheEnvironment(t *testing.T) {
	s := newServer(t)
	elsewhere := countingServer(t)
	key := "FASTLY_API_TOKEN=" + s.acct.AdminKey
	for name, c := range map[string]struct {
		env  []string
		args []string
	}{
		"FASTLY_API_URL":                  {[]string{key, "FASTLY_API_URL=" + s.url}, nil},
		"FASTLY_API_ENDPOINT":             {[]string{key, "FASTLY_API_ENDPOINT=" + s.url}, nil},
		"FASTLY_API_URL before ENDPOINT":  {[]string{key, "FASTLY_API_URL=" + s.url, "FASTLY_API_ENDPOINT=" + elsewhere.url}, nil},
		"--base-url before the variables": {[]string{key, "FASTLY_API_URL=" + elsewhere.url, "FASTLY_API_ENDPOINT=" + elsewhere.url}, []string{"--base-url", s.url}},
	} {
		t.Run(name, func(t *testing.T) {
			r := cliEnv(t, c.env, strings.NewReader(""), append([]string{"list", "-o", "ids"}, c.args...)...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "5Yo3XXnrQpjc20u0ybrf2g")
		})
	}
	assert.Zero(t, elsewhere.n.Load())
}

// TestEmptyIsNeverADefault: an empty flag or variable that says where or as
// whom to act is a usage error naming it, and nothing is sent.
func TestEmptyIsNeverADefault(t *testing.T) {
	hits := countingServer(t)
	key, base := "FASTLY_API_TOKEN=k3yThatIsNeverSentAnywhere", "FASTLY_API_URL="+hits.url
	emptyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(emptyFile, nil, 0o600))
	for name, c := range map[string]struct {
		env  []string
		args []string
		want string
	}{
		"--base-url":                             {[]string{key}, []string{"--base-url", ""}, "--base-url is empty"},
		"--base-url spaces":                      {[]string{key}, []string{"--base-url", "  "}, "--base-url is empty"},
		"--token-file":                           {[]string{base}, []string{"--token-file", ""}, "--token-file is empty"},
		"--profile":                              {[]string{base}, []string{"--profile", ""}, "--profile is empty"},
		"FASTLY_API_URL":                         {[]string{key, "FASTLY_API_URL="}, nil, "FASTLY_API_URL is set but empty"},
		"FASTLY_API_ENDPOINT":                    {[]string{key, "FASTLY_API_ENDPOINT= "}, nil, "FASTLY_API_ENDPOINT is set but empty"},
		"FASTLY_API_TOKEN":                       {[]string{base, "FASTLY_API_TOKEN="}, nil, "FASTLY_API_TOKEN is set but empty"},
		"FASTLY_CUSTOMER_ID":                     {[]string{key, base, "FASTLY_CUSTOMER_ID="}, nil, "FASTLY_CUSTOMER_ID is set but empty"},
		"--customer":                             {[]string{key, base}, []string{"--customer", ""}, `invalid argument "" for "--customer" flag: is empty`},
		"audit --customer":                       {[]string{key, base}, []string{"--customer="}, `invalid argument "" for "--customer" flag: is empty`},
		"FASTLY_API_URL with a path":             {[]string{key, "FASTLY_API_URL=" + hits.url + "/v1"}, nil, "FASTLY_API_URL: " + hits.url + " has a path"},
		"FASTLY_API_URL with a key in its path":  {[]string{key, "FASTLY_API_URL=" + hits.url + "/k3yThatIsNeverSentAnywhere"}, nil, "(not shown, in case it holds a key)"},
		"FASTLY_API_URL with a key in its query": {[]string{key, "FASTLY_API_URL=" + hits.url + "?key=k3yThatIsNeverSentAnywhere"}, nil, "(not shown, in case it holds a key)"},
		"FASTLY_API_URL that is a key":           {[]string{key, "FASTLY_API_URL=k3yThatIsNeverSentAnywhere"}, nil, "FASTLY_API_URL is not a URL"},
		"FASTLY_API_ENDPOINT with a password":    {[]string{key, "FASTLY_API_ENDPOINT=https://me:hunter2pw@api.fastly.com"}, nil, "FASTLY_API_ENDPOINT: a user or password in the URL"},
		"empty file":                             {[]string{base}, []string{"--token-file", emptyFile}, "--token-file: " + emptyFile + " is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := "list"
			if strings.HasPrefix(name, "audit") {
				cmd = "audit"
			}
			r := cliEnv(t, c.env, strings.NewReader(""), append([]string{cmd}, c.args...)...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Contains(t, r.stderr, c.want)
			assert.NotContains(t, r.stderr, "k3yThatIsNeverSentAnywhere")
			assert.NotContains(t, r.stderr, "hunter2pw")
		})
	}
	assert.Zero(t, hits.n.Load(), "nothing was sent")
}

// TestCustomerFromTheEnvironment: FASTLY_CUSTOMER_ID is the default
// --customer of list and audit, whose tables then name each token's user.
func TestCustomerFromTheEnvironment(t *testing.T) {
	s := newServer(t)
	env := []string{"FASTLY_API_TOKEN=" + s.acct.AdminKey, "FASTLY_API_URL=" + s.url, "FASTLY_CUSTOMER_ID=" + s.acct.CustomerID}
	own := cliEnv(t, env[:2], strings.NewReader(""), "list")
	require.Equal(t, 0, own.code, own.stderr)
	assert.NotContains(t, own.stdout, "USER", "one's own tokens need no USER column")

	r := cliEnv(t, env, strings.NewReader(""), "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "fastly-tokens: the tokens of customer "+s.acct.CustomerID+", from FASTLY_CUSTOMER_ID\n", r.stderr, "said, since it widens the list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Greater(t, len(lines), len(strings.Split(strings.TrimSpace(own.stdout), "\n")), "the customer's tokens, not the user's")
	assert.Regexp(t, `^ID +USER +NAME `, lines[0])
	assert.Contains(t, r.stdout, "4y5K5trZocEAQYkesWlk7M", "the admin's user id")
	assert.Contains(t, r.stdout, "6bNzXwHqT0pQ2rLmVkA9sE", "the regular user's user id")

	r = cliEnv(t, env, strings.NewReader(""), "audit")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Automation tokens", "audit took the customer from the environment")
	assert.Regexp(t, `(?m)^ID +USER +NAME `, r.stdout)

	r = cliEnv(t, env, strings.NewReader(""), "list", "--customer", "NoSuchCustomer0000000")
	assert.NotEqual(t, 0, r.code, "--customer beats the variable")
	assert.NotContains(t, r.stderr, "from FASTLY_CUSTOMER_ID")

	// --demo and the demo tour are their own account.
	other := []string{"FASTLY_CUSTOMER_ID=OtherCustomer000000000", "FASTLY_API_URL=http://127.0.0.1:1"}
	r = cliEnv(t, other, strings.NewReader(""), "list", "--demo")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "USER")
	r = cliEnv(t, other, strings.NewReader(""), "demo")
	require.Equal(t, 0, r.code, r.stderr)
}

// TestErrorsGiveANextStep: 401 names the key's source, an expired key says
// when it expired and how to get another, a read-only key's 403 names the
// scope needed, a 429 says when to retry.
func TestErrorsGiveANextStep(t *testing.T) {
	s := newServer(t)
	_, expired, err := s.srv.AddToken(gen.TokenResponse{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "old",
		ExpiresAt: wire.Time{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}})
	require.NoError(t, err)
	keyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(keyFile, []byte("NotAKeyFastlyKnows000000000000ab"), 0o600))
	base := "FASTLY_API_URL=" + s.url

	r := cliEnv(t, []string{base}, strings.NewReader(""), "list", "--token-file", keyFile)
	assert.Equal(t, exitAuth, r.code, r.stderr)
	assert.Contains(t, r.stderr, "Fastly did not accept the key from --token-file "+keyFile)

	r = cliEnv(t, []string{base, "FASTLY_API_TOKEN=" + expired}, strings.NewReader(""), "list")
	assert.Equal(t, exitAuth, r.code, r.stderr)
	assert.Contains(t, r.stderr, "expired at 2026-01-02T03:04:05Z")
	assert.Contains(t, r.stderr, "The key from FASTLY_API_TOKEN has expired: create a new one")
	assert.NotContains(t, r.stderr, expired)

	r = cliEnv(t, []string{base, "FASTLY_API_TOKEN=" + s.acct.ReadOnlyKey}, strings.NewReader(""), "revoke", "2AbCdEfGhIjKlMnOpQrStU") // the key's user's own
	assert.Equal(t, exitAuth, r.code, r.stderr)
	assert.Contains(t, r.stderr, "is read-only (scope global:read); revoke-token needs a key with the global scope")

	s.srv.SetWriteLimit(s.acct.CustomerID, 0)
	r = cliEnv(t, []string{base, "FASTLY_API_TOKEN=" + s.acct.AdminKey}, strings.NewReader(""), "revoke", "3KdPqRsTuVwXyZaBcDeFgH")
	assert.Equal(t, exitRateLimited, r.code, r.stderr)
	assert.Regexp(t, `try again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in \d+[smh]\)`, r.stderr)
}

// TestVerboseOneLinePerRequest: --verbose and FASTLY_DEBUG_MODE=true print
// one stderr line per request with method, path, status, trace id,
// duration and retries, and no secret in any encoding.
func TestVerboseOneLinePerRequest(t *testing.T) {
	s := newServer(t)
	traced := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Fastly-Trace-Id", "tr4ce-"+r.Method)
		s.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(traced.Close)
	env := []string{"FASTLY_API_TOKEN=" + s.acct.AdminKey, "FASTLY_API_URL=" + traced.URL}

	r := cliEnv(t, env, strings.NewReader(s.acct.AdminPassword+"\n"), "create", "--name", "ci", "--scope", "global:read",
		"--expires-in", "1d", "--username", s.acct.AdminLogin, "--password-stdin", "--otp", s.acct.AdminOTP, "--verbose")
	require.Equal(t, 0, r.code, r.stderr)
	_, created, ok := strings.Cut(r.stdout, "store it safely):\n")
	created = strings.TrimSpace(created)
	require.True(t, ok && len(created) > 20, r.stdout)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	require.Len(t, lines, 1, r.stderr)
	assert.Regexp(t, `^msg=request method=POST path=/tokens status=200 trace_id=tr4ce-POST duration=[0-9.]+[µm]?s retries=0 operation=create-token$`, lines[0])
	secrets := scrub.New(s.acct.AdminKey, s.acct.AdminPassword, s.acct.AdminOTP, created)
	assert.False(t, secrets.Contains(r.stderr), "no secret in any encoding: %s", r.stderr)
	assert.True(t, secrets.Contains(r.stdout), "the check finds a secret where there is one")

	r = cliEnv(t, append(env, "FASTLY_DEBUG_MODE=true"), strings.NewReader(""), "audit", "--customer", s.acct.CustomerID)
	require.Equal(t, 0, r.code, r.stderr)
	lines = strings.Split(strings.TrimSpace(r.stderr), "\n")
	require.Len(t, lines, 2, "the customer's tokens and one page of automation tokens: %s", r.stderr)
	assert.Regexp(t, `^msg=request method=GET path=/customer/`+s.acct.CustomerID+`/tokens status=200 trace_id=tr4ce-GET duration=\S+ retries=0 operation=list-tokens-customer$`, lines[0])
	assert.Contains(t, lines[1], "path=/automation-tokens")
	assert.False(t, secrets.Contains(r.stderr))

	r = cliEnv(t, append(env, "FASTLY_DEBUG_MODE=false"), strings.NewReader(""), "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	r = cliEnv(t, append(env, "FASTLY_DEBUG_MODE=loud"), strings.NewReader(""), "list")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `FASTLY_DEBUG_MODE="loud": want true or false`)
}
