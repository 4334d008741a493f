package openapi_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// wantOperations is every operation of the spec, keyed by the operationIds
// Fastly's generated clients use.
var wantOperations = map[string]struct{ method, path string }{
	"bulk-revoke-tokens":   {http.MethodDelete, "/tokens"},
	"create-token":         {http.MethodPost, "/tokens"},
	"get-token":            {http.MethodGet, "/tokens/{token_id}"},
	"get-token-current":    {http.MethodGet, "/tokens/self"},
	"list-tokens-customer": {http.MethodGet, "/customer/{customer_id}/tokens"},
	"list-tokens-user":     {http.MethodGet, "/tokens"},
	"revoke-token":         {http.MethodDelete, "/tokens/{token_id}"},
	"revoke-token-current": {http.MethodDelete, "/tokens/self"},
	"request-sudo-access":  {http.MethodPost, "/sudo"},

	"create-automation-token":             {http.MethodPost, "/automation-tokens"},
	"list-automation-tokens":              {http.MethodGet, "/automation-tokens"},
	"get-automation-token-id":             {http.MethodGet, "/automation-tokens/{id}"},
	"get-automation-tokens-id-services":   {http.MethodGet, "/automation-tokens/{id}/services"},
	"get-automation-tokens-id-workspaces": {http.MethodGet, "/automation-tokens/{id}/workspaces"},
	"iam-v1-roles-list":                   {http.MethodGet, "/iam/v1/roles"},
	"iam-v1-roles-get":                    {http.MethodGet, "/iam/v1/roles/{role_id}"},
}

// writes are the operations that change something and carry rate-limit
// headers; create-automation-token changes something too, but its recorded
// answer carries none.
var writes = []string{"create-token", "bulk-revoke-tokens", "revoke-token", "revoke-token-current", "request-sudo-access"}

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := contract.Load()
	require.NoError(t, err)
	return doc
}

func operation(doc *openapi3.T, id string) *openapi3.Operation {
	want := wantOperations[id]
	return doc.Paths.Find(want.path).GetOperation(want.method)
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
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Spec)
	require.NoError(t, err)
	assert.Equal(t, "3.0.3", doc.OpenAPI)
	require.NoError(t, doc.Validate(context.Background()))
	assert.Contains(t, doc.Info.Description, "https://www.fastly.com/documentation/reference/api/auth-tokens/user/", "the spec cites Fastly's public documentation")
	assert.NotContains(t, string(openapi.Spec), "shared/", "the repository stands alone")
}

func TestSpecHasEveryOperation(t *testing.T) {
	doc := loadSpec(t)
	assert.Empty(t, operationProblems(doc))
	count := 0
	for _, item := range doc.Paths.Map() {
		count += len(item.Operations())
	}
	assert.Equal(t, len(wantOperations), count, "the spec has operations this test does not know")
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

	create := operation(doc, "create-token")
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
	create := operation(loadSpec(t), "create-token")
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
	assert.True(t, props["password"].Value.WriteOnly)
}

func TestSpecSudo(t *testing.T) {
	doc := loadSpec(t)
	op := operation(doc, "request-sudo-access")
	for _, media := range []string{"application/json", "application/x-www-form-urlencoded"} {
		body := op.RequestBody.Value.Content.Get(media)
		require.NotNil(t, body, "sudo takes %s", media)
		assert.ElementsMatch(t, []string{"username", "password"}, body.Schema.Value.Required)
		assert.Contains(t, body.Schema.Value.Properties, "expiry_time")
	}
	ok := op.Responses.Status(200).Value
	assert.Contains(t, ok.Content.Get("application/json").Schema.Value.Properties, "expiry_time")
	assert.Contains(t, ok.Headers, http.CanonicalHeaderKey(wire.HeaderRateLimitRemaining), "spelled as Go canonicalises it: see the spec's description")
	assert.NotNil(t, op.Parameters.GetByInAndName("header", "Fastly-OTP"))
	assert.Nil(t, op.Security, "sudo authenticates with Fastly-Key, as every operation but create-token")
}

func TestSpecAutomationTokens(t *testing.T) {
	doc := loadSpec(t)
	list := doc.Components.Schemas["AutomationTokenList"].Value
	assert.Contains(t, list.Properties, "meta")
	for _, k := range []string{"per_page", "current_page", "record_count", "total_pages"} {
		assert.Contains(t, list.Properties["meta"].Value.Properties, k)
	}
	entry := doc.Components.Schemas["AutomationTokenListEntry"].Value
	for _, k := range []string{"creator_id", "scopes", "service_id", "sudo_expires_at", "tls_access"} {
		assert.Contains(t, entry.Properties, k)
	}
	assert.Equal(t, "date-time-or-empty", doc.Components.Schemas["TimeOrEmpty"].Value.Format)
	list2 := operation(doc, "list-automation-tokens")
	assert.NotNil(t, list2.Parameters.GetByInAndName("query", "page"))
	assert.NotNil(t, list2.Parameters.GetByInAndName("query", "per_page"))
	assert.Nil(t, doc.Paths.Find("/automation-tokens/{id}").Delete, "revoked with revoke-token, as Fastly's web app does")
}

func TestSpecBulkRevokeBody(t *testing.T) {
	bulk := operation(loadSpec(t), "bulk-revoke-tokens")
	media := bulk.RequestBody.Value.Content.Get("application/vnd.api+json; ext=bulk")
	require.NotNil(t, media, "bulk revoke uses the JSON:API bulk media type")
	item := media.Schema.Value.Properties["data"].Value.Items.Value
	assert.ElementsMatch(t, []string{"id", "type"}, item.Required)
	assert.Equal(t, []any{"token"}, item.Properties["type"].Value.Enum)
}

// TestSpecIDRulesAreWireIDPattern holds every id the spec constrains to
// the one rule the Go code applies.
func TestSpecIDRulesAreWireIDPattern(t *testing.T) {
	doc := loadSpec(t)
	patterns := map[string]string{
		"parameter TokenID":        doc.Components.Parameters["TokenID"].Value.Schema.Value.Pattern,
		"parameter CustomerID":     doc.Components.Parameters["CustomerID"].Value.Schema.Value.Pattern,
		"TokenReference.id":        doc.Components.Schemas["TokenReference"].Value.Properties["id"].Value.Pattern,
		"TokenCreateForm.services": doc.Components.Schemas["TokenCreateForm"].Value.Properties["services[]"].Value.Items.Value.Pattern,
	}
	for where, pattern := range patterns {
		assert.Equal(t, wire.IDPattern, pattern, where)
	}
}

func TestSpecErrorResponses(t *testing.T) {
	doc := loadSpec(t)
	documented := map[string][]int{
		"get-token":            {401, 403, 404},
		"get-token-current":    {401, 403},
		"list-tokens-user":     {401, 403},
		"list-tokens-customer": {401, 403},
		"revoke-token":         {400, 401, 403, 404, 429},
		"revoke-token-current": {400, 401, 403, 429},
		"create-token":         {400, 401, 403, 422, 429},
		"bulk-revoke-tokens":   {400, 401, 403, 429},
		"request-sudo-access":  {400, 401, 403, 429},

		"create-automation-token":           {400, 401, 403, 429},
		"list-automation-tokens":            {401, 403},
		"get-automation-token-id":           {401, 403, 404},
		"get-automation-tokens-id-services": {401, 403, 404},
	}
	for id, statuses := range documented {
		responses := operation(doc, id).Responses
		for _, status := range statuses {
			require.NotNil(t, responses.Status(status), "%s documents %d", id, status)
			// One JSON media type, so that gen decodes the three JSON shapes
			// (and charset variants) into Error; */* takes the rest.
			assert.ElementsMatch(t, []string{"application/json", "*/*"}, slices.Collect(maps.Keys(responses.Status(status).Value.Content)),
				"%s %d", id, status)
		}
		require.NotNil(t, responses.Default(), "%s answers any status a proxy may send", id)
		assert.NotNil(t, responses.Default().Value.Content.Get("text/html"), "%s: an HTML page from a proxy", id)
	}
	for _, id := range writes {
		for code, resp := range operation(doc, id).Responses.Map() {
			if code == "204" && resp.Value.Content == nil || code != "204" {
				assert.Contains(t, resp.Value.Headers, http.CanonicalHeaderKey(wire.HeaderRateLimitRemaining), "%s %s carries the write budget", id, code)
			}
		}
	}
	assert.Empty(t, operation(doc, "create-automation-token").Responses.Status(200).Value.Headers, "a recorded automation create carries no rate-limit headers")
	descriptions := map[int]string{400: "Token revocation error.", 401: "Missing or expired token.", 404: "Token lookup failed."}
	revoke := operation(doc, "revoke-token").Responses
	for status, text := range descriptions {
		assert.Equal(t, text, *revoke.Status(status).Value.Description)
	}
	errSchema := doc.Components.Schemas["Error"].Value
	assert.Empty(t, errSchema.Required, "every key of an error is optional: msg, code and the others")
	for _, key := range []string{"msg", "detail", "code", "title", "errors"} {
		assert.Contains(t, errSchema.Properties, key)
	}
}

func TestSpecTokenResponseMatchesRealResponses(t *testing.T) {
	doc := loadSpec(t)
	token := doc.Components.Schemas["TokenResponse"].Value
	nullable := []string{"service_id", "updated_at", "deleted_at", "last_used_at", "expires_at", "ip", "user_agent", "sudo_expires_at", "name", "services"}
	for _, field := range nullable {
		require.Contains(t, token.Properties, field)
		assert.True(t, token.Properties[field].Value.Nullable, "%s may be null", field)
	}
	// scopes: an array that may be null, or one string (nullable beside its type, as OpenAPI 3.0 wants).
	scopes := token.Properties["scopes"].Value.AnyOf
	require.Len(t, scopes, 2)
	assert.True(t, scopes[0].Value.Nullable && scopes[0].Value.Type.Is("array"), "scopes may be null")
	for _, field := range []string{"customer_id", "scopes", "services", "created_at"} {
		assert.Contains(t, token.Properties, field)
	}
	assert.Equal(t, []string{"id"}, token.Required)
	assert.Empty(t, token.Properties["scope"].Value.Enum, "scope holds several space-delimited values; no enum")
	assert.Nil(t, token.AdditionalProperties.Has, "unknown fields must be tolerated")

	created := doc.Components.Schemas["TokenCreatedResponse"].Value
	assert.ElementsMatch(t, []string{"id", "access_token"}, created.Required)
}

// TestSpecNamesWireTypes checks that what OpenAPI cannot say is said with
// x-go-type, and only with package wire's types or a plain string (for the
// binary error text, which gen would otherwise type with a package that
// links uuid and net/mail).
func TestSpecNamesWireTypes(t *testing.T) {
	doc := loadSpec(t)
	seen := map[string]bool{}
	var walk func(name string, s *openapi3.SchemaRef)
	walk = func(name string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil {
			return
		}
		if goType, ok := s.Value.Extensions["x-go-type"].(string); ok {
			seen[goType] = true
			assert.True(t, strings.HasPrefix(goType, "wire.") || goType == "string", "%s: %s", name, goType)
		}
		if s.Value.Format == "date-time" {
			assert.Equal(t, "wire.Time", s.Value.Extensions["x-go-type"], "%s: every timestamp decodes through wire.Time", name)
		}
		for k, p := range s.Value.Properties {
			walk(name+"."+k, p)
		}
		walk(name+"[]", s.Value.Items)
	}
	for name, s := range doc.Components.Schemas {
		walk(name, s)
	}
	for name, h := range doc.Components.Headers {
		walk("header "+name, h.Value.Schema)
	}
	for _, want := range []string{"wire.Time", "wire.TimeOrEmpty", "wire.Scopes", "wire.ScopeString", "wire.RateLimitRemaining", "wire.RateLimitReset", "wire.RetryAfter"} {
		assert.True(t, seen[want], want)
	}
}

// TestSpecRulesMatchWire holds the numbers and defaults the spec states to
// their one home in Go, package wire.
func TestSpecRulesMatchWire(t *testing.T) {
	doc := loadSpec(t)
	perPage := doc.Components.Parameters["PerPage"].Value.Schema.Value
	require.NotNil(t, perPage.Max)
	assert.Equal(t, float64(wire.MaxPerPage), *perPage.Max, "per_page maximum")
	form := doc.Components.Schemas["TokenCreateForm"].Value
	assert.Equal(t, string(gen.ScopeGlobal), form.Properties["scope"].Value.Default, "create-token's default scope")
	auto := doc.Components.Schemas["AutomationTokenCreateRequest"].Value
	assert.Equal(t, string(gen.ScopeGlobal), auto.Properties["scope"].Value.Default, "create-automation-token's default scope")
}
