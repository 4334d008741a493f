package contract_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// TestLiveReadOnlyOperations checks the spec against the real API: the
// read-only operations run against api.fastly.com and every response is
// validated. It runs only through `make contract-live`, with
// FASTLY_API_TOKEN set; it never writes.
func TestLiveReadOnlyOperations(t *testing.T) {
	if os.Getenv("FASTLY_LIVE") != "1" || os.Getenv(facade.TokenEnv) == "" {
		t.Skip("live contract test against api.fastly.com: set FASTLY_API_TOKEN and run `make contract-live`")
	}
	v, err := contract.New()
	require.NoError(t, err)
	violations := &collect{next: v.Transport(nil)}
	c, err := facade.New( // the token comes from FASTLY_API_TOKEN
		facade.WithTransport(violations),
	)
	require.NoError(t, err)
	ctx := context.Background()

	cur, _, err := c.CurrentToken(ctx)
	require.NoError(t, err, "get-token-current")
	assert.NotEmpty(t, cur.ID)

	tokens, _, err := c.ListTokens(ctx)
	require.NoError(t, err, "list-tokens-user")
	assert.NotEmpty(t, tokens, "the current token is one of the user's")

	got, _, err := c.GetToken(ctx, cur.ID)
	require.NoError(t, err, "get-token")
	assert.Equal(t, cur.ID, got.ID)
	assert.Empty(t, violations.found)
	t.Logf("validated get-token-current, list-tokens-user (%d tokens) and get-token against the real API", len(tokens))
}

// TestLiveWriteCycle runs sudo, create, get and revoke against the real
// API, validating every response: a read-only token that expires within
// the hour, revoked at the end even when a step fails. It runs only through
// `make contract-live` with FASTLY_LIVE_WRITE=1, FASTLY_API_TOKEN,
// FASTLY_USERNAME and FASTLY_PASSWORD (and FASTLY_OTP for two-factor
// accounts).
func TestLiveWriteCycle(t *testing.T) {
	if os.Getenv("FASTLY_LIVE") != "1" || os.Getenv("FASTLY_LIVE_WRITE") != "1" {
		t.Skip("live write cycle against api.fastly.com: set FASTLY_LIVE_WRITE=1 with FASTLY_API_TOKEN, FASTLY_USERNAME and FASTLY_PASSWORD, and run `make contract-live`")
	}
	username, password := os.Getenv("FASTLY_USERNAME"), os.Getenv("FASTLY_PASSWORD")
	if os.Getenv(facade.TokenEnv) == "" || username == "" || password == "" {
		t.Skip("live write cycle: FASTLY_API_TOKEN, FASTLY_USERNAME and FASTLY_PASSWORD are all needed (sudo mode needs the password)")
	}
	v, err := contract.New()
	require.NoError(t, err)
	violations := &collect{next: v.Transport(nil)}
	c, err := facade.New(facade.WithTransport(violations))
	require.NoError(t, err)
	ctx := context.Background()
	creds := facade.SudoInput{SudoRequest: gen.SudoRequest{Username: username, Password: wire.Secret(password)}, OTP: wire.Secret(os.Getenv("FASTLY_OTP"))}

	until, _, err := c.Sudo(ctx, creds)
	require.NoError(t, err, "request-sudo-access")
	assert.True(t, until.ExpiryTime.After(time.Now()))

	created, resp, err := c.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{
		Name:      fmt.Sprintf("fastlytokens-contract-live-%d", time.Now().Unix()),
		Scope:     string(gen.ScopeGlobalRead),
		ExpiresAt: wire.Time{Time: time.Now().Add(50 * time.Minute)},
		Username:  username, Password: creds.Password,
	}, OTP: creds.OTP})
	require.NoError(t, err, "create-token")
	revoked := false
	t.Cleanup(func() {
		if !revoked {
			_, err := c.RevokeToken(context.Background(), created.ID)
			assert.NoError(t, err, "clean-up revoke of %s", created.ID)
		}
	})
	assert.True(t, resp.RateLimit.Reported, "writes carry the rate-limit headers")

	got, _, err := c.GetToken(ctx, created.ID)
	require.NoError(t, err, "get-token")
	assert.Equal(t, created.Name, got.Name)

	_, err = c.RevokeToken(ctx, created.ID)
	require.NoError(t, err, "revoke-token")
	revoked = true
	_, _, err = c.GetToken(ctx, created.ID)
	assert.ErrorIs(t, err, facade.ErrNotFound, "a revoked token is gone")
	assert.Empty(t, violations.found)
}

// collect keeps the violations a validating transport finds.
type collect struct {
	next  http.RoundTripper
	found []error
}

func (c *collect) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err == nil {
		if v := contract.Violation(resp); v != nil {
			c.found = append(c.found, v)
		}
	}
	return resp, err
}
