package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
)

func TestRevokeWhoseAnswerWasLostIsReportedDone(t *testing.T) {
	cases := map[string]struct {
		revoke func(c *facade.Client, ids []string) (facade.Response, error)
		status int // what the retry meets
	}{
		"revoke-token": {func(c *facade.Client, ids []string) (facade.Response, error) {
			return c.RevokeToken(context.Background(), ids[0])
		}, http.StatusNotFound},
		"revoke-token-current": {func(c *facade.Client, _ []string) (facade.Response, error) {
			return c.RevokeCurrentToken(context.Background())
		}, http.StatusForbidden},
		"bulk-revoke-tokens": {func(c *facade.Client, ids []string) (facade.Response, error) {
			return c.BulkRevokeTokens(context.Background(), ids)
		}, http.StatusBadRequest},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv, _ := api.NewDemoServer(time.Now())
			handler, dropped := apitest.DropFirstAnswer(srv, http.MethodDelete)
			ts := httptest.NewServer(handler)
			defer ts.Close()
			_, key, err := srv.AddToken(api.TokenSeed{TokenResponse: gen.TokenResponse{UserID: devID, Name: "to-revoke"}})
			require.NoError(t, err)
			own, _, err := srv.AddToken(api.TokenSeed{TokenResponse: gen.TokenResponse{UserID: devID, Name: "own"}})
			require.NoError(t, err)
			c, err := facade.New(facade.WithBaseURL(ts.URL), facade.WithToken(key),
				facade.WithRetry(facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
			require.NoError(t, err)

			resp, err := tc.revoke(c, []string{own})
			require.NoError(t, err, "the token is gone: the revoke did not fail")
			assert.True(t, resp.DoneEarlier)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, int32(1), dropped.Load(), "the first answer was lost")
		})
	}

	// Without a lost answer, a 404 is a 404.
	srv, acct := api.NewDemoServer(time.Now())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, err := facade.New(facade.WithBaseURL(ts.URL), facade.WithToken(acct.UserKey))
	require.NoError(t, err)
	resp, err := c.RevokeToken(context.Background(), "missingmissingmissing0")
	assert.ErrorIs(t, err, facade.ErrNotFound)
	assert.False(t, resp.DoneEarlier)
	_, err = c.BulkRevokeTokens(context.Background(), []string{"missingmissingmissing0"})
	assert.ErrorIs(t, err, facade.ErrNotFound, "an id that names no token is not found, not revoked")
	var bulkErr *facade.BulkRevokeError
	require.ErrorAs(t, err, &bulkErr)
	assert.Empty(t, bulkErr.Revoked)
}
