package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// The tests of issue 11: what a user and an attacker tried.

func TestUntrustedTextCannotForgeOutput(t *testing.T) {
	s := newServer(t)
	// A token name made to forge a row, hide text and set a window title,
	// as the API stores it (the facade refuses such names at create).
	forged := "ci\x1b[8m\nZZZZZZZZZZZZZZZZZZZZZZ  looks-safe  global:read\x1b]0;pwned\x07"
	_, _, err := s.srv.AddToken(gen.TokenResponse{UserID: "6bNzXwHqT0pQ2rLmVkA9sE", Name: forged, Scope: "global"})
	require.NoError(t, err)
	for _, args := range [][]string{
		{"list", "--customer", s.acct.CustomerID},
		{"audit", "--customer", s.acct.CustomerID},
		{"list", "--customer", s.acct.CustomerID, "-o", "ids"},
	} {
		r := cli(t, s.acct.AdminKey, "", append(args, "--base-url", s.url)...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.NotContains(t, r.stdout, "\x1b", "%v", args)
		assert.NotContains(t, r.stdout, "\x07", "%v", args)
		for _, line := range strings.Split(r.stdout, "\n") {
			assert.False(t, strings.HasPrefix(line, "ZZZZ"), "%v: a forged row: %q", args, line)
		}
	}
	r := cli(t, s.acct.AdminKey, "", "list", "--customer", s.acct.CustomerID, "--base-url", s.url)
	assert.Contains(t, r.stdout, `ci\x1b[8m\x0aZZZZ`, "shown escaped, on its own row")

	// A hostile server's text in errors.
	hostile := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"msg":"denied\u001b[2J\u001b]0;owned\u0007 \u202eevil"}`))
	}))
	defer hostile.Close()
	r = cli(t, s.acct.AdminKey, "", "whoami", "--base-url", hostile.URL)
	assert.Equal(t, exitAuth, r.code)
	assert.NotContains(t, r.stderr, "\x1b")
	assert.NotContains(t, r.stderr, "\u202e")
	assert.Contains(t, r.stderr, "denied")
}

// createServer answers create with body and records what else it is asked.
func createServer(t *testing.T, body string) (*httptest.Server, *atomic.Int32) {
	var deletes atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			_, _ = w.Write([]byte(body))
		case r.Method == http.MethodDelete:
			deletes.Add(1)
			w.WriteHeader(http.StatusNoContent)
		default:
			_, _ = w.Write([]byte(`{"id":"7Hq2LmNpQrStUvWxYz0AbC","user_id":"u1","name":"terraform","scope":"global","services":[],"created_at":"2021-01-14T11:25:39Z"}`))
		}
	}))
	t.Cleanup(ts.Close)
	return ts, &deletes
}

func TestWritesThatCannotProveSuccessFailClosed(t *testing.T) {
	noSecret := `{"id":"NewTokenId000000000000","name":"x","user_id":"u1","scope":"global","services":[],"access_token":""}`
	ts, deletes := createServer(t, noSecret)

	r := cli(t, "key", "", "create", "--name", "x", "--base-url", ts.URL)
	assert.Equal(t, exitError, r.code, "no secret, no success")
	assert.NotContains(t, r.stdout, "Access token")
	assert.Contains(t, r.stderr, "fastly-tokens revoke NewTokenId000000000000")

	r = cli(t, "key", "", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--base-url", ts.URL)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "NewTokenId000000000000")
	assert.Contains(t, r.stderr, "the old token is kept")
	assert.Zero(t, deletes.Load(), "the old token was not revoked")
}

func TestRotateRefusesAnotherOwnersToken(t *testing.T) {
	s := newServer(t)
	args := []string{"rotate", "2AbCdEfGhIjKlMnOpQrStU", "--username", s.acct.AdminLogin, "--password-stdin", "--otp", s.acct.AdminOTP, "--base-url", s.url}
	r := cli(t, s.acct.AdminKey, s.acct.AdminPassword+"\n", args...)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "belongs to user 6bNzXwHqT0pQ2rLmVkA9sE")
	assert.Contains(t, r.stderr, "--allow-owner-change")
	old, _ := s.srv.Token("2AbCdEfGhIjKlMnOpQrStU")
	assert.False(t, old.Revoked)

	r = cli(t, s.acct.AdminKey, s.acct.AdminPassword+"\n", append(args, "--allow-owner-change")...)
	require.Equal(t, 0, r.code, r.stderr)
	old, _ = s.srv.Token("2AbCdEfGhIjKlMnOpQrStU")
	assert.True(t, old.Revoked)
}

func TestPasswordsAndOneTimePasswords(t *testing.T) {
	s := newServer(t)
	create := func(stdin string, args ...string) result {
		return cli(t, "", stdin, append(append([]string{"create", "--name", "laptop", "--username", s.acct.AdminLogin}, args...), "--base-url", s.url)...)
	}
	// --password works, with a warning.
	r := create("", "--password", s.acct.AdminPassword, "--otp", s.acct.AdminOTP)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "warning: --password is visible to other users")
	assert.NotContains(t, r.stdout+r.stderr, s.acct.AdminPassword)

	// --password-stdin, then the one-time password from the next line of
	// stdin, as the README says.
	r = create(s.acct.AdminPassword+"\n"+s.acct.AdminOTP+"\n", "--password-stdin")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "warning")
	assert.Contains(t, r.stderr, "One-time password (from stdin)")
	assert.NotContains(t, r.stdout+r.stderr, s.acct.AdminPassword)
	assert.NotContains(t, r.stdout+r.stderr, s.acct.AdminOTP)

	// No one-time password anywhere: authentication, with the way out.
	r = create(s.acct.AdminPassword+"\n", "--password-stdin")
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "--otp")

	r = create("", "--password-stdin")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "stdin has no password")

	r = create("wrong\n", "--password-stdin", "--otp", s.acct.AdminOTP)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "invalid_grant")
	assert.NotContains(t, r.stderr, "wrong\n")

	// The key wants sudo mode: the password is asked for, once.
	r = cli(t, s.acct.UserKey, s.acct.UserLogin+"\n"+s.acct.UserPassword+"\n", "create", "--name", "t2", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "sudo mode")
	assert.Contains(t, r.stdout, "Access token (shown only now")
	r = cli(t, s.acct.UserKey, "", "create", "--name", "t3", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code, "no password anywhere: %s", r.stderr)
	assert.Contains(t, r.stderr, "--password-stdin")
}

// lateReader hands out its text only once after has closed: a user who
// types the one-time password after the time they were given.
type lateReader struct {
	after <-chan time.Time
	r     io.Reader
}

func (l *lateReader) Read(p []byte) (int, error) {
	<-l.after
	return l.r.Read(p)
}

// TestPromptsAreOutsideTheTimeout: --timeout bounds each API call, not the
// command: the one-time password typed after more than the timeout has
// passed since the first call still creates the token. The server answers
// at once, so that only the prompt's wait spends time.
func TestPromptsAreOutsideTheTimeout(t *testing.T) {
	const timeout = time.Second
	var firstCall atomic.Pointer[time.Time]
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		firstCall.CompareAndSwap(nil, &now)
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Fastly-OTP") == "" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"msg":"A one-time password is required","code":"2fa.verify"}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":"NewTokenId000000000000","user_id":"u1","name":"patient","scope":"global","services":[],"access_token":"NewSecretValue0123456789abcdefgh"}`))
	}))
	defer ts.Close()
	late := make(chan time.Time)
	go func() {
		for firstCall.Load() == nil {
			time.Sleep(time.Millisecond)
		}
		// Past the timeout of the first call, whatever the machine's load:
		// a deadline for the whole command would have passed by now.
		time.Sleep(time.Until(firstCall.Load().Add(timeout + 100*time.Millisecond)))
		close(late)
	}()
	r := cliReader(t, "key", &lateReader{after: late, r: strings.NewReader("123456\n")}, "create", "--name", "patient",
		"--username", "me@example.com", "--password", "pw", "--timeout", timeout.String(), "--base-url", ts.URL)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "NewSecretValue0123456789abcdefgh")
}

func TestBulkRevokeSaysWhatItDid(t *testing.T) {
	s := newServer(t)
	var ids []string
	for range 3 {
		id, _, err := s.srv.AddToken(gen.TokenResponse{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "old"})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	const missing1, missing2 = "missingmissingmissing1", "missingmissingmissing2"
	file := filepath.Join(t.TempDir(), "ids")
	require.NoError(t, os.WriteFile(file, []byte(ids[1]+"\n# a comment\n"+ids[2]+" "+ids[0]+"\n"+missing1+"\n"), 0o600))

	// Duplicates count once; a missing id does not stop the others.
	r := cli(t, s.acct.AdminKey, "", "revoke", ids[0], ids[0], "--from-file", file, "-o", "json", "--base-url", s.url)
	assert.Equal(t, exitPartial, r.code, r.stderr)
	var out revokeResult
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.ElementsMatch(t, ids, out.Revoked)
	assert.Equal(t, []string{missing1}, out.NotFound)
	assert.Empty(t, out.Failed)
	assert.Contains(t, out.Error, "name no token")

	// The same in text.
	more, _, err := s.srv.AddToken(gen.TokenResponse{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "more"})
	require.NoError(t, err)
	r = cli(t, s.acct.AdminKey, "", "revoke", more, missing2, "--base-url", s.url)
	assert.Equal(t, exitPartial, r.code)
	assert.Contains(t, r.stdout, "Revoked 1 token(s):\n  "+more)
	assert.Contains(t, r.stdout, "Not found: 1 token(s):\n  "+missing2)

	// One missing id and two exit the same way.
	for _, args := range [][]string{{missing1}, {missing1, missing2}} {
		r = cli(t, s.acct.AdminKey, "", append(append([]string{"revoke"}, args...), "--base-url", s.url)...)
		assert.Equal(t, exitNotFound, r.code, "%v: %s", args, r.stderr)
	}

	// A bad id in a file names its line, not its text; the key itself
	// (a key file given for ids), alphanumeric like an id, is refused the
	// same way.
	const alnumKey = "AlnumAdminKeyThatLooksLikeAnId00"
	_, err = s.srv.AddTokenWithKey(gen.TokenResponse{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "alnum"}, alnumKey)
	require.NoError(t, err)
	for _, bad := range []string{"not/an-id", alnumKey} {
		require.NoError(t, os.WriteFile(file, []byte(ids[0]+"\n"+bad+"\n"), 0o600))
		r = cli(t, alnumKey, "", "revoke", "--from-file", file, "--base-url", s.url)
		assert.Equal(t, exitUsage, r.code, bad)
		assert.Contains(t, r.stderr, file+":2: not a token id")
		assert.NotContains(t, r.stderr+r.stdout, bad)
		r = cli(t, alnumKey, "", "revoke", ids[0], bad, "--base-url", s.url)
		assert.Equal(t, exitUsage, r.code, bad)
		assert.Contains(t, r.stderr, "argument 2 is not a token id")
		assert.NotContains(t, r.stderr+r.stdout, bad)
	}

	// No progress when stderr is not a terminal.
	assert.NotContains(t, r.stderr, "revoked 0 of")
}

func TestBulkRevokeProgressOnATerminal(t *testing.T) {
	srv, acct := api.NewDemoServer(time.Now())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	var ids []string
	for range 250 {
		id, _, err := srv.AddToken(gen.TokenResponse{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "bulk"})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	run := func(terminal bool) string {
		var stdout, stderr strings.Builder
		e := &env{stdin: strings.NewReader(strings.Join(ids, "\n")), stdout: &stdout, stderr: &stderr, now: time.Now,
			lookupEnv: func(k string) (string, bool) {
				if k == "FASTLY_API_TOKEN" {
					return acct.AdminKey, true
				}
				return "", false
			}, stderrTerminal: terminal}
		code := runInProcess(context.Background(), e, "revoke", "--from-file", "-", "--base-url", ts.URL)
		require.Equal(t, 0, code, stderr.String())
		return stderr.String()
	}
	progress := run(true)
	assert.Contains(t, progress, "revoked 100 of 250")
	assert.Contains(t, progress, "revoked 250 of 250")
	for i := range ids {
		_, _, err := srv.AddToken(gen.TokenResponse{UserID: "4y5K5trZocEAQYkesWlk7M", Name: "bulk", ID: fmt.Sprintf("again%017d", i)})
		require.NoError(t, err)
		ids[i] = fmt.Sprintf("again%017d", i)
	}
	assert.Empty(t, run(false), "nothing on a stderr that is not a terminal")
}

func TestInterruptExits130(t *testing.T) {
	arrived := make(chan struct{}, 1)
	finished := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leave
		select {
		case arrived <- struct{}{}:
		default:
		}
		select { // never answers
		case <-r.Context().Done():
		case <-finished:
		}
	}))
	defer ts.Close()
	defer close(finished)
	cmd := exec.Command(binary, "revoke", "abc", "def", "--base-url", ts.URL)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Env = []string{"FASTLY_API_TOKEN=key"}
	require.NoError(t, cmd.Start())
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		t.Fatal("the request never arrived")
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, exitInterrupted, stopped(t, cmd), stderr.String())
	assert.Contains(t, stderr.String(), "interrupted")
}

func TestAuditFailAndFindings(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.AdminKey, "", "audit", "--customer", s.acct.CustomerID, "--fail", "-o", "json", "--base-url", s.url)
	assert.Equal(t, exitFindings, r.code, r.stderr)
	var report map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
	names := func(key string) []string {
		var tokens []map[string]any
		require.NoError(t, json.Unmarshal(report[key], &tokens), key)
		var n []string
		for _, tok := range tokens {
			n = append(n, tok["name"].(string))
		}
		return n
	}
	assert.ElementsMatch(t, []string{"ci-deploy", "terraform"}, names("expiring"))
	assert.ElementsMatch(t, []string{"old-dashboard"}, names("unused"))
	assert.ElementsMatch(t, []string{"admin-laptop", "dev-global"}, names("global_without_expiry"))
	assert.ElementsMatch(t, []string{"manage.fastly.com browser session"}, names("left_out_web_sessions"))

	r = cli(t, s.acct.AdminKey, "", "audit", "--customer", s.acct.CustomerID, "--base-url", s.url)
	assert.Equal(t, 0, r.code, "without --fail, findings are not a failure")
	assert.Contains(t, r.stdout, "Left out: W3bSe55ionT0kenAbCdEfG, the Fastly web app's session token")

	r = cli(t, s.acct.AdminKey, "", "audit", "--customer", s.acct.CustomerID, "-o", "ids", "--base-url", s.url)
	assert.Len(t, strings.Fields(r.stdout), 7, "each finding once: five tokens, two automation tokens")

	r = cli(t, s.acct.AdminKey, "", "audit", "--expiring-within", "1h", "--unused-for", "36500d", "--fail", "--base-url", s.url)
	assert.Equal(t, exitFindings, r.code, "admin-laptop is global without expiry")

	r = cli(t, s.acct.AdminKey, s.acct.AdminPassword+"\n", "rotate", s.acct.WebSessionID, "--username", s.acct.AdminLogin, "--password-stdin", "--otp", s.acct.AdminOTP, "--base-url", s.url)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "session token, which is not rotated")
}

func TestCreateShowsTheSecretOnce(t *testing.T) {
	s := newServer(t)
	before := time.Now()
	r := cli(t, s.acct.UserKey, s.acct.UserPassword+"\n", "create", "--name", "ci", "--scope", "global:read", "--scope", "purge_all",
		"--service", "SU1", "--expires-in", "30d", "--json", "--username", s.acct.UserLogin, "--password-stdin", "--base-url", s.url)
	after := time.Now()
	require.Equal(t, 0, r.code, r.stderr)
	var created map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &created))
	secret := created["access_token"].(string)
	assert.Len(t, secret, 32)
	assert.Equal(t, "global:read purge_all", created["scope"], "create-token's answer, as the API gives it")
	assert.Equal(t, 1, strings.Count(r.stdout, secret))
	assert.NotContains(t, r.stderr, secret)
	state, ok := s.srv.Token(created["id"].(string))
	require.True(t, ok)
	assert.Equal(t, []string{"SU1"}, state.User.Services)
	assert.False(t, state.User.ExpiresAt.Before(before.Add(30*24*time.Hour).Truncate(time.Second)))
	assert.False(t, state.User.ExpiresAt.After(after.Add(30*24*time.Hour)))

	// The new key works, and never shows its secret again.
	r = cli(t, secret, "", "whoami", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, secret)
}

func TestRevokeCurrent(t *testing.T) {
	s := newServer(t)
	r := cli(t, s.acct.UserKey, "", "revoke-current", "--base-url", s.url)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Revoked the token in use.")
	r = cli(t, s.acct.UserKey, "", "whoami", "--base-url", s.url)
	assert.Equal(t, exitAuth, r.code)
}

// TestJSONOutputEscapesUnsafeRunes: names with a bidi override (U+202E)
// and a C1 control (U+009B, a terminal's CSI) come out of every -o json
// command as \u escapes, as ESC does, and still mean the same name.
func TestJSONOutputEscapesUnsafeRunes(t *testing.T) {
	s := newServer(t)
	const name = "ci\u202eevil\u009b2J"
	id, _, err := s.srv.AddToken(gen.TokenResponse{UserID: "6bNzXwHqT0pQ2rLmVkA9sE", Name: name, Scope: "global"})
	require.NoError(t, err)
	autoID, _, err := s.srv.AddAutomationToken(gen.AutomationTokenListEntry{
		CreatorID: "6bNzXwHqT0pQ2rLmVkA9sE", Name: name})
	require.NoError(t, err)
	for _, args := range [][]string{
		{"list", "--customer", s.acct.CustomerID},
		{"get", id},
		{"audit", "--customer", s.acct.CustomerID},
		{"automation", "list"},
		{"automation", "get", autoID},
	} {
		r := cli(t, s.acct.AdminKey, "", append(args, "-o", "json", "--base-url", s.url)...)
		require.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		unsafe := strings.IndexFunc(r.stdout, func(r rune) bool { return r != '\n' && safetext.Unsafe(r) })
		assert.Equal(t, -1, unsafe, "%v: %q", args, r.stdout)
		assert.Contains(t, r.stdout, `ci\u202eevil\u009b2J`, "%v", args)
	}
}
