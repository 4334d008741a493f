package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// Scopes is a token's list of scopes (the scopes Fastly documents are the
// spec's Scope enum, gen.ScopeValues; others are kept as they come) as the "scopes" field carries it: a
// JSON array of strings in user-token responses, one space-delimited string
// in automation-token responses ("global:read purge_all"), or null (an empty
// list). It marshals as an array.
type Scopes []string

// String joins the scopes with spaces, as Fastly writes them in "scope".
func (s Scopes) String() string {
	var b strings.Builder
	for i, sc := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sc)
	}
	return b.String()
}

// Has reports whether sc is one of the scopes.
func (s Scopes) Has(sc string) bool {
	for _, x := range s {
		if x == sc {
			return true
		}
	}
	return false
}

var errBadScopes = errors.New("scopes: not an array of strings, a string or null")

// UnmarshalJSON implements json.Unmarshaler.
func (s *Scopes) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*s = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		str, _, err := jsonString(b)
		if err != nil {
			return errBadScopes
		}
		*s = SplitScopes(string(str))
		return nil
	case len(b) > 0 && b[0] == '[':
		if list, ok := stringArray(b); ok {
			*s = list
			return nil
		}
		var list []string
		if err := json.Unmarshal(b, &list); err != nil {
			return errBadScopes
		}
		*s = list
		return nil
	}
	return errBadScopes
}

// MarshalJSON implements json.Marshaler; a nil list is [].
func (s Scopes) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]string(s))
}

// SplitScopes splits Fastly's space-delimited scope string ("global:read
// purge_all"); extra white space is ignored and "" is no scopes.
func SplitScopes(s string) Scopes {
	n := 0
	for range strings.FieldsSeq(s) {
		n++
	}
	if n == 0 {
		return nil
	}
	out := make(Scopes, 0, n)
	for f := range strings.FieldsSeq(s) {
		out = append(out, f)
	}
	return out
}

// stringArray reads a JSON array of strings without escapes, the form every
// real response has, without a second pass of encoding/json over it. ok is
// false for anything else (escapes, null elements, other types), which the
// caller hands to encoding/json.
func stringArray(b []byte) (out Scopes, ok bool) {
	i := skipSpace(b, 1)
	if i < len(b) && b[i] == ']' {
		return Scopes{}, skipSpace(b, i+1) == len(b)
	}
	// Two quotes per element bound the count: one allocation for the list.
	out = make(Scopes, 0, bytes.Count(b, []byte{'"'})/2)
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' || b[j] < 0x20 {
				return nil, false
			}
			j++
		}
		if j >= len(b) {
			return nil, false
		}
		out = append(out, string(b[i+1:j]))
		i = skipSpace(b, j+1)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return out, skipSpace(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// ScopeString is Scopes as the automation-token list carries it: read from
// an array or a string like Scopes, written as one space-delimited string.
type ScopeString Scopes

// UnmarshalJSON implements json.Unmarshaler.
func (s *ScopeString) UnmarshalJSON(b []byte) error { return (*Scopes)(s).UnmarshalJSON(b) }

// MarshalJSON implements json.Marshaler.
func (s ScopeString) MarshalJSON() ([]byte, error) { return json.Marshal(Scopes(s).String()) }
