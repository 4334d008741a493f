package facade

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
)

// agreementRow is a response, to one of the calls agreementCalls names,
// and whether the facade and the validator accept it.
type agreementRow struct {
	name    string
	op      string // a key of agreementCalls
	status  int
	header  []string
	body    string
	accepts bool
}

func withToken(old, new string) string   { return strings.Replace(tokenJSON, old, new, 1) }
func withCreated(old, new string) string { return strings.Replace(createdJSON, old, new, 1) }

var agreementRows = []agreementRow{
	{"real get", "get", 200, nil, tokenJSON, true},
	{"docs timestamp with millis", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `"2020-06-22T03:19:48.000Z"`), true},
	{"offset timestamp", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `"2021-01-14T11:52:45+00:00"`), true},
	{"null created_at", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `null`), true},
	{"legacy timestamp", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `"2016-06-22 03:19:48 UTC"`), false},
	{"timestamp without zone", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `"2021-01-14T11:25:39"`), false},
	{"lower-case t", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `"2021-01-14t11:25:39Z"`), false},
	{"February 30", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `"2021-02-30T11:25:39Z"`), false},
	{"numeric timestamp", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `1610623539`), false},
	{"empty-string timestamp", "get", 200, nil, withToken(`"2021-01-14T11:25:39Z"`, `""`), false},
	{"sudo_expires_at set", "get", 200, nil, withToken(`"sudo_expires_at":null`, `"sudo_expires_at":"2021-01-14T11:52:45+00:00"`), true},
	{"scopes as a string", "get", 200, nil, withToken(`"scopes":["global:read","purge_all"]`, `"scopes":"global:read purge_all"`), true},
	{"scopes null", "get", 200, nil, withToken(`"scopes":["global:read","purge_all"]`, `"scopes":null`), true},
	{"scopes absent", "get", 200, nil, withToken(`"scopes":["global:read","purge_all"],`, ``), true},
	{"scopes a number", "get", 200, nil, withToken(`"scopes":["global:read","purge_all"]`, `"scopes":3`), false},
	{"scopes of numbers", "get", 200, nil, withToken(`"scopes":["global:read","purge_all"]`, `"scopes":[1,2]`), false},
	{"name null", "get", 200, nil, withToken(`"name":"my_token"`, `"name":null`), true},
	{"name a number", "get", 200, nil, withToken(`"name":"my_token"`, `"name":5`), false},
	{"services null", "get", 200, nil, withToken(`"services":["SU1"]`, `"services":null`), true},
	{"services a string", "get", 200, nil, withToken(`"services":["SU1"]`, `"services":"SU1"`), false},
	{"ip a number", "get", 200, nil, withToken(`"ip":"203.0.113.7"`, `"ip":7`), false},
	{"unknown fields", "get", 200, nil, withToken(`"name":"my_token"`, `"name":"my_token","brand_new":{"x":[1]}`), true},
	{"no id", "get", 200, nil, withToken(`"id":"5Yo3XXnrQpjc20u0ybrf2g",`, ``), false},
	{"empty id", "get", 200, nil, withToken(`"id":"5Yo3XXnrQpjc20u0ybrf2g"`, `"id":""`), false},
	{"null id", "get", 200, nil, withToken(`"id":"5Yo3XXnrQpjc20u0ybrf2g"`, `"id":null`), false},
	{"numeric id", "get", 200, nil, withToken(`"id":"5Yo3XXnrQpjc20u0ybrf2g"`, `"id":5`), false},
	{"not JSON", "get", 200, nil, `{"id":`, false},
	{"a list where a token goes", "get", 200, nil, `[` + tokenJSON + `]`, false},
	{"HTML where JSON goes", "get", 200, []string{"Content-Type", "text/html"}, `<html></html>`, false},
	{"JSON with a charset", "get", 200, []string{"Content-Type", "application/json; charset=utf-8"}, tokenJSON, true},
	{"JSON:API media type on a token", "get", 200, []string{"Content-Type", "application/vnd.api+json"}, tokenJSON, false},
	{"problem media type on a token", "get", 200, []string{"Content-Type", "application/problem+json"}, tokenJSON, false},
	{"text/json", "get", 200, []string{"Content-Type", "text/json"}, tokenJSON, false},
	{"trailing text", "get", 200, nil, tokenJSON + " xx", false},
	{"two tokens", "get", 200, nil, tokenJSON + tokenJSON, false},
	{"trailing newline", "get", 200, nil, tokenJSON + "\n", true},
	{"a GET with a bad rate-limit header (none declared)", "get", 200, []string{"Fastly-RateLimit-Reset", "soon"}, tokenJSON, true},
	{"two lists", "list", 200, nil, `[] []`, false},
	{"real list", "list", 200, nil, `[` + tokenJSON + `,` + tokenJSON + `]`, true},
	{"empty list", "list", 200, nil, `[]`, true},
	{"list entry without id", "list", 200, nil, `[` + tokenJSON + `,{"name":"x"}]`, false},
	{"list entry with a bad time", "list", 200, nil, `[` + withToken(`"2021-01-14T11:25:39Z"`, `"yesterday"`) + `]`, false},
	{"null list", "list", 200, nil, `null`, false},
	{"real create (2021)", "create", 200, nil, createdJSON, true},
	{"create without customer_id (2019)", "create", 200, nil, withCreated(`"customer_id":"x4xCwxxJxGCx123Rx5xTx",`, ``), true},
	{"create without access_token", "create", 200, nil, withCreated(`,"access_token":"ACCESS-tok_0123456789abcdefghijkl"`, ``), false},
	{"create with empty access_token", "create", 200, nil, withCreated(`"ACCESS-tok_0123456789abcdefghijkl"`, `""`), false},
	{"create with a bad expiry", "create", 200, nil, withCreated(`"expires_at":null`, `"expires_at":"never"`), false},
	{"create with a bad rate limit", "create", 200, []string{"Fastly-RateLimit-Remaining", "many"}, createdJSON, false},
	{"revoke", "revoke", 204, []string{"Fastly-RateLimit-Remaining", "4994", "Fastly-RateLimit-Reset", "1610625600"}, ``, true},
	{"revoke without rate limit", "revoke", 204, nil, ``, true},
	{"revoke with a negative count", "revoke", 204, []string{"Fastly-RateLimit-Remaining", "-1"}, ``, false},
	{"revoke with a fractional count", "revoke", 204, []string{"Fastly-RateLimit-Remaining", "1.5"}, ``, false},
	{"revoke with a word for reset", "revoke", 204, []string{"Fastly-RateLimit-Reset", "soon"}, ``, false},
	{"revoke with a signed count", "revoke", 204, []string{"Fastly-RateLimit-Remaining", "+5"}, ``, true},
	{"revoke with a reset past year 9999", "revoke", 204, []string{"Fastly-RateLimit-Reset", "9223372036854775807"}, ``, false},
	{"automation get, null times", "aget", 200, nil, automationJSON, true},
	{"automation get, empty-string times", "aget", 200, nil, strings.NewReplacer(`"last_used_at":null`, `"last_used_at":""`, `"expires_at":null`, `"expires_at":""`).Replace(automationJSON), true},
	{"automation get, services a string", "aget", 200, nil, strings.Replace(automationJSON, `"services":null`, `"services":""`, 1), false},
	{"automation get, a bad time", "aget", 200, nil, strings.Replace(automationJSON, `"last_used_at":null`, `"last_used_at":"soon"`, 1), false},
	{"automation get, no id", "aget", 200, nil, strings.Replace(automationJSON, `"id":"AuT0CiDeployB0tAbCdEfG",`, ``, 1), false},
	{"automation get, limit_services a string", "aget", 200, nil, strings.Replace(automationJSON, `"limit_services":false`, `"limit_services":"no"`, 1), false},
	{"automation list", "alist", 200, nil, automationListJSON, true},
	{"automation list, scopes as an array", "alist", 200, nil, strings.Replace(automationListJSON, `"scopes":"global:read"`, `"scopes":["global:read"]`, 1), true},
	{"automation list without data", "alist", 200, nil, `{"meta":{}}`, false},
	{"automation list, meta a string", "alist", 200, nil, `{"data":[],"meta":"x"}`, false},
	{"automation create (recorded)", "acreate", 200, nil, automationCreatedJSON, true},
	{"automation create without its secret", "acreate", 200, nil, strings.Replace(automationCreatedJSON, `"access_token":"ACCESS-auto_0123456789abcdefghijk"`, `"access_token":""`, 1), false},
}

// agreementCalls are the calls of agreementRows: each the facade's call and
// the request the validator reads the response as the answer to.
var agreementCalls = map[string]struct {
	call func(ctx context.Context, c *Client) error
	req  *http.Request
}{
	"get": {func(ctx context.Context, c *Client) error {
		_, _, err := c.GetToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")
		return err
	},
		httptest.NewRequest(http.MethodGet, "https://api.fastly.com/tokens/5Yo3XXnrQpjc20u0ybrf2g", nil)},
	"list": {func(ctx context.Context, c *Client) error { _, _, err := c.ListTokens(ctx); return err },
		httptest.NewRequest(http.MethodGet, "https://api.fastly.com/tokens", nil)},
	"create": {func(ctx context.Context, c *Client) error {
		_, _, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
		return err
	}, httptest.NewRequest(http.MethodPost, "https://api.fastly.com/tokens", nil)},
	"revoke": {func(ctx context.Context, c *Client) error {
		_, err := c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")
		return err
	},
		httptest.NewRequest(http.MethodDelete, "https://api.fastly.com/tokens/5Yo3XXnrQpjc20u0ybrf2g", nil)},
	"aget": {func(ctx context.Context, c *Client) error {
		_, _, err := c.GetAutomationToken(ctx, "AuT0CiDeployB0tAbCdEfG")
		return err
	},
		httptest.NewRequest(http.MethodGet, "https://api.fastly.com/automation-tokens/AuT0CiDeployB0tAbCdEfG", nil)},
	"alist": {func(ctx context.Context, c *Client) error {
		_, _, err := c.ListAutomationTokensPage(ctx, 1, 100)
		return err
	},
		httptest.NewRequest(http.MethodGet, "https://api.fastly.com/automation-tokens?page=1&per_page=100", nil)},
	"acreate": {func(ctx context.Context, c *Client) error {
		_, _, err := c.CreateAutomationToken(ctx, AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "bot", Role: string(gen.RoleEngineer)}})
		return err
	}, httptest.NewRequest(http.MethodPost, "https://api.fastly.com/automation-tokens", nil)},
}

// TestClientAndValidatorAgree feeds the same responses to the facade and
// to the spec validator: whatever one accepts, the other accepts, and the
// table says which those are.
func TestClientAndValidatorAgree(t *testing.T) {
	v, err := contract.New()
	require.NoError(t, err)
	for _, r := range agreementRows {
		t.Run(r.name, func(t *testing.T) {
			ctx, op := context.Background(), agreementCalls[r.op]
			// The client, on its own: no validator in its way.
			f := newFake(t, respond(r.status, r.body, r.header...))
			clientErr := op.call(ctx, f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1})))
			// The validator, on the same status, headers and body.
			rec := httptest.NewRecorder()
			respond(r.status, r.body, r.header...)(rec, op.req)
			violation := v.ValidateResponse(ctx, op.req, rec.Code, rec.Header(), rec.Body.Bytes())

			assert.Equal(t, r.accepts, clientErr == nil, "client: %v", clientErr)
			assert.Equal(t, r.accepts, violation == nil, "validator: %v", violation)
		})
	}
}

// TestValidationNeverChangesClassification runs error responses through
// a client with and without the validator: the sentinel is the same, and
// the violation is reachable beside the *APIError.
func TestValidationNeverChangesClassification(t *testing.T) {
	v, err := contract.New()
	require.NoError(t, err)
	cases := []struct {
		status      int
		contentType string
		body        string
		want        error
		violates    bool
	}{
		{404, "text/html", "<html><title>Not Found</title></html>", ErrNotFound, false},
		{404, "application/json", `{"msg":"Token not found"}`, ErrNotFound, false},
		{404, "application/json", `{"msg":404}`, ErrNotFound, true},
		{502, "text/html", "<html>Bad Gateway</html>", ErrServer, false},
		{503, "application/json", `not json`, ErrServer, true},
		{401, "application/problem+json", `{"title":"Unauthorized","status":401}`, ErrUnauthorized, false},
	}
	for _, tc := range cases {
		f := newFake(t, respond(tc.status, tc.body, "Content-Type", tc.contentType))
		plain := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
		validated := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1}), WithTransport(v.Transport(nil)))
		for _, c := range []*Client{plain, validated} {
			_, _, err := c.GetToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
			assert.ErrorIs(t, err, tc.want, "%d %s", tc.status, tc.body)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.StatusCode)
		}
		_, _, err := validated.GetToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
		var ce *contract.Error
		assert.Equal(t, tc.violates, errors.As(err, &ce), "%d %s: %v", tc.status, tc.body, err)
	}

	// A success that breaks the spec is a *DecodeError carrying the
	// violation, with or without the validator.
	f := newFake(t, respond(200, strings.Replace(tokenJSON, `"2021-01-14T11:25:39Z"`, `"yesterday"`, 1)))
	_, _, err = f.client(t, WithTransport(v.Transport(nil))).GetToken(context.Background(), "abc")
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	var ce *contract.Error
	assert.ErrorAs(t, err, &ce)
}

// Automation tokens as recordings show them.
const (
	automationJSON = `{"id":"AuT0CiDeployB0tAbCdEfG","services":null,"name":"ci-deploy-bot","role":"engineer","access_token":"",` +
		`"scope":"global","ip":null,"created_at":"2021-01-14T11:25:39Z","last_used_at":null,"expires_at":null,"user_agent":null,` +
		`"roles":[{"id":"r0le0000000000engineer","name":"engineer"}],"limit_services":false,"limit_workspaces":true,"workspaces":[]}`
	automationListJSON = `{"data":[{"id":"AuT0BillingExp0rtAbCdE","services":[],"name":"billing-export","role":"billing","scope":"global:read",` +
		`"scopes":"global:read","service_id":null,"creator_id":"4y5K5trZocEAQYkesWlk7M","customer_id":"x4xCwxxJxGCx123Rx5xTx","ip":null,` +
		`"user_agent":null,"tls_access":false,"created_at":"2021-01-14T11:25:39Z","last_used_at":null,"expires_at":null,"sudo_expires_at":null}],` +
		`"meta":{"per_page":100,"current_page":1,"record_count":1,"total_pages":1}}`
	automationCreatedJSON = `{"id":"AuT0NewBotAbCdEfGhIjKl","services":[],"name":"bot","role":"engineer","access_token":"ACCESS-auto_0123456789abcdefghijk",` +
		`"scope":"global","ip":"","created_at":"2021-01-14T11:25:39Z","last_used_at":"","expires_at":"","user_agent":"","tls_access":false,` +
		`"customer_id":"x4xCwxxJxGCx123Rx5xTx"}`
)

// TestEveryRealErrorShapeIsAcceptedByBoth feeds each error shape Fastly
// answers with to the validator and to the facade: the validator finds no
// violation, and the facade keeps the status and reads title, detail and
// code.
func TestEveryRealErrorShapeIsAcceptedByBoth(t *testing.T) {
	v, err := contract.New()
	require.NoError(t, err)
	for _, s := range errorShapes {
		if !s.real {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			for _, op := range []struct {
				req  *http.Request
				call func(*Client) error
			}{
				{httptest.NewRequest(http.MethodPost, "https://api.fastly.com/tokens", nil), create},
				{httptest.NewRequest(http.MethodDelete, "https://api.fastly.com/tokens/abc", nil), revoke},
				{httptest.NewRequest(http.MethodGet, "https://api.fastly.com/tokens/abc", nil), get},
			} {
				h := http.Header{}
				if s.contentType != "" {
					h.Set("Content-Type", s.contentType)
				}
				assert.NoError(t, v.ValidateResponse(context.Background(), op.req, s.status, h, []byte(s.body)), op.req.Method)
				assertShape(t, s, op.call(newFake(t, serveShape(s)).client(t, WithRetry(RetryPolicy{MaxAttempts: 1}))))
			}
		})
	}
}
