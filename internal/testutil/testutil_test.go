package testutil

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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

	// The client-side transport refuses a request the spec does not allow.
	req, err = http.NewRequest(http.MethodGet, env.URL+"/tokens/self", nil)
	require.NoError(t, err)
	_, err = client.Do(req)
	assert.ErrorContains(t, err, "missing Fastly-Key")
}
