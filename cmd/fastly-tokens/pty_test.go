//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// terminal is the binary running on a pseudo-terminal, as on a user's
// screen: stdin, stdout and stderr are the terminal, and Ctrl-C typed on
// it becomes SIGINT.
type terminal struct {
	t        *testing.T
	ptmx     *os.File // what the user types into and reads
	tty      *os.File // the program's side, kept open to read its settings
	cmd      *exec.Cmd
	mu       sync.Mutex
	screen   bytes.Buffer
	read     chan struct{} // closed when everything the program wrote has been read
	exited   chan struct{}
	exitCode int
	// echoAfter is whether the terminal echoed once the program had exited.
	echoAfter bool
}

func startOnTerminal(t *testing.T, env []string, args ...string) *terminal {
	t.Helper()
	ptmx, tty, err := pty.Open()
	require.NoError(t, err)
	term := &terminal{t: t, ptmx: ptmx, tty: tty, read: make(chan struct{}), exited: make(chan struct{})}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	require.NoError(t, cmd.Start())
	term.cmd = cmd
	go func() {
		defer close(term.read)
		buf := make([]byte, 1024)
		for {
			n, err := ptmx.Read(buf)
			term.mu.Lock()
			term.screen.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		_ = cmd.Wait()
		term.exitCode = cmd.ProcessState.ExitCode()
		close(term.exited)
	}()
	return term
}

// waitFor waits until the screen shows want; the deadline only turns a
// hang into a failure.
func (term *terminal) waitFor(want string) {
	term.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(term.text(), want) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	term.t.Fatalf("the screen never showed %q; it shows %q", want, term.text())
}

func (term *terminal) text() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.screen.String()
}

// wait waits for the program to exit and for all it wrote to be read (the
// terminal's last reader gets EIO once no one holds the program's side),
// and notes the terminal's echo as the program left it.
func (term *terminal) wait() int {
	term.t.Helper()
	select {
	case <-term.exited:
	case <-time.After(20 * time.Second):
		_ = term.cmd.Process.Kill()
		term.t.Fatalf("the program did not exit; the screen shows %q", term.text())
	}
	term.echoAfter = term.echo()
	term.tty.Close()
	select {
	case <-term.read:
	case <-time.After(20 * time.Second):
		term.t.Fatalf("the terminal's output never ended; the screen shows %q", term.text())
	}
	return term.exitCode
}

// echo reports whether the terminal echoes what is typed.
func (term *terminal) echo() bool {
	term.t.Helper()
	tio, err := unix.IoctlGetTermios(int(term.tty.Fd()), unix.TCGETS)
	require.NoError(term.t, err)
	return tio.Lflag&unix.ECHO != 0
}

// TestCtrlCAtEveryPrompt: Ctrl-C at a prompt ends the program at once with
// exit code 130, the terminal's echo back on, and nothing created or
// revoked.
func TestCtrlCAtEveryPrompt(t *testing.T) {
	s := newServer(t)
	env := []string{"FASTLY_API_TOKEN=" + s.acct.AdminKey, "FASTLY_API_URL=" + s.url}
	before := s.srv.ActiveTokens()
	for name, c := range map[string]struct {
		args   []string
		prompt string
		secret bool // the prompt turns echo off
	}{
		"username":                       {[]string{"create", "--name", "ci", "--expires-in", "1d"}, "Username: ", false},
		"password":                       {[]string{"create", "--name", "ci", "--expires-in", "1d", "--username", s.acct.AdminLogin}, "Password: ", true},
		"one-time password":              {[]string{"create", "--name", "ci", "--expires-in", "1d", "--username", s.acct.AdminLogin, "--password", s.acct.AdminPassword}, "One-time password: ", true},
		"--password-stdin on a terminal": {[]string{"create", "--name", "ci", "--username", s.acct.AdminLogin, "--password-stdin"}, "Password: ", true},
		"ids from a terminal":            {[]string{"revoke", "--from-file", "-"}, "end with Ctrl-D.", false},
		"rotate's password":              {[]string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--username", s.acct.AdminLogin}, "Password: ", true},
		"revoke-secret":                  {[]string{"revoke-secret"}, "Secret: ", true},
		"revoke-secret's confirmation":   {[]string{"revoke-secret"}, "Secret: ", true},
	} {
		t.Run(name, func(t *testing.T) {
			term := startOnTerminal(t, env, c.args...)
			term.waitFor(c.prompt)
			if name == "revoke-secret's confirmation" {
				_, err := term.ptmx.Write([]byte(s.acct.ReadOnlyKey + "\r"))
				require.NoError(t, err)
				term.waitFor("Revoke it? [y/N]: ")
				assert.True(t, term.echo(), "echo at the confirmation")
			} else {
				assert.Equal(t, !c.secret, term.echo(), "echo at the %q prompt", c.prompt)
			}
			_, err := term.ptmx.Write([]byte{0x03}) // Ctrl-C
			require.NoError(t, err)
			assert.Equal(t, exitInterrupted, term.wait(), term.text())
			assert.True(t, term.echoAfter, "echo is back on")
			assert.Contains(t, term.text(), "fastly-tokens: interrupted")
			assert.NotContains(t, term.text(), "Not revoked")
		})
	}
	assert.Equal(t, before, s.srv.ActiveTokens(), "nothing was created or revoked")
}

// TestPasswordTypedOnTerminal: a password typed at the prompt, mended with
// Backspace, is read without echo, and the terminal is as it was after.
func TestPasswordTypedOnTerminal(t *testing.T) {
	s := newServer(t)
	env := []string{"FASTLY_API_TOKEN=" + s.acct.AdminKey, "FASTLY_API_URL=" + s.url}
	term := startOnTerminal(t, env, "create", "--name", "typed", "--expires-in", "1d", "--username", s.acct.AdminLogin, "--otp", s.acct.AdminOTP)
	term.waitFor("Password: ")
	assert.False(t, term.echo())
	_, err := term.ptmx.Write([]byte(s.acct.AdminPassword + "X\x7f\r"))
	require.NoError(t, err)
	require.Equal(t, 0, term.wait(), term.text())
	assert.True(t, term.echoAfter)
	assert.Contains(t, term.text(), "Created token")
	assert.NotContains(t, term.text(), s.acct.AdminPassword, "the password was not echoed")
}

// TestSignalsAtAPasswordPromptRestoreTheTerminal: SIGHUP (the terminal
// went away), SIGQUIT and SIGTERM at a password prompt, where the terminal
// is in raw mode with echo off, end the program with 130 and the terminal
// as it was.
func TestSignalsAtAPasswordPromptRestoreTheTerminal(t *testing.T) {
	s := newServer(t)
	env := []string{"FASTLY_API_TOKEN=" + s.acct.AdminKey, "FASTLY_API_URL=" + s.url}
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			term := startOnTerminal(t, env, "create", "--name", "ci", "--expires-in", "1d", "--username", s.acct.AdminLogin)
			term.waitFor("Password: ")
			require.False(t, term.echo(), "echo is off at the prompt")
			require.NoError(t, term.cmd.Process.Signal(sig))
			assert.Equal(t, exitInterrupted, term.wait(), term.text())
			assert.True(t, term.echoAfter, "echo is back on after %v", sig)
		})
	}
}
