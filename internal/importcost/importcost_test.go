package importcost

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/seed-14d8318b/fastlytokens"

// goTool is the go command on PATH, the one `make test` runs.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// heavy lists what a service importing the facade must not get: the
// validator, its JSON-schema library, YAML parsers and the embedded spec.
var heavy = []string{"getkin/kin-openapi", "jsonschema", "yaml", "gorilla/mux", module + "/openapi/contract"}

func TestFacadeImportsNoValidatorNorSpec(t *testing.T) {
	out, err := exec.Command(goTool(), "list", "-deps", module+"/facade").CombinedOutput()
	require.NoError(t, err, "%s", out)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, module+"/gen", "the facade is built on the generated client")
	assert.Empty(t, problems(deps))
	// The check can fail: the contract package has what the facade must not.
	out, err = exec.Command(goTool(), "list", "-deps", module+"/openapi/contract").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.NotEmpty(t, problems(strings.Fields(string(out))))
}

func problems(deps []string) []string {
	var found []string
	for _, dep := range deps {
		for _, h := range heavy {
			if strings.Contains(dep, h) || dep == module+"/openapi" {
				found = append(found, dep)
			}
		}
	}
	return found
}

// TestHelloWorldBinarySize builds the same small program twice, with the
// facade and with net/http and encoding/json alone: the facade may add at
// most 400 KiB.
func TestHelloWorldBinarySize(t *testing.T) {
	dir := t.TempDir()
	size := func(name string) int64 {
		bin := filepath.Join(dir, name)
		cmd := exec.Command(goTool(), "build", "-o", bin, "./testdata/"+name)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		fi, err := os.Stat(bin)
		require.NoError(t, err)
		return fi.Size()
	}
	withFacade, withNetHTTP := size("facade"), size("nethttp")
	t.Logf("hello-world binaries (%s): facade %d bytes, net/http %d bytes, +%d KiB", runtime.Version(), withFacade, withNetHTTP, (withFacade-withNetHTTP)/1024)
	assert.LessOrEqual(t, withFacade-withNetHTTP, int64(400<<10))
}

// TestInternalIsALeaf holds internal/ to leaf helpers: they import nothing
// of the module but each other and openapi/wire (itself a leaf, on the
// standard library alone). Test helpers that seed api/ live in api/apitest.
func TestInternalIsALeaf(t *testing.T) {
	assert.Empty(t, importsAbove(t, module+"/internal/...", module+"/openapi/wire"))
	// The check can fail: the facade imports gen, which is above.
	assert.Contains(t, importsAbove(t, module+"/facade"), module+"/gen")

	// openapi/wire imports the standard library alone, so that any
	// package of the module may import it.
	out, err := exec.Command(goTool(), "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", module+"/openapi/wire").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, []string{module + "/openapi/wire"}, strings.Fields(string(out)))
}

// importsAbove lists the module's packages that pkgs import, other than
// internal/ ones and openapi/wire.
func importsAbove(t *testing.T, pkgs ...string) []string {
	out, err := exec.Command(goTool(), append([]string{"list", "-deps"}, pkgs...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)
	var above []string
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, module+"/") && !strings.HasPrefix(dep, module+"/internal/") && dep != module+"/openapi/wire" && !slices.Contains(pkgs, dep) {
			above = append(above, dep)
		}
	}
	return above
}
