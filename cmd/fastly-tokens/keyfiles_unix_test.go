//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKeyFilesAreSmallRegularFiles: a key file or a Fastly CLI config that
// is a device (/dev/zero would grow without end), a FIFO (would wait for a
// writer forever), a directory, or larger than a key or a config can be,
// is refused before anything is sent; stdin is read on purpose with "-".
func TestKeyFilesAreSmallRegularFiles(t *testing.T) {
	s := newServer(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	big := filepath.Join(dir, "big")
	require.NoError(t, os.WriteFile(big, []byte(strings.Repeat("k", maxKeyFileBytes+1)), 0o600))
	base := "FASTLY_API_URL=" + s.url
	for path, want := range map[string]string{
		"/dev/zero": "/dev/zero is a device, not a regular file",
		fifo:        fifo + " is a FIFO, not a regular file",
		dir:         dir + " is a directory, not a regular file",
		big:         big + " is larger than 4096 bytes",
	} {
		r := cliEnv(t, []string{base}, strings.NewReader(""), "whoami", "--token-file", path)
		assert.Equal(t, exitUsage, r.code, "%s: %s", path, r.stderr)
		assert.Contains(t, r.stderr, "--token-file: "+want)
	}

	// Fastly CLI's config.toml linked to /dev/zero.
	home := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(home, "fastly"), 0o700))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(home, "fastly", "config.toml")))
	r := cliEnv(t, []string{base, "HOME=" + home, "XDG_CONFIG_HOME=" + home}, strings.NewReader(""), "whoami")
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "config.toml is a device, not a regular file")

	// "-" reads the key from stdin's first line; the rest stays for others.
	r = cliEnv(t, []string{base}, strings.NewReader(s.acct.ReadOnlyKey+"\nmore\n"), "whoami", "--token-file", "-")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Key from:     --token-file -")
}

// TestKeyFromStdinWaitsInterruptibly: a key awaited on a stdin that never
// ends is given up on at Ctrl-C, exit 130.
func TestKeyFromStdinWaitsInterruptibly(t *testing.T) {
	s := newServer(t)
	stdin, writer := io.Pipe() // no one ever writes
	defer writer.Close()
	ctx, interrupt := context.WithCancel(context.Background())
	interrupt() // Ctrl-C; the read of stdin blocks for good, so only the interrupt can end the wait
	r := cliContext(t, ctx, []string{"FASTLY_API_URL=" + s.url}, stdin, "whoami", "--token-file", "/dev/stdin")
	assert.Equal(t, exitInterrupted, r.code, r.stderr)
	assert.Contains(t, r.stderr, "interrupted")
}

// TestConfigReadableByOthersIsWarnedAbout: as ssh does with a private key,
// a config.toml other users may read is named, with the fix; a private one
// is not.
func TestConfigReadableByOthersIsWarnedAbout(t *testing.T) {
	s := newServer(t)
	for mode, warned := range map[os.FileMode]bool{0o600: false, 0o644: true, 0o640: true} {
		env := fastlyHome(t, "[auth]\ndefault = \"w\"\n[auth.tokens.w]\ntype = \"static\"\ntoken = \""+s.acct.ReadOnlyKey+"\"\n")
		path := filepath.Join(strings.TrimPrefix(env[1], "XDG_CONFIG_HOME="), "fastly", "config.toml")
		require.NoError(t, os.Chmod(path, mode))
		r := cliEnv(t, append(env, "FASTLY_API_URL="+s.url), strings.NewReader(""), "whoami")
		require.Equal(t, 0, r.code, r.stderr)
		if warned {
			assert.Contains(t, r.stderr, fmt.Sprintf("other users may read it (mode %04o)", mode), "%o", mode)
			assert.Contains(t, r.stderr, "chmod 600 "+path, "%o", mode)
		} else {
			assert.NotContains(t, r.stderr, "warning", "%o", mode)
		}
	}
}
