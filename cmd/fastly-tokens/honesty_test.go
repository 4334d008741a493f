package main

import (
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
	assert.Contains(t, r.stderr, "a token may have been created; see fastly-tokens list")
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
