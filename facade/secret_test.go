package facade

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecretRedactsEverywhere(t *testing.T) {
	const value = "ACCESS-tok_0123456789abcdefghijkl"
	s := Secret(value)
	created := CreatedToken{Token: Token{ID: "abc", Name: "n"}, AccessToken: s}
	in := CreateTokenInput{Name: "n", Username: "me", Password: Secret(value), OTP: Secret(value)}
	outputs := []string{
		s.String(), s.GoString(),
		fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x %X %10s", s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", created, created, created),
		fmt.Sprintf("%v %+v %#v", &created, in, &in),
	}
	b, err := json.Marshal(created)
	require.NoError(t, err)
	outputs = append(outputs, string(b))
	txt, err := s.MarshalText()
	require.NoError(t, err)
	outputs = append(outputs, string(txt))

	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("created", "token", s, "created", created, "input", in)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("created", "token", s)
	outputs = append(outputs, buf.String())

	for _, out := range outputs {
		assert.NotContains(t, out, value)
	}
	assert.Contains(t, fmt.Sprintf("%v", s), "[REDACTED]")
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%q", s))
	assert.Equal(t, `facade.Secret("[REDACTED]")`, fmt.Sprintf("%#v", s))
	assert.Equal(t, value, s.Reveal())
}

func TestScopes(t *testing.T) {
	assert.Equal(t, Scopes{ScopeGlobalRead, ScopePurgeAll}, ParseScopes("  global:read   purge_all "))
	assert.Nil(t, ParseScopes("   "))
	assert.Equal(t, Scopes{"future_scope"}, ParseScopes("future_scope"), "unknown scopes are kept")
	s := Scopes{ScopePurgeSelect, ScopeGlobal}
	assert.Equal(t, "purge_select global", s.String())
	assert.True(t, s.Has(ScopeGlobal))
	assert.False(t, s.Has(ScopePurgeAll))
	assert.Equal(t, "", Scopes(nil).String())
}
