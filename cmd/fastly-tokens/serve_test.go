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

// TestServeAnswersAsFastlyDoes: against `fastly-tokens serve`, the IAM
// roles page by cursor in Fastly's shape, a token's workspaces come as
// objects with meta.limit and limit_workspaces, and automation list
// entries carry customer_id.
func TestServeAnswersAsFastlyDoes(t *testing.T) {
	_, vars, _ := serve(t, "--addr", "127.0.0.1:0")
	get := func(path string) map[string]any {
		req, err := http.NewRequest(http.MethodGet, vars["FASTLY_API_URL"]+path, nil)
		require.NoError(t, err)
		req.Header.Set("Fastly-Key", vars["FASTLY_API_TOKEN"])
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, path)
		var body map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
		return body
	}
	first := get("/iam/v1/roles?limit=2")
	assert.ElementsMatch(t, []string{"data", "limit", "next_cursor"}, keysOf(first))
	assert.EqualValues(t, 2, first["limit"])
	require.Len(t, first["data"], 2)
	role := first["data"].([]any)[0].(map[string]any)
	assert.NotEmpty(t, role["id"])
	assert.NotEmpty(t, role["name"])
	require.NotEmpty(t, first["next_cursor"])
	last := get("/iam/v1/roles?limit=2&cursor=" + first["next_cursor"].(string))
	assert.Len(t, last["data"], 1)
	assert.Equal(t, "", last["next_cursor"], "the last page's cursor is empty")

	ws := get("/automation-tokens/AuT0TerraformCl0udAbCd/workspaces")
	assert.ElementsMatch(t, []string{"data", "meta", "limit_workspaces"}, keysOf(ws))
	assert.Equal(t, true, ws["limit_workspaces"])
	assert.Contains(t, ws["meta"], "limit")
	assert.Equal(t, map[string]any{"id": "Ws0Pr0ducti0nAbCdEfGhI", "name": "production"}, ws["data"].([]any)[0])

	list := get("/automation-tokens")
	for _, entry := range list["data"].([]any) {
		assert.Equal(t, "x4xCwxxJxGCx123Rx5xTx", entry.(map[string]any)["customer_id"])
	}
}

func keysOf(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
