package facade

import (
	"net/url"
	"strings"
	"time"
	"unicode"
)

// CreateTokenInput describes a new token.
type CreateTokenInput struct {
	Name      string    // required; no control characters
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

// maxNameLength bounds a token name.
const maxNameLength = 255

// form encodes the input as Fastly's create-token form. It is built here,
// not with gen's CreateTokenFormdataRequestBody and runtime.MarshalForm,
// because MarshalForm drops expires_at (a time) and writes the services as
// services[][0]= (TestGenFormLosesExpiryAndServices shows both).
func (in CreateTokenInput) form() (url.Values, error) {
	if (in.Username == "") != (in.Password == "") {
		return nil, &InputError{Field: "credentials", Reason: "username and password go together"}
	}
	if strings.TrimSpace(in.Name) == "" {
		return nil, &InputError{Field: "name", Reason: "is required"}
	}
	if len(in.Name) > maxNameLength {
		return nil, &InputError{Field: "name", Reason: "is longer than 255 bytes"}
	}
	if strings.IndexFunc(in.Name, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar
	}) >= 0 {
		return nil, &InputError{Field: "name", Reason: "contains control characters"}
	}
	v := url.Values{"name": {in.Name}}
	if in.Username != "" {
		if strings.ContainsAny(in.Username, "\r\n\x00") {
			return nil, &InputError{Field: "username", Reason: "contains a line break or NUL"}
		}
		v.Set("username", in.Username)
		v.Set("password", in.Password.Reveal())
	}
	for _, s := range in.Scopes {
		if s == "" || strings.IndexFunc(string(s), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			return nil, &InputError{Field: "scope", Reason: "each must be one non-empty word"}
		}
	}
	if len(in.Scopes) > 0 {
		v.Set("scope", in.Scopes.String())
	}
	for _, id := range in.Services {
		if err := checkID(fieldServiceID, id); err != nil {
			return nil, err
		}
		v.Add("services[]", id)
	}
	if !in.ExpiresAt.IsZero() {
		v.Set("expires_at", in.ExpiresAt.UTC().Format(time.RFC3339))
	}
	if strings.ContainsAny(in.OTP.Reveal(), "\r\n\x00") {
		return nil, &InputError{Field: "one-time password", Reason: "contains a line break or NUL"}
	}
	return v, nil
}
