package openapi

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantOperations is every operation of the Fastly Tokens API, keyed by the
// operationIds Fastly's generated clients use.
var wantOperations = map[string]struct{ method, path string }{
	"bulk-revoke-tokens":   {http.MethodDelete, "/tokens"},
	"create-token":         {http.MethodPost, "/tokens"},
	"get-token":            {http.MethodGet, "/tokens/{token_id}"},
	"get-token-current":    {http.MethodGet, "/tokens/self"},
	"list-tokens-customer": {http.MethodGet, "/customer/{customer_id}/tokens"},
	"list-tokens-user":     {http.MethodGet, "/tokens"},
	"revoke-token":         {http.MethodDelete, "/tokens/{token_id}"},
	"revoke-token-current": {http.MethodDelete, "/tokens/self"},
}

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(Spec)
	require.NoError(t, err)
	return doc
}

// operationProblems lists every wanted operation that doc lacks or places
// at the wrong method and path.
func operationProblems(doc *openapi3.T) []string {
	var problems []string
	for id, want := range wantOperations {
		item := doc.Paths.Find(want.path)
		if item == nil || item.GetOperation(want.method) == nil {
			problems = append(problems, fmt.Sprintf("%s: no %s %s", id, want.method, want.path))
			continue
		}
		if got := item.GetOperation(want.method).OperationID; got != id {
			problems = append(problems, fmt.Sprintf("%s: %s %s has operationId %q", id, want.method, want.path, got))
		}
	}
	sort.Strings(problems)
	return problems
}

func TestSpecIsValidOpenAPI(t *testing.T) {
	doc := loadSpec(t)
	assert.Equal(t, "3.0.3", doc.OpenAPI)
	require.NoError(t, doc.Validate(context.Background()))
}

func TestSpecHasAllEightOperations(t *testing.T) {
	doc := loadSpec(t)
	assert.Empty(t, operationProblems(doc))
	count := 0
	for _, item := range doc.Paths.Map() {
		count += len(item.Operations())
	}
	assert.Equal(t, len(wantOperations), count, "the spec has operations beyond the Tokens API")
}

func TestOperationCheckFailsWhenOneIsRemoved(t *testing.T) {
	for id, want := range wantOperations {
		t.Run(id, func(t *testing.T) {
			doc := loadSpec(t)
			doc.Paths.Find(want.path).SetOperation(want.method, nil)
			assert.Equal(t, []string{fmt.Sprintf("%s: no %s %s", id, want.method, want.path)}, operationProblems(doc))
		})
	}
	doc := loadSpec(t)
	doc.Paths.Find("/tokens").Get.OperationID = "listTokens"
	assert.Equal(t, []string{`list-tokens-user: GET /tokens has operationId "listTokens"`}, operationProblems(doc))
}

func TestSpecSecurity(t *testing.T) {
	doc := loadSpec(t)
	token := doc.Components.SecuritySchemes["token"].Value
	require.NotNil(t, token)
	assert.Equal(t, "apiKey", token.Type)
	assert.Equal(t, "header", token.In)
	assert.Equal(t, "Fastly-Key", token.Name)
	basic := doc.Components.SecuritySchemes["username_and_password"].Value
	require.NotNil(t, basic)
	assert.Equal(t, "http", basic.Type)
	assert.Equal(t, "basic", basic.Scheme)

	create := doc.Paths.Find("/tokens").Post
	require.NotNil(t, create.Security)
	schemes := map[string]bool{}
	for _, req := range *create.Security {
		for name := range req {
			schemes[name] = true
		}
	}
	assert.Equal(t, map[string]bool{"token": true, "username_and_password": true}, schemes)
	require.NotNil(t, doc.Security)
	assert.Contains(t, doc.Security[0], "token", "every other operation authenticates with Fastly-Key")
}

func TestSpecCreateTokenRequest(t *testing.T) {
	create := loadSpec(t).Paths.Find("/tokens").Post
	otp := create.Parameters.GetByInAndName("header", "Fastly-OTP")
	require.NotNil(t, otp, "create-token takes the Fastly-OTP header")
	assert.False(t, otp.Required)

	form := create.RequestBody.Value.Content.Get("application/x-www-form-urlencoded")
	require.NotNil(t, form, "create-token takes a form body")
	props := form.Schema.Value.Properties
	for _, field := range []string{"username", "password", "name", "scope", "services[]", "expires_at"} {
		assert.Contains(t, props, field)
	}
	assert.Equal(t, "global", props["scope"].Value.Default)
	assert.True(t, props["services[]"].Value.Type.Is("array"))
	assert.Equal(t, "date-time", props["expires_at"].Value.Format)
}

func TestSpecBulkRevokeBody(t *testing.T) {
	bulk := loadSpec(t).Paths.Find("/tokens").Delete
	media := bulk.RequestBody.Value.Content.Get("application/vnd.api+json; ext=bulk")
	require.NotNil(t, media, "bulk revoke uses the JSON:API bulk media type")
	item := media.Schema.Value.Properties["data"].Value.Items.Value
	assert.ElementsMatch(t, []string{"id", "type"}, item.Required)
	assert.Equal(t, []any{"token"}, item.Properties["type"].Value.Enum)
}

func TestSpecErrorResponses(t *testing.T) {
	doc := loadSpec(t)
	want := map[string][]int{
		"get-token":            {401, 403, 404},
		"get-token-current":    {401, 403},
		"list-tokens-user":     {401, 403},
		"revoke-token":         {400, 401, 403, 404, 429},
		"revoke-token-current": {400, 401, 403, 429},
		"create-token":         {400, 401, 403, 422, 429},
		"bulk-revoke-tokens":   {400, 401, 403, 429},
	}
	for id, statuses := range want {
		op := wantOperations[id]
		responses := doc.Paths.Find(op.path).GetOperation(op.method).Responses
		for _, status := range statuses {
			assert.NotNil(t, responses.Status(status), "%s documents %d", id, status)
		}
		assert.Nil(t, responses.Default(), "%s must not accept undocumented statuses", id)
	}
	descriptions := map[int]string{400: "Token revocation error.", 401: "Missing or expired token.", 403: "Invalid token.", 404: "Token lookup failed."}
	revoke := doc.Paths.Find("/tokens/{token_id}").Delete.Responses
	for status, text := range descriptions {
		assert.Equal(t, text, *revoke.Status(status).Value.Description)
	}
	createErr := doc.Components.Schemas["TokenCreateError"].Value
	assert.Equal(t, []string{"code"}, createErr.Required)
}

func TestSpecTokenResponseMatchesRealResponses(t *testing.T) {
	token := loadSpec(t).Components.Schemas["TokenResponse"].Value
	nullable := []string{"service_id", "updated_at", "deleted_at", "last_used_at", "expires_at", "ip", "user_agent", "sudo_expires_at"}
	for _, field := range nullable {
		require.Contains(t, token.Properties, field)
		assert.True(t, token.Properties[field].Value.Nullable, "%s is null in real responses", field)
	}
	for _, field := range []string{"customer_id", "scopes", "services", "created_at"} {
		assert.Contains(t, token.Properties, field)
	}
	assert.Empty(t, token.Properties["scope"].Value.Enum, "scope holds several space-delimited values; no enum")
	assert.Nil(t, token.AdditionalProperties.Has, "unknown fields must be tolerated")
	assert.NotEqual(t, false, token.AdditionalProperties.Has)
}
