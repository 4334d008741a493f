package facade

import "strings"

// Scope is one permission of a token. Fastly sends a token's scopes as one
// space-delimited string; Scopes holds them split.
type Scope string

// The scopes Fastly documents. Others are kept as they come.
const (
	ScopeGlobal      Scope = "global"       // everything
	ScopePurgeSelect Scope = "purge_select" // purge by URL or surrogate key
	ScopePurgeAll    Scope = "purge_all"    // purge a whole service
	ScopeGlobalRead  Scope = "global:read"  // read-only account, config and stats
)

// Scopes is a token's set of scopes.
type Scopes []Scope

// ParseScopes splits a space-delimited scope string. Unknown values are kept;
// extra white space is ignored.
func ParseScopes(s string) Scopes {
	n := 0
	for f := range strings.FieldsSeq(s) {
		_ = f
		n++
	}
	if n == 0 {
		return nil
	}
	out := make(Scopes, 0, n)
	for f := range strings.FieldsSeq(s) {
		out = append(out, Scope(f))
	}
	return out
}

// String joins the scopes with spaces, as Fastly writes them.
func (s Scopes) String() string {
	var b strings.Builder
	for i, sc := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(sc))
	}
	return b.String()
}

// Has reports whether sc is one of the scopes.
func (s Scopes) Has(sc Scope) bool {
	for _, x := range s {
		if x == sc {
			return true
		}
	}
	return false
}
