package facade

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportedSurface is every name go doc shows for the package: its exported
// types, functions, constants and variables, and the exported methods of
// its Client.
func exportedSurface(t *testing.T) map[string]bool {
	t.Helper()
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	names := map[string]bool{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), e.Name(), nil, 0)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil || receiver(d) == "Client" {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	for n := range names {
		if !ast.IsExported(n) {
			delete(names, n)
		}
	}
	return names
}

func receiver(d *ast.FuncDecl) string {
	typ := d.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// librarySection is the README's "The library" section.
func librarySection(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	_, s, ok := strings.Cut(string(b), "\n## The library\n")
	require.True(t, ok)
	s, _, _ = strings.Cut(s, "\n## ")
	return s
}

// TestReadmeShowsTheSurface: every name go doc shows is in the README's
// library section, and every call the section's table names is one.
// Exported names that are plumbing every Go type has (String, Format...)
// or are listed by family (the Field constants) need not be.
func TestReadmeShowsTheSurface(t *testing.T) {
	section, surface := librarySection(t), exportedSurface(t)
	byFamily := regexp.MustCompile(`^(Field[A-Z]|Err[A-Z])`)
	plumbing := map[string]bool{"String": true, "GoString": true, "Format": true, "LogValue": true, "Option": true, "Field": true}
	var missing []string
	for name := range surface {
		if plumbing[name] || byFamily.MatchString(name) && strings.HasPrefix(name, "Field") {
			continue
		}
		if !regexp.MustCompile("`\\*?" + name + "[(`{.]").MatchString(section) {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	assert.Empty(t, missing, "exported, but the README's library section does not name them")
	calls := regexp.MustCompile("(?m)^\\| `([A-Z][A-Za-z]*)\\(")
	for _, m := range calls.FindAllStringSubmatch(section, -1) {
		assert.True(t, surface[m[1]], "the README's table names %s, which the package does not export", m[1])
	}
	assert.NotEmpty(t, calls.FindAllString(section, -1), "the table was found")
}
