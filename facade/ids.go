package facade

import (
	"cmp"
	"errors"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Field names the input an *InputError is about.
type Field string

// The fields an *InputError names.
const (
	FieldTokenID         Field = "token id"
	FieldCustomerID      Field = "customer id"
	FieldServiceID       Field = "service id"
	FieldAutomationID    Field = "automation token id"
	FieldWorkspaceID     Field = "workspace id"
	FieldRoleID          Field = "role id"
	FieldRole            Field = "role"
	FieldName            Field = "name"
	FieldScope           Field = "scope"
	FieldServices        Field = "services"
	FieldExpiry          Field = "expiry"
	FieldCredentials     Field = "credentials" // a username and a password, which go together
	FieldUsername        Field = "username"
	FieldOTP             Field = "one-time password"
	FieldSecret          Field = "secret" // LookupSecret's and RevokeSecret's
	FieldToken           Field = "token"  // the token to act on, when it may not be (rotate)
	FieldDuration        Field = "duration"
	FieldPage            Field = "page"
	FieldContext         Field = "context"
	FieldClient          Field = "client"
	FieldKey             Field = "API key" // WithToken's
	FieldBaseURL         Field = "base URL"
	FieldUserAgent       Field = "user agent"
	FieldTransport       Field = "transport"
	FieldRetryPolicy     Field = "retry policy"
	FieldBulkChunkSize   Field = "bulk chunk size"
	FieldMaxResponseSize Field = "max response bytes"
	FieldTimeout         Field = "timeout"
)

// ErrSelfID is the cause of the *InputError for "self" given as a token
// id: the API reads it as the token in use, so a get or revoke of "self"
// would act on the caller's own key. CurrentToken and RevokeCurrentToken
// say so on purpose.
var ErrSelfID = errors.New(`"self" names the token in use, not a token id`)

// checkID applies the spec's id rule (wire.IDRule)
// before an id goes into a path or a body. The reason never quotes the id:
// a caller may have passed a secret by mistake, and one shaped like a
// secret is refused as such.
func checkID(field Field, id string) error {
	switch {
	case id == "":
		return &InputError{Field: field, Reason: "is empty"}
	case wire.SecretShaped(id):
		return &InputError{Field: field, Reason: "has the shape of an API key or a token's secret, not of an id, and was not sent"}
	case !wire.ValidID(id):
		return &InputError{Field: field, Reason: "may hold only " + wire.IDRule}
	case id == "self" && field == FieldTokenID:
		return &InputError{Field: field, Reason: ErrSelfID.Error() + ": use CurrentToken or RevokeCurrentToken", Err: ErrSelfID}
	}
	return nil
}

// checkTokenID is checkID for a token id, which also must not be the
// client's API key itself (a key file given where a file of ids was
// meant): the key would go into a URL path.
func (c *Client) checkTokenID(id string) error {
	return cmp.Or(checkID(FieldTokenID, id), check(c == nil || c.token == "" || id != c.token.Reveal(), FieldTokenID, "is the API key itself, not a token id", nil))
}
