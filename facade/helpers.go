package facade

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"slices"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// ExpiringWithin returns the tokens that expire after now and no later than
// now+within, in their original order (Token.ExpiresWithin: the web app's
// session token is never among them).
func ExpiringWithin(tokens []Token, now time.Time, within time.Duration) []Token {
	return slices.DeleteFunc(slices.Clone(tokens), func(t Token) bool { return !t.ExpiresWithin(now, within) })
}

// ExpiringTokens lists the user's own tokens that expire within the given
// duration from now, as ExpiringWithin picks them.
func (c *Client) ExpiringTokens(ctx context.Context, within time.Duration) ([]Token, Response, error) {
	if within < 0 {
		return nil, Response{}, &InputError{Field: "duration", Reason: "must not be negative"}
	}
	tokens, resp, err := c.ListTokens(ctx)
	if tokens == nil { // no list, and maybe no client to tell the time
		return nil, resp, err
	}
	return ExpiringWithin(tokens, c.now(), within), resp, err
}

// RotateInput authenticates the create step of RotateToken and sets the new
// token's expiry.
type RotateInput struct {
	Username string
	Password Secret
	OTP      Secret
	// ExpiresAt is the new token's expiry. Zero keeps the old token's
	// lifetime: if it had one, the new token lives as long from now.
	ExpiresAt time.Time
	// AllowOwnerChange rotates a token of another user (a superuser may):
	// the new token is the caller's, and the owner's is revoked. Without
	// it, such a rotation is an *OwnerError.
	AllowOwnerChange bool
}

// RotateToken replaces a token: it creates one with the old token's name,
// scopes and services, then revokes the old one — only once the create has
// proved itself with an id and a secret. If the revocation fails, it
// returns the new token together with a *RotateError: the new token exists
// and its secret is shown only then. If the create's answer names a token
// but brings no secret, nothing is revoked and the *RotateError names the
// new token, to revoke. A token of another user is an *OwnerError unless
// in.AllowOwnerChange; the web app's session token is not rotated. The
// Response is the last write's: the revoke's, or the create's.
func (c *Client) RotateToken(ctx context.Context, id string, in RotateInput) (*CreatedToken, Response, error) {
	old, resp, err := c.GetToken(ctx, id)
	if err != nil {
		return nil, resp, err
	}
	me, resp, err := c.CurrentToken(ctx)
	switch {
	case old.IsWebSession():
		return nil, resp, &InputError{Field: "token", Reason: "is the Fastly web app's session token, which is not rotated"}
	case err != nil:
		return nil, resp, err
	case old.UserID != me.UserID && !in.AllowOwnerChange:
		return nil, resp, &OwnerError{TokenID: old.ID, Owner: old.UserID, Caller: me.UserID}
	}
	expires := in.ExpiresAt
	if expires.IsZero() && old.Expires() {
		if old.CreatedAt.IsZero() || !old.ExpiresAt.After(old.CreatedAt.Time) {
			// Never widen: a replacement that never expires is no rotation.
			return nil, resp, &InputError{Field: "expiry", Reason: "the old token expires but its lifetime is unknown (no created_at, or expires_at before it): give the new token's expiry"}
		}
		expires = c.now().Add(old.ExpiresAt.Sub(old.CreatedAt.Time)).Truncate(time.Second)
	}
	name := old.Name
	if !safetext.Clean(name) { // the server's text: made safe, never refused as the caller's
		name = cmp.Or(safetext.Line(name, maxNameLength), "rotated "+old.ID)
	}
	form := gen.TokenCreateForm{Name: name, Scope: cmp.Or(old.Scope, old.Scopes.String()), Services: old.LimitedServices(),
		ExpiresAt: wire.Time{Time: expires}, Username: in.Username, Password: in.Password}
	created, resp, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: form, OTP: in.OTP})
	var unproven *DecodeError
	switch {
	case created == nil && errors.As(err, &unproven) && unproven.TokenID != "":
		return nil, resp, &RotateError{NewID: unproven.TokenID, Err: err}
	case created == nil:
		return nil, resp, err
	}
	// The create proved itself with an id and a secret (a header that broke
	// the spec does not unmake it): the old token may go.
	if resp, err = c.RevokeToken(ctx, id); err != nil {
		return created, resp, &RotateError{Created: created, Err: err}
	}
	return created, resp, nil
}

// Tokens iterates over the user's own tokens. Fastly does not paginate
// token lists, so one request is made when iteration starts; an error is
// yielded once, with a zero Token.
func (c *Client) Tokens(ctx context.Context) iter.Seq2[Token, error] {
	return whole(ctx, c, c.needKey(), func() ([]Token, Response, error) { return c.ListTokens(ctx) })
}

// CustomerTokens iterates over a customer's tokens, as Tokens does.
func (c *Client) CustomerTokens(ctx context.Context, customerID string) iter.Seq2[Token, error] {
	return whole(ctx, c, cmp.Or(CheckID(FieldCustomerID, customerID), c.needKey()), func() ([]Token, Response, error) {
		return c.ListCustomerTokens(ctx, customerID)
	})
}

// whole is pages for the lists Fastly answers whole.
func whole(ctx context.Context, c *Client, invalid error, list func() ([]Token, Response, error)) iter.Seq2[Token, error] {
	return pages(ctx, c, invalid, func(context.Context, int, int) (reply[[]Token], gen.PaginationMeta) {
		tokens, meta, err := list()
		return reply[[]Token]{body: tokens, meta: meta, err: err}, gen.PaginationMeta{CurrentPage: 1, TotalPages: 1}
	})
}
