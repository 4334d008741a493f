package apitest

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spy is a testing.TB that keeps what would fail a test.
type spy struct {
	testing.TB
	errors []string
}

func (s *spy) Errorf(format string, args ...any) {
	s.errors = append(s.errors, fmt.Sprintf(format, args...))
}

func TestEnvServesAValidatedSeededAPI(t *testing.T) {
	env := NewEnv(t)
	client := &http.Client{Transport: env.Transport}

	req, err := http.NewRequest(http.MethodGet, env.URL+"/tokens/self", nil)
	require.NoError(t, err)
	req.Header.Set("Fastly-Key", env.Account.AdminKey)
	resp, err := client.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestEnvReportsEveryViolation(t *testing.T) {
	s := &spy{TB: t}
	env := NewEnv(s)
	client := &http.Client{Transport: env.Transport}

	// A request the spec does not allow is refused and reported.
	req, err := http.NewRequest(http.MethodGet, env.URL+"/tokens/self", nil)
	require.NoError(t, err)
	_, err = client.Do(req)
	assert.ErrorContains(t, err, "missing Fastly-Key")
	require.Len(t, s.errors, 1)
	assert.Contains(t, s.errors[0], "client-side contract violation in the request")

	// A response that breaks the spec is reported, and handed on as it came.
	bad := roundTripper(func(req *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{"id":5}`)), Request: req}, nil
	})
	tr := reporting(s, env.Validator.Transport(bad))
	req, err = http.NewRequest(http.MethodGet, env.URL+"/tokens/self", nil)
	require.NoError(t, err)
	req.Header.Set("Fastly-Key", env.Account.AdminKey)
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Len(t, s.errors, 2)
	assert.Contains(t, s.errors[1], "client-side contract violation")
}

// TestOnlyViolationsFailTheTest: a connection refused or reset is the
// client's to handle, not a failure of the test.
func TestOnlyViolationsFailTheTest(t *testing.T) {
	s := &spy{TB: t}
	env := NewEnv(s)
	refused := roundTripper(func(*http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	})
	req, err := http.NewRequest(http.MethodGet, env.URL+"/tokens/self", nil)
	require.NoError(t, err)
	req.Header.Set("Fastly-Key", env.Account.AdminKey)
	_, err = reporting(s, env.Validator.Transport(refused)).RoundTrip(req)
	assert.ErrorIs(t, err, syscall.ECONNREFUSED, "the error is handed on")
	assert.Empty(t, s.errors)
}

// TestLostAnswersBehindTheValidator: the first DELETE is carried out and
// validated, and its answer lost, closed or reset; later requests are
// answered.
func TestLostAnswersBehindTheValidator(t *testing.T) {
	for name, opt := range map[string]Option{
		"dropped": DropFirstAnswer(http.MethodDelete, "/tokens/"),
		"reset":   ResetFirstAnswer(http.MethodDelete, ""),
	} {
		t.Run(name, func(t *testing.T) {
			s := &spy{TB: t}
			env := NewEnv(s, opt)
			id, _ := env.AddToken(gen.TokenResponse{Name: "to-revoke"})
			revoke := func() (*http.Response, error) {
				req, err := http.NewRequest(http.MethodDelete, env.URL+"/tokens/"+id, nil)
				require.NoError(t, err)
				req.Header.Set("Fastly-Key", env.Account.AdminKey)
				return env.Transport.RoundTrip(req)
			}
			_, err := revoke()
			require.Error(t, err, "no answer came")
			assert.Equal(t, 1, env.Lost())
			state, ok := env.Server.Token(id)
			assert.True(t, ok && state.Revoked, "the server acted")
			resp, err := revoke()
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the retry is answered: the token is gone")
			assert.Empty(t, s.errors, "neither the lost answer nor the 404 breaks the spec")
		})
	}
}

// TestSeedingDefaultsToTheAdmin: a token or automation token seeded with
// gen's model alone belongs to the admin.
func TestSeedingDefaultsToTheAdmin(t *testing.T) {
	env := NewEnv(t)
	id, secret := env.AddToken(gen.TokenResponse{Name: "seeded"})
	state, ok := env.Server.Token(id)
	require.True(t, ok)
	assert.Equal(t, env.Account.AdminUserID, state.User.UserID)
	assert.NotEmpty(t, secret)
	autoID, _ := env.AddAutomationToken(gen.AutomationTokenListEntry{Name: "bot"})
	state, ok = env.Server.Token(autoID)
	require.True(t, ok)
	assert.Equal(t, env.Account.AdminUserID, state.Automation.CreatorID)
}
