package facade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// fuzzTransport answers every request with the fuzzed status and body.
type fuzzTransport struct {
	status int
	body   []byte
}

func (f fuzzTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: f.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(f.body)), Request: req}, nil
}

func fuzzClient(t *testing.T, status int, body []byte) *Client {
	c, err := New(WithToken(testKey), WithRetry(RetryPolicy{MaxAttempts: 1}),
		WithHTTPClient(&http.Client{Transport: fuzzTransport{status: status, body: body}}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkTyped fails unless err is nil or one of the client's typed errors,
// and unless its text is free of the API key.
func checkTyped(t *testing.T, err error) {
	if err == nil {
		return
	}
	var apiErr *APIError
	var rlErr *RateLimitError
	var decErr *DecodeError
	if !errors.As(err, &apiErr) && !errors.As(err, &rlErr) && !errors.As(err, &decErr) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Fatalf("error leaks the key: %v", err)
	}
}

// FuzzDecodeResponse feeds arbitrary 200 bodies to every decoding path:
// each gives a token or a typed error, never a panic.
func FuzzDecodeResponse(f *testing.F) {
	f.Add([]byte(tokenJSON))
	f.Add([]byte("[" + tokenJSON + "]"))
	f.Add([]byte(`{"id":"a","created_at":"2016-06-22 03:19:48 UTC","expires_at":null,"scope":"global:read  purge_all"}`))
	f.Add([]byte(`{"id":"a","created_at":"2020-06-22T03:19:48.000Z","scopes":["x"],"extra":{"a":[1,{}]}}`))
	f.Add([]byte(`{"id":1}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, body)
		ctx := context.Background()
		tok, err := c.CurrentToken(ctx)
		checkTyped(t, err)
		if err == nil && tok.ID == "" {
			t.Fatal("a token without an id was accepted")
		}
		_, err = c.ListTokens(ctx)
		checkTyped(t, err)
		created, err := c.CreateToken(ctx, CreateTokenInput{Name: "x"})
		checkTyped(t, err)
		if err == nil && len(created.AccessToken.Reveal()) >= 12 {
			s := created.AccessToken
			if strings.Contains(fmt.Sprintf("%v %+v %#v %s %q %x", s, s, s, s, s, s), s.Reveal()) {
				t.Fatal("the access token printed")
			}
		}
	})
}

// FuzzErrorBody feeds arbitrary error statuses and bodies (including ones
// that echo the key) to error parsing.
func FuzzErrorBody(f *testing.F) {
	f.Add(400, []byte(`{"code":"2fa.verify","msg":"x"}`))
	f.Add(401, []byte(`{"msg":"Provided credentials are missing or invalid"}`))
	f.Add(404, []byte(`{"msg":"Token lookup failed."}`))
	f.Add(422, []byte(`{"msg":"bad","detail":"expires_at"}`))
	f.Add(429, []byte(`{"msg":"slow"}`))
	f.Add(500, []byte(`<html><body>oops</body></html>`))
	f.Add(403, []byte(`{"msg":"`+testKey+`"}`))
	f.Add(418, []byte(`{"msg":["not","a","string"]}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 300 || status > 599 {
			return
		}
		_, err := fuzzClient(t, status, body).RevokeToken(context.Background(), "abc")
		if err == nil {
			t.Fatalf("status %d gave no error", status)
		}
		checkTyped(t, err)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode != status {
			t.Fatalf("status %d reported as %d", status, apiErr.StatusCode)
		}
	})
}
