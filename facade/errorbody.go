package facade

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// statusError turns a response with an unexpected status into an
// *APIError (a *RateLimitError for a 429).
func (c *Client) statusError(x exchange, raw *http.Response, text []byte, meta Response, violation error, retryAfter wire.RetryAfter) error {
	e := &APIError{Operation: x.op, StatusCode: raw.StatusCode, TraceID: meta.TraceID, RateLimit: meta.RateLimit, Err: violation}
	// Secrets go before anything is cut or joined, so that no part of one
	// survives at a cut or across collapsed white space; then again, for
	// what unescaping HTML may have spelled out.
	text = []byte(x.secrets.String(string(text)))
	readErrorBody(e, raw.Header.Get("Content-Type"), text)
	e.Title, e.Detail, e.Code = x.secrets.String(e.Title), x.secrets.String(e.Detail), x.secrets.String(e.Code)
	if raw.StatusCode == http.StatusTooManyRequests {
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
	e.Detail = excerpt(contentType, trimmed)
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// excerpt is a short, readable quote of a body that is not JSON: the title
// of an HTML page, else its first text.
func excerpt(contentType string, text []byte) string {
	s := string(text)
	if strings.Contains(contentType, "html") || bytes.HasPrefix(text, []byte("<")) {
		// Lower-case ASCII only: every byte stays where it was, so the
		// offsets found in lower are offsets in s.
		lower := []byte(s)
		for i, c := range lower {
			if 'A' <= c && c <= 'Z' {
				lower[i] = c + 'a' - 'A'
			}
		}
		if i := bytes.Index(lower, []byte("<title>")); i >= 0 {
			if j := bytes.Index(lower[i:], []byte("</title>")); j > 0 {
				s = s[i+len("<title>") : i+j]
			}
		} else {
			s = stripTags(s)
		}
		s = html.UnescapeString(s)
	}
	return safetext.Line(s, maxExcerpt)
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}
