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
	r := newLeakRun(t)
	r.succeed()
	r.fail()
	r.echo()
	require.NotEmpty(t, r.accessTokens)
	secrets := append([]string{knownKey, knownPassword, knownOTP}, r.accessTokens...)
	r.assertClean(secrets...)
	assert.Greater(t, r.calls, 30)
	// The scan reached every kind of error.
	for _, want := range []error{ErrTwoFactorRequired, ErrBadRequest, ErrNotFound, ErrForbidden, ErrRateLimited, ErrUnauthorized, ErrInvalidInput, ErrSudoRequired} {
		found := false
		for _, err := range r.errs {
			found = found || errors.Is(err, want)
		}
		assert.True(t, found, "no call failed with %v", want)
	}
	t.Logf("%d calls, %d outputs and %d bytes of logs scanned", r.calls, len(r.outputs), r.logs.Len())
}

// leakRun is the scan of TestNoSecretLeaksAcrossOperationsAndErrors: a
// user whose key, password and one-time password are known, and clients
// with and without the key, logging into the scan.
type leakRun struct {
	*leakScan
	env          *apitest.Env
	c, anon      *Client
	logger       *slog.Logger
	ctx          context.Context
	accessTokens []string // the secrets of the tokens created
}

func newLeakRun(t *testing.T) *leakRun {
	env := apitest.NewEnv(t)
	env.Server.SetWriteLimit(env.Account.CustomerID, 18)
	_, err := env.Server.AddUser(api.User{ID: "leakUser00000000000000", CustomerID: env.Account.CustomerID, Login: "leak@example.com", Password: knownPassword, OTP: knownOTP})
	require.NoError(t, err)
	_, err = env.Server.AddTokenWithKey(gen.TokenResponse{UserID: "leakUser00000000000000", Name: "leaky"}, knownKey)
	require.NoError(t, err)
	r := &leakRun{leakScan: &leakScan{t: t}, env: env, ctx: context.Background()}
	r.logger = slog.New(slog.NewJSONHandler(&r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r.c, err = New(WithBaseURL(env.URL), WithToken(knownKey), WithLogger(r.logger), WithTransport(env.Transport), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	r.anon, err = New(WithBaseURL(env.URL), WithToken(""), WithLogger(r.logger), WithTransport(env.Transport))
	require.NoError(t, err)
	return r
}

// keep scans a create's result and keeps the new token's secret.
func (r *leakRun) keep(ct *CreatedToken, _ Response, err error) (any, error) {
	if ct != nil {
		r.accessTokens = append(r.accessTokens, ct.AccessToken.Reveal())
		return ct, err
	}
	return nil, err
}

func drop(v any, _ Response, err error) (any, error) { return v, err }
func dropMeta(_ Response, err error) (any, error)    { return nil, err }

// byPassword is a create with the user's credentials, otp as given.
func byPassword(password, otp wire.Secret) CreateTokenInput {
	return CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "p", Username: "leak@example.com", Password: password}, OTP: otp}
}

// succeed runs every operation, succeeding, after a create that wants sudo.
func (r *leakRun) succeed() {
	c, ctx := r.c, r.ctx
	r.run("create before sudo", func() (any, error) {
		return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n"}}))
	})
	r.run("sudo", func() (any, error) {
		return drop(c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "leak@example.com", Password: knownPassword}, OTP: knownOTP}))
	})
	r.run("list", func() (any, error) { return drop(c.ListTokens(ctx)) })
	r.run("current", func() (any, error) { return drop(c.CurrentToken(ctx)) })
	r.run("create", func() (any, error) {
		return r.keep(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Scope: "global"}}))
	})
	r.run("create by password", func() (any, error) { return r.keep(r.anon.CreateToken(ctx, byPassword(knownPassword, knownOTP))) })
	toks, _, err := c.ListTokens(ctx)
	require.NoError(r.t, err)
	require.Len(r.t, toks, 3)
	for _, tok := range toks {
		r.run("get", func() (any, error) { return drop(c.GetToken(ctx, tok.ID)) })
		if tok.Name == "n" {
			r.run("rotate", func() (any, error) { return r.keep(c.RotateToken(ctx, tok.ID, RotateInput{})) })
		}
	}
	r.run("input", func() (any, error) { return byPassword(knownPassword, knownOTP), nil })
}

// fail runs every error path.
func (r *leakRun) fail() {
	c, anon, ctx := r.c, r.anon, r.ctx
	r.run("2fa", func() (any, error) { return drop(anon.CreateToken(ctx, byPassword(knownPassword, ""))) })
	r.run("wrong otp", func() (any, error) { return drop(anon.CreateToken(ctx, byPassword(knownPassword, "1111111111"))) })
	r.run("otp not digits", func() (any, error) { return drop(anon.CreateToken(ctx, byPassword(knownPassword, knownOTP+"x"))) })
	r.run("sudo, wrong password", func() (any, error) {
		return drop(c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "leak@example.com", Password: knownPassword + "x"}, OTP: knownOTP}))
	})
	r.run("sudo, no otp", func() (any, error) {
		return drop(c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "leak@example.com", Password: knownPassword}}))
	})
	r.run("bad password", func() (any, error) { return drop(anon.CreateToken(ctx, byPassword(knownPassword+"x", ""))) })
	r.run("bad scope", func() (any, error) {
		return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Scope: "nope"}}))
	})
	r.run("422", func() (any, error) {
		return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", ExpiresAt: wire.Time{Time: time.Unix(1, 0)}}}))
	})
	r.run("404", func() (any, error) { return drop(c.GetToken(ctx, "missing0000000000000000")) })
	r.run("403", func() (any, error) { return drop(c.ListCustomerTokens(ctx, r.env.Account.CustomerID)) })
	r.run("revoke other", func() (any, error) { return dropMeta(c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")) })
	r.run("bulk other", func() (any, error) { return drop(c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g"})) })
	r.run("bad input", func() (any, error) { return drop(c.GetToken(ctx, "../"+knownKey)) })
	r.run("key as id", func() (any, error) { return dropMeta(c.RevokeToken(ctx, knownKey)) })
	for range 12 { // spend the write budget: 429
		r.run("429", func() (any, error) {
			return drop(c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}}))
		})
	}
	r.run("automation create, not a superuser", func() (any, error) {
		return drop(c.CreateAutomationToken(ctx, AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "bot", Role: string(gen.RoleEngineer)}, Username: "leak@example.com", Password: knownPassword, OTP: knownOTP}))
	})
	r.run("lookup a secret", func() (any, error) { return drop(c.LookupSecret(ctx, knownKey)) })
	r.run("lookup a dead secret", func() (any, error) { return drop(c.LookupSecret(ctx, knownPassword)) })
	r.run("revoke self", func() (any, error) { return dropMeta(c.RevokeCurrentToken(ctx)) })
	r.run("revoke a dead secret", func() (any, error) { return drop(c.RevokeSecret(ctx, knownKey)) })
	r.run("401 after revoke", func() (any, error) { return drop(c.CurrentToken(ctx)) })
}

// echo runs calls against a hostile server that echoes every secret the
// request carried back, raw, form-encoded and as the request's own body,
// in every field, in the trace id and in an HTML page.
func (r *leakRun) echo() {
	echo := newFake(r.t, func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		form, _ := url.ParseQuery(string(raw))
		msg := req.Header.Get("Fastly-Key") + " " + req.Header.Get("Fastly-OTP") + " " + form.Get("password") + " " + string(raw) + " " + req.URL.Path
		w.Header().Set("Fastly-Trace-Id", req.Header.Get("Fastly-Key"))
		if req.Method == http.MethodDelete {
			respond(http.StatusBadGateway, "<html><title>"+msg+"</title></html>", "Content-Type", "text/html")(w, req)
			return
		}
		respond(http.StatusUnauthorized, fmt.Sprintf(`{"msg":%q,"code":%q,"detail":%q}`, msg, msg, msg))(w, req)
	})
	hostile, err := New(WithBaseURL(echo.URL), WithToken(knownKey), WithLogger(r.logger), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(r.t, err)
	ctx := r.ctx
	r.run("echo list", func() (any, error) { return drop(hostile.ListTokens(ctx)) })
	r.run("echo create", func() (any, error) {
		return drop(hostile.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "n", Username: "u", Password: knownPassword}, OTP: knownOTP}))
	})
	r.run("echo revoke", func() (any, error) { return dropMeta(hostile.RevokeToken(ctx, "abc")) })
	r.run("echo sudo", func() (any, error) {
		return drop(hostile.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "u", Password: knownPassword}, OTP: knownOTP}))
	})
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
