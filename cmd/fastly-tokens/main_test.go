package main

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/internal/testutil"
)

var binary string

// TestMain builds the real binary once; the tests run it as users do.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fastly-tokens-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "fastly-tokens")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a seeded in-memory API on loopback.
type server struct {
	url  string
	acct api.DemoAccount
	srv  *api.Server
}

func newServer(t *testing.T) *server {
	t.Helper()
	env := testutil.NewEnv(t)
	return &server{url: env.URL, acct: env.Account, srv: env.Server}
}

type result struct {
	code           int
	stdout, stderr string
}

// cli runs the binary with key in FASTLY_API_TOKEN and stdin as input.
func cli(t *testing.T, key, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"FASTLY_API_TOKEN=" + key, "PATH=" + os.Getenv("PATH")}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

func TestListTableAndJSON(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.AdminKey, "", "list", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 5, "header, three tokens and the web app's session")
	header := lines[0]
	assert.True(t, strings.HasPrefix(header, "ID "))
	col := strings.Index(header, "NAME")
	for _, l := range lines[1:] {
		// Every row's name starts in the NAME column, after padding.
		assert.Equal(t, byte(' '), l[col-1], "columns are aligned: %q", l)
		assert.NotEqual(t, byte(' '), l[col], "columns are aligned: %q", l)
	}
	assert.Contains(t, r.stdout, "terraform")
	assert.Contains(t, r.stdout, "in 5d")

	r = cli(t, s.acct.AdminKey, "", "list", "--json", "--customer", s.acct.CustomerID, "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var tokens []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tokens))
	assert.Len(t, tokens, 8)
	names := map[string]bool{}
	for _, tok := range tokens {
		names[tok["name"].(string)] = true
		assert.NotContains(t, tok, "access_token")
	}
	assert.True(t, names["purge-hook"])
}

func TestGetWhoamiAndExitCodes(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.AdminKey, "", "get", "9ZyXwVuTsRqPoNmLkJiHgF", "--json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var tok map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &tok))
	assert.Equal(t, []any{"purge_select", "purge_all"}, tok["scopes"])

	r = cli(t, s.acct.AdminKey, "", "whoami", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "admin-laptop")
	assert.Contains(t, r.stdout, "Last client:")

	r = cli(t, s.acct.UserKey, "", "get", "5Yo3XXnrQpjc20u0ybrf2g", "--base-url", s.url)
	assert.Equal(t, exitNotFound, r.code)
	assert.Contains(t, r.stderr, "404")

	r = cli(t, "wrong-key", "", "whoami", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code)
	assert.NotContains(t, r.stderr, "wrong-key")

	r = cli(t, "", "", "list", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "no API token")

	keyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(keyFile, []byte(s.acct.UserKey+"\n"), 0o600))
	r = cli(t, "", "", "whoami", "--token-file", keyFile, "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "dev-global")
}

func TestBadUsage(t *testing.T) {
	s := newServer(t)
	cases := map[string][]string{
		"no command":      {},
		"unknown command": {"frobnicate"},
		"unknown flag":    {"list", "--nope"},
		"missing id":      {"get"},
		"bad expires-at":  {"create", "--expires-at", "tomorrow"},
		"bad expires-in":  {"create", "--expires-in", "soon"},
		"both expiries":   {"create", "--expires-at", "2030-01-01T00:00:00Z", "--expires-in", "1d"},
		"path traversal":  {"get", "../x"},
		"encoded slash":   {"revoke", "a%2Fb"},
		"no ids":          {"revoke"},
		"http to remote":  {"list", "--base-url", "http://example.com"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			if len(args) > 0 && args[0] != "frobnicate" && !strings.Contains(strings.Join(args, " "), "base-url") {
				args = append(args, "--base-url", s.url)
			}
			r := cli(t, s.acct.AdminKey, "", args...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.NotEmpty(t, r.stderr)
			assert.NotContains(t, r.stderr, "panic")
			assert.NotContains(t, r.stderr, "goroutine")
			assert.Empty(t, r.stdout)
		})
	}
}

func TestCreateShowsSecretOnce(t *testing.T) {
	s := newServer(t)
	// The key is not in sudo mode: the CLI asks for the password (stdin,
	// since it is not a terminal) and goes on.
	r := cli(t, s.acct.UserKey, s.acct.UserPassword+"\n", "create", "--name", "ci", "--scope", "global:read", "--scope", "purge_all",
		"--service", "SU1", "--expires-in", "30d", "--json", "--username", s.acct.UserLogin, "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "Password (from stdin)")
	assert.NotContains(t, r.stdout+r.stderr, s.acct.UserPassword)
	var created map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &created))
	secret := created["access_token"].(string)
	assert.Len(t, secret, 32)
	assert.Equal(t, []any{"global:read", "purge_all"}, created["scopes"])
	assert.Equal(t, 1, strings.Count(r.stdout, secret))
	assert.NotContains(t, r.stderr, secret)
	state, ok := s.srv.Token(created["id"].(string))
	require.True(t, ok)
	assert.Equal(t, []string{"SU1"}, state.Services)
	assert.WithinDuration(t, time.Now().Add(30*24*time.Hour), state.ExpiresAt, time.Minute)

	// The new key works; the table view prints the secret once too.
	r = cli(t, secret, "", "whoami", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, secret)

	// Without --username, it asks for that too, once.
	r = cli(t, s.acct.UserKey, s.acct.UserLogin+"\n"+s.acct.UserPassword+"\n", "create", "--name", "t2", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Access token (shown only now")
	assert.Contains(t, r.stderr, "sudo mode")
	assert.Contains(t, r.stderr, "Username: ")

	r = cli(t, s.acct.UserKey, "", "create", "--name", "t3", "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code, "no password anywhere: %s", r.stderr)
}

func TestCreateWithCredentialsAndOTP(t *testing.T) {
	s := newServer(t)
	args := []string{"create", "--name", "laptop", "--username", s.acct.AdminLogin, "--base-url", s.url}
	// The password comes from stdin when it is not a terminal; no OTP: exit 3.
	r := cli(t, "", s.acct.AdminPassword+"\n", args...)
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "--otp")
	assert.NotContains(t, r.stderr, s.acct.AdminPassword)

	r = cli(t, "", s.acct.AdminPassword+"\n", append(args, "--otp", s.acct.AdminOTP)...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Created token")
	assert.NotContains(t, r.stdout+r.stderr, s.acct.AdminPassword)

	r = cli(t, "", "", args...)
	assert.Equal(t, exitUsage, r.code, "no password anywhere")

	r = cli(t, "", "wrong\n", append(args, "--otp", s.acct.AdminOTP)...)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "invalid_grant")
	assert.NotContains(t, r.stderr, "wrong\n")
}

func TestRevokeRotateAndAudit(t *testing.T) {
	s := newServer(t)
	ids := []string{}
	for range 3 {
		id, _, err := s.srv.AddToken(api.TokenSeed{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "old"})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	r := cli(t, s.acct.AdminKey, ids[1]+"\n# a comment\n"+ids[2]+"\n", "revoke", ids[0], "--from-file", "-", "--json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var out map[string][]string
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.Equal(t, ids, out["revoked"])
	for _, id := range ids {
		st, _ := s.srv.Token(id)
		assert.True(t, st.Revoked)
	}

	r = cli(t, s.acct.AdminKey, "", "revoke", "5Yo3XXnrQpjcXXXXXXXXXX", "--base-url", s.url)
	assert.Equal(t, exitNotFound, r.code)

	r = cli(t, s.acct.AdminKey, s.acct.AdminPassword+"\n", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--json",
		"--username", s.acct.AdminLogin, "--otp", s.acct.AdminOTP, "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var rotated map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rotated))
	assert.Equal(t, "terraform", rotated["name"])
	assert.Len(t, rotated["access_token"], 32)
	old, _ := s.srv.Token("7Hq2LmNpQrStUvWxYz0AbC")
	assert.True(t, old.Revoked)

	r = cli(t, s.acct.AdminKey, "", "audit", "--customer", s.acct.CustomerID, "--json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var report map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
	names := func(key string) []string {
		var n []string
		for _, tok := range report[key] {
			n = append(n, tok["name"].(string))
		}
		return n
	}
	assert.ElementsMatch(t, []string{"ci-deploy"}, names("expiring"))
	assert.ElementsMatch(t, []string{"old-dashboard"}, names("unused"))
	assert.ElementsMatch(t, []string{"admin-laptop", "dev-global"}, names("global_without_expiry"))
	assert.ElementsMatch(t, []string{"manage.fastly.com browser session"}, names("left_out_web_sessions"),
		"the web app's session token is left out, and said so")

	r = cli(t, s.acct.AdminKey, "", "audit", "--customer", s.acct.CustomerID, "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Left out: W3bSe55ionT0kenAbCdEfG, the Fastly web app's session token")

	r = cli(t, s.acct.AdminKey, s.acct.AdminPassword+"\n", "rotate", s.acct.WebSessionID, "--username", s.acct.AdminLogin, "--otp", s.acct.AdminOTP, "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "session token, which is not rotated")

	r = cli(t, s.acct.UserKey, "", "revoke-current", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	r = cli(t, s.acct.UserKey, "", "whoami", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code)
}

func TestRateLimitedExitCode(t *testing.T) {
	srv, acct := api.NewDemoServer(time.Now())
	srv.SetWriteLimit(acct.CustomerID, 0)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	r := cli(t, acct.AdminKey, "", "revoke", "3KdPqRsTuVwXyZaBcDeFgH", "--base-url", ts.URL)
	assert.Equal(t, exitRateLimited, r.code, r.stderr)
	assert.Contains(t, r.stderr, "resets at")
}

func TestDemo(t *testing.T) {
	r := cli(t, "", "", "demo")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{"$ fastly-tokens whoami", "$ fastly-tokens create", "$ fastly-tokens audit", "$ fastly-tokens rotate", "Revoked 2 token(s)"} {
		assert.Contains(t, r.stdout, want)
	}
	r = cli(t, "", "", "list", "--demo", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "admin-laptop")
}

func TestFormatting(t *testing.T) {
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	assert.Equal(t, "never", relative(time.Time{}, now, "never"))
	assert.Equal(t, "just now", relative(now, now, "never"))
	assert.Equal(t, "in 5d", relative(now.Add(5*24*time.Hour), now, ""))
	assert.Equal(t, "3h ago", relative(now.Add(-3*time.Hour), now, ""))
	assert.Equal(t, "45m ago", relative(now.Add(-45*time.Minute), now, ""))
	assert.Equal(t, "in 30s", relative(now.Add(30*time.Second), now, ""))
	assert.Equal(t, "3y ago", relative(now.Add(-3*365*24*time.Hour), now, ""))

	d, err := parseDuration("--x", "30d")
	require.NoError(t, err)
	assert.Equal(t, 30*24*time.Hour, d)
	_, err = parseDuration("--x", "-1h")
	assert.Error(t, err)
	_, err = parseDuration("--x", "xd")
	assert.Error(t, err)
}
