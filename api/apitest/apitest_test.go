package apitest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

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
	assert.Contains(t, s.errors[0], "client-side contract check")

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
