package facade

import (
	"cmp"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// The fields CheckID names in its *InputError.
const (
	FieldTokenID      = "token id"
	FieldCustomerID   = "customer id"
	FieldServiceID    = "service id"
	FieldAutomationID = "automation token id"
)

// CheckID applies the spec's id rule (letters and digits, at most 64)
// before an id goes into a path or a body. The reason never quotes the id:
// a caller may have passed a secret by mistake.
func CheckID(field, id string) error {
	switch {
	case id == "":
		return &InputError{Field: field, Reason: "is empty"}
	case wire.SecretShaped(id):
		return &InputError{Field: field, Reason: "has the shape of an API key or a token's secret, not of an id, and was not sent"}
	case !wire.ValidID(id):
		return &InputError{Field: field, Reason: "may hold only letters and digits, at most 64"}
	case id == "self" && field == FieldTokenID:
		return &InputError{Field: field, Reason: `"self" names the token in use: use CurrentToken or RevokeCurrentToken`}
	}
	return nil
}

// CheckTokenID is CheckID for a token id, which also must not be the
// client's API key itself (a key file given where a file of ids was
// meant): the key would go into a URL path.
func (c *Client) CheckTokenID(id string) error {
	return cmp.Or(CheckID(FieldTokenID, id), check(c == nil || c.token == "" || id != c.token.Reveal(), FieldTokenID, "is the API key itself, not a token id", nil))
}
