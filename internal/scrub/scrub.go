// Package scrub removes secrets from text: the one scrubber of the module,
// used by the facade for its errors and logs and by the validator for its
// reasons (the command-line tool prints the facade's errors).
//
// A secret can come back from a server, or out of a transport error, in
// any encoding: escaped character by character (percent-encoding in either
// case, a form's "+" for a space, JSON's \u escapes, HTML's entities, or a
// mix of them), or encoded whole (hex, base64). Text is read through a
// decoder of every character escape at once, the secrets are found in what
// it reads, and the text they came from is replaced; the whole encodings
// are looked for as they are. A secret shorter than MinSubstring is
// replaced only where it stands as a whole word, so a short password never
// cuts words ("Invalid username or [REDACTED]assword").
package scrub

import (
	"encoding/base64"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Marker is what stands in for a secret, in scrubbed text and wherever a
// Secret is printed.
const Marker = wire.Redacted

// MinSubstring is the shortest secret that is replaced inside words too.
const MinSubstring = 8

// Scrubber holds the secrets of one call, each as the plain text a decoded
// answer shows it in and in its whole encodings. The zero value and nil
// scrub nothing. It is safe for concurrent use once built.
type Scrubber struct {
	needles []string // longest first, so that a secret containing another is replaced whole
}

// New builds a Scrubber for secrets; empty ones are ignored.
func New(secrets ...string) *Scrubber {
	s := &Scrubber{}
	seen := map[string]bool{}
	for _, secret := range secrets {
		for _, v := range forms(secret) {
			if v != "" && !seen[v] {
				seen[v] = true
				s.needles = append(s.needles, v)
			}
		}
	}
	sort.SliceStable(s.needles, func(i, j int) bool { return len(s.needles[i]) > len(s.needles[j]) })
	return s
}

// forms are what a secret looks like once the text around it is decoded:
// itself, its spaces as a form's "+", and its whole encodings (hex in
// either case, base64 in four alphabets), which no character decoder
// undoes.
func forms(secret string) []string {
	if secret == "" {
		return nil
	}
	b := []byte(secret)
	return []string{secret, strings.ReplaceAll(secret, " ", "+"),
		hex.EncodeToString(b), strings.ToUpper(hex.EncodeToString(b)),
		base64.StdEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b),
		base64.URLEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b)}
}

// Empty reports whether there is nothing to scrub.
func (s *Scrubber) Empty() bool { return s == nil || len(s.needles) == 0 }

// Contains reports whether text holds any of the secrets, as String would
// find them.
func (s *Scrubber) Contains(text string) bool { return s.String(text) != text }

// String removes every secret from text, in whatever encoding it is.
func (s *Scrubber) String(text string) string {
	if s.Empty() || text == "" {
		return text
	}
	var spans []span
	for _, d := range stages(text) {
		spans = append(spans, s.find(d, false)...)
	}
	return redact(text, spans)
}

// Cut removes every secret from text that was cut off at its end before it
// came here (a bounded read): besides what String removes, a secret's
// beginning left at the cut goes too, so that no part of one survives.
func (s *Scrubber) Cut(text string) string {
	if s.Empty() || text == "" {
		return text
	}
	body := strings.TrimSuffix(text, halfEscape(text)) // an escape the cut split: "%4", "\u00", "&#10"
	var spans []span
	for _, d := range stages(body) {
		spans = append(spans, s.find(d, true)...)
	}
	for i := range spans {
		if spans[i].end == len(body) {
			spans[i].end = len(text)
		}
	}
	return redact(text, spans)
}

// halfEscape is the escape text ends in the middle of, or "".
func halfEscape(text string) string {
	for n := min(len(text), 11); n > 0; n-- {
		tail := text[len(text)-n:]
		switch {
		case tail[0] == '%' && n < 3,
			tail[0] == '\\' && (n == 1 || tail[1] == 'u' && n < 6),
			tail[0] == '&' && !strings.Contains(tail, ";"):
			return tail
		}
	}
	return ""
}

// span is a stretch of the original text, [start, end).
type span struct{ start, end int }

// find is the stretches of the original text that the decoded text's
// secrets came from; with atCut, also a secret's beginning that ends the
// text, four bytes of it or more (fewer would strike ordinary endings
// too).
func (s *Scrubber) find(d decoded, atCut bool) []span {
	var found []span
	for _, needle := range s.needles {
		for from := 0; from < len(d.text); {
			i := strings.Index(d.text[from:], needle)
			if i < 0 {
				break
			}
			i += from
			end := i + len(needle)
			if len(needle) >= MinSubstring || wholeWord(d.text, i, end) {
				found = append(found, d.origin(i, end))
			}
			from = i + 1
		}
		if atCut {
			for n := len(needle) - 1; n >= 4; n-- {
				if strings.HasSuffix(d.text, needle[:n]) {
					found = append(found, d.origin(len(d.text)-n, len(d.text)))
					break
				}
			}
		}
	}
	return found
}

// wholeWord reports whether text[i:end] has no letter or digit on either
// side.
func wholeWord(text string, i, end int) bool {
	return (i == 0 || !isWordByte(text[i-1])) && (end == len(text) || !isWordByte(text[end]))
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// redact replaces each stretch of text (merged where they overlap or
// touch) with Marker.
func redact(text string, spans []span) string {
	if len(spans) == 0 {
		return text
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	at := 0
	for k := 0; k < len(spans); {
		start, end := spans[k].start, spans[k].end
		for k++; k < len(spans) && spans[k].start <= end; k++ {
			end = max(end, spans[k].end)
		}
		b.WriteString(text[at:start])
		b.WriteString(Marker)
		at = end
	}
	b.WriteString(text[at:])
	return b.String()
}
