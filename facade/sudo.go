package facade

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/form"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// SudoInput re-authenticates the client's key for sensitive writes: gen's
// sudo request (Username and Password, required; ExpiryTime, when sudo
// mode should end, zero for Fastly's default of five minutes from now),
// and the one-time password.
type SudoInput struct {
	gen.SudoRequest
	// OTP is the one-time password, for accounts with two-factor
	// authentication (sent as Fastly-OTP).
	OTP wire.Secret
}

// Sudo puts the client's key in sudo mode (request-sudo-access), which
// Fastly asks for before sensitive writes such as creating a token with a
// key, and returns Fastly's answer: when sudo mode ends (five minutes from
// the request when Fastly does not say). Wrong credentials are a 403.
func (c *Client) Sudo(ctx context.Context, in SudoInput) (*gen.SudoResponse, Response, error) {
	// A form, as the only recorded successful sudo sent it.
	encoded, formErr := form.Encode(in.SudoRequest)
	if err := cmp.Or(c.needKey(), checkCredentials(in.Username, in.Password, in.OTP, true), formErr); err != nil {
		return nil, Response{}, err
	}
	params := &gen.RequestSudoAccessParams{FastlyOTP: optional(in.OTP.Reveal())}
	op, start := c.api().RequestSudoAccessWithBodyCall(params, form.MediaType, strings.NewReader(encoded)), c.now()
	r := fetch(ctx, c, nil, op, in.Password.Reveal(), in.OTP.Reveal())
	if r.body != nil && r.body.ExpiryTime.IsZero() {
		r.body.ExpiryTime.Time = start.Add(wire.SudoDefault)
	}
	return r.body, r.meta, r.err
}

// withSudo runs create and, when Fastly wants the key in sudo mode and the
// caller gave credentials, puts the key in sudo mode and runs it again,
// once.
func withSudo[T any](ctx context.Context, c *Client, creds SudoInput, create func() (*T, Response, error)) (*T, Response, error) {
	created, meta, err := create()
	if created == nil && errors.Is(err, ErrSudoRequired) && creds.Username != "" && c.token != "" {
		if _, _, serr := c.Sudo(ctx, creds); serr != nil {
			return nil, Response{}, serr
		}
		return create()
	}
	return created, meta, err
}
