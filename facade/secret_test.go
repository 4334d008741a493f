package facade

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecretRedactsEverywhere(t *testing.T) {
	const value = "ACCESS-tok_0123456789abcdefghijkl"
	s := Secret(value)
	created := CreatedToken{Token: Token{TokenBase: TokenBase{ID: "abc", Name: "n"}}, AccessToken: s}
	in := CreateTokenInput{Name: "n", Username: "me", Password: Secret(value), OTP: Secret(value)}
	outputs := []string{
		s.String(), s.GoString(),
		fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x %X %10s", s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", created, created, created),
		fmt.Sprintf("%v %+v %#v", &created, in, &in),
	}
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("created", "token", s, "created", created)
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

func TestSecretEncodingFailsLoudly(t *testing.T) {
	s := Secret("hunter2")
	_, err := json.Marshal(s)
	assert.ErrorIs(t, err, ErrSecretMarshal, "a Secret never silently becomes [REDACTED] in a document")
	_, err = json.Marshal(struct{ Password Secret }{s})
	assert.ErrorIs(t, err, ErrSecretMarshal)
	_, err = s.MarshalText()
	assert.ErrorIs(t, err, ErrSecretMarshal)
}

func TestTokenMarshalsInTheAPIShape(t *testing.T) {
	tok := Token{TokenBase: TokenBase{ID: "5Yo3XXnrQpjc20u0ybrf2g", Name: "ci", Scopes: Scopes{ScopeGlobalRead, ScopePurgeAll},
		Services: []string{"S1"}, CreatedAt: time.Date(2021, 1, 14, 11, 25, 39, 0, time.UTC)}, UserID: "u1"}
	b, err := json.Marshal(tok)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"5Yo3XXnrQpjc20u0ybrf2g","user_id":"u1","name":"ci",
		"scopes":["global:read","purge_all"],"services":["S1"],"created_at":"2021-01-14T11:25:39Z"}`, string(b),
		"snake_case, zero times and empty strings left out")

	var back Token
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, tok, back, "it reads back")
	require.NoError(t, json.Unmarshal([]byte(`{"id":"a","scopes":"global purge_all"}`), &back))
	assert.Equal(t, Scopes{ScopeGlobal, ScopePurgeAll}, back.Scopes, "scopes as one string, as automation lists send it")

	// A created token marshals as the token and its secret, revealed:
	// marshalling it is asking for the secret.
	created := CreatedToken{Token: tok, AccessToken: "ACCESS-tok_0123456789abcdefghijkl"}
	cb, err := json.Marshal(created)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(cb, &m))
	assert.Equal(t, "ACCESS-tok_0123456789abcdefghijkl", m["access_token"])
	assert.Equal(t, "ci", m["name"])
	assert.Equal(t, "u1", m["user_id"])
	bot := CreatedAutomationToken{AutomationToken: AutomationToken{TokenBase: TokenBase{ID: "AuT0"}, Role: RoleEngineer}, AccessToken: `se"cret`}
	ab, err := json.Marshal(bot)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"AuT0","name":"","scopes":[],"services":null,"role":"engineer","tls_access":false,"limit_services":false,"limit_workspaces":false,"access_token":"se\"cret"}`, string(ab),
		"the secret is JSON-escaped, after the token's fields")
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
