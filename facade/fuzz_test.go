package facade

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// fuzzTransport answers every request with the fuzzed status, content
// type and body, in-process.
type fuzzTransport struct {
	status      int
	contentType string
	body        []byte
}

func (f fuzzTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: f.status, Header: http.Header{"Content-Type": {f.contentType}},
		Body: io.NopCloser(bytes.NewReader(f.body)), Request: req}, nil
}

func fuzzClient(t *testing.T, tr fuzzTransport) *Client {
	c, err := New(WithToken(testKey), WithRetry(RetryPolicy{MaxAttempts: 1}), WithTransport(tr))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkTyped fails unless err is nil or one of the client's typed errors,
// and unless its text is free of the API key and of control characters a
// terminal would obey.
func checkTyped(t *testing.T, err error) {
	if err == nil {
		return
	}
	var apiErr *APIError
	var decErr *DecodeError
	if !errors.As(err, &apiErr) && !errors.As(err, &decErr) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
	if strings.Contains(err.Error(), testKey) {
		t.Fatalf("error leaks the key: %v", err)
	}
	if apiErr != nil {
		for _, field := range []string{apiErr.Title, apiErr.Detail, apiErr.Code} {
			if i := strings.IndexFunc(field, unicode.IsControl); i >= 0 {
				t.Fatalf("server text keeps a control character: %q", field)
			}
		}
	}
}

// FuzzDecodeResponse feeds arbitrary 200 bodies to every decoding path:
// each gives a token with an id or a typed error, never a panic.
func FuzzDecodeResponse(f *testing.F) {
	f.Add([]byte(tokenJSON))
	f.Add([]byte("[" + tokenJSON + "]"))
	f.Add([]byte(createdJSON))
	f.Add([]byte(`{"id":"a","created_at":"2016-06-22 03:19:48 UTC","expires_at":null,"scope":"global:read  purge_all"}`))
	f.Add([]byte(`{"id":"a","created_at":"2020-06-22T03:19:48.000Z","scopes":"x y","extra":{"a":[1,{}]}}`))
	f.Add([]byte(`{"id":1}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, fuzzTransport{status: 200, contentType: "application/json", body: body})
		ctx := context.Background()
		tok, _, err := c.GetToken(ctx, "abc")
		checkTyped(t, err)
		if err == nil && tok.ID == "" {
			t.Fatal("a token without an id")
		}
		tokens, _, err := c.ListTokens(ctx)
		checkTyped(t, err)
		for _, tok := range tokens {
			if tok.ID == "" {
				t.Fatal("a listed token without an id")
			}
		}
		created, _, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n"}})
		checkTyped(t, err)
		if err == nil && (created.ID == "" || created.AccessToken == "") {
			t.Fatal("a created token that proves nothing")
		}
	})
}

// FuzzErrorBody feeds arbitrary error responses: the status always
// survives, as an *APIError whose text is one line of bounded length.
func FuzzErrorBody(f *testing.F) {
	f.Add(404, "application/json", []byte(`{"msg":"Token not found"}`))
	f.Add(400, "application/json", []byte(`{"code":"2fa.verify","msg":"x","detail":"y"}`))
	f.Add(403, "application/vnd.api+json", []byte(`{"errors":[{"title":"a","detail":"b","code":"c"}]}`))
	f.Add(401, "application/problem+json", []byte(`{"title":"a","status":401}`))
	f.Add(502, "text/html", []byte("<html><title>502 Bad Gateway</title></html>"))
	f.Add(500, "text/plain", []byte("\x1b[2J\x1b]0;title\x07oops"))
	f.Add(422, "", []byte(``))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		if status < 300 || status > 599 {
			return
		}
		c := fuzzClient(t, fuzzTransport{status: status, contentType: contentType, body: body})
		_, _, err := c.GetToken(context.Background(), "abc")
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d: %T %v", status, err, err)
		}
		if apiErr.StatusCode != status {
			t.Fatalf("status %d became %d", status, apiErr.StatusCode)
		}
		checkTyped(t, err)
		if len(apiErr.Title) > maxField+3 || len(apiErr.Detail) > maxField+3 || len(apiErr.Code) > maxCode+3 {
			t.Fatalf("unbounded server text: %d %d %d", len(apiErr.Title), len(apiErr.Detail), len(apiErr.Code))
		}
	})
}
