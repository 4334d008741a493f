package facade

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oapi-codegen/runtime"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// These tests hold the facade's hand-written parts to gen: each shows the
// request gen would build is the one the facade builds, or shows gen's
// version failing where the facade does it by hand.

// TestGenFormLosesExpiryAndServices is why CreateTokenInput.form exists:
// gen's form marshalling drops expires_at and indexes services[].
func TestGenFormLosesExpiryAndServices(t *testing.T) {
	name := "ci"
	expires := wire.Time{Time: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	genForm, err := runtime.MarshalForm(gen.TokenCreateForm{Name: name, Services: []string{"S1", "S2"}, ExpiresAt: expires}, nil)
	require.NoError(t, err)
	assert.Empty(t, genForm.Get("expires_at"), "gen's form has no expires_at")
	assert.Empty(t, genForm["services[]"], "gen's form has no repeated services[] key")

	ours, err := CreateTokenInput{Name: name, Services: []string{"S1", "S2"}, ExpiresAt: expires.Time}.form()
	require.NoError(t, err)
	assert.Equal(t, url.Values{"name": {"ci"}, "services[]": {"S1", "S2"}, "expires_at": {"2030-01-01T00:00:00Z"}}, ours)

	// The sudo form loses its expiry the same way; Sudo writes its own.
	genSudo, err := runtime.MarshalForm(gen.RequestSudoAccessFormdataRequestBody{Username: "u", Password: "p", ExpiryTime: expires}, nil)
	require.NoError(t, err)
	assert.Equal(t, "u", genSudo.Get("username"))
	assert.Empty(t, genSudo.Get("expiry_time"), "gen's sudo form has no expiry_time")
}

// TestGenErrorFieldsMissCharset is why error bodies are decoded by the
// facade: gen matches error media types by the exact Content-Type, so an
// error sent as "application/json; charset=utf-8" fills none of its fields.
func TestGenErrorFieldsMissCharset(t *testing.T) {
	resp := &http.Response{StatusCode: 404, Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		Body: io.NopCloser(strings.NewReader(`{"msg":"Token not found"}`))}
	parsed, err := gen.ParseGetTokenResponse(resp)
	require.NoError(t, err)
	assert.Nil(t, parsed.JSON404, "gen did not read the error")
	assert.Nil(t, parsed.JSONDefault)

	var e APIError
	readErrorBody(&e, resp.Header.Get("Content-Type"), parsed.Body)
	assert.Equal(t, "Token not found", e.Title)
}

// TestGenDropsMislabelledSuccess is why the doer relabels a 200 that is
// not application/json: gen decodes only "json" media types, so a create
// answered as text/plain would lose its secret.
func TestGenDropsMislabelledSuccess(t *testing.T) {
	resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/plain"}},
		Body: io.NopCloser(strings.NewReader(createdJSON))}
	parsed, err := gen.ParseCreateTokenResponse(resp)
	require.NoError(t, err)
	assert.Nil(t, parsed.JSON200, "gen did not decode the token")
}

// TestGenLosesBodyToBadHeader is why the wire header types bind
// leniently: gen binds headers after decoding the body, and a binding
// error loses the response, secret and all. With the lenient types, the
// body is kept and the header's error rides in the value.
func TestGenLosesBodyToBadHeader(t *testing.T) {
	resp := func() *http.Response {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}, "Fastly-Ratelimit-Remaining": {"lots"}},
			Body: io.NopCloser(strings.NewReader(createdJSON))}
	}
	parsed, err := gen.ParseCreateTokenResponse(resp())
	require.NoError(t, err)
	require.NotNil(t, parsed.JSON200)
	assert.Equal(t, "ACCESS-tok_0123456789abcdefghijkl", parsed.JSON200.AccessToken)
	assert.ErrorContains(t, parsed.Headers200.FastlyRatelimitRemaining.Err, "Fastly-RateLimit-Remaining")

	// A strict type, as the header types were, makes gen drop the body.
	var strict struct{ N int64 }
	bindErr := runtime.BindStyledParameterWithOptions("simple", "Fastly-RateLimit-Remaining", "lots", &strict.N,
		runtime.BindStyledParameterOptions{ParamLocation: runtime.ParamLocationHeader, Type: "integer", Format: "int64"})
	assert.Error(t, bindErr, "the binding gen runs fails on a strict type")
}
