package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
)

// lostAnswers are the three revokes, each dropping the first answer to a
// DELETE, against a fresh demo account with a token of the user to revoke.
var lostAnswers = map[string]struct {
	revoke func(c *facade.Client, ids []string, opts ...facade.RevokeOption) (facade.Response, error)
	status int // what the retry meets
}{
	"revoke-token": {func(c *facade.Client, ids []string, opts ...facade.RevokeOption) (facade.Response, error) {
		return c.RevokeToken(context.Background(), ids[0], opts...)
	}, http.StatusNotFound},
	"revoke-token-current": {func(c *facade.Client, _ []string, opts ...facade.RevokeOption) (facade.Response, error) {
		return c.RevokeCurrentToken(context.Background(), opts...)
	}, http.StatusForbidden},
	"bulk-revoke-tokens": {func(c *facade.Client, ids []string, opts ...facade.RevokeOption) (facade.Response, error) {
		_, resp, err := c.BulkRevokeTokens(context.Background(), ids, opts...)
		return resp, err
	}, http.StatusBadRequest},
}

// lossyAccount serves a demo account whose first answer to a DELETE is
// lost (behind the validator, which checks the request and the answer
// that never arrives), and returns a client with a key of its own and the
// ids of two other tokens of the same user (a bulk revoke of one id goes
// by revoke-token).
func lossyAccount(t *testing.T) (*facade.Client, []string, *apitest.Env) {
	env := apitest.NewEnv(t, apitest.ResetFirstAnswer(http.MethodDelete, ""))
	_, key := env.AddToken(gen.TokenResponse{UserID: devID, Name: "to-revoke"})
	own1, _ := env.AddToken(gen.TokenResponse{UserID: devID, Name: "own"})
	own2, _ := env.AddToken(gen.TokenResponse{UserID: devID, Name: "own too"})
	own := []string{own1, own2}
	c, err := facade.New(facade.WithBaseURL(env.URL), facade.WithTransport(env.Transport), facade.WithToken(key),
		facade.WithRetry(facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	require.NoError(t, err)
	return c, own, env
}

// TestRevokeWhoseAnswerWasLostIsReportedDone: checked first, a token
// whose revoke's answer was lost and whose retry finds it gone was revoked
// by the lost attempt.
func TestRevokeWhoseAnswerWasLostIsReportedDone(t *testing.T) {
	for name, tc := range lostAnswers {
		t.Run(name, func(t *testing.T) {
			c, own, env := lossyAccount(t)
			resp, err := tc.revoke(c, own, facade.CheckFirst())
			require.NoError(t, err, "the token existed and is gone: the revoke did not fail")
			assert.True(t, resp.DoneEarlier)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, 1, env.Lost(), "the first answer was lost")
		})
	}
}

// TestRevokeWhoseAnswerWasLostIsUnknownUnchecked: without the check first,
// the same outcome proves nothing: a token that never existed looks the
// same after a lost answer. It is unknown, never revoked.
func TestRevokeWhoseAnswerWasLostIsUnknownUnchecked(t *testing.T) {
	for name, tc := range lostAnswers {
		t.Run(name, func(t *testing.T) {
			c, own, _ := lossyAccount(t)
			resp, err := tc.revoke(c, own)
			assert.True(t, facade.MayHaveActed(err), "%v", err)
			assert.False(t, resp.DoneEarlier)
			var bulkErr *facade.BulkRevokeError
			var unknown *facade.UnknownOutcomeError
			if errors.As(err, &bulkErr) {
				assert.Equal(t, own, bulkErr.Unknown)
				assert.Empty(t, bulkErr.Revoked)
			} else {
				assert.ErrorAs(t, err, &unknown)
			}
		})
	}

	// An id that never existed, whose first answer is a 503: the retry's
	// 404 (a bulk chunk's 400) is unknown unchecked, and not found checked
	// (nothing is sent).
	var deletes atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodDelete && deletes.Add(1) == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case r.Method == http.MethodDelete && r.URL.Path == "/tokens":
			w.WriteHeader(http.StatusBadRequest)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
		_, _ = w.Write([]byte(`{"msg":"Token not found"}`))
	}))
	defer ts.Close()
	c, err := facade.New(facade.WithBaseURL(ts.URL), facade.WithToken("a-key-0123456789"),
		facade.WithRetry(facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	require.NoError(t, err)
	_, err = c.RevokeToken(context.Background(), "NeverExisted0000000000")
	var unknown *facade.UnknownOutcomeError
	require.ErrorAs(t, err, &unknown, "never reported revoked")
	deletes.Store(0)
	_, err = c.RevokeToken(context.Background(), "NeverExisted0000000000", facade.CheckFirst())
	assert.ErrorIs(t, err, facade.ErrNotFound)
	assert.False(t, facade.MayHaveActed(err))
	assert.Zero(t, deletes.Load(), "checked first: no DELETE sent")

	never := []string{"NeverExisted0000000000", "NeverExisted0000000001"}
	_, _, err = c.BulkRevokeTokens(context.Background(), never)
	var bulkErr *facade.BulkRevokeError
	require.ErrorAs(t, err, &bulkErr)
	assert.Empty(t, bulkErr.Revoked, "never reported revoked")
	assert.Equal(t, never, bulkErr.Unknown)
	deletes.Store(0)
	_, _, err = c.BulkRevokeTokens(context.Background(), never, facade.CheckFirst())
	require.ErrorAs(t, err, &bulkErr)
	assert.Empty(t, bulkErr.Revoked)
	assert.Equal(t, never, bulkErr.NotFound)
	assert.Zero(t, deletes.Load(), "checked first: no DELETE sent")
}

// TestNotFoundWithoutALostAnswer: without a lost answer, a 404 is a 404.
func TestNotFoundWithoutALostAnswer(t *testing.T) {
	srv, acct := api.NewDemoServer(time.Now())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, err := facade.New(facade.WithBaseURL(ts.URL), facade.WithToken(acct.UserKey))
	require.NoError(t, err)
	resp, err := c.RevokeToken(context.Background(), "missingmissingmissing0")
	assert.ErrorIs(t, err, facade.ErrNotFound)
	assert.False(t, resp.DoneEarlier)
	_, _, err = c.BulkRevokeTokens(context.Background(), []string{"missingmissingmissing0"})
	assert.ErrorIs(t, err, facade.ErrNotFound, "an id that names no token is not found, not revoked")
	var bulkErr *facade.BulkRevokeError
	require.ErrorAs(t, err, &bulkErr)
	assert.Empty(t, bulkErr.Revoked)
}
