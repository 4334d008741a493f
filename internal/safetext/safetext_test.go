package safetext

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnsafe(t *testing.T) {
	for _, r := range []rune{0, '\n', '\r', '\t', 0x1b, 0x7f, 0x85, 0x9b, 0x200b, 0x202e, 0x2066, 0xfeff, 0xfffd} {
		assert.True(t, Unsafe(r), "%U", r)
	}
	for _, r := range []rune{'a', ' ', 'é', '日', '…', 0x1f600} {
		assert.False(t, Unsafe(r), "%U", r)
	}
}

func TestClean(t *testing.T) {
	assert.True(t, Clean("ci deploy é"))
	assert.True(t, Clean(""))
	for _, s := range []string{"a\x1b[2Jb", "a\xffb", "a\u202eb", "a\ufffdb", "a\nb", "\x9b31m"} {
		assert.False(t, Clean(s), "%q", s)
	}
}

func TestEscape(t *testing.T) {
	cases := map[string]string{
		"plain é":          "plain é",
		"a\x1b[31mred":     `a\x1b[31mred`,
		"a\xffb":           `a\xffb`,
		"rtl\u202eevil":    `rtl\u202eevil`,
		"fffd\ufffd":       `fffd\ufffd`,
		"c1\u009b31m":      `c1\u009b31m`,
		"tab\tnewline\n":   `tab\x09newline\x0a`,
		"\x00nul":          `\x00nul`,
		"zero\u200bwidth":  `zero\u200bwidth`,
		"emoji 😀 stays ok": "emoji 😀 stays ok",
	}
	for in, want := range cases {
		got := Escape(in)
		assert.Equal(t, want, got, "%q", in)
		assert.True(t, Clean(got), "%q is clean after escaping", got)
	}
}

func TestLine(t *testing.T) {
	assert.Equal(t, "5Yo3XXnrQpjc20u0ybrf2g", Line("5Yo3XXnrQpjc20u0ybrf2g", 64))
	assert.Equal(t, "a b c", Line("  a\n\n b\x1b\u202ec\t", 64))
	assert.Equal(t, "a b", Line("a\ufffd\xffb", 64), "U+FFFD and invalid bytes are treated alike")
	long := strings.Repeat("é", 100)
	got := Line(long, 11)
	assert.Equal(t, strings.Repeat("é", 5)+"…", got, "cut on a rune boundary")
	assert.True(t, Clean(Line("x\x1b[2J\u009b", 10)))
}

func FuzzLineAndEscape(f *testing.F) {
	for _, s := range []string{"", "a\x1bb", "\xff\xfe", "\u202e", "é…"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if l := Line(s, 40); !Clean(l) || len(l) > 40+len("…") {
			t.Fatalf("Line(%q) = %q", s, l)
		}
		if e := Escape(s); !Clean(e) {
			t.Fatalf("Escape(%q) = %q", s, e)
		}
	})
}

func TestExcerpt(t *testing.T) {
	page := []byte("<html><head><TITLE>502 Bad &amp; Gateway</TITLE></head><body>x</body></html>")
	assert.Equal(t, "502 Bad & Gateway", Excerpt("text/html", page, 160))
	assert.Equal(t, "Service down for maintenance", Excerpt("text/html", []byte("<p>Service <b>down</b> for\nmaintenance</p>"), 160))
	assert.Equal(t, "upstream connect error [2J", Excerpt("text/plain", []byte("upstream connect error\x1b[2J"), 160))
	assert.Equal(t, "abc…", Excerpt("text/plain", []byte("abcdef"), 3))
	assert.True(t, Clean(Excerpt("text/html", []byte("<title>a&#39;\u202e</title>"), 160)))
}

func TestJSON(t *testing.T) {
	in := map[string]string{"name": "a\u202eb\u009bc\U000e0041d\u200be\ufffdf", "safe": "é 日本"}
	raw, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Contains(t, string(raw), "\u202e", "encoding/json alone passes a bidi override")
	out := JSON(raw)
	assert.True(t, Clean(string(out)), "%q", out)
	assert.Contains(t, string(out), `a\u202eb\u009bc\udb40\udc41d\u200be\ufffdf`)
	var back map[string]string
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, in, back, "the escapes mean the same text")
	clean := []byte(`{"a":"b"}`)
	assert.Equal(t, clean, JSON(clean))
}
