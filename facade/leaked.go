package facade

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// FoundSecret is what LookupSecret and RevokeSecret learned of a token's
// secret: the response of a leak, where the finder has the secret and not
// the token's id.
type FoundSecret struct {
	// Token is the token the secret belongs to, when the secret could read
	// it; nil when it no longer works (or may not read tokens).
	Token *Token
	// Inactive is set when the secret no longer authenticates: revoked,
	// expired, or never a key. Nothing is left to revoke.
	Inactive bool
	// Revoked is set by RevokeSecret when it revoked the token now.
	Revoked bool
}

// LookupSecret finds the token a secret belongs to (get-token-current,
// authenticated with the secret, not the client's key): its owner, name,
// scopes and last use. A secret that no longer works (401: expired,
// revoked, or never a key) is Inactive, not an error. A 403 is an
// ErrForbidden error: Fastly answers it for an invalid secret and for one
// that may not read tokens (a purge-only token) alike. The lookup is itself
// a use of the token: Fastly records it as the token's last use, over the
// leaker's. The secret appears in no error and no log line.
func (c *Client) LookupSecret(ctx context.Context, secret wire.Secret) (FoundSecret, Response, error) {
	key, editor, invalid := c.asSecret(secret)
	t, meta, err := one(fetch(ctx, c, invalid, c.api().GetTokenCurrentCall(editor), key), asToken)
	if errors.Is(err, ErrUnauthorized) {
		return FoundSecret{Inactive: true}, meta, nil
	}
	return FoundSecret{Token: t}, meta, err
}

// RevokeSecret revokes the token a secret belongs to (revoke-token-current,
// authenticated with the secret), after looking it up, for a program that
// finds leaked secrets (a secret scanner). A secret that no longer works,
// which Fastly answers with 401 (expired) or 403 (invalid), is reported
// Inactive, not as an error: nothing to revoke. A token whose secret may
// not read tokens (a purge-only one) is revoked all the same, with Token
// nil.
func (c *Client) RevokeSecret(ctx context.Context, secret wire.Secret) (FoundSecret, Response, error) {
	found, meta, err := c.LookupSecret(ctx, secret)
	if found.Inactive || (err != nil && !errors.Is(err, ErrForbidden)) {
		return found, meta, err
	}
	key, editor, invalid := c.asSecret(secret)
	meta, err = revokeCall(ctx, c, invalid, c.api().RevokeTokenCurrentCall(editor), keyGone, found.Token != nil, nil, key)
	// Dead, or revoked by someone else in between: nothing to revoke. (Not
	// when an attempt's answer was lost: then the secret died of it, or
	// was dead already.)
	var unknown *UnknownOutcomeError
	found.Inactive = !errors.As(err, &unknown) && (errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden))
	found.Revoked = err == nil
	if found.Inactive {
		err = nil
	}
	return found, meta, err
}

// asSecret is the key and the per-call editor of a call that authenticates
// with secret instead of the client's key, or why it cannot.
func (c *Client) asSecret(secret wire.Secret) (string, gen.RequestEditorFn, error) {
	key := strings.TrimSpace(secret.Reveal())
	header := []string{key}
	return key, func(_ context.Context, req *http.Request) error {
		req.Header[wire.HeaderKey] = header
		return nil
	}, cmp.Or(c.ready(), check(key != "" && wire.HeaderSafe(key), FieldSecret, "is empty, or holds a line break or NUL", nil))
}
