package main

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnknownCommandsLikeGh: a typo gets the nearest commands, at the top
// level and under automation, and `help` of no command fails.
func TestUnknownCommandsLikeGh(t *testing.T) {
	for args, want := range map[string]string{
		"lsit":                  "unknown command \"lsit\" for \"fastly-tokens\"\n\nDid you mean this?\n\tlist\n",
		"automation lsit":       "unknown command \"lsit\" for \"fastly-tokens automation\"\n\nDid you mean this?\n\tlist\n",
		"help nosuch":           "unknown command \"nosuch\" for \"fastly-tokens\"\n",
		"help automation crate": "Did you mean this?\n\tcreate\n",
		"revok":                 "Did you mean this?\n\trevoke\n\trevoke-current\n\trevoke-secret\n",
	} {
		r := cli(t, "", "", strings.Fields(args)...)
		assert.Equal(t, exitUsage, r.code, args)
		assert.Contains(t, r.stderr, want, args)
		assert.Empty(t, r.stdout, "%s prints no help on stdout", args)
	}
	r := cli(t, "", "", "help", "nosuch")
	assert.NotContains(t, r.stderr, "Did you mean", "nothing is near nosuch")

	for _, args := range [][]string{{"help", "list"}, {"help", "automation", "create"}, {"help"}} {
		r := cli(t, "", "", args...)
		assert.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "Usage:")
	}
	r = cli(t, "", "", "help", "automation", "create")
	assert.Contains(t, r.stdout, "fastly-tokens automation create --name NAME [flags]")

	// help completes command names, as cobra's own help does.
	r = cli(t, "", "", "__complete", "help", "automation", "c")
	assert.Equal(t, "create\tCreate an automation token\n:4\n", r.stdout)
	r = cli(t, "", "", "__complete", "help", "nosuch", "")
	assert.Equal(t, ":4\n", r.stdout)
}

// TestEachDefaultShownOnce: no flag's help line says its default twice.
func TestEachDefaultShownOnce(t *testing.T) {
	checked := 0
	for path := range commands(newTestRoot()) {
		r := cli(t, "", "", append(strings.Fields(path), "--help")...)
		require.Equal(t, 0, r.code, path)
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "-") {
				checked++
				assert.LessOrEqual(t, strings.Count(line, "default"), 1, "fastly-tokens %s: %q", path, line)
			}
		}
	}
	assert.Greater(t, checked, 100, "the walk read every command's flags")

	// What keeps it once: a zero duration reads as pflag's zero, so pflag
	// adds no "(default 0s)" beside the usage's own default.
	var d time.Duration
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.Var(newDuration(&d, 0), "expires-in", "expire after this `duration` (default never)")
	fs.Var(newDuration(&d, time.Hour), "timeout", "give up after this `duration`")
	usage := fs.FlagUsages()
	assert.Equal(t, 1, strings.Count(usage, "(default never)"))
	assert.NotContains(t, usage, "(default 0s)")
	assert.Contains(t, usage, "(default 1h0m0s)", "a non-zero default is still shown, once")
}

// TestUsageCaughtBeforeAnythingIsSent: --json with another -o, an --otp
// that is not digits, an unknown scope: usage errors, with no request and
// no password prompt.
func TestUsageCaughtBeforeAnythingIsSent(t *testing.T) {
	hits := countingServer(t)
	env := []string{"FASTLY_API_TOKEN=k3yNeverSent000000000000000000ab", "FASTLY_API_URL=" + hits.url}
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"--json and -o table": {[]string{"list", "--json", "-o", "table"}, "--json and -o table disagree"},
		"-o ids then --json":  {[]string{"whoami", "-o", "ids", "--json"}, "--json and -o ids disagree"},
		"--otp letters":       {[]string{"create", "--name", "x", "--otp", "12a456"}, "--otp: a one-time password is the digits an authenticator shows"},
		"--otp spaces":        {[]string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--otp", "123 456"}, "--otp: a one-time password is the digits an authenticator shows"},
		"unknown scope":       {[]string{"create", "--name", "x", "--scope", "global,purge-all"}, `"purge-all" is not a scope Fastly knows: want one of global, purge_select, purge_all, global:read`},
		"automation scope":    {[]string{"automation", "create", "--name", "x", "--role", "engineer", "--scope", "admin"}, `"admin" is not a scope Fastly knows`},
	} {
		t.Run(name, func(t *testing.T) {
			r := cliEnv(t, env, strings.NewReader("password\n"), c.args...)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Contains(t, r.stderr, c.want)
			assert.NotContains(t, r.stderr, "Password")
		})
	}
	assert.Zero(t, hits.n.Load(), "nothing was sent")

	r := cliEnv(t, env, strings.NewReader(""), "list", "--json", "-o", "json", "--demo")
	assert.Equal(t, 0, r.code, "--json agrees with -o json: %s", r.stderr)

	// A one-time password typed at the prompt is held to the same rule.
	s := newServer(t)
	before := s.srv.ActiveTokens()
	r = cli(t, s.acct.AdminKey, s.acct.AdminPassword+"\nnot-digits\n", "create", "--name", "x", "--username", s.acct.AdminLogin, "--password-stdin", "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "the one-time password typed: a one-time password is the digits an authenticator shows")
	assert.Equal(t, before, s.srv.ActiveTokens())
}
