package scrub

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decoded is a text with every character escape read: percent-escapes
// (either case), JSON's backslash escapes (\u ones with their surrogate
// pairs), and HTML's character references. Each byte of the decoded text
// remembers the stretch of the original it came from, so that a secret
// found in the decoded text is replaced in the original.
type decoded struct {
	text     string
	from, to []int // byte i of text came from original[from[i]:to[i]]
}

// origin is the stretch of the original that text[i:end] came from. A
// decoded without from is the original itself.
func (d decoded) origin(i, end int) span {
	if d.from == nil {
		return span{i, end}
	}
	return span{d.from[i], d.to[end-1]}
}

// stages are text as it came and with its escapes read, once and twice
// over, so that an escape written in another escape ("%2541",
// "\u0026#65;") is read too. Each stage is searched: a secret that itself
// holds what looks like an escape ("pa%41ss", "a&amp;b") travels raw in
// one and encoded in another, and would be missed by the last stage
// alone.
func stages(text string) []decoded {
	out := []decoded{asIs(text)}
	d := decodeOnce(text, allEscapes)
	if d.text == text {
		return out
	}
	out = append(out, d)
	// One kind of escape alone, as one encoding (an HTML page, a JSON
	// body, a form) carries a secret whose own text holds another kind.
	for _, kind := range allEscapes {
		if one := decodeOnce(text, string(kind)); one.text != text && one.text != d.text {
			out = append(out, one)
		}
	}
	if !strings.ContainsAny(d.text, allEscapes) {
		return out
	}
	again := decodeOnce(d.text, allEscapes)
	for i := range again.text {
		again.from[i], again.to[i] = d.from[again.from[i]], d.to[again.to[i]-1]
	}
	return append(out, again)
}

// asIs is text with no escape read: each byte comes from itself.
func asIs(text string) decoded { return decoded{text: text} }

// allEscapes are the first bytes of the escapes decodeOnce reads:
// percent-escapes, JSON's backslash escapes and HTML's references.
const allEscapes = `%\&`

// decodeOnce reads the escapes of text whose first byte is in kinds.
func decodeOnce(text, kinds string) decoded {
	var b strings.Builder
	d := decoded{from: make([]int, 0, len(text)), to: make([]int, 0, len(text))}
	for i := 0; i < len(text); {
		out, n := escape(text[i:], kinds)
		if n == 0 {
			out, n = text[i:i+1], 1
		}
		for range len(out) {
			d.from, d.to = append(d.from, i), append(d.to, i+n)
		}
		b.WriteString(out)
		i += n
	}
	d.text = b.String()
	return d
}

// escape reads the escape s begins with: what it stands for and how many
// bytes it takes; n is 0 when s begins with none.
func escape(s string, kinds string) (out string, n int) {
	switch {
	case len(s) >= 3 && s[0] == '%' && strings.IndexByte(kinds, '%') >= 0 && isHex(s[1]) && isHex(s[2]):
		v, _ := strconv.ParseUint(s[1:3], 16, 8)
		return string([]byte{byte(v)}), 3
	case len(s) >= 2 && s[0] == '\\' && strings.IndexByte(kinds, '\\') >= 0:
		return jsonEscape(s)
	case len(s) >= 3 && s[0] == '&' && strings.IndexByte(kinds, '&') >= 0:
		return htmlReference(s)
	}
	return "", 0
}

// jsonEscape reads a JSON backslash escape; a \u high surrogate takes its
// low one with it.
func jsonEscape(s string) (string, int) {
	if i := strings.IndexByte(`"\/bfnrt`, s[1]); i >= 0 {
		return (`"\/` + "\b\f\n\r\t")[i : i+1], 2
	}
	r, ok := hexRune(s, 2)
	if s[1] != 'u' || !ok {
		return "", 0
	}
	if utf16.IsSurrogate(r) && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
		if low, ok := hexRune(s[6:], 2); ok {
			return string(utf16.DecodeRune(r, low)), 12
		}
	}
	return string(r), 6
}

// hexRune reads four hex digits at s[at:].
func hexRune(s string, at int) (rune, bool) {
	if len(s) < at+4 {
		return 0, false
	}
	v, err := strconv.ParseUint(s[at:at+4], 16, 32)
	return rune(v), err == nil
}

// htmlEntities are the named references error pages use.
var htmlEntities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'", "nbsp": " "}

// htmlReference reads an HTML character reference: &#65; &#x41; &amp;.
func htmlReference(s string) (string, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return "", 0
	}
	name := s[1:end]
	if v, ok := htmlEntities[name]; ok {
		return v, end + 1
	}
	base, digits := 10, name[1:]
	if name[0] != '#' || digits == "" {
		return "", 0
	}
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	v, err := strconv.ParseUint(digits, base, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return "", 0
	}
	return string(rune(v)), end + 1
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
