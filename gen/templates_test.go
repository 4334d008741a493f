package gen_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The templates in gen/templates are oapi-codegen's own, at the version
// go.mod pins, with fastlytokens.patch applied by templates/apply.sh (which
// `make generate` runs). These tests fail when the pinned oapi-codegen
// changes under the patch: upgrading it means bringing the patch along
// (templates/README.md says how).

// stockTemplates is the folder of the pinned oapi-codegen's templates.
func stockTemplates(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/oapi-codegen/oapi-codegen/v2").Output()
	require.NoError(t, err)
	return filepath.Join(strings.TrimSpace(string(out)), "pkg", "codegen", "templates")
}

// applyIn runs apply.sh on a copy of templates/ over the stock templates
// in stock, and returns the copy's folder and what the script said.
func applyIn(t *testing.T, stock string) (string, string, error) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"apply.sh", "fastlytokens.patch"} {
		b, err := os.ReadFile(filepath.Join("templates", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	cmd := exec.Command("sh", filepath.Join(dir, "apply.sh"))
	cmd.Env = append(os.Environ(), "OAPI_CODEGEN_TEMPLATES="+stock)
	out, err := cmd.CombinedOutput()
	return dir, string(out), err
}

// patched are the templates the patch changes.
var patched = []string{"client.tmpl", "client-with-responses.tmpl", "constants.tmpl"}

func TestTemplatesArePinnedOapiCodegensWithThePatch(t *testing.T) {
	dir, out, err := applyIn(t, stockTemplates(t))
	require.NoError(t, err, out)
	for _, name := range patched {
		want, err := os.ReadFile(filepath.Join("templates", name))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s is the stock template with the patch: run make generate", name)
	}
}

func TestTemplatePatchFailsOnOtherTemplates(t *testing.T) {
	// A newer oapi-codegen whose template changed where the patch applies.
	stock := t.TempDir()
	for _, name := range patched {
		b, err := os.ReadFile(filepath.Join(stockTemplates(t), name))
		require.NoError(t, err)
		changed := strings.Replace(string(b), "// GetBody returns the raw response body bytes", "// GetBody returns the body", 1)
		require.NoError(t, os.WriteFile(filepath.Join(stock, name), []byte(changed), 0o644))
	}
	_, out, err := applyIn(t, stock)
	require.Error(t, err)
	assert.Contains(t, out, "fastlytokens.patch does not apply")
}
