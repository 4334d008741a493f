package facade

import (
	"bytes"
	"context"
	"encoding/json"
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

// recorder is a gen.HttpRequestDoer that keeps the request.
type recorder struct{ req *http.Request }

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.req = req
	return &http.Response{StatusCode: 204, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

func TestRequestsMatchGen(t *testing.T) {
	for _, base := range []string{"https://api.fastly.com/", "https://proxy.example/fastly/"} {
		genDoer, fastDoer := &recorder{}, &recorder{}
		editor := gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("Fastly-Key", testKey)
			return nil
		})
		genClient, err := gen.NewClient(base, gen.WithHTTPClient(genDoer), editor)
		require.NoError(t, err)
		fastClient, err := gen.NewClient(base, gen.WithHTTPClient(fastDoer), editor)
		require.NoError(t, err)
		fast := &requests{Client: fastClient, base: fastClient.Server}
		otp := "123456"
		body := "name=ci&services%5B%5D=S1"
		calls := map[string]func(gen.ClientInterface) error{
			"list-tokens-user": func(c gen.ClientInterface) error { _, err := c.ListTokensUser(context.Background()); return err },
			"get-token": func(c gen.ClientInterface) error {
				_, err := c.GetToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
				return err
			},
			"revoke-token": func(c gen.ClientInterface) error {
				_, err := c.RevokeToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
				return err
			},
			"create-token": func(c gen.ClientInterface) error {
				_, err := c.CreateTokenWithBody(context.Background(), &gen.CreateTokenParams{FastlyOTP: &otp}, formMediaType, strings.NewReader(body))
				return err
			},
			"create-token without OTP": func(c gen.ClientInterface) error {
				_, err := c.CreateTokenWithBody(context.Background(), nil, formMediaType, strings.NewReader(body))
				return err
			},
		}
		for name, call := range calls {
			require.NoError(t, call(genClient), name)
			require.NoError(t, call(fast), name)
			g, f := genDoer.req, fastDoer.req
			assert.Equal(t, g.Method, f.Method, name)
			assert.Equal(t, g.URL.String(), f.URL.String(), "%s on %s", name, base)
			assert.Equal(t, g.Host, f.Host, name)
			assert.Equal(t, g.Header, f.Header, name)
			assert.Equal(t, g.ContentLength, f.ContentLength, name)
			assert.Equal(t, readAll(t, g.Body), readAll(t, f.Body), name)
		}
	}
}

func readAll(t *testing.T, r io.Reader) string {
	if r == nil {
		return ""
	}
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

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

// BenchmarkRequestBuilders measures gen's request builder beside the
// facade's for one revoke.
func BenchmarkRequestBuilders(b *testing.B) {
	b.Run("gen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			req, err := gen.NewRevokeTokenRequest("https://api.fastly.com/", "5Yo3XXnrQpjc20u0ybrf2g")
			if err != nil {
				b.Fatal(err)
			}
			_ = req.WithContext(context.Background())
		}
	})
	b.Run("facade", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := http.NewRequestWithContext(context.Background(), http.MethodDelete, "https://api.fastly.com/"+"tokens/"+"5Yo3XXnrQpjc20u0ybrf2g", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParseNoContent measures gen's parse of a revoke's 204 beside
// the facade's.
func BenchmarkParseNoContent(b *testing.B) {
	header := http.Header{"Fastly-Ratelimit-Remaining": {"999"}, "Fastly-Ratelimit-Reset": {"1700000000"}}
	resp := func() *http.Response {
		return &http.Response{StatusCode: 204, Header: header, Body: http.NoBody}
	}
	b.Run("gen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := gen.ParseRevokeTokenResponse(resp()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("facade", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseNoContent(resp()); err != nil {
				b.Fatal(err)
			}
			if _, err := wire.ReadRateLimit(header); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestParseTokenListMatchesGen holds the facade's list parser to gen's:
// the same tokens, the same error body, and on a 200 an error where gen
// has one. A broken error body is kept, where gen fails on it.
func TestParseTokenListMatchesGen(t *testing.T) {
	list := listJSON(3)
	cases := map[string]struct {
		status      int
		contentType string
		body        string
		length      int64 // Content-Length; -1 unknown
	}{
		"list":                   {200, "application/json", list, int64(len(list))},
		"list, length unknown":   {200, "application/json", list, -1},
		"list, length too short": {200, "application/json", list, 10},
		"list with charset":      {200, "application/json; charset=utf-8", list, int64(len(list))},
		"empty list":             {200, "application/json", "[]", 2},
		"null":                   {200, "application/json", "null", 4},
		"not json":               {200, "text/html", "<html></html>", 13},
		"broken json":            {200, "application/json", `[{"id":`, 7},
		"trailing data":          {200, "application/json", "[] []", 5},
		"an object":              {200, "application/json", `{"id":"x"}`, 10},
		"error":                  {404, "application/json", `{"msg":"Not found"}`, 19},
		"error, length unknown":  {500, "text/plain", "oops", -1},
		"bigger than the pool":   {200, "application/json", listJSON(25000), int64(len(listJSON(25000)))},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resp := func() *http.Response {
				return &http.Response{StatusCode: tc.status, Header: http.Header{"Content-Type": {tc.contentType}},
					Body: io.NopCloser(strings.NewReader(tc.body)), ContentLength: tc.length}
			}
			want, wantErr := gen.ParseListTokensUserResponse(resp())
			got, err := parseTokenList(resp())
			if tc.status != 200 {
				require.NoError(t, err)
				assert.Equal(t, []byte(tc.body), got.GetBody(), "the error's body, whole")
				assert.Nil(t, got.JSON200)
				return
			}
			if wantErr != nil {
				require.Error(t, err, "gen: %v", wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want.JSON200, got.JSON200)
			assert.Equal(t, tc.status, got.StatusCode())
		})
	}
	// Buffers go back to the pool: what one parse returned stays as it was
	// after later parses reuse its buffer.
	parse := func(body string) *gen.TokenList {
		got, err := parseTokenList(&http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))})
		require.NoError(t, err)
		return got.JSON200
	}
	first := parse(list)
	var want gen.TokenList
	require.NoError(t, json.Unmarshal([]byte(list), &want))
	for range 3 {
		parse(strings.ReplaceAll(list, "tok", "TOK"))
	}
	assert.Equal(t, &want, first)
}

// BenchmarkParseTokenList measures gen's parse of a list of 1000 tokens
// beside the facade's.
func BenchmarkParseTokenList(b *testing.B) {
	body := []byte(listJSON(1000))
	resp := func() *http.Response {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
	}
	b.Run("gen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := gen.ParseListTokensUserResponse(resp()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("facade", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseTokenList(resp()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
