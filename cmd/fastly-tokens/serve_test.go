package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
)

// serve starts `fastly-tokens serve` and reads its NAME=value lines.
func serve(t *testing.T, args ...string) (*exec.Cmd, map[string]string, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	vars := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			if strings.Contains(line, "Stop with") {
				break
			}
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		require.True(t, ok, "a NAME=value line: %q", line)
		vars[k] = v
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return cmd, vars, &stderr
}

// stopped waits for the command to exit after a signal, failing the test
// if it has not within a generous bound.
func stopped(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		require.NoError(t, err)
		return 0
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
		return -1
	}
}

func TestServeOverRealTCP(t *testing.T) {
	cmd, vars, stderr := serve(t, "--addr", "127.0.0.1:0")
	require.True(t, strings.HasPrefix(vars["FASTLY_API_URL"], "http://127.0.0.1:"), "%v", vars)
	require.NotEmpty(t, vars["FASTLY_API_TOKEN"])

	ctx := context.Background()
	c, err := facade.New(facade.WithBaseURL(vars["FASTLY_API_URL"]), facade.WithToken(vars["FASTLY_API_TOKEN"]))
	require.NoError(t, err)
	tokens, _, err := c.ListTokens(ctx)
	require.NoError(t, err)
	assert.Len(t, tokens, 4, "the demo admin's tokens")
	created, resp, err := c.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "from-serve", Username: "admin@example.com", Password: "correct horse battery staple"}, OTP: "123456"})
	require.NoError(t, err)
	assert.True(t, resp.RateLimit.Reported)
	_, err = c.RevokeToken(ctx, created.ID)
	require.NoError(t, err)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	assert.Equal(t, 0, stopped(t, cmd), "a clean stop on SIGTERM")
	assert.Contains(t, stderr.String(), "stopped")
}

func TestServeEmptyAndInterrupt(t *testing.T) {
	cmd, vars, _ := serve(t, "--empty")
	c, err := facade.New(facade.WithBaseURL(vars["FASTLY_API_URL"]), facade.WithToken(vars["FASTLY_API_TOKEN"]))
	require.NoError(t, err)
	tokens, _, err := c.ListTokens(context.Background())
	require.NoError(t, err)
	require.Len(t, tokens, 1, "one user, one key")
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Equal(t, 0, stopped(t, cmd))
}

func TestServeRefusesOtherAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:80", "example.com:80", "nonsense"} {
		r := cli(t, "", "", "serve", "--addr", addr)
		assert.Equal(t, exitUsage, r.code, addr)
	}
}

// TestServeAnswersWithThisRequestAsLastUse: as in every recorded answer,
// a request is its own token's last use: last_used_at is the response's
// Date to the second, ip and user_agent the caller's.
func TestServeAnswersWithThisRequestAsLastUse(t *testing.T) {
	_, vars, _ := serve(t, "--addr", "127.0.0.1:0")
	req, err := http.NewRequest(http.MethodGet, vars["FASTLY_API_URL"]+"/tokens/self", nil)
	require.NoError(t, err)
	req.Header.Set("Fastly-Key", vars["FASTLY_API_TOKEN"])
	req.Header.Set("User-Agent", "probe/1.0")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok struct {
		LastUsedAt time.Time `json:"last_used_at"`
		IP         string    `json:"ip"`
		UserAgent  string    `json:"user_agent"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	date, err := http.ParseTime(resp.Header.Get("Date"))
	require.NoError(t, err)
	assert.LessOrEqual(t, date.Sub(tok.LastUsedAt).Abs(), time.Second, "last_used_at %s, Date %s", tok.LastUsedAt, date)
	assert.Equal(t, "127.0.0.1", tok.IP)
	assert.Equal(t, "probe/1.0", tok.UserAgent)
	assert.NotEmpty(t, vars["FASTLY_OPS_TOKEN"], "a superuser who may create automation tokens")
}

func TestServeBoundsSlowClients(t *testing.T) {
	hs := serveServer(http.NotFoundHandler())
	assert.Positive(t, hs.ReadHeaderTimeout)
	assert.Positive(t, hs.ReadTimeout)
	assert.Positive(t, hs.IdleTimeout)
	assert.Positive(t, hs.MaxHeaderBytes)
	assert.Positive(t, serveMaxConns)
}
