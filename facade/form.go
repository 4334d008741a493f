package facade

import (
	"net/url"
	"strings"
	"time"
	"unicode"

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

// form encodes the input as Fastly's create-token form. A substitute for
// gen's CreateTokenWithFormdataBody, whose runtime.MarshalForm drops
// expires_at and indexes services[]: TestGenFormLosesExpiryAndServices.
func (in CreateTokenInput) form() (url.Values, error) {
	if err := checkNew(in.Name, in.Scopes, in.Services, in.Username, in.Password, in.OTP); err != nil {
		return nil, err
	}
	v := url.Values{"name": {in.Name}, "services[]": in.Services}
	if len(in.Services) == 0 {
		delete(v, "services[]")
	}
	if in.Username != "" {
		v["username"], v["password"] = []string{in.Username}, []string{in.Password.Reveal()}
	}
	if len(in.Scopes) > 0 {
		v["scope"] = []string{in.Scopes.String()}
	}
	if !in.ExpiresAt.IsZero() {
		v["expires_at"] = []string{in.ExpiresAt.UTC().Format(time.RFC3339)}
	}
	return v, nil
}

func (in CreateTokenInput) sudo() SudoInput {
	return SudoInput{Username: in.Username, Password: in.Password, OTP: in.OTP}
}

// checkNew is the rule for a new token, user or automation: its name
// (required, at most 255 bytes, safe text), its scopes (one word each), its
// service ids and the credentials that come with it.
func checkNew(name string, scopes Scopes, services []string, username string, password, otp Secret) error {
	for _, s := range scopes {
		if s == "" || strings.IndexFunc(string(s), func(r rune) bool { return unicode.IsSpace(r) || safetext.Unsafe(r) }) >= 0 {
			return &InputError{Field: "scope", Reason: "each must be one non-empty word"}
		}
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
