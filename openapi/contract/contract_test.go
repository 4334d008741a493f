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
	assert.NoError(t, v.ValidateResponse(ctx, get("/tokens/self"), 200, h, []byte(strings.Replace(goodToken, `"name":"my_token"`, `"name":null`, 1))),
		"name may be null")
	assert.NoError(t, v.ValidateResponse(ctx, get("/tokens/self"), 200, h, []byte(strings.Replace(goodToken, `"scopes":["global:read","purge_all"]`, `"scopes":"global:read purge_all"`, 1))),
		"scopes may be one string")
}

// TestEveryErrorShapeIsAccepted feeds the error shapes Fastly answers with
// to every error status of an operation.
func TestEveryErrorShapeIsAccepted(t *testing.T) {
	v := validator(t)
	shapes := []struct{ contentType, body string }{
		{"application/json", `{"msg":"Provided credentials are missing or invalid"}`},
		{"application/json", `{"msg":"Bad request","detail":"Token revocation error"}`},
		{"application/json", `{"detail":"only a detail"}`},
		{"application/json; charset=utf-8", `{"code":"2fa.verify","msg":"Two-factor required"}`},
		{"application/json", `{"code":"invalid_grant"}`},
		{"application/vnd.api+json", `{"errors":[{"title":"Not found","detail":"Token lookup failed","code":"not_found","status":"404"}]}`},
		{"application/problem+json", `{"title":"Forbidden","detail":"Invalid token","status":403,"type":"https://example.com/probs/forbidden"}`},
		{"application/json", `{"title":"Bad request","detail":"x","status":400,"errors":[{"title":"a"}]}`},
		{"text/html", `<html><head><title>503 Service Unavailable</title></head></html>`},
		{"text/plain", `upstream connect error`},
		{"", ``},
		{"application/json", ``},
	}
	statuses := map[string][]int{
		"/tokens/5Yo3XXnrQpjc20u0ybrf2g": {400, 401, 403, 404, 429, 500, 502, 503},
		"/tokens/self":                   {400, 401, 403, 418, 429, 503},
	}
	for path, codes := range statuses {
		for _, code := range codes {
			for _, s := range shapes {
				req := httptest.NewRequest(http.MethodDelete, "https://api.fastly.com"+path, nil)
				h := http.Header{}
				if s.contentType != "" {
					h.Set("Content-Type", s.contentType)
				}
				assert.NoError(t, v.ValidateResponse(context.Background(), req, code, h, []byte(s.body)), "%s %d %s %s", path, code, s.contentType, s.body)
			}
		}
	}
}

func TestHeadersAreTyped(t *testing.T) {
	v := validator(t)
	ctx := context.Background()
	revoke := httptest.NewRequest(http.MethodDelete, "https://api.fastly.com/tokens/5Yo3XXnrQpjc20u0ybrf2g", nil)
	ok := http.Header{"Fastly-Ratelimit-Remaining": {"9985"}, "Fastly-Ratelimit-Reset": {"1610625600"}}
	assert.NoError(t, v.ValidateResponse(ctx, revoke, 204, ok, nil))
	for name, value := range map[string]string{"Fastly-RateLimit-Remaining": "-1", "Fastly-RateLimit-Reset": "soon"} {
		h := ok.Clone()
		h.Set(name, value)
		assert.ErrorContains(t, v.ValidateResponse(ctx, revoke, 204, h, nil), http.CanonicalHeaderKey(name))
	}
	limited := http.Header{"Content-Type": {"application/json"}, "Retry-After": {"120"}}
	assert.NoError(t, v.ValidateResponse(ctx, revoke, 429, limited, []byte(`{"msg":"Rate limit exceeded"}`)))
	limited.Set("Retry-After", "Thu, 14 Jan 2021 12:00:00 GMT")
	assert.NoError(t, v.ValidateResponse(ctx, revoke, 429, limited, []byte(`{"msg":"Rate limit exceeded"}`)))
	limited.Set("Retry-After", "in a while")
	assert.ErrorContains(t, v.ValidateResponse(ctx, revoke, 429, limited, []byte(`{"msg":"Rate limit exceeded"}`)), "Retry-After")
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
		"legacy timestamp":       {200, strings.Replace(goodToken, `"2021-01-14T11:25:39Z"`, `"2016-06-22 03:19:48 UTC"`, 1), "/created_at"},
		"timestamp without zone": {200, strings.Replace(goodToken, `"2021-01-14T11:25:39Z"`, `"2021-01-14T11:25:39"`, 1), "/created_at"},
		"empty id":               {200, strings.Replace(goodToken, `"id":"5Yo3XXnrQpjc20u0ybrf2g"`, `"id":""`, 1), "/id"},
		"null id":                {200, strings.Replace(goodToken, `"id":"5Yo3XXnrQpjc20u0ybrf2g"`, `"id":null`, 1), "/id"},
		"scopes of numbers":      {200, strings.Replace(goodToken, `"scopes":["global:read","purge_all"]`, `"scopes":[1]`, 1), "/scopes"},
		"JSON error body is not": {404, `{"msg":`, "not one JSON value"},
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
	err = v.ValidateRequest(context.Background(), get("/tokens/"+secretKey+"/x"))
	require.ErrorAs(t, err, &ce)
	assert.NotContains(t, err.Error(), secretKey, "a path segment that is not an id is not quoted")

	req := httptest.NewRequest(http.MethodPatch, "https://api.fastly.com/tokens/self", nil)
	err = v.ValidateRequest(context.Background(), req)
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "method not allowed")

	err = v.ValidateResponse(context.Background(), req, 200, nil, nil)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "route", ce.Kind)

	// /tokens/self must route to the current-token operation, not get-token.
	err = v.ValidateResponse(context.Background(), get("/tokens/self"), 200, http.Header{"Content-Type": {"application/json"}}, []byte(`{"msg":"x"}`))
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

	for _, id := range []string{"bad%20id", "a-b", "a_b", strings.Repeat("a", 65)} {
		assert.ErrorContains(t, v.ValidateRequest(ctx, get("/tokens/"+id)), `path parameter "token_id"`, id)
	}
	assert.NoError(t, v.ValidateRequest(ctx, get("/tokens/"+strings.Repeat("a", 64))))

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

// breaking answers /tokens/self as the spec says, and the other paths in
// ways that break it.
var breaking = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/tokens/self":
		_, _ = w.Write([]byte(goodToken))
	case "/tokens/5Yo3XXnrQpjc20u0ybrf2g":
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"msg":7}`)) // breaks the spec
	default:
		_, _ = w.Write([]byte(`[{"id":1}]`)) // breaks the spec
	}
})

// sendGet sends a GET through the validating transport of v, with the key
// or without, and reads the answer.
func sendGet(v *Validator, url string, key bool) (*http.Response, []byte, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if key {
		req.Header.Set("Fastly-Key", secretKey)
	}
	resp, err := (&http.Client{Transport: v.Transport(nil)}).Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func TestTransportAndMiddleware(t *testing.T) {
	v := validator(t)
	var reported []error
	srv := httptest.NewServer(v.Middleware(breaking, func(err error) { reported = append(reported, err) }))
	defer srv.Close()

	resp, got, err := sendGet(v, srv.URL+"/tokens/self", true)
	require.NoError(t, err)
	assert.JSONEq(t, goodToken, string(got))
	assert.NoError(t, Violation(resp))
	assert.Empty(t, reported)

	// The server-side middleware replaces a bad response with a 500 and
	// reports it; the client-side transport hands the 500 on as it came.
	resp, _, err = sendGet(v, srv.URL+"/tokens", true)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	require.Len(t, reported, 1)
	assert.Contains(t, reported[0].Error(), "list-tokens-user response 200")

	// A bad request is stopped before it is sent.
	_, _, err = sendGet(v, srv.URL+"/tokens", false)
	var refused *Error
	require.ErrorAs(t, err, &refused)
	assert.Contains(t, err.Error(), "missing Fastly-Key")
	assert.True(t, refused.Unsent(), "a refused request was never sent")

	// The middleware answers a bad request with 400 and reports it.
	resp, err = http.Get(srv.URL + "/tokens")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.Len(t, reported, 2)
	assert.Contains(t, reported[1].Error(), "missing Fastly-Key")
}

// TestTransportKeepsTheStatus: a response that breaks the spec keeps its
// status; the violation rides along for the caller.
func TestTransportKeepsTheStatus(t *testing.T) {
	v := validator(t)
	bare := httptest.NewServer(breaking)
	defer bare.Close()
	resp, body, err := sendGet(v, bare.URL+"/tokens/5Yo3XXnrQpjc20u0ybrf2g", true)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, `{"msg":7}`, string(body))
	var ce *Error
	require.ErrorAs(t, Violation(resp), &ce)
	assert.Equal(t, "get-token", ce.Operation)
	assert.False(t, ce.Unsent(), "a response's violation: the request was sent")
	assert.Nil(t, Violation(nil))
}

func TestTransportPassesBrokenBodiesOn(t *testing.T) {
	v := validator(t)
	next := roundTripper(func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"id":`), failingReader{})), Request: req}, nil
	})
	resp, err := v.Transport(next).RoundTrip(get("/tokens/self"))
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	assert.Equal(t, `{"id":`, string(body))
	assert.ErrorContains(t, err, "broken pipe", "the read error reaches the caller as it would without validation")
	require.NoError(t, resp.Body.Close())
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

func TestPathPrefixesAreMatched(t *testing.T) {
	v := validator(t)
	req := get("/fastly/proxy/tokens/5Yo3XXnrQpjc20u0ybrf2g")
	require.NoError(t, v.ValidateRequest(context.Background(), req), "a base URL with a path, as a proxy has")
	err := v.ValidateResponse(context.Background(), req, 200, http.Header{"Content-Type": {"application/json"}}, []byte(`{"id":5}`))
	var ce *Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "get-token", ce.Operation)
	assert.Error(t, v.ValidateRequest(context.Background(), get("/fastly/services")), "no spec path at the end either")
}

func TestTrailingDataIsAViolation(t *testing.T) {
	v := validator(t)
	h := http.Header{"Content-Type": {"application/json"}}
	for _, body := range []string{goodToken + " xx", goodToken + goodToken, "[] []"} {
		req := get("/tokens/self")
		if strings.HasPrefix(body, "[") {
			req = get("/tokens")
		}
		assert.ErrorContains(t, v.ValidateResponse(context.Background(), req, 200, h, []byte(body)), "not one JSON value", body)
	}
	assert.NoError(t, v.ValidateResponse(context.Background(), get("/tokens/self"), 200, h, []byte(goodToken+"\n")))
}
