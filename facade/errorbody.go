package facade

import (
	"bytes"
	"encoding/json"

	"net/http"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// statusError turns a response with an unexpected status into an
// *APIError (a *RateLimitError for a 429).
func (c *Client) statusError(x exchange, status int, contentType string, text []byte, meta Response, violation error, retryAfter wire.RetryAfter) error {
	e := &APIError{Operation: x.op, StatusCode: status, TraceID: meta.TraceID, RateLimit: meta.RateLimit, Err: violation}
	// Secrets go before anything is cut or joined, so that no part of one
	// survives at a cut or across collapsed white space; then again, for
	// what unescaping HTML may have spelled out.
	text = []byte(x.secrets.String(string(text)))
	readErrorBody(e, contentType, text)
	e.Title, e.Detail, e.Code = x.secrets.String(e.Title), x.secrets.String(e.Detail), x.secrets.String(e.Code)
	if status == http.StatusTooManyRequests {
		return &RateLimitError{APIError: e, RetryAfter: retryAfter.Wait(c.now())}
	}
	return e
}

// readErrorBody fills Title, Detail and Code from any of Fastly's error
// shapes. A substitute for gen's error fields, which match media types
// exactly and so miss "application/json; charset=utf-8", and spread one
// shape over a field per media type and status: TestGenErrorFieldsMissCharset.
func readErrorBody(e *APIError, contentType string, text []byte) {
	trimmed := bytes.TrimSpace(text)
	if strings.Contains(contentType, "json") || (len(trimmed) > 0 && trimmed[0] == '{') {
		var body gen.Error
		if json.Unmarshal(trimmed, &body) == nil {
			e.Title, e.Detail, e.Code = firstOf(body.Msg, body.Title), body.Detail, body.Code
			if len(body.Errors) > 0 {
				first := body.Errors[0]
				e.Title, e.Detail, e.Code = firstOf(e.Title, first.Title), firstOf(e.Detail, first.Detail), firstOf(e.Code, first.Code)
			}
			e.Title, e.Detail, e.Code = safetext.Line(e.Title, maxField), safetext.Line(e.Detail, maxField), safetext.Line(e.Code, maxCode)
			return
		}
	}
	e.Detail = safetext.Excerpt(contentType, trimmed, maxExcerpt)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

