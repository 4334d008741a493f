package contract_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
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
		facade.WithHTTPClient(&http.Client{Transport: violations, Timeout: 30 * time.Second}),
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
