package facade

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ids that could change the request path are rejected before anything is
// sent: never a different path.
var hostileIDs = []string{
	"a/b", "..", "../tokens", "../../customer/x/tokens", "%2F", "a%2Fb", "%2e%2e", "a?b", "a?x=1", "a#b", "#",
	"a b", " a", "a\tb", "a\nb", "a\x00b", "ünïcødé", "тест", "🔑", "a;b", "a\\b", "self/../x", "",
}

func TestHostileIDsAreRejectedBeforeSending(t *testing.T) {
	f := newFake(t, respond(200, tokenJSON))
	c := f.client(t)
	ctx := context.Background()
	for _, id := range hostileIDs {
		calls := map[string]func() error{
			"get":      func() error { _, err := c.GetToken(ctx, id); return err },
			"revoke":   func() error { _, err := c.RevokeToken(ctx, id); return err },
			"customer": func() error { _, err := c.ListCustomerTokens(ctx, id); return err },
			"bulk":     func() error { _, err := c.BulkRevokeTokens(ctx, []string{"good1", id}); return err },
			"rotate":   func() error { _, err := c.RotateToken(ctx, id, RotateInput{}); return err },
			"service":  func() error { _, err := c.CreateToken(ctx, CreateTokenInput{Services: []string{id}}); return err },
			"iter": func() error {
				for _, err := range c.CustomerTokens(ctx, id) {
					return err
				}
				return nil
			},
		}
		for name, call := range calls {
			err := call()
			require.ErrorIs(t, err, ErrInvalidInput, "%s(%q)", name, id)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
		}
	}
	assert.Equal(t, int32(0), f.requests.Load(), "no hostile id reached the server")
}

func TestGoodIDsKeepTheirPath(t *testing.T) {
	var paths []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.EscapedPath())
		respond(200, tokenJSON)(w, r)
	})
	c := f.client(t)
	for _, id := range []string{"5Yo3XXnrQpjc20u0ybrf2g", "with-dash_and_underscore", "A"} {
		_, err := c.GetToken(context.Background(), id)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"/tokens/5Yo3XXnrQpjc20u0ybrf2g", "/tokens/with-dash_and_underscore", "/tokens/A"}, paths)
}
