package facade

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// statusError turns a response with an unexpected status into an
// *APIError (a *RateLimitError for a 429).
func (c *Client) statusError(x exchange, raw *http.Response, text []byte, meta Response, b *body) error {
	e := &APIError{Operation: x.op, StatusCode: raw.StatusCode, TraceID: meta.TraceID, RateLimit: meta.RateLimit}
	if b != nil {
		e.Err = b.violation
	}
	// Secrets go before anything is cut or joined, so that no part of one
	// survives at a cut or across collapsed white space; then again, for
	// what unescaping HTML may have spelled out.
	text = []byte(x.secrets.String(string(text)))
	readErrorBody(e, raw.Header.Get("Content-Type"), text)
	e.Title, e.Detail, e.Code = x.secrets.String(e.Title), x.secrets.String(e.Detail), x.secrets.String(e.Code)
	if raw.StatusCode == http.StatusTooManyRequests {
		rle := &RateLimitError{APIError: e}
		if ra, err := wire.ReadRetryAfter(raw.Header); err == nil {
			rle.RetryAfter = ra.Wait(c.now())
		}
		return rle
	}
	return e
}

// readErrorBody fills Title, Detail and Code from any of Fastly's error
// shapes. The body is decoded here into gen's Error model rather than read
// from gen's parsed fields: gen matches error media types by exact
// Content-Type ("application/json; charset=utf-8" is none of them) and
// spreads one shape over a field per media type and status
// (TestGenErrorFieldsMissCharset shows it).
func readErrorBody(e *APIError, contentType string, text []byte) {
	trimmed := bytes.TrimSpace(text)
	if strings.Contains(contentType, "json") || (len(trimmed) > 0 && trimmed[0] == '{') {
		var body gen.Error
		if json.Unmarshal(trimmed, &body) == nil {
			e.Title = firstOf(body.Msg, body.Title)
			e.Detail = body.Detail
			e.Code = body.Code
			if len(body.Errors) > 0 {
				first := body.Errors[0]
				e.Title = firstOf(e.Title, first.Title)
				e.Detail = firstOf(e.Detail, first.Detail)
				e.Code = firstOf(e.Code, first.Code)
			}
			e.Title, e.Detail, e.Code = oneLine(e.Title, maxField), oneLine(e.Detail, maxField), oneLine(e.Code, maxCode)
			return
		}
	}
	e.Detail = excerpt(contentType, trimmed)
}

// Bounds of what is kept of a server's text.
const (
	maxField   = 500
	maxCode    = 64
	maxExcerpt = 160
)

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
		lower := asciiLower(s)
		if i := strings.Index(lower, "<title>"); i >= 0 {
			if j := strings.Index(lower[i:], "</title>"); j > 0 {
				s = s[i+len("<title>") : i+j]
			}
		} else {
			s = stripTags(s)
		}
		s = html.UnescapeString(s)
	}
	return oneLine(s, maxExcerpt)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
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

// oneLine collapses white space and control characters to single spaces,
// drops invalid UTF-8 and cuts s to at most n bytes on a rune boundary.
func oneLine(s string, n int) string {
	if len(s) <= n && printableWord(s) {
		return s // ids and trace ids: nothing to change
	}
	var b strings.Builder
	b.Grow(min(len(s), n+len("…")))
	space := false
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if b.Len()+utf8.RuneLen(r) > n {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// printableWord reports whether s is printable ASCII without spaces.
func printableWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// quoteShort quotes a server's short text (a content type) safely.
func quoteShort(s string) string {
	if s == "" {
		return "none"
	}
	return `"` + oneLine(s, maxCode) + `"`
}
