// Package scrub removes secrets from text: the one scrubber of the module,
// used by the facade for its errors and logs and by the validator for its
// reasons (the command-line tool prints the facade's errors).
//
// A secret can come back from a server, or out of a transport error, in
// any of the encodings it was sent in, so each is searched for: as it is,
// URL form-encoded ("p%40ss+w0rd"), URL path-escaped, as the inside of a
// JSON string, and in base64 (an HTTP basic credential). A secret shorter
// than MinSubstring is replaced only where it stands as a whole word, so a
// short password never cuts words ("Invalid username or [REDACTED]assword").
package scrub

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"sort"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Marker is what stands in for a secret, in scrubbed text and wherever a
// Secret is printed.
const Marker = wire.Redacted

// MinSubstring is the shortest secret that is replaced inside words too.
const MinSubstring = 8

// Scrubber holds the secrets of one call in every encoding. The zero value
// and nil scrub nothing. It is safe for concurrent use once built.
type Scrubber struct {
	long  []string // replaced wherever they appear, longest first
	short []string // replaced only as whole words
}

// New builds a Scrubber for secrets; empty ones are ignored.
func New(secrets ...string) *Scrubber {
	s := &Scrubber{}
	seen := map[string]bool{}
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		for _, v := range encodings(secret) {
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true
			if len(v) >= MinSubstring {
				s.long = append(s.long, v)
			} else {
				s.short = append(s.short, v)
			}
		}
	}
	// Longest first, so that a secret's encoding that contains another
	// secret is replaced whole.
	sort.Slice(s.long, func(i, j int) bool { return len(s.long[i]) > len(s.long[j]) })
	sort.Slice(s.short, func(i, j int) bool { return len(s.short[i]) > len(s.short[j]) })
	return s
}

// encodings lists the forms secret may travel in.
func encodings(secret string) []string {
	out := []string{secret, url.QueryEscape(secret), url.PathEscape(secret), jsonInner(secret)}
	if len(secret) >= MinSubstring {
		out = append(out, base64.StdEncoding.EncodeToString([]byte(secret)),
			base64.RawURLEncoding.EncodeToString([]byte(secret)))
	}
	return out
}

// jsonInner is secret as it appears inside a JSON string, escapes and all.
func jsonInner(secret string) string {
	b, err := json.Marshal(secret)
	if err != nil || len(b) < 2 {
		return secret
	}
	return string(b[1 : len(b)-1])
}

// String removes every secret from text.
func (s *Scrubber) String(text string) string {
	if s == nil {
		return text
	}
	for _, v := range s.long {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, Marker)
		}
	}
	for _, v := range s.short {
		text = replaceWords(text, v)
	}
	return text
}

// Empty reports whether there is nothing to scrub.
func (s *Scrubber) Empty() bool { return s == nil || len(s.long)+len(s.short) == 0 }

// Contains reports whether text holds any of the secrets, as String would
// find them.
func (s *Scrubber) Contains(text string) bool { return s.String(text) != text }

// replaceWords replaces v where it is not inside a word: the characters on
// either side are not letters or digits.
func replaceWords(text, v string) string {
	var b strings.Builder
	rest := text
	for {
		i := strings.Index(rest, v)
		if i < 0 {
			break
		}
		end := i + len(v)
		whole := (i == 0 || !isWordByte(rest[i-1])) && (end == len(rest) || !isWordByte(rest[end]))
		if b.Len() == 0 && b.Cap() == 0 {
			b.Grow(len(text))
		}
		if whole {
			b.WriteString(rest[:i])
			b.WriteString(Marker)
		} else {
			b.WriteString(rest[:end])
		}
		rest = rest[end:]
	}
	if b.Cap() == 0 {
		return text
	}
	b.WriteString(rest)
	return b.String()
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}
