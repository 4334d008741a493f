package facade

import "github.com/seed-14d8318b/fastlytokens/openapi/wire"

// checkID applies the spec's id rule (wire.IDPattern) before an id goes
// into a path or a body. The reason never quotes the id: a caller may have
// passed a secret by mistake.
func checkID(field, id string) error {
	switch {
	case id == "":
		return &InputError{Field: field, Reason: "is empty"}
	case !wire.ValidID(id):
		return &InputError{Field: field, Reason: "may hold only letters and digits, at most 64"}
	case id == "self" && field == fieldTokenID:
		return &InputError{Field: field, Reason: `"self" names the token in use: use CurrentToken or RevokeCurrentToken`}
	}
	return nil
}

const (
	fieldTokenID    = "token id"
	fieldCustomerID = "customer id"
	fieldServiceID  = "service id"
)

// checkTokenID is checkID for a token id, which also must not be the API
// key itself (a key file given where a file of ids was meant): the key
// would go into a URL path.
func (c *Client) checkTokenID(id string) error {
	if err := checkID(fieldTokenID, id); err != nil {
		return err
	}
	if c.key != "" && id == c.key {
		return &InputError{Field: fieldTokenID, Reason: "is the API key itself, not a token id"}
	}
	return nil
}
