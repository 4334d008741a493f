package api_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func TestRevokeASecretSomeoneFound(t *testing.T) {
	start := time.Now().Truncate(time.Second)
	env := apitest.NewEnv(t)
	ctx := context.Background()
	// The responder has a key of their own; the finder has only the secret.
	responder := client(t, env, env.Account.AdminKey)
	id, secret, err := env.Server.AddToken(gen.TokenResponse{UserID: devID, Name: "leaked-in-a-log", Scope: "global"})
	require.NoError(t, err)

	found, _, err := responder.LookupSecret(ctx, wire.Secret(secret))
	require.NoError(t, err)
	require.NotNil(t, found.Token)
	assert.Equal(t, id, found.Token.ID)
	assert.Equal(t, devID, found.Token.UserID, "who owns it")
	assert.Equal(t, "leaked-in-a-log", found.Token.Name)
	assert.False(t, found.Token.LastUsedAt.Before(start), "the lookup is itself the token's last use, as Fastly answers")
	state, _ := env.Server.Token(id)
	assert.False(t, state.Revoked, "a lookup revokes nothing")

	found, resp, err := responder.RevokeSecret(ctx, wire.Secret(secret))
	require.NoError(t, err)
	assert.True(t, found.Revoked)
	assert.Equal(t, 204, resp.StatusCode)
	state, _ = env.Server.Token(id)
	assert.True(t, state.Revoked)
	_, _, err = responder.CurrentToken(ctx)
	require.NoError(t, err, "the responder's own key is untouched")

	// Again: the secret no longer works, which is not an error.
	found, _, err = responder.RevokeSecret(ctx, wire.Secret(secret))
	require.NoError(t, err)
	assert.True(t, found.Inactive)
	assert.False(t, found.Revoked)
	assert.Nil(t, found.Token)
	found, _, err = responder.LookupSecret(ctx, wire.Secret("never-a-key-0000000000000000000"))
	assert.ErrorIs(t, err, facade.ErrForbidden, "an invalid key is a 403, as for a key that may not read tokens: the lookup cannot tell")
	assert.Nil(t, found.Token)
	found, _, err = responder.RevokeSecret(ctx, wire.Secret("never-a-key-0000000000000000000"))
	require.NoError(t, err, "nothing to revoke")
	assert.True(t, found.Inactive)
}

// TestRevokeASecretThatCannotRead: a purge-only secret cannot read
// tokens, but is revoked all the same; bad input is refused, and no secret
// is in any error.
func TestRevokeASecretThatCannotRead(t *testing.T) {
	env := apitest.NewEnv(t)
	ctx := context.Background()
	responder := client(t, env, env.Account.AdminKey)
	purgeID, purgeSecret, err := env.Server.AddToken(gen.TokenResponse{UserID: devID, Name: "purger", Scope: "purge_all"})
	require.NoError(t, err)
	found, _, err := responder.RevokeSecret(ctx, wire.Secret(purgeSecret))
	require.NoError(t, err)
	assert.True(t, found.Revoked)
	assert.Nil(t, found.Token)
	state, _ := env.Server.Token(purgeID)
	assert.True(t, state.Revoked)

	// Bad input, and no secret in any error.
	for _, bad := range []string{"", "  ", "a\nFastly-Key: x"} {
		_, _, err := responder.RevokeSecret(ctx, wire.Secret(bad))
		assert.ErrorIs(t, err, facade.ErrInvalidInput, "%q", bad)
	}
	env.Server.SetWriteLimit(env.Account.CustomerID, 0)
	_, liveSecret, err := env.Server.AddToken(gen.TokenResponse{UserID: devID, Name: "live"})
	require.NoError(t, err)
	_, _, err = responder.RevokeSecret(ctx, wire.Secret(liveSecret))
	require.True(t, errors.Is(err, facade.ErrRateLimited), "%v", err)
	for _, form := range []string{err.Error(), fmt.Sprintf("%+v %#v", err, err)} {
		assert.NotContains(t, form, liveSecret)
	}
}
