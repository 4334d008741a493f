package scrub

import (
	"encoding/base64"
	"encoding/json"
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
