package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/api/apitest"
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

// server is a seeded, validating in-memory API on loopback.
type server struct {
	url  string
	acct api.DemoAccount
	srv  *api.Server
}

func newServer(t *testing.T) *server {
	t.Helper()
	env := apitest.NewEnv(t)
	return &server{url: env.URL, acct: env.Account, srv: env.Server}
}

type result struct {
	code           int
	stdout, stderr string
}

// cli runs the binary with key in FASTLY_API_TOKEN and stdin as input.
func cli(t *testing.T, key, stdin string, args ...string) result {
	t.Helper()
	return cliReader(t, key, strings.NewReader(stdin), args...)
}

func cliReader(t *testing.T, key string, stdin io.Reader, args ...string) result {
	t.Helper()
	var env []string
	if key != "" {
		env = append(env, "FASTLY_API_TOKEN="+key)
	}
	return cliEnv(t, env, stdin, args...)
}

// cliEnv runs a command line in this process, as the program would run
// with only env (NAME=value) in its environment: no HOME, so no Fastly CLI
// config is found unless env points at one.
func cliEnv(t *testing.T, env []string, stdin io.Reader, args ...string) result {
	t.Helper()
	return cliContext(t, context.Background(), env, stdin, args...)
}

// cliContext is cliEnv with ctx as the run's: cancelling it is Ctrl-C.
func cliContext(t *testing.T, ctx context.Context, env []string, stdin io.Reader, args ...string) result {
	t.Helper()
	vars := map[string]string{}
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		vars[name] = value
	}
	var out, errOut bytes.Buffer
	e := newEnv(stdin, &out, &errOut, func(name string) (string, bool) { v, ok := vars[name]; return v, ok })
	e.userHomeDir = func() (string, error) { return dirOf(vars["HOME"]) }
	e.userConfigDir = func() (string, error) {
		if dir := vars["XDG_CONFIG_HOME"]; dir != "" {
			return dir, nil
		}
		home, err := dirOf(vars["HOME"])
		return filepath.Join(home, ".config"), err
	}
	code := execute(ctx, e, args)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// dirOf is dir, or an error when it is not set, as os.UserHomeDir says.
func dirOf(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("not set")
	}
	return dir, nil
}

func TestListTableJSONAndIDs(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.AdminKey, "", "list", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 5, "header, three tokens and the web app's session")
	assert.True(t, strings.HasPrefix(lines[0], "ID "))
	col := strings.Index(lines[0], "NAME")
	for _, l := range lines[1:] {
		assert.Equal(t, byte(' '), l[col-1], "columns are aligned: %q", l)
		assert.NotEqual(t, byte(' '), l[col], "columns are aligned: %q", l)
	}
	assert.Contains(t, r.stdout, "in 5d")

	r = cli(t, s.acct.AdminKey, "", "list", "--no-headers", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(r.stdout), "\n"), 4)
	assert.NotContains(t, r.stdout, "NAME")

	for _, flags := range [][]string{{"--json"}, {"-o", "json"}, {"--output=json"}} {
		r = cli(t, s.acct.AdminKey, "", append([]string{"list", "--customer", s.acct.CustomerID, "--base-url", s.url}, flags...)...)
		require.Equal(t, 0, r.code, r.stderr)
		var tokens []map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &tokens))
		assert.Len(t, tokens, 9)
		for _, tok := range tokens {
			assert.NotContains(t, tok, "access_token")
			assert.Contains(t, tok, "scopes")
		}
	}

	r = cli(t, s.acct.AdminKey, "", "list", "-o", "ids", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "5Yo3XXnrQpjc20u0ybrf2g\n3KdPqRsTuVwXyZaBcDeFgH\n7Hq2LmNpQrStUvWxYz0AbC\nW3bSe55ionT0kenAbCdEfG\n", r.stdout)

	// ids pipe into revoke.
	r2 := cli(t, s.acct.AdminKey, "3KdPqRsTuVwXyZaBcDeFgH\n7Hq2LmNpQrStUvWxYz0AbC\n", "revoke", "--from-file", "-", "--base-url", s.url)
	require.Equal(t, 0, r2.code, r2.stderr)
	assert.Contains(t, r2.stdout, "Revoked 2 token(s)")
}

func TestGetWhoamiAndExitCodes(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.UserKey, "", "get", "9ZyXwVuTsRqPoNmLkJiHgF", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "purge-hook")
	assert.Contains(t, r.stdout, "purge_select purge_all")

	r = cli(t, s.acct.AdminKey, "", "whoami", "-o", "json", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	var me map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &me))
	assert.Equal(t, "admin-laptop", me["name"])

	r = cli(t, s.acct.UserKey, "", "get", "5Yo3XXnrQpjc20u0ybrf2g", "--base-url", s.url)
	assert.Equal(t, exitNotFound, r.code)
	r = cli(t, "wrong-key", "", "whoami", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "Provided credentials are missing or invalid")
	r = cli(t, "", "", "whoami", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "no API key: pass --token-file FILE, set FASTLY_API_TOKEN, or sign in with Fastly's CLI")
	r = cli(t, s.acct.UserKey, "", "list", "--customer", s.acct.CustomerID, "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code, "403 for a non-superuser")
	r = cli(t, s.acct.UserKey, "", "get", "self", "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "fastly-tokens whoami")

	keyFile := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(keyFile, []byte(s.acct.UserKey+"\n"), 0o600))
	r = cli(t, "", "", "whoami", "--token-file", keyFile, "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := cli(t, "", "", args...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.True(t, strings.HasPrefix(r.stdout, "fastly-tokens "), r.stdout)
		assert.Contains(t, r.stdout, "go1.")
	}
	// The commit the binary was built from, when the build recorded one.
	info, err := exec.Command("go", "version", "-m", binary).Output()
	require.NoError(t, err)
	for _, line := range strings.Split(string(info), "\n") {
		if f := strings.Fields(line); len(f) == 2 && strings.HasPrefix(f[1], "vcs.revision=") {
			rev := strings.TrimPrefix(f[1], "vcs.revision=")
			assert.Contains(t, cli(t, "", "", "version").stdout, "commit "+rev[:12])
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := cli(t, "", "", "completion", shell)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "fastly-tokens", shell)
		assert.Greater(t, len(r.stdout), 500, shell)
	}
	r := cli(t, "", "", "completion", "tcsh")
	assert.Equal(t, exitUsage, r.code)
}

func TestHelpForEveryCommand(t *testing.T) {
	root := newTestRoot()
	r := cli(t, "", "", "help")
	require.Equal(t, 0, r.code)
	for _, c := range root.Commands() {
		if !c.Hidden {
			assert.Contains(t, r.stdout, c.Name(), "the top-level help lists %s", c.Name())
		}
	}
	for path, c := range commands(root) {
		words := strings.Fields(path)
		forms := [][]string{append([]string{"help"}, words...), append(words[:len(words):len(words)], "--help"), append(words[:len(words):len(words)], "-h")}
		for _, form := range forms {
			r := cli(t, "", "", form...)
			require.Equal(t, 0, r.code, "%v: %s", form, r.stderr)
			assert.Contains(t, r.stdout, "Usage:", "%v", form)
			if strings.HasPrefix(path, "completion") {
				continue
			}
			assert.Contains(t, r.stdout, "Examples:", "%v has an example", form)
			c.Flags().VisitAll(func(f *pflag.Flag) {
				assert.Contains(t, r.stdout, "--"+f.Name, "%v shows --%s", form, f.Name)
			})
		}
	}
	r = cli(t, "", "", "audit", "--help")
	assert.Contains(t, r.stdout, `(default 7d)`, "defaults are shown")
	assert.Contains(t, r.stdout, `--timeout duration`)
}

func TestUsageErrorsSpeakTheCLIsLanguage(t *testing.T) {
	s := newServer(t)
	cases := map[string]struct {
		args []string
		want string
	}{
		"no command":          {[]string{"nope"}, `unknown command "nope"`},
		"unknown flag":        {[]string{"list", "--bogus"}, "unknown flag: --bogus"},
		"get without id":      {[]string{"get"}, "get takes exactly one token ID"},
		"create without name": {[]string{"create"}, "create needs --name"},
		"empty scope":         {[]string{"create", "--name", "x", "--scope", ""}, "has an empty scope"},
		"empty customer":      {[]string{"list", "--customer", ""}, "--customer"},
		"empty expiry":        {[]string{"create", "--name", "x", "--expires-in", ""}, "is empty"},
		"bare number":         {[]string{"create", "--name", "x", "--expires-in", "5"}, `did you mean 5s or 5d?`},
		"bare timeout":        {[]string{"list", "--timeout", "30"}, `did you mean 30s`},
		"both expiries":       {[]string{"create", "--name", "x", "--expires-in", "1d", "--expires-at", "2030-01-01T00:00:00Z"}, "not both"},
		"bad expires-at":      {[]string{"create", "--name", "x", "--expires-at", "next week"}, "RFC 3339"},
		"missing token file":  {[]string{"whoami", "--token-file", "nope.txt"}, "--token-file: nope.txt: no such file or directory"},
		"base URL path":       {[]string{"whoami", "--base-url", "https://api.fastly.com/v1", "--base-url", "https://api.fastly.com/v1"}, "has a path"},
		"bad output":          {[]string{"list", "-o", "yaml"}, "not one of table, json, ids"},
		"ids for a create":    {[]string{"create", "--name", "x", "-o", "ids"}, "shows the new secret only once"},
		"control in name":     {[]string{"create", "--name", "ci\x1b[8m"}, "--name: contains control characters"},
		"revoke nothing":      {[]string{"revoke"}, "at least one token ID"},
		"bad id argument":     {[]string{"revoke", "abc", "a/b"}, "argument 2 is not a token id"},
		"password twice":      {[]string{"create", "--name", "x", "--password", "a", "--password-stdin", "--username", "u"}, "not both"},
		"password alone":      {[]string{"create", "--name", "x", "--password", "a"}, "--password needs --username"},
		"demo with ids":       {[]string{"demo", "-o", "ids"}, "-o ids cannot"},
		"unknown role":        {[]string{"automation", "create", "--name", "x", "--role", "admin"}, `"admin" is not one of engineer, billing or user`},
		"secret in a flag":    {[]string{"revoke-secret", "--yes=SECRETVALUE"}, "never from an argument"},
		"secret as shorthand": {[]string{"revoke-secret", "-xSECRETVALUE"}, "never from an argument"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			args := tc.args
			if !strings.Contains(strings.Join(args, " "), "--base-url") {
				args = append(args, "--base-url", s.url)
			}
			r := cli(t, s.acct.UserKey, "", args...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Contains(t, r.stderr, tc.want)
			assert.Equal(t, 1, strings.Count(r.stderr, "fastly-tokens: "), "one prefix: %q", r.stderr)
			assert.NotContains(t, r.stderr, "fastlytokens:")
			assert.NotContains(t, r.stderr, "SECRETVALUE", "what was typed where a secret may be is not repeated")
			assert.Contains(t, r.stderr, "--help' for usage")
			for _, goName := range []string{"WithToken", "CurrentToken", "RevokeCurrentToken", "CreateTokenInput", "panic"} {
				assert.NotContains(t, r.stderr, goName)
			}
			assert.Empty(t, r.stdout)
		})
	}
}

func TestFormatting(t *testing.T) {
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	assert.Equal(t, "never", relative(time.Time{}, now, "never"))
	assert.Equal(t, "just now", relative(now, now, "never"))
	assert.Equal(t, "in 5d", relative(now.Add(5*24*time.Hour), now, ""))
	assert.Equal(t, "3h ago", relative(now.Add(-3*time.Hour), now, ""))
	assert.Equal(t, "45m ago", relative(now.Add(-45*time.Minute), now, ""))
	assert.Equal(t, "in 30s", relative(now.Add(30*time.Second), now, ""))
	assert.Equal(t, "3y ago", relative(now.AddDate(-3, 0, 0), now, ""))
	assert.Equal(t, "in 7973y", relative(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), now, ""), "no overflow")
	assert.Equal(t, "1026y ago", relative(time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), now, ""), "no overflow")
	assert.Equal(t, "365d", span(now.AddDate(-1, 0, 0), now), "below two years, days")

	d, err := parseDuration("30d")
	require.NoError(t, err)
	assert.Equal(t, 30*24*time.Hour, d)
	for _, bad := range []string{"-1h", "xd", "", "5", "1.5d", "99999999d"} {
		_, err = parseDuration(bad)
		assert.Error(t, err, bad)
	}
	assert.Equal(t, "10,000", thousands(10000))
	assert.Equal(t, "999", thousands(999))
	assert.Equal(t, "1,234,567", thousands(1234567))
}

func TestTablesFitTheTerminal(t *testing.T) {
	o := output{width: 80}
	var b strings.Builder
	rows := [][]string{{"5Yo3XXnrQpjc20u0ybrf2g", strings.Repeat("n", 40), "global", strings.Repeat("S", 30), "1d ago", "never", "never"}}
	require.NoError(t, o.table(&b, []string{"ID", "NAME", "SCOPE", "SERVICES", "CREATED", "LAST USED", "EXPIRES"}, rows, []int{1, 3, 2}))
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80, line)
	}
	assert.Contains(t, b.String(), "…")
	assert.Contains(t, b.String(), "5Yo3XXnrQpjc20u0ybrf2g", "ids are never cut")

	b.Reset()
	require.NoError(t, output{}.table(&b, []string{"A", "B"}, [][]string{{"x", strings.Repeat("y", 200)}}, []int{1}))
	assert.Contains(t, b.String(), strings.Repeat("y", 200), "no width (a pipe): nothing is cut")
}

func TestDemo(t *testing.T) {
	r := cli(t, "", "", "demo")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{"$ fastly-tokens whoami", "$ fastly-tokens create", "Password: (typed, not shown)",
		"$ fastly-tokens audit", "Left out: W3bSe55ionT0kenAbCdEfG", "$ fastly-tokens rotate", "Revoked 2 token(s)"} {
		assert.Contains(t, r.stdout, want)
	}
	r = cli(t, "", "", "demo", "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"revoked": [`)
	r = cli(t, "", "", "list", "--demo", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "admin-laptop")
}

func TestRateLimitedExitCode(t *testing.T) {
	s := newServer(t)
	s.srv.SetWriteLimit(s.acct.CustomerID, 0)
	r := cli(t, s.acct.AdminKey, "", "revoke", "3KdPqRsTuVwXyZaBcDeFgH", "--base-url", s.url)
	assert.Equal(t, exitRateLimited, r.code, r.stderr)
	assert.Contains(t, r.stderr, "resets at")
}

// runInProcess runs a command line in this process, with env's streams.
func runInProcess(ctx context.Context, e *env, args ...string) int { return execute(ctx, e, args) }
