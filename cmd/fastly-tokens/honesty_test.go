package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api/apitest"
)

// lossy serves the in-memory API, but a request that match picks is
// carried out and its answer lost (the connection reset), every time.
func lossy(t *testing.T, s *server, match func(*http.Request) bool) string {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !match(r) {
			s.srv.ServeHTTP(w, r)
			return
		}
		s.srv.ServeHTTP(httptest.NewRecorder(), r)
		apitest.ResetConnection(w)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestLostAnswersSayWhatMayHaveHappened: a create whose answer was lost
// says a token may have been created and how to check; a bulk revoke's
// ids in flight are unknown, never "Not revoked".
func TestLostAnswersSayWhatMayHaveHappened(t *testing.T) {
	s := newServer(t)
	url := lossy(t, s, func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/tokens" })
	before := s.srv.ActiveTokens()
	r := cli(t, "", "", "create", "--name", "laptop", "--username", s.acct.UserLogin, "--password", s.acct.UserPassword, "--base-url", url)
	assert.Equal(t, exitError, r.code, r.stderr)
	assert.Contains(t, r.stderr, "a token may have been created; see 'fastly-tokens list'")
	assert.NotContains(t, r.stdout, "Created")
	assert.Equal(t, before+1, s.srv.ActiveTokens(), "Fastly did create it")

	ids := []string{"3KdPqRsTuVwXyZaBcDeFgH", "7Hq2LmNpQrStUvWxYz0AbC", "9ZyXwVuTsRqPoNmLkJiHgF"}
	url = lossy(t, s, func(r *http.Request) bool { return r.Method == http.MethodDelete })
	r = cli(t, s.acct.AdminKey, strings.Join(ids, "\n"), "revoke", "--from-file", "-", "--base-url", url)
	assert.NotEqual(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Unknown (no answer came; Fastly may have revoked them, see 'fastly-tokens list'):")
	assert.NotContains(t, r.stdout, "Not revoked")
	for _, id := range ids {
		assert.Contains(t, r.stdout, id)
	}
	const other = "2AbCdEfGhIjKlMnOpQrStU" // still there: the check first finds it
	r = cli(t, s.acct.AdminKey, "", "revoke", other, "-o", "json", "--base-url", url)
	assert.NotEqual(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"unknown": [
    "`+other+`"`)
	assert.Contains(t, r.stdout, `"failed": []`)
}

// fakeOldToken serves rotate's old token as token (JSON; "" is a 502),
// takes creates and counts them, and answers every revoke with
// deleteStatus.
func fakeOldToken(t *testing.T, token string, deleteStatus int) (url string, names *[]string, creates *atomic.Int32) {
	var got []string
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method {
		case http.MethodGet:
			if token == "" {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			_, _ = w.Write([]byte(token))
		case http.MethodPost:
			n.Add(1)
			got = append(got, r.PostFormValue("name"))
			_, _ = w.Write([]byte(`{"id":"NewTokenId000000000000","user_id":"u1","name":"` + r.PostFormValue("name") +
				`","scope":"global","services":[],"created_at":"2026-11-28T00:00:00Z","expires_at":"2026-12-28T00:00:00Z","access_token":"NewSecretValue0123456789abcdefgh"}`))
		case http.MethodDelete:
			w.WriteHeader(deleteStatus)
			_, _ = w.Write([]byte(`{"msg":"Token revocation error."}`))
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL, &got, &n
}

// TestRotateTellsTheTruth: when the old token stays, stdout's first line
// says so, the new secret is still shown and the exit code is 6; a lifetime
// it cannot work out is refused before anything is created or asked; a
// name with control characters is cleaned, not blamed on a --name.
func TestRotateTellsTheTruth(t *testing.T) {
	old := `{"id":"7Hq2LmNpQrStUvWxYz0AbC","user_id":"u1","name":"terraform\u001b[31m\nrow","scope":"global","services":[],
		"created_at":"2026-10-01T00:00:00Z","expires_at":"2026-10-31T00:00:00Z"}`
	url, names, creates := fakeOldToken(t, old, http.StatusBadRequest)
	r := cli(t, "key", "", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--base-url", url)
	assert.Equal(t, exitPartial, r.code, r.stderr)
	first, _, _ := strings.Cut(r.stdout, "\n")
	assert.Equal(t, "Created token NewTokenId000000000000 (terraform [31m row); old token 7Hq2LmNpQrStUvWxYz0AbC was NOT revoked: revoke-token: 400 Bad Request: Token revocation error.", first)
	assert.Contains(t, r.stdout, "NewSecretValue0123456789abcdefgh", "the new secret is still shown")
	assert.Contains(t, r.stderr, "fastly-tokens revoke 7Hq2LmNpQrStUvWxYz0AbC")
	assert.NotContains(t, r.stdout, "Rotated")
	require.Equal(t, int32(1), creates.Load())
	assert.Equal(t, []string{"terraform [31m row"}, *names, "the server's name, cleaned")
	assert.NotContains(t, r.stderr, "--name")

	// A gateway's 502 to the revoke: Fastly may have revoked it all the
	// same, so the first line says it may not have been.
	url, _, _ = fakeOldToken(t, old, http.StatusBadGateway)
	r = cli(t, "key", "", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--base-url", url, "--timeout", "5s")
	assert.Equal(t, exitPartial, r.code, r.stderr)
	first, _, _ = strings.Cut(r.stdout, "\n")
	assert.Contains(t, first, "old token 7Hq2LmNpQrStUvWxYz0AbC may not have been revoked: revoke-token: 502 Bad Gateway")
	assert.NotContains(t, r.stdout, "NOT revoked")
	assert.Contains(t, r.stderr, "check with 'fastly-tokens get 7Hq2LmNpQrStUvWxYz0AbC'")

	// A failed read writes nothing, and says nothing of a token created.
	url, _, creates = fakeOldToken(t, "", http.StatusNoContent)
	r = cli(t, "key", "", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--base-url", url)
	assert.Equal(t, exitError, r.code, r.stderr)
	assert.Contains(t, r.stderr, "get-token: 502 Bad Gateway")
	assert.NotContains(t, r.stderr, "may have been created")
	assert.Zero(t, creates.Load())

	for name, old := range map[string]string{
		"no created_at":           `{"id":"7Hq2LmNpQrStUvWxYz0AbC","user_id":"u1","name":"terraform","scope":"global","services":[],"expires_at":"2026-12-31T00:00:00Z"}`,
		"expires before creation": `{"id":"7Hq2LmNpQrStUvWxYz0AbC","user_id":"u1","name":"terraform","scope":"global","services":[],"created_at":"2026-12-31T00:00:00Z","expires_at":"2026-12-01T00:00:00Z"}`,
	} {
		t.Run(name, func(t *testing.T) {
			url, _, creates := fakeOldToken(t, old, http.StatusBadRequest)
			r := cli(t, "key", "", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--base-url", url)
			assert.Equal(t, exitUsage, r.code, r.stderr)
			assert.Contains(t, r.stderr, "its lifetime is unknown")
			assert.Contains(t, r.stderr, "pass --expires-in or --expires-at")
			assert.NotContains(t, r.stderr, "Password")
			assert.Zero(t, creates.Load(), "nothing was created")

			r = cli(t, "key", "", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--expires-in", "30d", "--base-url", url)
			assert.Equal(t, exitPartial, r.code, "with an expiry it goes on: %s", r.stderr)
			assert.Equal(t, int32(1), creates.Load())
		})
	}
}

// TestCreateNeverDropsADeliveredSecret: an answer that brought the new
// token and its secret, but broke the spec elsewhere (a wrong Content-Type,
// a malformed rate-limit header), still shows the secret, with a warning
// that says what was wrong, and exits 0: the secret exists nowhere else.
func TestCreateNeverDropsADeliveredSecret(t *testing.T) {
	const secret = "NewSecretValue0123456789abcdefgh"
	user := `{"id":"NewTokenId000000000000","user_id":"u1","name":"ci","scope":"global","services":[],"access_token":"` + secret + `"}`
	automation := `{"id":"NewTokenId000000000000","name":"ci","role":"engineer","scope":"global","services":[],"access_token":"` + secret + `"}`
	wrongType := func(h http.Header) { h.Set("Content-Type", "text/plain") }
	badRateLimit := func(h http.Header) { h.Set("Fastly-RateLimit-Remaining", "lots") } // create-token declares it; create-automation-token does not
	for _, c := range []struct {
		flaw  string
		spoil func(http.Header)
		body  string
		args  []string
	}{
		{"text/plain", wrongType, user, []string{"create", "--name", "ci"}},
		{"text/plain", wrongType, user, []string{"create", "--name", "ci", "-o", "json"}},
		{"text/plain", wrongType, automation, []string{"automation", "create", "--name", "ci"}},
		{"rate-limit garbage", badRateLimit, user, []string{"create", "--name", "ci"}},
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			c.spoil(w.Header())
			_, _ = w.Write([]byte(c.body))
		}))
		t.Cleanup(ts.Close)
		r := cli(t, "key", "", append(c.args, "--base-url", ts.URL)...)
		assert.Equal(t, 0, r.code, "%s %v: %s", c.flaw, c.args, r.stderr)
		assert.Contains(t, r.stdout, secret, "%s %v: the secret is shown", c.flaw, c.args)
		assert.Contains(t, r.stderr, "warning: the token was created and its secret is shown, but Fastly's answer was not as documented", "%s %v", c.flaw, c.args)
		assert.NotContains(t, r.stderr, "without its secret", "%s %v", c.flaw, c.args)
	}
}

// TestCtrlCDuringASentWrite: Ctrl-C while a write's answer is awaited
// exits 130 and still says what the write may have done and how to check.
func TestCtrlCDuringASentWrite(t *testing.T) {
	old := `{"id":"7Hq2LmNpQrStUvWxYz0AbC","user_id":"u1","name":"terraform","scope":"global","services":[],"created_at":"2026-10-01T00:00:00Z"}`
	for _, c := range []struct {
		args        []string
		interrupted string // the method of the request the user interrupts
		says        string
	}{
		{[]string{"create", "--name", "ci"}, http.MethodPost, "interrupted; a token may have been created; see 'fastly-tokens list'"},
		{[]string{"automation", "create", "--name", "ci"}, http.MethodPost, "interrupted; a token may have been created; see 'fastly-tokens automation list'"},
		{[]string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC"}, http.MethodPost, "interrupted; a token may have been created; see 'fastly-tokens list'"},
		{[]string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC"}, http.MethodDelete, "interrupted; the old token 7Hq2LmNpQrStUvWxYz0AbC may not have been revoked: check with 'fastly-tokens get 7Hq2LmNpQrStUvWxYz0AbC'"},
		{[]string{"revoke-current"}, http.MethodDelete, "interrupted; the token in use may have been revoked; see 'fastly-tokens whoami'"},
		{[]string{"revoke-secret", "--yes"}, http.MethodDelete, "interrupted; the token may have been revoked; run revoke-secret again"},
	} {
		ctx, interrupt := context.WithCancel(context.Background())
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			switch {
			case r.Method == c.interrupted:
				_, _ = io.Copy(io.Discard, r.Body) // read whole, the server notices the client leave
				interrupt()                        // the user presses Ctrl-C while the answer is awaited
				<-r.Context().Done()
			case r.Method == http.MethodPost:
				_, _ = w.Write([]byte(`{"id":"NewTokenId000000000000","user_id":"u1","name":"ci","scope":"global","services":[],"access_token":"NewSecretValue0123456789abcdefgh"}`))
			default:
				_, _ = w.Write([]byte(old))
			}
		}))
		stdin := strings.NewReader("leaked-secret-0123456789\n") // revoke-secret's; the others read none
		r := cliContext(t, ctx, []string{"FASTLY_API_TOKEN=key"}, stdin, append(c.args, "--base-url", ts.URL)...)
		ts.Close()
		assert.Equal(t, exitInterrupted, r.code, "%v: %s", c.args, r.stderr)
		assert.Contains(t, r.stderr, c.says, "%v", c.args)
	}
}

// TestRotateJSONSaysWhatBecameOfTheOldToken: rotate -o json shows the new
// token and whether the old one was revoked, not revoked, or may have
// been; only a proven revoke exits 0.
func TestRotateJSONSaysWhatBecameOfTheOldToken(t *testing.T) {
	old := `{"id":"7Hq2LmNpQrStUvWxYz0AbC","user_id":"u1","name":"terraform","scope":"global","services":[],"created_at":"2026-10-01T00:00:00Z"}`
	for deleteStatus, want := range map[int]struct {
		status string
		code   int
	}{
		http.StatusNoContent:  {"revoked", 0},
		http.StatusBadRequest: {"not_revoked", exitPartial},
		http.StatusBadGateway: {"unknown", exitPartial},
		http.StatusOK:         {"unknown", exitPartial}, // a revoke answered without its 204 proves nothing
	} {
		url, _, _ := fakeOldToken(t, old, deleteStatus)
		r := cli(t, "key", "", "rotate", "7Hq2LmNpQrStUvWxYz0AbC", "-o", "json", "--base-url", url)
		assert.Equal(t, want.code, r.code, "%d: %s", deleteStatus, r.stderr)
		var out struct {
			NewToken struct {
				ID          string `json:"id"`
				AccessToken string `json:"access_token"`
			} `json:"new_token"`
			OldToken struct{ ID, Status string } `json:"old_token"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), "%d: %s", deleteStatus, r.stdout)
		assert.Equal(t, "NewTokenId000000000000", out.NewToken.ID, "%d", deleteStatus)
		assert.Equal(t, "NewSecretValue0123456789abcdefgh", out.NewToken.AccessToken, "%d: the new secret is shown", deleteStatus)
		assert.Equal(t, "7Hq2LmNpQrStUvWxYz0AbC", out.OldToken.ID, "%d", deleteStatus)
		assert.Equal(t, want.status, out.OldToken.Status, "%d", deleteStatus)
	}
}

// TestIdsThatNeverExistedAreNeverRevoked: against an API whose first
// answer to a revoke would be lost, ids that name no token are reported
// not found, never "Revoked", with a non-zero exit: revoke looks each id
// up first, so that nothing is sent for them.
func TestIdsThatNeverExistedAreNeverRevoked(t *testing.T) {
	for _, ids := range [][]string{{"NeverExisted0000000000"}, {"NeverExisted0000000000", "NeverExisted0000000001"}} {
		env := apitest.NewEnv(t, apitest.ResetFirstAnswer(http.MethodDelete, ""))
		r := cli(t, env.Account.AdminKey, "", append(append([]string{"revoke"}, ids...), "--base-url", env.URL)...)
		assert.Equal(t, exitNotFound, r.code, "%v: %s", ids, r.stderr)
		assert.NotContains(t, r.stdout, "Revoked", "%v", ids)
		assert.Zero(t, env.Lost(), "no revoke was sent")
	}
}
