package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/doer"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func TestSecretRedactsEverywhere(t *testing.T) {
	const value = "ACCESS-tok_0123456789abcdefghijkl"
	s := wire.Secret(value)
	created := CreatedToken{gen.TokenCreatedResponse{ID: "abc", Name: "n", AccessToken: s}}
	bot := CreatedAutomationToken{gen.AutomationTokenCreateResponse{ID: "abc", AccessToken: s}}
	in := CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Username: "me", Password: wire.Secret(value)}, OTP: wire.Secret(value)}
	outputs := []string{
		s.String(), s.GoString(),
		fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x %X %10s", s, s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", created, created, created),
		fmt.Sprintf("%v %+v %#v", &created, in, &in),
		fmt.Sprintf("%v %+v %#v", bot, &bot, bot),
	}
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	logger.Info("created", "token", s, "created", created, "bot", bot, "ptr", &created)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("created", "token", s, "created", created, "bot", bot)
	outputs = append(outputs, buf.String())

	for _, out := range outputs {
		assert.NotContains(t, out, value)
	}
	assert.Contains(t, buf.String(), `"access_token":"[REDACTED]"`, "the token is logged, its secret redacted")
	assert.Contains(t, fmt.Sprintf("%v", s), "[REDACTED]")
	assert.Equal(t, `"[REDACTED]"`, fmt.Sprintf("%q", s))
	assert.Equal(t, `wire.Secret("[REDACTED]")`, fmt.Sprintf("%#v", s))
	assert.Equal(t, value, s.Reveal())
}

// TestSecretIsWrittenOnlyWhereItMustGo: a Secret is the API's wire value,
// so its JSON carries it (a created token's JSON hands the secret over);
// any text encoding, where "[REDACTED]" would pass for it, fails.
func TestSecretIsWrittenOnlyWhereItMustGo(t *testing.T) {
	s := wire.Secret(`hun"ter2`)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, `"hun\"ter2"`, string(b))
	var back wire.Secret
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, s, back)
	_, err = s.MarshalText()
	assert.ErrorIs(t, err, wire.ErrSecretMarshal)
}

func TestTokensMarshalInTheAPIShape(t *testing.T) {
	tok := Token{gen.TokenResponse{ID: "5Yo3XXnrQpjc20u0ybrf2g", Name: "ci", Scope: "global:read purge_all", Scopes: wire.Scopes{"global:read", "purge_all"},
		Services: []string{"S1"}, CreatedAt: wire.Time{Time: time.Date(2021, 1, 14, 11, 25, 39, 0, time.UTC)}, UserID: "u1"}}
	b, err := json.Marshal(tok)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"5Yo3XXnrQpjc20u0ybrf2g","user_id":"u1","customer_id":"","name":"ci","scope":"global:read purge_all",
		"scopes":["global:read","purge_all"],"services":["S1"],"service_id":null,"created_at":"2021-01-14T11:25:39Z",
		"last_used_at":null,"expires_at":null,"sudo_expires_at":null,"ip":null,"user_agent":null}`, string(b),
		"gen's model: the keys of a real answer, null where Fastly sends null")

	var back Token
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, tok, back, "it reads back")

	// A created token marshals with its secret, revealed: marshalling it
	// is asking for the secret.
	created := CreatedToken{gen.TokenCreatedResponse{ID: "5Yo3XXnrQpjc20u0ybrf2g", Name: "ci", AccessToken: "ACCESS-tok_0123456789abcdefghijkl"}}
	cb, err := json.Marshal(created)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(cb, &m))
	assert.Equal(t, "ACCESS-tok_0123456789abcdefghijkl", m["access_token"])
	assert.Equal(t, "ci", m["name"])
}

// TestClientNeverPrintsItsKey: a Client printed with any verb, as a
// pointer or a value, or logged with slog's handlers, shows its base URL
// and that it has a key, never the key.
func TestClientNeverPrintsItsKey(t *testing.T) {
	const key = "live-key_0123456789abcdefghijklmn"
	c, err := New(WithToken(key), WithBaseURL("https://api.fastly.com"))
	require.NoError(t, err)
	outputs := []string{fmt.Sprint(c), c.String(), c.GoString()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T"} {
		outputs = append(outputs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, *c)) // the value too
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("client", "c", c, "v", *c)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("client", "c", c)
	outputs = append(outputs, buf.String())
	for _, out := range outputs {
		assert.NotContains(t, out, key)
		assert.NotContains(t, out, "0123456789abcdefghijklmn")
	}
	assert.Equal(t, "facade.Client{https://api.fastly.com/, key [REDACTED]}", fmt.Sprintf("%+v", c))
	assert.Contains(t, buf.String(), `"key":true`)
	noKey, err := New(WithToken(""))
	require.NoError(t, err)
	assert.Contains(t, noKey.String(), "no key")
}

// TestErrorBodyCutInASecretKeepsNoPartOfIt: an error page longer than what
// is kept of it, cut inside an echoed key, shows no part of the key (the
// page's tags are stripped, so its end reaches the excerpt).
func TestErrorBodyCutInASecretKeepsNoPartOfIt(t *testing.T) {
	const tag = "<i></i>"
	filler := strings.Repeat(tag, (doer.MaxErrorText-16)/len(tag))
	page := filler + strings.Repeat(" ", doer.MaxErrorText-16-len(filler)) + testKey + " and more"
	f := newFake(t, respond(http.StatusBadGateway, page, "Content-Type", "text/html"))
	_, _, err := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1})).GetToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.NotContains(t, ae.Detail, testKey[:16], "the kept half of the key")
	assert.Contains(t, ae.Detail, "[REDACTED]")
}
