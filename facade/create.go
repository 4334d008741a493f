package facade

import (
	"cmp"
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// CreateTokenInput describes a new token.
type CreateTokenInput struct {
	Name      string    // required; no control characters
	Scopes    Scopes    // empty: Fastly's default, global
	Services  []string  // service ids to limit the token to; empty: all
	ExpiresAt time.Time // zero: never expires

	// Username and Password are the user's credentials, both or neither.
	// Without an API key they authenticate the request. With one, they go
	// in the form beside it, and if Fastly still wants the key in sudo mode
	// (ErrSudoRequired), CreateToken posts them to /sudo and creates again,
	// once.
	Username string
	Password Secret
	// OTP is the one-time password for accounts with two-factor
	// authentication (sent as Fastly-OTP).
	OTP Secret
}

// maxNameLength bounds a token name.
const maxNameLength = 255

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
	form, err := in.form()
	invalid := cmp.Or(c.ready(), err)
	if invalid == nil && in.Username == "" && c.token == "" {
		invalid = ErrNoToken
	}
	params, encoded := &gen.CreateTokenParams{FastlyOTP: optional(in.OTP.Reveal())}, form.Encode()
	return withSudo(ctx, c, SudoInput{Username: in.Username, Password: in.Password, OTP: in.OTP}, func() (*CreatedToken, Response, error) {
		op := c.api().CreateTokenWithBodyCall(params, formMediaType, strings.NewReader(encoded))
		return proven(fetch(ctx, c, invalid, op, in.Password.Reveal(), in.OTP.Reveal()), createdFrom)
	})
}

// formMediaType is create-token's request body.
const formMediaType = "application/x-www-form-urlencoded"

// form encodes the input as Fastly's create-token form. A substitute for
// gen's CreateTokenWithFormdataBody, whose runtime.MarshalForm drops
// expires_at and indexes services[]: TestGenFormLosesExpiryAndServices.
func (in CreateTokenInput) form() (url.Values, error) {
	v := url.Values{"name": {in.Name}, "services[]": in.Services}
	if in.Username != "" {
		v["username"], v["password"] = []string{in.Username}, []string{in.Password.Reveal()}
	}
	if len(in.Scopes) > 0 {
		v["scope"] = []string{in.Scopes.String()}
	}
	if !in.ExpiresAt.IsZero() {
		v["expires_at"] = []string{in.ExpiresAt.UTC().Format(time.RFC3339)}
	}
	return v, checkNew(in.Name, in.Scopes, in.Services, in.Username, in.Password, in.OTP)
}

// checkNew is the rule for a new token, user or automation: its name
// (required, at most 255 bytes, safe text), its scopes (one word each), its
// service ids and the credentials that come with it.
func checkNew(name string, scopes Scopes, services []string, username string, password, otp Secret) error {
	if slices.ContainsFunc(scopes, func(s Scope) bool { return !oneWord(string(s)) }) {
		return &InputError{Field: "scope", Reason: "each must be one non-empty word"}
	}
	for _, id := range services {
		if err := CheckID(FieldServiceID, id); err != nil {
			return err
		}
	}
	switch {
	case strings.TrimSpace(name) == "":
		return &InputError{Field: "name", Reason: "is required"}
	case len(name) > maxNameLength:
		return &InputError{Field: "name", Reason: "is longer than 255 bytes"}
	case !safetext.Clean(name):
		return &InputError{Field: "name", Reason: "contains control characters or bytes that are not UTF-8"}
	}
	return checkCredentials(username, password, otp, false)
}

// oneWord reports whether s is one word of safe text: a scope or a role.
func oneWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || safetext.Unsafe(r) }) < 0
}

// checkCredentials checks a username, password and one-time password
// before they go into a form, a body or a header.
func checkCredentials(username string, password, otp Secret, required bool) error {
	switch {
	case required && (username == "" || password == ""):
		return &InputError{Field: "credentials", Reason: "a username and a password are required"}
	case (username == "") != (password == ""):
		return &InputError{Field: "credentials", Reason: "username and password go together"}
	case strings.ContainsAny(username, "\r\n\x00"):
		return &InputError{Field: "username", Reason: "contains a line break or NUL"}
	case strings.ContainsAny(otp.Reveal(), "\r\n\x00"):
		return &InputError{Field: "one-time password", Reason: "contains a line break or NUL"}
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

// proven is a create's answer converted, as one converts it, when it
// proves the new token with an id and its secret; err (a *DecodeError then
// names the token) goes with it. When it does not, the error is a
// *DecodeError that names the token if the id came: revoke it, its secret
// is lost.
func proven[M any, T interface {
	id() string
	secret() Secret
}](r reply[*M], to func(*M) T) (*T, Response, error) {
	t, meta, err := one(r, to)
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

// SudoInput re-authenticates the client's key for sensitive writes.
type SudoInput struct {
	Username string
	Password Secret
	// OTP is the one-time password, for accounts with two-factor
	// authentication (sent as Fastly-OTP).
	OTP Secret
	// Expiry is when sudo mode should end; zero is Fastly's default, five
	// minutes from now.
	Expiry time.Time
}

// sudoDefault is how long sudo mode lasts when Fastly does not say.
const sudoDefault = 5 * time.Minute

// Sudo puts the client's key in sudo mode (request-sudo-access), which
// Fastly asks for before sensitive writes such as creating a token with a
// key, and returns when it ends. Wrong credentials are a 403.
func (c *Client) Sudo(ctx context.Context, in SudoInput) (time.Time, Response, error) {
	if err := cmp.Or(c.needKey(), checkCredentials(in.Username, in.Password, in.OTP, true)); err != nil {
		return time.Time{}, Response{}, err
	}
	params := &gen.RequestSudoAccessParams{FastlyOTP: optional(in.OTP.Reveal())}
	// A form, as the only recorded successful sudo sent it. A substitute for
	// gen's RequestSudoAccessWithFormdataBody, whose runtime.MarshalForm
	// drops expiry_time: TestGenFormLosesExpiryAndServices.
	form := url.Values{"username": {in.Username}, "password": {in.Password.Reveal()}}
	if !in.Expiry.IsZero() {
		form.Set("expiry_time", in.Expiry.UTC().Format(time.RFC3339))
	}
	op, start := c.api().RequestSudoAccessWithBodyCall(params, formMediaType, strings.NewReader(form.Encode())), c.now()
	r := fetch(ctx, c, nil, op, in.Password.Reveal(), in.OTP.Reveal())
	if r.body == nil {
		return time.Time{}, r.meta, r.err
	}
	return cmp.Or(r.body.ExpiryTime.Time, start.Add(sudoDefault)), r.meta, r.err
}
