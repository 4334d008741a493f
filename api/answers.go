package api

import (
	"encoding/json"
	"net/http"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// The answers below are made from a token's stored model. Each operation
// answers with the keys of its own schema, which are the keys recorded
// real answers have (api/recorded_test.go holds them to the recordings):
// project carries every field the two models share, so that a field the
// spec adds to both reaches the answer with no change here.

// project is src's fields under the names of T's JSON: how one model
// answers in the shape of another operation's. It fails only for a value
// that does not read back, such as a seeded time past the year 9999.
func project[T any](src any) (T, error) {
	var out T
	b, err := json.Marshal(src)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	return out, err
}

// projected answers with project's result, or a 500 when it failed.
func projected[T any](src any, adjust func(*T)) answer {
	out, err := project[T](src)
	if err != nil {
		return fail(http.StatusInternalServerError, "the stored token does not encode: "+err.Error())
	}
	adjust(&out)
	return ok(out)
}

// created answers with a user token as create-token does: updated_at
// equal to created_at, and the secret.
func (t *token) created() answer {
	return projected(t.user, func(out *gen.TokenCreatedResponse) {
		out.UpdatedAt, out.AccessToken = t.user.CreatedAt, wire.Secret(t.secret)
	})
}

// asUserToken answers with an automation token as get-token-current does
// for an automation token's key.
func (t *token) asUserToken() answer {
	return projected(t.automation, func(out *gen.TokenResponse) {
		out.UserID, out.Scope = t.automation.CreatorID, wire.Scopes(t.automation.Scopes).String()
		out.Scopes = wire.Scopes(t.automation.Scopes)
	})
}

// automationResponse answers with an automation token as
// get-automation-token-id does: scope as a string, access_token "", and,
// as recorded, no customer_id and no tls_access.
func (t *token) automationResponse() answer {
	return projected(t.automation, func(out *gen.AutomationTokenResponse) {
		out.Scope = wire.Scopes(t.automation.Scopes).String()
		out.CustomerID, out.TLSAccess = "", nil // documented, but not in the recorded answer
	})
}

// automationCreated answers with an automation token as
// create-automation-token does: its secret, scope as a string, and "" (as
// recorded, not null) for the times it has none of yet.
func (t *token) automationCreated() answer {
	return projected(t.automation, func(out *gen.AutomationTokenCreateResponse) {
		out.Scope, out.AccessToken = wire.Scopes(t.automation.Scopes).String(), wire.Secret(t.secret)
		out.LastUsedAt.Empty, out.ExpiresAt.Empty = out.LastUsedAt.IsZero(), out.ExpiresAt.IsZero()
	})
}
