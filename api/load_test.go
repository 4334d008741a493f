package api_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// TestLoadLosesNoToken runs 64 clients doing mixed operations at once
// against one validating in-memory API on loopback, then checks that every
// token created is either listed or was revoked — none lost. The work is a
// fixed number of operations per client, not a span of time.
func TestLoadLosesNoToken(t *testing.T) {
	const clients, opsPerClient = 64, 12
	env := apitest.NewEnv(t)
	env.Server.SetWriteLimit(env.Account.CustomerID, 1_000_000)
	seeded := env.Server.ActiveTokens()
	keys := loadKeys(t, env, clients)

	var l loadCounts
	live := make([]map[string]bool, clients) // per client: ids it created and did not revoke
	var wg sync.WaitGroup
	for i := range clients {
		live[i] = map[string]bool{}
		wg.Go(func() { l.work(env, keys[i], i, opsPerClient, live[i]) })
	}
	wg.Wait()

	assert.Zero(t, l.failures.Load(), "no operation failed")
	assert.Greater(t, l.created.Load(), int64(clients), "the load did real work")
	assert.Greater(t, l.revoked.Load(), int64(0))
	alive := 0
	for i := range clients {
		alive += assertListed(t, env, keys[i], live[i])
	}
	assert.Equal(t, seeded+clients+int(l.created.Load()-l.revoked.Load()), env.Server.ActiveTokens(), "created - revoked + seeded")
	assert.Equal(t, int64(clients*opsPerClient/2), l.created.Load())
	t.Logf("%d clients: %d created, %d revoked, %d lists; %d alive", clients, l.created.Load(), l.revoked.Load(), l.reads.Load(), alive)
}

// loadKeys makes n users, each with a key in sudo mode for the whole
// test, so that it may create.
func loadKeys(t *testing.T, env *apitest.Env, n int) []string {
	keys := make([]string, n)
	for i := range n {
		u, err := env.Server.AddUser(api.User{Login: fmt.Sprintf("load%d@example.com", i), CustomerID: env.Account.CustomerID})
		require.NoError(t, err)
		_, keys[i], err = env.Server.AddToken(gen.TokenResponse{UserID: u.ID, Name: "main", SudoExpiresAt: wire.Time{Time: time.Now().Add(time.Hour)}})
		require.NoError(t, err)
	}
	return keys
}

// loadCounts counts what the clients did.
type loadCounts struct{ created, revoked, reads, failures atomic.Int64 }

// work is one client's share: ops operations, creating, listing and
// revoking in turn; live keeps the ids it created and did not revoke.
func (l *loadCounts) work(env *apitest.Env, key string, i, ops int, live map[string]bool) {
	ctx := context.Background()
	c, err := facade.New(facade.WithBaseURL(env.URL), facade.WithToken(key), facade.WithTransport(env.Transport))
	if err != nil {
		l.failures.Add(1)
		return
	}
	for op := range ops {
		switch op % 4 {
		case 0, 2:
			tok, _, err := c.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: fmt.Sprintf("c%d-%d", i, op), Scope: "global:read"}})
			if err != nil {
				l.failures.Add(1)
				continue
			}
			l.created.Add(1)
			live[tok.ID] = true
		case 1:
			if _, _, err := c.ListTokens(ctx); err != nil {
				l.failures.Add(1)
			}
			l.reads.Add(1)
		case 3:
			for id := range live {
				if _, err := c.RevokeToken(ctx, id); err != nil {
					l.failures.Add(1)
				} else {
					l.revoked.Add(1)
					delete(live, id)
				}
				break
			}
		}
	}
}

// assertListed checks that every token the client of key believes alive is
// listed for its user, beside its main key, and returns how many.
func assertListed(t *testing.T, env *apitest.Env, key string, live map[string]bool) int {
	c, err := facade.New(facade.WithBaseURL(env.URL), facade.WithToken(key), facade.WithTransport(env.Transport))
	require.NoError(t, err)
	toks, _, err := c.ListTokens(context.Background())
	require.NoError(t, err)
	listed := map[string]bool{}
	for _, tok := range toks {
		listed[tok.ID] = true
	}
	for id := range live {
		assert.True(t, listed[id], "token %s was lost", id)
	}
	assert.Len(t, toks, 1+len(live), "its main key and the tokens it kept")
	return len(live)
}
