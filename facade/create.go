package facade

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/form"
	"github.com/seed-14d8318b/fastlytokens/internal/genparse"
	"github.com/seed-14d8318b/fastlytokens/internal/newtoken"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// CreateTokenInput describes a new token: gen's create-token form, so that
// every field the spec gives the form can be set, and the one-time
// password, which goes in a header.
//
// In the form, Name is required (no control characters); Scope is a
// space-delimited list of scopes (gen.ScopeValues; empty is Fastly's
// default, global); Services limit the token to those service ids (empty:
// all); a zero ExpiresAt never expires. Username and Password are the
// user's credentials, both or neither: without an API key they
// authenticate the request; with one, they go in the form beside it, and
// if Fastly still wants the key in sudo mode (ErrSudoRequired), CreateToken
// posts them to /sudo and creates again, once.
type CreateTokenInput struct {
	gen.TokenCreateForm
	// OTP is the one-time password for accounts with two-factor
	// authentication (sent as Fastly-OTP).
	OTP wire.Secret
}

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
	encoded, err := form.Encode(in.TokenCreateForm)
	invalid := cmp.Or(c.ready(), checkNew(in.Name, in.Scope, in.Services, in.Username, in.Password, in.OTP), err)
	if invalid == nil && in.Username == "" && c.token == "" {
		invalid = ErrNoToken
	}
	params := &gen.CreateTokenParams{FastlyOTP: optional(in.OTP.Reveal())}
	sudo := SudoInput{SudoRequest: gen.SudoRequest{Username: in.Username, Password: in.Password}, OTP: in.OTP}
	return withSudo(ctx, c, sudo, func() (*CreatedToken, Response, error) {
		op := c.api().CreateTokenWithBodyCall(params, form.MediaType, strings.NewReader(encoded))
		return proven(fetch(ctx, c, invalid, op, in.Password.Reveal(), in.OTP.Reveal()), asCreated)
	})
}

func asCreated(m gen.TokenCreatedResponse) CreatedToken { return CreatedToken{m} }

// checkNew is the rule for a new token, user or automation: its scopes
// (newtoken.ScopeProblem), its service ids, its name (newtoken.NameProblem) and
// the credentials that come with it.
func checkNew(name, scope string, services []string, username string, password, otp wire.Secret) error {
	err := refuse(FieldScope, newtoken.ScopeProblem(scope))
	for _, id := range services {
		err = cmp.Or(err, checkID(FieldServiceID, id))
	}
	return cmp.Or(err, refuse(FieldName, newtoken.NameProblem(name)), checkCredentials(username, password, otp, false))
}

// checkCredentials checks a username, password and one-time password
// before they go into a form, a body or a header.
func checkCredentials(username string, password, otp wire.Secret, required bool) error {
	return cmp.Or(check(!required || username != "" && password != "", FieldCredentials, "a username and a password are required", nil),
		check((username == "") == (password == ""), FieldCredentials, "username and password go together", nil),
		check(wire.HeaderSafe(username), FieldUsername, "contains a line break or NUL", nil),
		check(otp == "" || wire.ValidOTP(otp.Reveal()), FieldOTP, "must be the digits an authenticator shows", nil))
}

// salvage reads a create's 2xx answer that did not decode (a field of the
// wrong type, a status gen does not parse, a null id) for what must not be
// lost: the token's id, name and secret, each taken when it is a string.
// It is nil when the answer holds no secret. gen gives no model for such
// an answer, or one without an id (TestCreateSalvagesADeliveredSecret
// shows it), and a secret exists only in this answer.
func salvage[M any, T interface{ secret() wire.Secret }](text []byte, as func(M) T) *T {
	m, ok := genparse.Salvage[M](text, "id", "name", "access_token")
	if t := as(m); ok && t.secret() != "" {
		return &t
	}
	return nil
}

// optional is s for an optional parameter gen sends only when set.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// proven is the created token of a create's answer when the answer proves
// it with an id and its secret; err (a *DecodeError then names the token)
// goes with it. When it does not, the error is a *DecodeError that names
// the token if the id came: revoke it, since its secret is lost.
func proven[M any, T interface {
	id() string
	secret() wire.Secret
}](r reply[*M], as func(M) T) (*T, Response, error) {
	t, meta, err := one(r, as)
	if t == nil && err != nil && meta.StatusCode/100 == 2 {
		t = salvage(r.raw.Text, as) // never drop a secret the server sent
	}
	var de *DecodeError
	switch {
	case t == nil:
		return nil, meta, err
	case (*t).secret() == "":
		id := (*t).id()
		return nil, meta, decodeError(r.x, meta, id, err, errors.New("the new token "+safetext.Line(id, maxCode)+" has no access_token"))
	case errors.As(err, &de):
		de.TokenID = safetext.Line((*t).id(), maxCode)
	}
	return t, meta, err
}
