package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

const (
	knownKey      = "KEYsecret-0123456789abcdefghijkl"
	knownPassword = "PASSWORD secret&correct=horse!"
	knownOTP      = "8642097531"
)

// leakScan collects everything a user could see: errors in every format,
// values in every format, log lines and recovered panics.
type leakScan struct {
	t       *testing.T
	outputs []string
	errs    []error
	logs    bytes.Buffer
	calls   int
}

func (s *leakScan) run(name string, call func() (any, error)) {
	s.calls++
	defer func() {
		if p := recover(); p != nil {
			s.outputs = append(s.outputs, fmt.Sprint(p))
			s.t.Errorf("%s panicked: %v", name, p)
		}
	}()
	v, err := call()
	if err != nil {
		s.errs = append(s.errs, err)
		s.outputs = append(s.outputs, fmt.Sprintf("%v|%+v|%#v|%s|%q|%x", err, err, err, err, err, err))
	}
	if v != nil {
		s.outputs = append(s.outputs, fmt.Sprintf("%v|%+v|%#v|%s", v, v, v, v))
	}
}

// assertClean fails for a secret in any output, in any encoding it could
// travel in.
func (s *leakScan) assertClean(secrets ...string) {
	s.t.Helper()
	var forms []string
	for _, secret := range secrets {
		j, _ := json.Marshal(secret)
		forms = append(forms, secret, url.QueryEscape(secret), url.PathEscape(secret), string(j[1:len(j)-1]))
	}
	for _, out := range append(s.outputs, s.logs.String()) {
		for _, secret := range forms {
			if i := strings.Index(out, secret); i >= 0 {
				s.t.Errorf("secret found in output: …%s…", out[max(0, i-80):i])
			}
		}
	}
	assert.NotEmpty(s.t, s.logs.String(), "the logger saw the calls")
}

func TestNoSecretLeaksAcrossOperationsAndErrors(t *testing.T) {
	env := apitest.NewEnv(t)
	env.Server.SetWriteLimit(env.Account.CustomerID, 18)
	_, err := env.Server.AddUser(api.User{ID: "leakUser00000000000000", CustomerID: env.Account.CustomerID, Login: "leak@example.com", Password: knownPassword, OTP: knownOTP})
	require.NoError(t, err)
	_, err = env.Server.AddTokenWithKey(gen.TokenResponse{UserID: "leakUser00000000000000", Name: "leaky"}, knownKey)
	require.NoError(t, err)

	scan := &leakScan{t: t}
	logger := slog.New(slog.NewJSONHandler(&scan.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := New(WithBaseURL(env.URL), WithToken(knownKey), WithLogger(logger),
		WithTransport(env.Transport), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	anon, err := New(WithBaseURL(env.URL), WithToken(""), WithLogger(logger), WithTransport(env.Transport))
	require.NoError(t, err)
	ctx := context.Background()
	var accessTokens []string
	keep := func(ct *CreatedToken, _ Response, err error) (any, error) {
		if ct != nil {
			accessTokens = append(accessTokens, ct.AccessToken.Reveal())
			return ct, err
		}
		return nil, err
	}
	drop := func(v any, _ Response, err error) (any, error) { return v, err }
	dropMeta := func(_ Response, err error) (any, error) { return nil, err }

	// Every operation, succeeding, after a create that wants sudo.
	scan.run("create before sudo", func() (any, error) {
		return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n"}}))
	})
	scan.run("sudo", func() (any, error) {
		return drop(c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "leak@example.com", Password: knownPassword}, OTP: knownOTP}))
	})
	scan.run("list", func() (any, error) { return drop(c.ListTokens(ctx)) })
	scan.run("current", func() (any, error) { return drop(c.CurrentToken(ctx)) })
	scan.run("create", func() (any, error) {
		return keep(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Scope: "global"}}))
	})
	scan.run("create by password", func() (any, error) {
		return keep(anon.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "p", Username: "leak@example.com", Password: knownPassword}, OTP: knownOTP}))
	})
	toks, _, err := c.ListTokens(ctx)
	require.NoError(t, err)
	require.Len(t, toks, 3)
	for _, tok := range toks {
		scan.run("get", func() (any, error) { return drop(c.GetToken(ctx, tok.ID)) })
		if tok.Name == "n" {
			scan.run("rotate", func() (any, error) { return keep(c.RotateToken(ctx, tok.ID, RotateInput{})) })
		}
	}
	scan.run("input", func() (any, error) {
		return CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Username: "u", Password: knownPassword}, OTP: knownOTP}, nil
	})

	// Every error path.
	scan.run("2fa", func() (any, error) {
		return drop(anon.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "p", Username: "leak@example.com", Password: knownPassword}}))
	})
	scan.run("wrong otp", func() (any, error) {
		return drop(anon.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "p", Username: "leak@example.com", Password: knownPassword}, OTP: knownOTP + "x"}))
	})
	scan.run("sudo, wrong password", func() (any, error) {
		return drop(c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "leak@example.com", Password: knownPassword + "x"}, OTP: knownOTP}))
	})
	scan.run("sudo, no otp", func() (any, error) {
		return drop(c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "leak@example.com", Password: knownPassword}}))
	})
	scan.run("bad password", func() (any, error) {
		return drop(anon.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "p", Username: "leak@example.com", Password: knownPassword + "x"}}))
	})
	scan.run("bad scope", func() (any, error) {
		return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Scope: "nope"}}))
	})
	scan.run("422", func() (any, error) {
		return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", ExpiresAt: wire.Time{Time: time.Unix(1, 0)}}}))
	})
	scan.run("404", func() (any, error) { return drop(c.GetToken(ctx, "missing0000000000000000")) })
	scan.run("403", func() (any, error) { return drop(c.ListCustomerTokens(ctx, env.Account.CustomerID)) })
	scan.run("revoke other", func() (any, error) { return dropMeta(c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")) })
	scan.run("bulk other", func() (any, error) { return drop(c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g"})) })
	scan.run("bad input", func() (any, error) { return drop(c.GetToken(ctx, "../"+knownKey)) })
	scan.run("key as id", func() (any, error) { return dropMeta(c.RevokeToken(ctx, knownKey)) })
	for range 12 { // spend the write budget: 429
		scan.run("429", func() (any, error) {
			return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}}))
		})
	}
	scan.run("automation create, not a superuser", func() (any, error) {
		return drop(c.CreateAutomationToken(ctx, AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "bot", Role: string(gen.RoleEngineer)}, Username: "leak@example.com", Password: knownPassword, OTP: knownOTP}))
	})
	scan.run("lookup a secret", func() (any, error) { return drop(c.LookupSecret(ctx, knownKey)) })
	scan.run("lookup a dead secret", func() (any, error) { return drop(c.LookupSecret(ctx, knownPassword)) })
	scan.run("revoke self", func() (any, error) { return dropMeta(c.RevokeCurrentToken(ctx)) })
	scan.run("revoke a dead secret", func() (any, error) { return drop(c.RevokeSecret(ctx, knownKey)) })
	scan.run("401 after revoke", func() (any, error) { return drop(c.CurrentToken(ctx)) })

	// A hostile server that echoes every secret the request carried back,
	// raw, form-encoded and as the request's own body, in every field, in
	// the trace id and in an HTML page.
	echo := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(raw))
		msg := r.Header.Get("Fastly-Key") + " " + r.Header.Get("Fastly-OTP") + " " + form.Get("password") + " " + string(raw) + " " + r.URL.Path
		w.Header().Set("Fastly-Trace-Id", r.Header.Get("Fastly-Key"))
		if r.Method == http.MethodDelete {
			respond(http.StatusBadGateway, "<html><title>"+msg+"</title></html>", "Content-Type", "text/html")(w, r)
			return
		}
		respond(http.StatusUnauthorized, fmt.Sprintf(`{"msg":%q,"code":%q,"detail":%q}`, msg, msg, msg))(w, r)
	})
	hostile, err := New(WithBaseURL(echo.URL), WithToken(knownKey), WithLogger(logger), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	scan.run("echo list", func() (any, error) { return drop(hostile.ListTokens(ctx)) })
	scan.run("echo create", func() (any, error) {
		return drop(hostile.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Username: "u", Password: knownPassword}, OTP: knownOTP}))
	})
	scan.run("echo revoke", func() (any, error) { return dropMeta(hostile.RevokeToken(ctx, "abc")) })
	scan.run("echo sudo", func() (any, error) {
		return drop(hostile.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "u", Password: knownPassword}, OTP: knownOTP}))
	})

	require.NotEmpty(t, accessTokens)
	secrets := append([]string{knownKey, knownPassword, knownOTP}, accessTokens...)
	scan.assertClean(secrets...)
	assert.Greater(t, scan.calls, 30)
	// The scan reached every kind of error.
	for _, want := range []error{ErrTwoFactorRequired, ErrBadRequest, ErrNotFound, ErrForbidden, ErrRateLimited, ErrUnauthorized, ErrInvalidInput, ErrSudoRequired} {
		found := false
		for _, err := range scan.errs {
			found = found || errors.Is(err, want)
		}
		assert.True(t, found, "no call failed with %v", want)
	}
	t.Logf("%d calls, %d outputs and %d bytes of logs scanned", scan.calls, len(scan.outputs), scan.logs.Len())
}

// The scan itself must be able to fail: a leaked secret is found.
func TestLeakScanFindsALeak(t *testing.T) {
	inner := &testing.T{}
	scan := &leakScan{t: inner}
	scan.logs.WriteString("log line")
	scan.run("leaky", func() (any, error) { return nil, fmt.Errorf("oops %s", knownKey) })
	scan.assertClean(knownKey)
	assert.True(t, inner.Failed())
}
