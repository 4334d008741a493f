package contract

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	secretKey      = "SECRETKEYsecretkey0123456789abcd"
	secretPassword = "hunter2-PASSWORD-xyz"
	secretAccess   = "ACCESS_tok-en_0123456789abcdefgh"
)

func validator(t *testing.T) *Validator {
	t.Helper()
	v, err := New()
	require.NoError(t, err)
	return v
}

const goodToken = `{"id":"5Yo3XXnrQpjc20u0ybrf2g","user_id":"4y5K5trZocEAQYkesWlk7M","customer_id":"x4xCwxxJxGCx123Rx5xTx",
"name":"my_token","scope":"global:read purge_all","scopes":["global:read","purge_all"],"services":[],"service_id":null,
"created_at":"2021-01-14T11:25:39Z","updated_at":null,"deleted_at":null,"last_used_at":null,"expires_at":null,
"ip":null,"user_agent":null,"sudo_expires_at":null,"brand_new_field":{"x":1}}`

func get(path string) *http.Request {
	req := httptest.NewRequest(http.MethodGet, "https://api.fastly.com"+path, nil)
	req.Header.Set("Fastly-Key", secretKey)
	return req
}

func TestValidResponsesPass(t *testing.T) {
	v := validator(t)
	ctx := context.Background()
	h := http.Header{"Content-Type": {"application/json"}}
	assert.NoError(t, v.ValidateResponse(ctx, get("/tokens/self"), 200, h, []byte(goodToken)))
	assert.NoError(t, v.ValidateResponse(ctx, get("/tokens/5Yo3XXnrQpjc20u0ybrf2g"), 200, h, []byte(goodToken)))
	assert.NoError(t, v.ValidateResponse(ctx, get("/tokens"), 200, h, []byte("["+goodToken+"]")))
	assert.NoError(t, v.ValidateResponse(ctx, get("/customer/x4xCwxxJxGCx123Rx5xTx/tokens"), 200, h, []byte("[]")))
	assert.NoError(t, v.ValidateResponse(ctx, get("/tokens/abc"), 404, h, []byte(`{"msg":"Token lookup failed"}`)))
}

func TestResponseViolations(t *testing.T) {
	v := validator(t)
	h := http.Header{"Content-Type": {"application/json"}}
	cases := map[string]struct {
		status int
		body   string
		want   string
	}{
		"wrong type":             {200, strings.Replace(goodToken, `"name":"my_token"`, `"name":42`, 1), "/name"},
		"missing required field": {200, strings.Replace(goodToken, `"id":"5Yo3XXnrQpjc20u0ybrf2g",`, "", 1), "id"},
		"bad date-time":          {200, strings.Replace(goodToken, `"2021-01-14T11:25:39Z"`, `"2016-06-22 03:19:48 UTC"`, 1), "/created_at"},
		"undocumented status":    {418, `{"msg":"teapot"}`, "418"},
		"null where not allowed": {200, strings.Replace(goodToken, `"name":"my_token"`, `"name":null`, 1), "/name"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := v.ValidateResponse(context.Background(), get("/tokens/self"), tc.status, h, []byte(tc.body))
			require.Error(t, err)
			var ce *Error
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, "get-token-current", ce.Operation)
			assert.Equal(t, "response", ce.Kind)
			assert.Equal(t, tc.status, ce.Status)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestRoutes(t *testing.T) {
	v := validator(t)
	err := v.ValidateRequest(context.Background(), get("/services"))
	var ce *Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "route", ce.Kind)
	assert.Contains(t, err.Error(), "no such path")

	req := httptest.NewRequest(http.MethodPatch, "https://api.fastly.com/tokens/self", nil)
	err = v.ValidateRequest(context.Background(), req)
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "method not allowed")

	err = v.ValidateResponse(context.Background(), req, 200, nil, nil)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "route", ce.Kind)

	// /tokens/self must route to the current-token operation, not get-token.
	err = v.ValidateResponse(context.Background(), get("/tokens/self"), 404, http.Header{"Content-Type": {"application/json"}}, []byte(`{"msg":"x"}`))
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "get-token-current", ce.Operation)
}

func TestRequests(t *testing.T) {
	v := validator(t)
	ctx := context.Background()
	assert.NoError(t, v.ValidateRequest(ctx, get("/tokens")))

	noKey := httptest.NewRequest(http.MethodGet, "https://api.fastly.com/tokens", nil)
	err := v.ValidateRequest(ctx, noKey)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing Fastly-Key header")

	badID := get("/tokens/bad%20id")
	assert.ErrorContains(t, v.ValidateRequest(ctx, badID), `path parameter "token_id"`)

	form := url.Values{"username": {"user@example.com"}, "password": {secretPassword}, "name": {"ci"},
		"scope": {"global:read purge_all"}, "services[]": {"SU1Z0isxPaozGVKXdv0eY", "SU2"}, "expires_at": {"2030-07-28T19:24:50+00:00"}}
	create := httptest.NewRequest(http.MethodPost, "https://api.fastly.com/tokens", strings.NewReader(form.Encode()))
	create.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	create.Header.Set("Fastly-OTP", "123456")
	require.NoError(t, v.ValidateRequest(ctx, create))
	restored, err := io.ReadAll(create.Body)
	require.NoError(t, err)
	assert.Equal(t, form.Encode(), string(restored), "the body is put back for sending")

	form.Set("expires_at", "next tuesday")
	bad := httptest.NewRequest(http.MethodPost, "https://api.fastly.com/tokens", strings.NewReader(form.Encode()))
	bad.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	err = v.ValidateRequest(ctx, bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expires_at")
	assert.NotContains(t, err.Error(), secretPassword)

	bulk := func(body, contentType string) *http.Request {
		r := httptest.NewRequest(http.MethodDelete, "https://api.fastly.com/tokens", strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		r.Header.Set("Fastly-Key", secretKey)
		return r
	}
	assert.NoError(t, v.ValidateRequest(ctx, bulk(`{"data":[{"id":"a1","type":"token"},{"id":"b2","type":"token"}]}`, "application/vnd.api+json; ext=bulk")))
	assert.Error(t, v.ValidateRequest(ctx, bulk(`{"data":[{"id":"a1","type":"service"}]}`, "application/vnd.api+json; ext=bulk")))
	assert.Error(t, v.ValidateRequest(ctx, bulk(`{"data":[{"type":"token"}]}`, "application/vnd.api+json; ext=bulk")))
	assert.Error(t, v.ValidateRequest(ctx, bulk(`{"data":[]}`, "text/plain")))
}

func TestErrorsCarryNoSecrets(t *testing.T) {
	v := validator(t)
	ctx := context.Background()
	// A response whose access_token has the wrong neighbours and whose
	// fields echo secrets back.
	body := `{"id":"` + secretKey + `","user_id":7,"name":"` + secretPassword + `","scope":"global","created_at":"bad",` +
		`"access_token":"` + secretAccess + `"}`
	form := url.Values{"username": {"someone@example.com"}, "password": {secretPassword}}
	req := httptest.NewRequest(http.MethodPost, "https://api.fastly.com/tokens", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Fastly-Key", secretKey)
	err := v.ValidateResponse(ctx, req, 200, http.Header{"Content-Type": {"application/json"}}, []byte(body))
	require.Error(t, err)
	for _, s := range []string{secretKey, secretPassword, secretAccess} {
		assert.NotContains(t, err.Error(), s)
	}

	// A request whose bad field value is the password itself.
	form = url.Values{"password": {secretPassword}, "expires_at": {secretPassword}}
	req = httptest.NewRequest(http.MethodPost, "https://api.fastly.com/tokens", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	err = v.ValidateRequest(ctx, req)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), secretPassword)
}

func TestTransportAndMiddleware(t *testing.T) {
	v := validator(t)
	var reported []error
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/tokens/self" {
			_, _ = w.Write([]byte(goodToken))
			return
		}
		_, _ = w.Write([]byte(`[{"id":1}]`)) // breaks the spec
	})
	srv := httptest.NewServer(v.Middleware(handler, func(err error) { reported = append(reported, err) }))
	defer srv.Close()
	client := &http.Client{Transport: v.Transport(nil)}

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/tokens/self", nil)
	req.Header.Set("Fastly-Key", secretKey)
	resp, err := client.Do(req)
	require.NoError(t, err)
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.JSONEq(t, goodToken, string(got))
	assert.Empty(t, reported)

	// The server-side middleware replaces the bad response with a 500,
	// which the client-side transport rejects as undocumented.
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/tokens", nil)
	req.Header.Set("Fastly-Key", secretKey)
	_, err = client.Do(req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "500")
	require.Len(t, reported, 1)
	assert.Contains(t, reported[0].Error(), "list-tokens-user response 200")

	// A bad request is stopped before it is sent.
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/tokens", nil)
	_, err = client.Do(req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing Fastly-Key")

	// The middleware answers a bad request with 400 and reports it.
	resp, err = http.Get(srv.URL + "/tokens")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Len(t, reported, 2)
}

func TestErrorTextAndEdgeCases(t *testing.T) {
	e := &Error{Kind: "route", Reason: "nowhere"}
	assert.Equal(t, "contract: no operation route: nowhere", e.Error())
	e = &Error{Operation: "get-token", Kind: "response", Status: 418, Reason: "x"}
	assert.Equal(t, "contract: get-token response 418: x", e.Error())

	assert.Equal(t, "a", join("a", ""))
	assert.Equal(t, "b", join("", "b"))
	assert.Equal(t, "a: b", join("a", "b"))
	assert.Equal(t, "", inner(nil))
	assert.Equal(t, "x [REDACTED] y", scrub("x secret1 y", []string{"secret1", "", "abc"}))
	assert.Nil(t, responseSecrets([]byte(`{"access_token":12}`)))
	assert.Nil(t, responseSecrets([]byte(`{"access_token":"unterminated`)))
	assert.Nil(t, responseSecrets([]byte(`{}`)))

	// Basic credentials satisfy create-token's security; the values never
	// show in errors.
	v := validator(t)
	req := httptest.NewRequest(http.MethodPost, "https://api.fastly.com/tokens", strings.NewReader("expires_at=bad"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("someone", secretPassword)
	err := v.ValidateRequest(context.Background(), req)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), secretPassword)
	assert.Contains(t, err.Error(), "expires_at")

	// A body that cannot be read is reported.
	req = httptest.NewRequest(http.MethodDelete, "https://api.fastly.com/tokens", nil)
	req.Body = io.NopCloser(failingReader{})
	req.Header.Set("Fastly-Key", secretKey)
	err = v.ValidateRequest(context.Background(), req)
	assert.ErrorContains(t, err, "reading body")
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("broken pipe") }
