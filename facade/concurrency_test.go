package facade

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// TestSharedClientUnderConcurrency shares one Client among 64 goroutines
// doing mixed reads and writes (run under -race by make test).
func TestSharedClientUnderConcurrency(t *testing.T) {
	const workers, rounds = 64, 2
	srv, acct := api.NewDemoServer(time.Now())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, err := New(WithBaseURL(ts.URL), WithToken(acct.AdminKey))
	require.NoError(t, err)
	ctx := context.Background()
	_, _, err = c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: acct.AdminLogin, Password: wire.Secret(acct.AdminPassword), ExpiryTime: wire.Time{Time: time.Now().Add(time.Hour)}}, OTP: wire.Secret(acct.AdminOTP)})
	require.NoError(t, err)
	before := srv.ActiveTokens()

	var mu sync.Mutex
	var failures []error
	seen := map[RateLimit]bool{}
	fail := func(err error) {
		mu.Lock()
		failures = append(failures, err)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				created, created1, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: fmt.Sprintf("w%d-r%d", w, r), Scope: "global:read"}})
				if err != nil {
					fail(err)
					continue
				}
				if _, _, err := c.GetToken(ctx, created.ID); err != nil {
					fail(err)
				}
				if _, _, err := c.ListTokens(ctx); err != nil {
					fail(err)
				}
				revoked, err := c.RevokeToken(ctx, created.ID)
				if err != nil {
					fail(err)
				}
				mu.Lock()
				seen[revoked.RateLimit] = true
				seen[created1.RateLimit] = true
				mu.Unlock()
				_ = c.RateLimit() // read while others write
			}
		}()
	}
	wg.Wait()
	require.Empty(t, failures)

	writes := int64(workers * rounds * 2)
	last := c.RateLimit()
	assert.True(t, seen[last], "RateLimit() is one a write reported, not a torn mix")
	assert.GreaterOrEqual(t, last.Remaining, int64(api.DemoWriteLimit)-1-writes)
	assert.Less(t, last.Remaining, int64(api.DemoWriteLimit-1))
	assert.Len(t, seen, int(writes), "each write saw its own remaining count")
	assert.Equal(t, before, srv.ActiveTokens(), "every token created was revoked")
}
