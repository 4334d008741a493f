package facade

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// CreateTokenInput describes a new token.
type CreateTokenInput struct {
	Name      string
	Scopes    Scopes    // empty: Fastly's default, global
	Services  []string  // service ids to limit the token to; empty: all
	ExpiresAt time.Time // zero: never expires

	// Username and Password authenticate with credentials instead of the
	// client's API key. Both or neither.
	Username string
	Password Secret
	// OTP is the one-time password for accounts with two-factor
	// authentication (sent as Fastly-OTP).
	OTP Secret
}

// form encodes the input as Fastly expects: services[] repeated, times in
// RFC 3339 with zone.
func (in CreateTokenInput) form() (url.Values, error) {
	v := url.Values{}
	if (in.Username == "") != (in.Password == "") {
		return nil, &InputError{Field: "credentials", Reason: "username and password go together"}
	}
	if in.Username != "" {
		v.Set("username", in.Username)
		v.Set("password", in.Password.Reveal())
	}
	if in.Name != "" {
		v.Set("name", in.Name)
	}
	for _, s := range in.Scopes {
		if s == "" || strings.ContainsAny(string(s), " \t\r\n") {
			return nil, &InputError{Field: "scope", Reason: "must be one non-empty word"}
		}
	}
	if len(in.Scopes) > 0 {
		v.Set("scope", in.Scopes.String())
	}
	for _, id := range in.Services {
		if err := checkID("service id", id); err != nil {
			return nil, err
		}
		v.Add("services[]", id)
	}
	if !in.ExpiresAt.IsZero() {
		v.Set("expires_at", in.ExpiresAt.Format(time.RFC3339))
	}
	if strings.ContainsAny(in.OTP.Reveal(), "\r\n") {
		return nil, &InputError{Field: "one-time password", Reason: "contains a line break"}
	}
	return v, nil
}

// CreateToken creates a token (create-token). The result carries the
// secret, which Fastly shows only this once.
func (c *Client) CreateToken(ctx context.Context, in CreateTokenInput) (*CreatedToken, error) {
	form, err := in.form()
	if err != nil {
		return nil, err
	}
	var params gen.CreateTokenParams
	if otp := in.OTP.Reveal(); otp != "" {
		params.FastlyOTP = &otp
	}
	req, err := gen.NewCreateTokenRequestWithBody(c.server, &params, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	a := authKey
	if in.Username != "" {
		a = authCredentials
	}
	var created CreatedToken
	rl, err := c.do(ctx, "create-token", req, a, http.StatusOK, func(r *response) error {
		t, secret, err := decodeToken(r.body)
		if err != nil {
			return err
		}
		created.Token, created.AccessToken = t, Secret(secret)
		return nil
	}, in.Password.Reveal(), in.OTP.Reveal())
	if err != nil {
		return nil, err
	}
	created.RateLimit = rl
	return &created, nil
}
