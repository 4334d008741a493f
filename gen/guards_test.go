package gen_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
)

// These guards read the generated code as source, so that they hold for
// whatever the spec adds without a change here.

func parseGen(t *testing.T, src string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "example.go", src, 0)
	require.NoError(t, err)
	return f
}

func readGen(t *testing.T) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "tokens.gen.go", nil, 0)
	require.NoError(t, err)
	return f
}

// valueParameters lists the optional parameters of gen's *Params types
// that are not pointers (or lists): gen sends such a parameter even when it
// is empty ("?cursor="), where it leaves a nil pointer out.
func valueParameters(f *ast.File) []string {
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.TypeSpec)
		if !ok || !strings.HasSuffix(spec.Name.Name, "Params") {
			return true
		}
		st, ok := spec.Type.(*ast.StructType)
		if !ok {
			return true
		}
		for _, field := range st.Fields.List {
			_, pointer := field.Type.(*ast.StarExpr)
			_, list := field.Type.(*ast.ArrayType)
			if field.Tag != nil && strings.Contains(field.Tag.Value, "omitempty") && !pointer && !list {
				found = append(found, spec.Name.Name+"."+field.Names[0].Name)
			}
		}
		return true
	})
	return found
}

func TestOptionalParametersArePointers(t *testing.T) {
	assert.Empty(t, valueParameters(readGen(t)), "gen/overlay.yaml makes every optional parameter a pointer")
	// The guard can fail: what gen makes of a parameter without the rule.
	f := parseGen(t, "package gen\ntype ListThingsParams struct {\n\tFilter string `form:\"filter,omitempty\" json:\"filter,omitempty\"`\n\tPage *int `form:\"page,omitempty\"`\n}\n")
	assert.Equal(t, []string{"ListThingsParams.Filter"}, valueParameters(f))
}

// enumValues are the values each generated <Enum>Values function lists.
func enumValues(f *ast.File) map[string][]string {
	out := map[string][]string{}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !strings.HasSuffix(fn.Name.Name, "Values") {
			continue
		}
		var values []string
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				v, _ := strconv.Unquote(lit.Value)
				values = append(values, v)
			}
			return true
		})
		out[strings.TrimSuffix(fn.Name.Name, "Values")] = values
	}
	return out
}

// TestEnumsAreTheSpecs: every enum schema of the spec has Go constants,
// listed by <Enum>Values in the spec's order, and no Go list has a value
// the spec does not.
func TestEnumsAreTheSpecs(t *testing.T) {
	doc, err := contract.Load()
	require.NoError(t, err)
	generated := enumValues(readGen(t))
	enums := 0
	for name, schema := range doc.Components.Schemas {
		if len(schema.Value.Enum) == 0 || !schema.Value.Type.Is("string") {
			continue
		}
		enums++
		var want []string
		for _, v := range schema.Value.Enum {
			want = append(want, v.(string))
		}
		assert.Equal(t, want, generated[name], "the %s enum", name)
	}
	assert.GreaterOrEqual(t, enums, 2, "Scope and LegacyRole at least")
	assert.True(t, slices.Contains(generated["Scope"], "global:read"))

	// The guard can fail: a generated list that lost a value.
	f := parseGen(t, "package gen\nfunc ScopeValues() []Scope { return []Scope{Scope(\"global\")} }\n")
	assert.NotEqual(t, generated["Scope"], enumValues(f)["Scope"])
}
