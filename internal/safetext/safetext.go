// Package safetext is the module's one rule for text a server sent (or a
// user typed) before it reaches a terminal, a log line or an error: control
// characters (C0, DEL, C1), format characters (bidi overrides, zero-width
// joiners) and bytes that are not UTF-8 could forge or hide output. U+FFFD,
// the mark a decoder leaves for such bytes, is treated like them, so that
// text cannot pass for having been cleaned. It imports nothing of the
// module.
package safetext

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Unsafe reports whether r may not be shown as it is.
func Unsafe(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// Clean reports whether s is valid UTF-8 with no unsafe rune.
func Clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return strings.IndexFunc(s, Unsafe) < 0 // decodes invalid bytes as RuneError
		}
	}
	return true
}

// Escape spells out every unsafe rune and invalid byte (\x1b, \u202e,
// \xff), keeping the rest: for output where each character counts, such
// as a table cell.
func Escape(s string) string {
	if Clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && Unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

// Line makes s one line of at most n bytes: white space and unsafe runes
// collapse to single spaces, leading and trailing ones go, and a longer
// text is cut on a rune boundary with "…": for error messages and logs.
func Line(s string, n int) string {
	if len(s) <= n && Clean(s) && !strings.ContainsAny(s, " ") {
		return s // ids and codes: nothing to change
	}
	var b strings.Builder
	b.Grow(min(len(s), n+len("…")))
	space := false
	for _, r := range s {
		if Unsafe(r) || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		need := utf8.RuneLen(r)
		if space {
			need++
		}
		if b.Len()+need > n {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Excerpt is a short, readable quote of a body that is not JSON, such as a
// proxy's error page: the title of an HTML page, else its text without
// tags, as one Line of at most n bytes.
func Excerpt(contentType string, body []byte, n int) string {
	s := string(body)
	if strings.Contains(contentType, "html") || bytes.HasPrefix(body, []byte("<")) {
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
		s = htmlUnescape(s)
	}
	return Line(s, n)
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

// htmlUnescape spells out the entities error pages use; the html package's
// table of every entity would weigh about 70 KB in each binary that
// imports the facade.
var htmlUnescape = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&#34;", `"`, "&nbsp;", " ").Replace

// JSON spells out, as \uXXXX escapes, every unsafe rune left in JSON text
// that encoding/json wrote: it escapes C0 controls, but passes C1 controls
// (U+009B is a terminal's CSI) and format characters (U+202E reverses the
// text after it) through. Outside strings JSON has only ASCII, so every
// such rune is inside a string, where the escape means the same rune.
func JSON(b []byte) []byte {
	if Clean(string(b)) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r >= utf8.RuneSelf && Unsafe(r) && r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
		case r >= utf8.RuneSelf && Unsafe(r) && size > 1:
			out = fmt.Appendf(out, `\u%04x`, r)
		default: // ASCII, a safe rune, or a byte that is not UTF-8 (encoding/json writes none)
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
