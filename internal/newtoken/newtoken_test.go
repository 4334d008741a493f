package newtoken

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNewTokenRules: each rule refuses what it names and passes the rest.
func TestNewTokenRules(t *testing.T) {
	assert.Empty(t, NameProblem("ci deploy ✓"))
	assert.Equal(t, "is required", NameProblem("  "))
	assert.Equal(t, "is longer than 255 bytes", NameProblem(strings.Repeat("n", MaxNameLength+1)))
	assert.NotEmpty(t, NameProblem("ci\x1b[2J"), "an escape sequence")
	assert.NotEmpty(t, NameProblem("ci\u202e"), "a bidi override")

	assert.Empty(t, ScopeProblem("global:read purge_all"))
	assert.Empty(t, ScopeProblem(""), "empty is Fastly's default")
	assert.NotEmpty(t, ScopeProblem("global\npurge_all"))

	assert.Empty(t, RolesProblem("engineer", []string{"r0le1d"}))
	assert.Empty(t, RolesProblem("", nil), "no role at all")
	assert.NotEmpty(t, RolesProblem("", []string{"r0le1d", ""}), "an empty role id")
	assert.NotEmpty(t, RolesProblem("two words", nil))
	assert.NotEmpty(t, RolesProblem("engineer", []string{"r0le\u202e"}))

	assert.Equal(t, "ci deploy", SafeName("ci deploy", "rotated x"))
	assert.Equal(t, "ci [2J", SafeName("ci \x1b[2J", "rotated x"), "on one line, without the escape")
	assert.Equal(t, "rotated x", SafeName("\n\t\n", "rotated x"), "nothing left of it")
	assert.Empty(t, SafeName("", "rotated x"), "an empty name is the name rule's to refuse")
}
