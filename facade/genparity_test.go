package facade

import (
	"context"
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
	"github.com/seed-14d8318b/fastlytokens/internal/form"
	"github.com/seed-14d8318b/fastlytokens/internal/genparse"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// These tests hold the facade's hand-written parts to gen: each shows the
// request gen would build is the one the facade builds, or shows gen's
// version failing where the facade does it by hand.

// TestGenFormLosesExpiryAndServices is why internal/form exists: gen's form
// marshalling drops expires_at, indexes services[] and writes a Secret as
// "[REDACTED]".
func TestGenFormLosesExpiryAndServices(t *testing.T) {
	expires := wire.Time{Time: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	create := gen.TokenCreateForm{Name: "ci", Services: []string{"S1", "S2"}, ExpiresAt: expires, Username: "me", Password: "hunter2"}
	genForm, err := runtime.MarshalForm(create, nil)
	require.NoError(t, err)
	assert.Empty(t, genForm.Get("expires_at"), "gen's form has no expires_at")
	assert.Empty(t, genForm["services[]"], "gen's form has no repeated services[] key")
	assert.Equal(t, "[REDACTED]", genForm.Get("password"), "gen's form prints the password's String")

	encoded, err := form.Encode(create)
	require.NoError(t, err)
	ours, err := url.ParseQuery(encoded)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"name": {"ci"}, "services[]": {"S1", "S2"}, "expires_at": {"2030-01-01T00:00:00Z"},
		"username": {"me"}, "password": {"hunter2"}}, ours)

	// The sudo form loses its expiry the same way.
	genSudo, err := runtime.MarshalForm(gen.RequestSudoAccessFormdataRequestBody{Username: "u", Password: "p", ExpiryTime: expires}, nil)
	require.NoError(t, err)
	assert.Equal(t, "u", genSudo.Get("username"))
	assert.Empty(t, genSudo.Get("expiry_time"), "gen's sudo form has no expiry_time")
	encoded, err = form.Encode(gen.SudoRequest{Username: "u", Password: "p", ExpiryTime: expires})
	require.NoError(t, err)
	assert.Equal(t, "expiry_time=2030-01-01T00%3A00%3A00Z&password=p&username=u", encoded)
}

// TestGenDecodesEveryErrorShape: the spec gives each error status one JSON
// media type, so gen decodes Fastly's three error shapes, with or without
// a charset, into Error, and the facade decodes none by hand.
func TestGenDecodesEveryErrorShape(t *testing.T) {
	for contentType, body := range map[string]string{
		"application/json; charset=utf-8": `{"msg":"Token not found"}`,
		"application/vnd.api+json":        `{"errors":[{"title":"Token not found"}]}`,
		"application/problem+json":        `{"title":"Token not found","status":404}`,
	} {
		resp := &http.Response{StatusCode: 404, Header: http.Header{"Content-Type": {contentType}},
			Body: io.NopCloser(strings.NewReader(body))}
		parsed, err := gen.ParseGetTokenResponse(resp)
		require.NoError(t, err)
		require.NotNil(t, parsed.JSON404, contentType)
		assert.Same(t, parsed.JSON404, genparse.ErrorModel[gen.Error](parsed), "genparse.ErrorModel finds it")
	}
}

// TestGenLeavesMislabelledBodies is why fetch decodes a 2xx body gen left:
// gen decodes only "json" media types, so a create answered as text/plain
// would lose its secret.
func TestGenLeavesMislabelledBodies(t *testing.T) {
	resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/plain"}},
		Body: io.NopCloser(strings.NewReader(createdJSON))}
	parsed, err := gen.ParseCreateTokenResponse(resp)
	require.NoError(t, err)
	assert.Nil(t, parsed.JSON200, "gen did not decode the token")

	f := newFake(t, respond(200, createdJSON, "Content-Type", "text/plain"))
	created, _, err := f.client(t).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
	require.NotNil(t, created, "the facade decodes it")
	assert.Equal(t, "ACCESS-tok_0123456789abcdefghijkl", created.AccessToken.Reveal())
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorContains(t, err, `the content type is "text/plain", not application/json`)
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
	assert.Equal(t, "ACCESS-tok_0123456789abcdefghijkl", parsed.JSON200.AccessToken.Reveal())
	assert.ErrorContains(t, parsed.Headers200.FastlyRatelimitRemaining.Err, "Fastly-RateLimit-Remaining")

	// A strict type, as the header types were, makes gen drop the body.
	var strict struct{ N int64 }
	bindErr := runtime.BindStyledParameterWithOptions("simple", "Fastly-RateLimit-Remaining", "lots", &strict.N,
		runtime.BindStyledParameterOptions{ParamLocation: runtime.ParamLocationHeader, Type: "integer", Format: "int64"})
	assert.Error(t, bindErr, "the binding gen runs fails on a strict type")
}
