// Package apitest starts the in-memory Fastly API of package api for tests,
// as net/http/httptest starts servers: seeded with api's demo account, on
// loopback, with every request and response checked against the spec on
// both sides. A contract violation on either side fails the test; nothing
// else does, so that a test may provoke errors (a lost answer, a refused
// connection) and see how the code under test takes them.
//
// A test of code that uses the facade points a client at the Env:
//
//	env := apitest.NewEnv(t)
//	c, _ := facade.New(facade.WithBaseURL(env.URL), facade.WithTransport(env.Transport),
//		facade.WithToken(env.Account.AdminKey))
package apitest

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
)

// Env is an in-memory API behind a loopback server, with every request and
// response checked against the spec on both sides.
type Env struct {
	Server *api.Server
	// Account is the seeded demo account: see api.DemoAccount for which
	// user has two-factor authentication and which may create automation
	// tokens.
	Account api.DemoAccount
	URL     string
	// Transport validates the client's side of the traffic: give it to
	// facade.WithTransport.
	Transport http.RoundTripper
	// Validator is the spec validator both sides use.
	Validator *contract.Validator

	t    testing.TB
	lost atomic.Int32
}

// Option configures an Env.
type Option func(*config)

type config struct {
	server []api.Option
	lose   *lostAnswer
}

// WithServerOptions passes options to the in-memory API, such as
// api.WithClock or api.WithStrictSudo.
func WithServerOptions(opts ...api.Option) Option {
	return func(c *config) { c.server = append(c.server, opts...) }
}

// DropFirstAnswer loses the answer to the first request with this method
// whose path starts with path ("" for any): the server carries the
// request out, validated as any other, and the connection closes without
// an answer, as when a proxy dies after the API acted.
func DropFirstAnswer(method, path string) Option { return loseFirstAnswer(method, path, false) }

// ResetFirstAnswer is DropFirstAnswer with the connection reset (a TCP
// RST) instead of closed.
func ResetFirstAnswer(method, path string) Option { return loseFirstAnswer(method, path, true) }

func loseFirstAnswer(method, path string, reset bool) Option {
	return func(c *config) { c.lose = &lostAnswer{method: method, path: path, reset: reset} }
}

// NewEnv starts a seeded, validating in-memory API that stops with the
// test. A contract violation on either side fails the test: the server's
// as it answers, the client's as Transport hands the response on (its
// errors then carry the violation as their cause).
func NewEnv(t testing.TB, opts ...Option) *Env {
	t.Helper()
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	v, err := contract.New()
	if err != nil {
		t.Fatalf("contract validator: %v", err)
	}
	srv, acct := api.NewDemoServer(time.Now(), cfg.server...)
	env := &Env{Server: srv, Account: acct, Validator: v, t: t}
	var h http.Handler = v.Middleware(srv, func(err error) { t.Errorf("server-side contract violation: %v", err) })
	if cfg.lose != nil {
		h = cfg.lose.wrap(h, &env.lost)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	env.URL, env.Transport = ts.URL, reporting(t, v.Transport(ts.Client().Transport))
	return env
}

// Lost is how many answers DropFirstAnswer or ResetFirstAnswer lost: 0 or 1.
func (e *Env) Lost() int { return int(e.lost.Load()) }

// AddToken adds a token, as get-token answers it, and returns its id and
// secret; the test fails if it cannot. A token with no UserID is the
// admin's.
func (e *Env) AddToken(m gen.TokenResponse) (id, secret string) {
	e.t.Helper()
	if m.UserID == "" {
		m.UserID = e.Account.AdminUserID
	}
	id, secret, err := e.Server.AddToken(m)
	if err != nil {
		e.t.Fatalf("apitest: adding a token: %v", err)
	}
	return id, secret
}

// AddAutomationToken adds an automation token, as the automation list
// answers it, and returns its id and secret; the test fails if it cannot.
// A token with no CreatorID is the admin's.
func (e *Env) AddAutomationToken(m gen.AutomationTokenListEntry) (id, secret string) {
	e.t.Helper()
	if m.CreatorID == "" {
		m.CreatorID = e.Account.AdminUserID
	}
	id, secret, err := e.Server.AddAutomationToken(m)
	if err != nil {
		e.t.Fatalf("apitest: adding an automation token: %v", err)
	}
	return id, secret
}

// reporting fails the test for every contract violation the validating
// transport found, in the request it refused or in the response it hands
// on whatever the client makes of it. Other errors (a connection reset, a
// cancelled context) are the client's to handle.
func reporting(t testing.TB, next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		var violation *contract.Error
		switch {
		case errors.As(err, &violation):
			t.Errorf("client-side contract violation in the request: %v", err)
		case err == nil && contract.Violation(resp) != nil:
			t.Errorf("client-side contract violation: %v", contract.Violation(resp))
		}
		return resp, err
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// lostAnswer is the request whose answer DropFirstAnswer or
// ResetFirstAnswer loses.
type lostAnswer struct {
	method, path string
	reset        bool
}

// wrap serves h, losing the answer to the first matching request after h
// (the validator and the server behind it) has acted on it.
func (l *lostAnswer) wrap(h http.Handler, lost *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != l.method || !strings.HasPrefix(r.URL.Path, l.path) || !lost.CompareAndSwap(0, 1) {
			h.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(httptest.NewRecorder(), r) // the server acts; its answer goes nowhere
		closeConnection(w, l.reset)
	})
}

// ResetConnection resets the client's connection (a TCP RST) without an
// answer, from a handler of an httptest server.
func ResetConnection(w http.ResponseWriter) { closeConnection(w, true) }

// closeConnection ends the client's connection without an answer: reset,
// or closed.
func closeConnection(w http.ResponseWriter, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic("apitest: the connection cannot be taken over: " + err.Error())
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
