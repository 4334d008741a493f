package facade

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/internal/testutil"
)

// TestSharedClientUnderConcurrency shares one Client among 64 goroutines
// doing mixed reads and writes (run under -race by make test).
func TestSharedClientUnderConcurrency(t *testing.T) {
	const workers, rounds = 64, 5
	env := testutil.NewEnv(t)
	c, err := New(WithBaseURL(env.URL), WithToken(env.Account.AdminKey), WithHTTPClient(&http.Client{Transport: env.Transport}))
	require.NoError(t, err)
	ctx := context.Background()

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
				created, err := c.CreateToken(ctx, CreateTokenInput{Name: fmt.Sprintf("w%d-r%d", w, r), Scopes: Scopes{ScopeGlobalRead}})
				if err != nil {
					fail(err)
					continue
				}
				if _, err := c.GetToken(ctx, created.ID); err != nil {
					fail(err)
				}
				if _, err := c.ListTokens(ctx); err != nil {
					fail(err)
				}
				rl, err := c.RevokeToken(ctx, created.ID)
				if err != nil {
					fail(err)
				}
				mu.Lock()
				seen[rl] = true
				seen[created.RateLimit] = true
				mu.Unlock()
				_ = c.RateLimit() // read while others write
			}
		}()
	}
	wg.Wait()
	require.Empty(t, failures)

	writes := workers * rounds * 2
	last := c.RateLimit()
	assert.True(t, seen[last], "RateLimit() is one a write reported, not a torn mix")
	assert.GreaterOrEqual(t, last.Remaining, api.DefaultWriteLimit-writes)
	assert.Less(t, last.Remaining, api.DefaultWriteLimit)
	assert.Len(t, seen, writes, "each write saw its own remaining count")
	assert.Equal(t, 6, env.Server.ActiveTokens(), "every token created was revoked")
}
