package facade

import (
	"context"
	"errors"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/newtoken"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// RotateInput authenticates the create step of RotateToken and sets the new
// token's expiry.
type RotateInput struct {
	Username string
	Password wire.Secret
	OTP      wire.Secret
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
// proved itself with an id and a secret. The new token never reaches
// further than the old: not more services (a service_id counts as one),
// not a longer life; when the old token's reach cannot be known, nothing
// is created. If the revocation fails, it returns the new token together
// with a *RotateError: the new token exists and its secret is shown only
// then. If the create's answer names a token but brings no secret, nothing
// is revoked and the *RotateError names the new token, to revoke. A token
// of another user is an *OwnerError unless in.AllowOwnerChange; the web
// app's session token is not rotated. The Response is the last write's:
// the revoke's, or the create's.
func (c *Client) RotateToken(ctx context.Context, id string, in RotateInput) (*CreatedToken, Response, error) {
	old, resp, err := c.rotatable(ctx, id, in.AllowOwnerChange)
	if err != nil {
		return nil, resp, err
	}
	form, err := c.replacement(old, in)
	if err != nil {
		return nil, resp, err
	}
	created, resp, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: form, OTP: in.OTP})
	var unproven *DecodeError
	switch {
	case created == nil && errors.As(err, &unproven) && unproven.TokenID != "":
		return nil, resp, &RotateError{NewID: unproven.TokenID, Err: err}
	case created == nil:
		return nil, resp, err
	}
	// The create proved itself with an id and a secret (a header that broke
	// the spec does not unmake it): the old token may go. It was read, so
	// it existed: a lost answer's retry that finds it gone revoked it.
	if resp, err = c.revoke(ctx, nil, id, true); err != nil {
		return created, resp, &RotateError{Created: created, Err: err}
	}
	return created, resp, nil
}

// rotatable is the token id names, if it may be rotated: not the web
// app's session token, and the caller's own unless allowOwnerChange.
func (c *Client) rotatable(ctx context.Context, id string, allowOwnerChange bool) (*Token, Response, error) {
	old, resp, err := c.GetToken(ctx, id)
	if err != nil {
		return nil, resp, err
	}
	me, resp, err := c.CurrentToken(ctx)
	switch {
	case old.IsWebSession():
		return nil, resp, &InputError{Field: FieldToken, Reason: "is the Fastly web app's session token, which is not rotated"}
	case err != nil:
		return nil, resp, err
	case old.UserID != me.UserID && !allowOwnerChange:
		return nil, resp, &OwnerError{TokenID: old.ID, Owner: old.UserID, Caller: me.UserID}
	}
	return old, resp, nil
}

// replacement is the create form of old's replacement: its name (made
// safe, never refused as the caller's), scopes, services and lifetime,
// never more.
func (c *Client) replacement(old *Token, in RotateInput) (gen.TokenCreateForm, error) {
	switch {
	case old.Services == nil && old.ServiceID == "":
		return gen.TokenCreateForm{}, &InputError{Field: FieldServices, Reason: "the old token's answer names neither services nor a service_id: its reach is unknown, and the new token could reach further"}
	case len(old.ScopeList()) == 0:
		// Without a scope, Fastly would give the new token its default,
		// global.
		return gen.TokenCreateForm{}, &InputError{Field: FieldScope, Reason: "the old token's answer names no scope: the new token would get Fastly's default, global"}
	}
	expires := in.ExpiresAt
	if expires.IsZero() && old.Expires() {
		if old.CreatedAt.IsZero() || !old.ExpiresAt.After(old.CreatedAt.Time) {
			// A replacement that never expires is no rotation.
			return gen.TokenCreateForm{}, &InputError{Field: FieldExpiry, Reason: "the old token expires but its lifetime is unknown (no created_at, or expires_at before it): give the new token's expiry"}
		}
		expires = c.now().Add(old.ExpiresAt.Sub(old.CreatedAt.Time)).Truncate(time.Second)
	}
	return gen.TokenCreateForm{Name: newtoken.SafeName(old.Name, "rotated "+old.ID), Scope: old.ScopeList().String(), Services: old.LimitedServices(),
		ExpiresAt: wire.Time{Time: expires}, Username: in.Username, Password: in.Password}, nil
}
