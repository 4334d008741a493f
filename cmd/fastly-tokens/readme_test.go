package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// The README's command reference has a "#### `fastly-tokens PATH`" section
// per command and a "### Global flags" section. These tests hold it to the
// code both ways: every command and flag the code defines is documented
// where it belongs, and every command and flag the README names exists.

// readmeSections splits a markdown document into sections by heading.
func readmeSections(doc string) map[string]string {
	sections := map[string]string{}
	var heading string
	var body strings.Builder
	flush := func() {
		if heading != "" {
			sections[heading] = body.String()
		}
		body.Reset()
	}
	inCode := false
	for line := range strings.Lines(doc) {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if !inCode && strings.HasPrefix(line, "#") {
			flush()
			heading = strings.TrimSpace(line)
			continue
		}
		body.WriteString(line)
	}
	flush()
	return sections
}

var (
	commandHeading = regexp.MustCompile("^#### `fastly-tokens ([a-z -]+?)(?: [A-Z.|]+)*`$")
	flagMention    = regexp.MustCompile(`(?:^|[^\w-])(--[a-z][a-z-]*)`)
)

// documented returns the command paths (without "fastly-tokens ") the
// README has sections for, with their text.
func documented(doc string) map[string]string {
	out := map[string]string{}
	for heading, text := range readmeSections(doc) {
		if m := commandHeading.FindStringSubmatch(heading); m != nil {
			out[m[1]] = text
		}
	}
	return out
}

// commands walks the command tree: every command a user can run, with the
// path the README names it by. completion's subcommands share its section.
func commands(root *cobra.Command) map[string]*cobra.Command {
	out := map[string]*cobra.Command{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" {
				continue
			}
			sub.InitDefaultHelpFlag()
			path := strings.TrimPrefix(sub.CommandPath(), "fastly-tokens ")
			if c.Name() == "completion" {
				out[path] = sub
				continue
			}
			out[path] = sub
			walk(sub)
		}
	}
	walk(root)
	return out
}

// mentions reports whether text names flag --name as a whole flag, not as
// the start of a longer one (--name in --username does not count).
func mentions(text, name string) bool {
	for _, m := range flagMention.FindAllStringSubmatch(text, -1) {
		if m[1] == "--"+name {
			return true
		}
	}
	return false
}

func sectionOf(path string) string {
	if strings.HasPrefix(path, "completion ") {
		return "completion"
	}
	return path
}

func checkReadme(t assert.TestingT, doc string, root *cobra.Command) {
	docs := documented(doc)
	global := readmeSections(doc)["### Global flags"]
	assert.NotEmpty(t, global, "the README has a Global flags section")
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag()
	known := map[string]bool{}
	root.PersistentFlags().VisitAll(func(f *pflag.Flag) {
		known[f.Name] = true
		assert.True(t, mentions(global, f.Name), "Global flags documents --%s", f.Name)
		if f.Shorthand != "" {
			assert.Contains(t, global, "-"+f.Shorthand+" ", "Global flags documents -%s", f.Shorthand)
		}
	})
	assert.True(t, mentions(global, "version"), "Global flags documents --version")
	assert.True(t, mentions(global, "help"), "Global flags documents --help")

	cmds := commands(root)
	for _, want := range []string{"list", "automation create", "revoke-secret", "completion zsh"} {
		assert.Contains(t, cmds, want, "the walk reaches every command")
	}
	for path, c := range cmds {
		text, ok := docs[sectionOf(path)]
		if !assert.True(t, ok, "the README has a section for fastly-tokens %s", sectionOf(path)) {
			continue
		}
		c.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" {
				return
			}
			assert.True(t, mentions(text, f.Name), "the README's fastly-tokens %s section documents --%s", sectionOf(path), f.Name)
		})
	}
	// The other way: what the README names exists.
	for path, text := range docs {
		c, ok := cmds[path]
		if path == "completion" {
			c, ok = cmds["completion bash"]
		}
		if !assert.True(t, ok, "the README documents fastly-tokens %s, which is no command", path) {
			continue
		}
		for _, m := range flagMention.FindAllStringSubmatch(text, -1) {
			name := strings.TrimPrefix(m[1], "--")
			assert.True(t, c.Flags().Lookup(name) != nil || c.InheritedFlags().Lookup(name) != nil,
				"the README's fastly-tokens %s section names --%s, which it does not take", path, name)
		}
	}
	for _, m := range flagMention.FindAllStringSubmatch(global, -1) {
		name := strings.TrimPrefix(m[1], "--")
		assert.True(t, known[name] || name == "version" || name == "help", "Global flags names --%s, which is no global flag", name)
	}
}

func newTestRoot() *cobra.Command {
	return newRoot(&app{e: newEnv(strings.NewReader(""), io.Discard, io.Discard, os.LookupEnv)})
}

func TestReadmeDocumentsEveryCommandAndFlag(t *testing.T) {
	doc, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	checkReadme(t, string(doc), newTestRoot())
}

// TestReadmeCheckFails proves the check catches a missing flag, a missing
// command, a flag that does not exist and a command that does not.
func TestReadmeCheckFails(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	doc := string(raw)
	breakages := map[string]func(string) string{
		"a flag left out": func(s string) string { return strings.ReplaceAll(s, "--allow-owner-change", "--allow-owner") },
		"a flag only inside a longer one": func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "`--password`", "`--password-stdin`"), "`--password` (", "`--password-stdin` (")
		},
		"a command left out": func(s string) string {
			return strings.Replace(s, "#### `fastly-tokens automation services", "#### `fastly-tokens automation servicez", 1)
		},
		"a global flag left out": func(s string) string { return strings.ReplaceAll(s, "--no-headers", "--noheaders") },
		"an unknown flag": func(s string) string {
			return strings.Replace(s, "#### `fastly-tokens whoami`\n", "#### `fastly-tokens whoami`\nTakes `--nosuchflag`.\n", 1)
		},
	}
	for name, breakIt := range breakages {
		t.Run(name, func(t *testing.T) {
			broken := breakIt(doc)
			require.NotEqual(t, doc, broken, "the breakage changed the README")
			rec := &recordingT{}
			checkReadme(rec, broken, newTestRoot())
			assert.True(t, rec.failed, "the check caught it")
		})
	}
}

type recordingT struct{ failed bool }

func (r *recordingT) Errorf(string, ...any) { r.failed = true }

// envVars are the environment variables the command's code names.
var envVarName = regexp.MustCompile(`"(FASTLY_[A-Z_]+)"`)

// undocumentedVars are the variables in sources that the README's
// Credentials section does not name.
func undocumentedVars(doc string, sources []string) []string {
	creds := readmeSections(doc)["### Credentials"]
	var missing []string
	for _, src := range sources {
		for _, m := range envVarName.FindAllStringSubmatch(src, -1) {
			if !strings.Contains(creds, "`"+m[1]) && !strings.Contains(creds, "`$"+m[1]) && !slices.Contains(missing, m[1]) {
				missing = append(missing, m[1])
			}
		}
	}
	return missing
}

func TestReadmeDocumentsEveryVariable(t *testing.T) {
	doc, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var sources []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		sources = append(sources, string(b))
	}
	sources = append(sources, `"`+facade.TokenEnv+`"`)
	joined := strings.Join(sources, "\n")
	for _, v := range []string{"FASTLY_API_URL", "FASTLY_API_ENDPOINT", "FASTLY_CUSTOMER_ID", "FASTLY_DEBUG_MODE", "FASTLY_API_TOKEN"} {
		assert.Contains(t, joined, `"`+v+`"`, "the scan finds %s", v)
	}
	assert.Empty(t, undocumentedVars(string(doc), sources), "the README's Credentials section names every variable")

	// The check can fail.
	broken := strings.ReplaceAll(string(doc), "`FASTLY_CUSTOMER_ID`", "the customer variable")
	assert.Equal(t, []string{"FASTLY_CUSTOMER_ID"}, undocumentedVars(broken, sources))
}
