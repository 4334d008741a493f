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

	assert.Empty(t, RoleProblem("engineer", "r0le1d"))
	assert.Empty(t, RoleProblem())
	assert.NotEmpty(t, RoleProblem("engineer", ""), "an empty role")
	assert.NotEmpty(t, RoleProblem("two words"))
}
