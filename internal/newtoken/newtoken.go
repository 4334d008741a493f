// Package newtoken holds the rules for the fields of a new token, user or
// automation, that the facade checks before anything is sent: its name,
// its scopes and its roles. Each function says why a value is refused, or
// "" when it is not; the facade turns a reason into an *InputError naming
// the field.
package newtoken

import (
	"cmp"
	"strconv"
	"strings"
	"unicode"

	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// MaxNameLength bounds a new token's name, in bytes.
const MaxNameLength = 255

// NameProblem is why a new token's name is refused, or "" when it is not:
// a name is required, at most MaxNameLength bytes, and safe text, since
// it is printed back to people.
func NameProblem(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "is required"
	case len(name) > MaxNameLength:
		return "is longer than " + strconv.Itoa(MaxNameLength) + " bytes"
	case !safetext.Clean(name):
		return "contains control characters or bytes that are not UTF-8"
	}
	return ""
}

// ScopeProblem is why a new token's scope string is refused, or "":
// scopes are words of safe text separated by spaces.
func ScopeProblem(scope string) string {
	if !safetext.Clean(scope) || strings.ContainsAny(scope, "\t\r\n") {
		return "must be scopes separated by spaces, with no control characters"
	}
	return ""
}

// RolesProblem is why an automation token's roles are refused, or "": its
// legacy role (role; "" for none) and each of its role ids (roles) must
// be one word of safe text.
func RolesProblem(role string, roles []string) string {
	if role != "" {
		roles = append([]string{role}, roles...)
	}
	for _, r := range roles {
		if r == "" || strings.IndexFunc(r, func(c rune) bool { return unicode.IsSpace(c) || safetext.Unsafe(c) }) >= 0 {
			return "each must be one word: a role id (ListRoles), or a legacy role name (gen.LegacyRoleValues)"
		}
	}
	return ""
}

// SafeName is the name of a token that replaces one named name: the same
// name when it keeps the name rule's safe text, else a one-line, cut
// version of it, or, when nothing of it is left, fallback. A rotation
// never fails on a name the caller did not choose.
func SafeName(name, fallback string) string {
	if safetext.Clean(name) {
		return name
	}
	return cmp.Or(safetext.Line(name, MaxNameLength), fallback)
}
