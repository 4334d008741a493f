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
