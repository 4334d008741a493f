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

	// Each client is its own user with its own key.
	keys := make([]string, clients)
	users := make([]string, clients)
	for i := range clients {
		u, err := env.Server.AddUser(api.User{Login: fmt.Sprintf("load%d@example.com", i), CustomerID: env.Account.CustomerID})
		require.NoError(t, err)
		// Each key is in sudo mode for the whole test, so that it may create.
		_, keys[i], err = env.Server.AddToken(gen.TokenResponse{UserID: u.ID, Name: "main", SudoExpiresAt: wire.Time{Time: time.Now().Add(time.Hour)}})
		require.NoError(t, err)
		users[i] = u.ID
	}

	ctx := context.Background()
	var created, revoked, reads, failures atomic.Int64
	live := make([]map[string]bool, clients) // per client: ids it created and did not revoke
	var wg sync.WaitGroup
	for i := range clients {
		live[i] = map[string]bool{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := facade.New(facade.WithBaseURL(env.URL), facade.WithToken(keys[i]), facade.WithTransport(env.Transport))
			if err != nil {
				failures.Add(1)
				return
			}
			for op := range opsPerClient {
				switch op % 4 {
				case 0, 2:
					tok, _, err := c.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: fmt.Sprintf("c%d-%d", i, op), Scope: "global:read"}})
					if err != nil {
						failures.Add(1)
						continue
					}
					created.Add(1)
					live[i][tok.ID] = true
				case 1:
					if _, _, err := c.ListTokens(ctx); err != nil {
						failures.Add(1)
					}
					reads.Add(1)
				case 3:
					for id := range live[i] {
						if _, err := c.RevokeToken(ctx, id); err != nil {
							failures.Add(1)
						} else {
							revoked.Add(1)
							delete(live[i], id)
						}
						break
					}
				}
			}
		}()
	}
	wg.Wait()

	assert.Zero(t, failures.Load(), "no operation failed")
	assert.Greater(t, created.Load(), int64(clients), "the load did real work")
	assert.Greater(t, revoked.Load(), int64(0))

	// Every token each client believes alive is listed for its user, and the
	// server's count matches created - revoked (+ the seeded ones).
	alive := 0
	for i := range clients {
		c, err := facade.New(facade.WithBaseURL(env.URL), facade.WithToken(keys[i]), facade.WithTransport(env.Transport))
		require.NoError(t, err)
		toks, _, err := c.ListTokens(context.Background())
		require.NoError(t, err)
		listed := map[string]bool{}
		for _, tok := range toks {
			listed[tok.ID] = true
		}
		for id := range live[i] {
			assert.True(t, listed[id], "token %s of client %d was lost", id, i)
			alive++
		}
		assert.Len(t, toks, 1+len(live[i]), "client %d: its main key and the tokens it kept", i)
	}
	assert.Equal(t, seeded+clients+int(created.Load()-revoked.Load()), env.Server.ActiveTokens(), "created - revoked + seeded")
	assert.Equal(t, int64(clients*opsPerClient/2), created.Load())
	t.Logf("%d clients: %d created, %d revoked, %d lists; %d alive", clients, created.Load(), revoked.Load(), reads.Load(), alive)
}
