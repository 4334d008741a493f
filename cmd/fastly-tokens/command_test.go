package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parse runs cmd's flag parsing on args, as the program would, and
// returns runF's error; runF sees the options the command line made.
func parse(t *testing.T, cmd *cobra.Command, args ...string) {
	t.Helper()
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	require.NoError(t, cmd.Execute())
}

func testApp() *app {
	return &app{e: newEnv(strings.NewReader(""), io.Discard, io.Discard, func(string) (string, bool) { return "", false })}
}

// TestTokenFlagsAreShared: create, automation create and rotate take the
// same expiry and credential flags into the same tokenFlags; the two
// creates also the name, scopes and services.
func TestTokenFlagsAreShared(t *testing.T) {
	common := []string{"--expires-in", "30d", "--username", "me@example.com", "--password-stdin", "--otp", "123456"}
	reach := []string{"--name", "ci", "--scope", "purge_all,global:read", "--service", "SU1", "--service", "SU2"}
	var got []tokenFlags
	parse(t, NewCmdCreate(testApp(), func(o *createOptions) error { got = append(got, o.token); return nil }), append(reach, common...)...)
	parse(t, NewCmdAutomationCreate(testApp(), func(o *automationCreateOptions) error {
		got = append(got, o.token)
		assert.Equal(t, []string{"engineer"}, o.roles)
		assert.True(t, o.tlsAccess)
		return nil
	}), append(append(reach, "--role", "engineer", "--tls-access"), common...)...)
	parse(t, NewCmdRotate(testApp(), func(o *rotateOptions) error {
		got = append(got, o.token)
		assert.Equal(t, []string{"7Hq2LmNpQrStUvWxYz0AbC"}, o.args)
		return nil
	}), append([]string{"7Hq2LmNpQrStUvWxYz0AbC"}, common...)...)
	require.Len(t, got, 3, "every command ran its runF")
	for i, tf := range got {
		assert.Equal(t, 30*24*time.Hour, tf.expiresIn, i)
		assert.Equal(t, "me@example.com", tf.username, i)
		assert.True(t, tf.passwordStdin, i)
		assert.Equal(t, "123456", tf.otp, i)
	}
	for _, tf := range got[:2] {
		assert.Equal(t, "ci", tf.name)
		assert.Equal(t, []string{"purge_all", "global:read"}, tf.scopes)
		assert.Equal(t, []string{"SU1", "SU2"}, tf.services)
	}
	assert.Empty(t, got[2].name, "rotate copies the old token's reach")
	assert.Nil(t, NewCmdRotate(testApp(), nil).Flags().Lookup("scope"), "rotate takes no --scope")
}

// TestCommandsParseIntoTheirOptions: the other commands' flags and
// arguments land in their options.
func TestCommandsParseIntoTheirOptions(t *testing.T) {
	ran := 0
	parse(t, NewCmdAudit(testApp(), func(o *auditOptions) error {
		ran++
		assert.Equal(t, "x4xCwxxJxGCx123Rx5xTx", o.customer)
		assert.Equal(t, 14*24*time.Hour, o.expiring)
		assert.Equal(t, 90*24*time.Hour, o.unused, "the default")
		assert.True(t, o.fail)
		return nil
	}), "--customer", "x4xCwxxJxGCx123Rx5xTx", "--expiring-within", "14d", "--fail")
	parse(t, NewCmdRevoke(testApp(), func(o *revokeOptions) error {
		ran++
		assert.Equal(t, []string{"a1", "b2"}, o.args)
		assert.Equal(t, "-", o.fromFile)
		return nil
	}), "a1", "b2", "--from-file", "-")
	parse(t, NewCmdServe(testApp(), func(o *serveOptions) error {
		ran++
		assert.Equal(t, "127.0.0.1:0", o.addr, "the default")
		assert.True(t, o.empty)
		return nil
	}), "--empty")
	parse(t, NewCmdRevokeSecret(testApp(), func(o *revokeSecretOptions) error { ran++; assert.True(t, o.yes); return nil }), "--yes")
	assert.Equal(t, 4, ran, "every command ran its runF")
}

// TestRunsTakeOptionsOfTheirOwn: a run called with options a test built,
// on a command without a parent, works as from the command line.
func TestRunsTakeOptionsOfTheirOwn(t *testing.T) {
	a := testApp()
	o := &createOptions{base: base{app: a}}
	cmd := NewCmdCreate(a, func(*createOptions) error { return nil })
	o.bind(cmd, nil)
	_, err := o.token.prepare(&o.base)
	var ue *usageError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "create needs --name", ue.msg)
}

// TestKeysTypedInTheWrongPlaceAreNotShown: an API key given as a command,
// a file name or a flag's value is left out of the usage error.
func TestKeysTypedInTheWrongPlaceAreNotShown(t *testing.T) {
	const key = "k3yThatIsNeverSentAnywhere012345"
	for _, args := range [][]string{{key}, {"automation", key}, {"whoami", "--token-file", key}, {"revoke", "--from-file", key},
		{"list", "--timeout", key}} {
		r := cli(t, "", "", args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.NotContains(t, r.stdout+r.stderr, key, "%v", args)
		assert.Contains(t, r.stderr, "(a value shaped like an API key, not shown)", "%v", args)
	}
}
