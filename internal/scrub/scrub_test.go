package scrub

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEveryEncodingIsScrubbed(t *testing.T) {
	const password = `p@ss w0rd&=!"<x>`
	s := New(password)
	jsonInner := func(v string) string { b, _ := json.Marshal(v); return string(b[1 : len(b)-1]) }
	for name, form := range map[string]string{
		"raw":       password,
		"form":      url.QueryEscape(password),
		"path":      url.PathEscape(password),
		"json":      jsonInner(password),
		"base64":    base64.StdEncoding.EncodeToString([]byte(password)),
		"base64url": base64.RawURLEncoding.EncodeToString([]byte(password)),
	} {
		got := s.String("server said: " + form + " (echo)")
		assert.Equal(t, "server said: "+Marker+" (echo)", got, name)
		assert.True(t, s.Contains("x"+form), name)
	}
	assert.Equal(t, "nothing here", s.String("nothing here"))
}

func TestShortSecretsNeverCutWords(t *testing.T) {
	s := New("pass", "123456")
	assert.Equal(t, "Invalid username or password", s.String("Invalid username or password"))
	assert.Equal(t, "the password was "+Marker+".", s.String("the password was pass."))
	assert.Equal(t, "otp "+Marker+", code 91234567", s.String("otp 123456, code 91234567"))
	assert.Equal(t, Marker, s.String("pass"))
	// A long secret is replaced wherever it is, inside words too.
	long := New("abcdefgh12")
	assert.Equal(t, "x"+Marker+"y", long.String("xabcdefgh12y"))
}

func TestNilAndEmpty(t *testing.T) {
	var s *Scrubber
	assert.Equal(t, "text", s.String("text"))
	assert.True(t, s.Empty())
	assert.True(t, New("", "").Empty())
	assert.False(t, New("x").Empty())
}

func TestOverlappingSecretsAreReplacedWhole(t *testing.T) {
	s := New("secret-key-12345", "secret-key-1234567890")
	got := s.String("a secret-key-1234567890 b")
	assert.Equal(t, "a "+Marker+" b", got)
	assert.False(t, strings.Contains(got, "90"))
}

// TestEscapedCharacterByCharacter: however a server escapes a secret's
// characters, one by one or in a mix, the secret is found and the whole
// escaped stretch goes.
func TestEscapedCharacterByCharacter(t *testing.T) {
	const password = "hunter2-Pässwörd&<x>"
	percentAll := func(s string, format string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			fmt.Fprintf(&b, format, c)
		}
		return b.String()
	}
	jsonAll := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		return b.String()
	}
	htmlAll := func(s string, format string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, format, r)
		}
		return b.String()
	}
	s := New(password)
	for name, form := range map[string]string{
		"percent, upper case":  percentAll(password, "%%%02X"),
		"percent, lower case":  percentAll(password, "%%%02x"),
		"JSON \\u, every rune": jsonAll(password),
		"JSON, non-ASCII only": strings.NewReplacer("ä", `\u00e4`, "ö", `\u00f6`).Replace(password),
		"HTML decimal":         htmlAll(password, "&#%d;"),
		"HTML hex":             htmlAll(password, "&#x%x;"),
		"HTML named":           html.EscapeString(password),
		"HTML inside JSON":     `{"msg":"` + strings.ReplaceAll(html.EscapeString(password), "&", `\u0026`) + `"}`,
		"a mix":                "hunter2%2DP%C3%A4ssw\\u00f6rd&amp;&#60;x%3e",
		"percent of a percent": strings.ReplaceAll(url.QueryEscape(password), "%", "%25"),
		"hex":                  hex.EncodeToString([]byte(password)),
		"hex, upper case":      strings.ToUpper(hex.EncodeToString([]byte(password))),
		"base64, raw":          base64.RawStdEncoding.EncodeToString([]byte(password)),
		"base64 URL, padded":   base64.URLEncoding.EncodeToString([]byte(password)),
	} {
		got := s.String("said: " + form + " (echo)")
		assert.NotContains(t, got, form, name)
		assert.True(t, strings.HasPrefix(got, "said: ") && strings.HasSuffix(got, " (echo)"), "%s: only the secret goes: %q", name, got)
		assert.Contains(t, got, Marker, name)
	}
	assert.Equal(t, "100% sure &amp; \\u0041 fine", s.String("100% sure &amp; \\u0041 fine"), "escapes of other text are left as they are")
}

// TestShortSecretsEncodedWhole: a one-time password or a short password
// is found in hex and base64 too, as a whole word.
func TestShortSecretsEncodedWhole(t *testing.T) {
	s := New("123456")
	for _, form := range []string{"MTIzNDU2", "313233343536", "%31%32%33%34%35%36"} {
		assert.Equal(t, "otp "+Marker+".", s.String("otp "+form+"."), form)
	}
	assert.Equal(t, "code 91234567", s.String("code 91234567"), "inside a longer number it is no secret")
}

// TestCutSecrets: text cut off before it was scrubbed loses the start of
// a secret left at its end, in any encoding, but not an ordinary ending.
func TestCutSecrets(t *testing.T) {
	const key = "ACCESS-tok_0123456789abcdefghijkl"
	s := New(key)
	assert.Equal(t, "the key is "+Marker, s.Cut("the key is "+key[:20]))
	assert.Equal(t, "the key is "+Marker, s.Cut("the key is "+percentEncoded(key)[:40]))
	assert.Equal(t, "the key is "+Marker, s.Cut("the key is "+key), "a whole one too")
	assert.Equal(t, "ends with ACC", s.Cut("ends with ACC"), "three bytes are no secret")
	assert.Equal(t, "the key is "+key[:20], s.String("the key is "+key[:20]), "String does not guess at cuts")
}

func percentEncoded(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// TestSecretsThatHoldEscapes: a secret that itself holds what reads as an
// escape (%41, &amp;, \n, \u0041) is found raw, form-encoded, JSON-escaped
// and HTML-escaped, though reading its escapes would change it.
func TestSecretsThatHoldEscapes(t *testing.T) {
	for _, secret := range []string{`Tr0ub%41dor&3x`, `pa&amp;ss-w0rd`, `back\nslash\u0041`, `a%2541b&#65;c`} {
		s := New(secret)
		j, _ := json.Marshal(secret)
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), string(j[1 : len(j)-1]), html.EscapeString(secret)} {
			got := s.String("before " + form + " after")
			assert.Equal(t, "before "+Marker+" after", got, "%q as %q", secret, form)
		}
	}
}
