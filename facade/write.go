package facade

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// formMediaType is create-token's request body.
const formMediaType = "application/x-www-form-urlencoded"

// CreateToken creates a token (create-token). The result carries the
// secret, which Fastly shows only this once. A success that cannot be
// proved (no id, no access_token, an undecodable body) is a *DecodeError,
// never a token: the token may exist, so list the tokens to find it. An
// answer that proves the token but breaks the spec elsewhere (a malformed
// header, a wrong Content-Type, a validator's finding) returns the token
// together with its *DecodeError: keep the secret.
//
// Fastly may refuse a key that is not in sudo mode (ErrSudoRequired). With
// the user's Username and Password in the input, CreateToken then puts
// the key in sudo mode (Sudo) and creates again, once; without them it
// returns the error, for the caller to ask the user for their password.
func (c *Client) CreateToken(ctx context.Context, in CreateTokenInput) (*CreatedToken, Response, error) {
	if err := c.ready(); err != nil {
		return nil, Response{}, err
	}
	form, err := in.form()
	if err != nil {
		return nil, Response{}, err
	}
	if in.Username == "" && c.key == "" {
		return nil, Response{}, ErrNoToken
	}
	return withSudo(ctx, c, in.sudo(), func() (*CreatedToken, Response, error) { return c.create(ctx, in, form) })
}

func (c *Client) create(ctx context.Context, in CreateTokenInput, form url.Values) (*CreatedToken, Response, error) {
	var params *gen.CreateTokenParams
	if otp := in.OTP.Reveal(); otp != "" {
		params = &gen.CreateTokenParams{FastlyOTP: &otp}
	}
	x := c.exchange(opCreate)
	if in.Password != "" || in.OTP != "" {
		x.secrets = scrub.New(c.key, in.Password.Reveal(), in.OTP.Reveal())
	}
	encoded := form.Encode()
	j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.CreateTokenWithBody(ctx, params, formMediaType, strings.NewReader(encoded))
	}, gen.ParseCreateTokenResponse)
	if ok, err := proven(x, meta, j, err); !ok {
		return nil, meta, err
	}
	return createdFrom(j), meta, err
}

// proven reports whether a create's answer proves the new token with an id
// and its secret. When it does, err (a *DecodeError then names the token)
// goes with the token; when it does not, the error is a *DecodeError that
// names the token if the id came: revoke it, its secret is lost.
func proven[T any](x exchange, meta Response, j *T, err error) (bool, error) {
	if j == nil {
		return false, err
	}
	var id, secret string
	switch j := any(j).(type) {
	case *gen.TokenCreatedResponse:
		id, secret = j.Id, j.AccessToken
	case *gen.AutomationTokenCreateResponse:
		id, secret = j.Id, j.AccessToken
	}
	switch {
	case id == "":
		return false, decodeError(x, meta, "", err, errors.New("the new token has no id"))
	case secret == "":
		return false, decodeError(x, meta, id, err, errors.New("the new token "+safetext.Line(id, maxCode)+" has no access_token"))
	}
	var de *DecodeError
	if errors.As(err, &de) {
		de.TokenID = safetext.Line(id, maxCode)
	}
	return true, err
}

// withSudo runs create and, when Fastly wants the key in sudo mode and the
// caller gave credentials, puts the key in sudo mode and runs it again,
// once.
func withSudo[T any](ctx context.Context, c *Client, creds SudoInput, create func() (*T, Response, error)) (*T, Response, error) {
	created, meta, err := create()
	if created == nil && errors.Is(err, ErrSudoRequired) && creds.Username != "" && c.key != "" {
		if _, _, serr := c.Sudo(ctx, creds); serr != nil {
			return nil, Response{}, serr
		}
		return create()
	}
	return created, meta, err
}

// RevokeToken revokes a token by id (revoke-token).
func (c *Client) RevokeToken(ctx context.Context, id string) (Response, error) {
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	if err := c.CheckTokenID(id); err != nil {
		return Response{}, err
	}
	var rec retry.Record
	_, meta, err := call(retry.WithRecord(ctx, &rec), c, c.exchange(opRevoke), func(ctx context.Context) (*http.Response, error) {
		return c.api.RevokeToken(ctx, id)
	}, gen.ParseRevokeTokenResponse)
	return doneEarlier(meta, err, &rec, http.StatusNotFound, nil)
}

// RevokeCurrentToken revokes the token the client authenticates with
// (revoke-token-current). The client cannot make further calls with it.
func (c *Client) RevokeCurrentToken(ctx context.Context) (Response, error) {
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	return c.revokeCurrent(ctx, c.exchange(opRevokeSelf))
}

func (c *Client) revokeCurrent(ctx context.Context, x exchange, editors ...gen.RequestEditorFn) (Response, error) {
	var rec retry.Record
	_, meta, err := call(retry.WithRecord(ctx, &rec), c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.RevokeTokenCurrent(ctx, editors...)
	}, gen.ParseRevokeTokenCurrentResponse)
	// A revoked key no longer authenticates: the retry meets a 401.
	return doneEarlier(meta, err, &rec, http.StatusUnauthorized, nil)
}

// doneEarlier turns the error of a retried write into its success when an
// earlier attempt may have done the work and lost its answer, and the retry
// met the status a finished write gets (gone is gone), and confirm, when
// given, agrees.
func doneEarlier(meta Response, err error, rec *retry.Record, gone int, confirm func() bool) (Response, error) {
	if err == nil || !rec.EarlierMayHaveActed || statusOf(err) != gone || (confirm != nil && !confirm()) {
		return meta, err
	}
	meta.DoneEarlier = true
	return meta, nil
}

// statusOf is the status of err's *APIError, or 0.
func statusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}
