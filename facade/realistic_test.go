package facade

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hand-written responses shaped like real Fastly ones (see the fact sheet):
// each must pass the spec (WithResponseValidation) and decode.
var realisticResponses = []struct {
	name  string
	body  string
	check func(t *testing.T, tok Token)
}{
	{"all nulls, as real responses send them", `{"id":"5Yo3XXnrQpjc20u0ybrf2g","user_id":"4y5K5trZocEAQYkesWlk7M","customer_id":"x4xCwxxJxGCx123Rx5xTx","name":"my_token","scope":"global","scopes":["global"],"services":[],"service_id":null,"created_at":"2021-01-14T11:25:39Z","updated_at":null,"deleted_at":null,"last_used_at":null,"expires_at":null,"ip":null,"user_agent":null,"sudo_expires_at":null}`,
		func(t *testing.T, tok Token) {
			assert.True(t, tok.LastUsedAt.IsZero())
			assert.True(t, tok.ExpiresAt.IsZero())
			assert.Empty(t, tok.IP)
			assert.Empty(t, tok.Services)
		}},
	{"several scopes in one string", `{"id":"a1","user_id":"u1","name":"ro","scope":"global:read purge_all","created_at":"2021-01-14T11:25:39Z"}`,
		func(t *testing.T, tok Token) {
			assert.Equal(t, Scopes{ScopeGlobalRead, ScopePurgeAll}, tok.Scopes)
		}},
	{"docs-style fractional times", `{"id":"a1","user_id":"u1","name":"n","scope":"purge_select","created_at":"2020-06-22T03:19:48.000Z","last_used_at":"2020-06-22T03:19:48.123Z","expires_at":"2030-06-22T03:19:48+00:00"}`,
		func(t *testing.T, tok Token) {
			assert.Equal(t, 123*time.Millisecond, tok.LastUsedAt.Sub(tok.CreatedAt))
			assert.Equal(t, 2030, tok.ExpiresAt.Year())
		}},
	{"unknown extra fields", `{"id":"a1","user_id":"u1","name":"n","scope":"global","created_at":"2021-01-14T11:47:46Z","brand_new":{"nested":[1,2]},"tls_mode":"strict"}`,
		func(t *testing.T, tok Token) { assert.Equal(t, "a1", tok.ID) }},
	{"limited to services, used from an IP", `{"id":"a1","user_id":"u1","customer_id":"c1","name":"deploy","scope":"purge_all","scopes":["purge_all"],"services":["SU1Z0isxPaozGVKXdv0eY","SU2"],"service_id":"SU1Z0isxPaozGVKXdv0eY","created_at":"2021-01-14T11:25:39Z","last_used_at":"2021-01-14T11:47:46Z","ip":"2001:db8::1","user_agent":"fastly-cli/10.4.0","sudo_expires_at":"2021-01-14T12:25:39Z"}`,
		func(t *testing.T, tok Token) {
			assert.Equal(t, []string{"SU1Z0isxPaozGVKXdv0eY", "SU2"}, tok.Services)
			assert.Equal(t, "SU1Z0isxPaozGVKXdv0eY", tok.ServiceID)
			assert.Equal(t, "2001:db8::1", tok.IP)
			assert.False(t, tok.SudoExpiresAt.IsZero())
		}},
	{"deleted token", `{"id":"a1","user_id":"u1","name":"gone","scope":"global","created_at":"2021-01-14T11:25:39Z","updated_at":"2021-02-01T00:00:00Z","deleted_at":"2021-02-01T00:00:00Z"}`,
		func(t *testing.T, tok Token) { assert.False(t, tok.DeletedAt.IsZero()) }},
}

func TestRealisticResponsesValidateAndDecode(t *testing.T) {
	for _, tc := range realisticResponses {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, respond(200, tc.body))
			tok, err := f.client(t, WithResponseValidation()).CurrentToken(context.Background())
			require.NoError(t, err)
			tc.check(t, *tok)

			list := newFake(t, respond(200, "["+tc.body+"]"))
			toks, err := list.client(t, WithResponseValidation()).ListTokens(context.Background())
			require.NoError(t, err)
			require.Len(t, toks, 1)
			assert.Equal(t, *tok, toks[0])
		})
	}
}

func TestRealisticErrorBodiesValidate(t *testing.T) {
	cases := []struct {
		status int
		body   string
		call   func(c *Client) error
		want   error
	}{
		{401, `{"msg":"Provided credentials are missing or invalid"}`, func(c *Client) error { _, err := c.ListTokens(context.Background()); return err }, ErrUnauthorized},
		{401, `{"msg":"Token 5Yo3XXnrQpjc20u0ybrf2g expired at 2021-09-28T02:03:37Z"}`, func(c *Client) error { _, err := c.CurrentToken(context.Background()); return err }, ErrUnauthorized},
		{404, `{"msg":"Token lookup failed."}`, func(c *Client) error { _, err := c.GetToken(context.Background(), "x1"); return err }, ErrNotFound},
		{400, `{"msg":"Token revocation error."}`, func(c *Client) error { _, err := c.RevokeToken(context.Background(), "x1"); return err }, ErrBadRequest},
		{400, `{"code":"2fa.verify","msg":"2FA verification required"}`, func(c *Client) error { _, err := c.CreateToken(context.Background(), CreateTokenInput{}); return err }, ErrTwoFactorRequired},
		{400, `{"code":"account_locked"}`, func(c *Client) error { _, err := c.CreateToken(context.Background(), CreateTokenInput{}); return err }, ErrBadRequest},
		{422, `{"msg":"expires_at is invalid"}`, func(c *Client) error { _, err := c.CreateToken(context.Background(), CreateTokenInput{}); return err }, ErrBadRequest},
	}
	for _, tc := range cases {
		f := newFake(t, respond(tc.status, tc.body))
		err := tc.call(f.client(t, WithResponseValidation()))
		assert.ErrorIs(t, err, tc.want, tc.body)
		var ce *ContractError
		assert.NotErrorAs(t, err, &ce, tc.body)
	}
}
