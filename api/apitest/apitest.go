// Package apitest starts the in-memory Fastly API of package api for tests,
// as net/http/httptest starts servers: seeded, on loopback, with every
// request and response checked against the spec on both sides.
package apitest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
)

// Env is an in-memory API behind a loopback server, with every request and
// response checked against the spec on both sides.
type Env struct {
	Server  *api.Server
	Account api.DemoAccount
	URL     string
	// Transport validates the client's traffic; use it in http.Client.
	Transport http.RoundTripper
	// Validator is the spec validator both sides use.
	Validator *contract.Validator
}

// NewEnv starts a seeded, validating in-memory API; the test fails on any
// contract violation on the server side, and the server stops with the
// test. Client-side violations reach the client as the cause of its errors.
func NewEnv(t testing.TB, opts ...api.Option) *Env {
	t.Helper()
	v, err := contract.New()
	if err != nil {
		t.Fatalf("contract validator: %v", err)
	}
	opts = append(opts, api.WithMiddleware(func(h http.Handler) http.Handler {
		return v.Middleware(h, func(err error) { t.Errorf("server-side contract violation: %v", err) })
	}))
	srv, acct := api.NewDemoServer(time.Now(), opts...)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Env{Server: srv, Account: acct, URL: ts.URL, Transport: reporting(t, v.Transport(ts.Client().Transport)), Validator: v}
}

// reporting fails the test for every response a validating transport
// found to break the spec, whatever the client makes of it.
func reporting(t testing.TB, next http.RoundTripper) http.RoundTripper {
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		if err != nil {
			t.Errorf("client-side contract check: %v", err)
			return nil, err
		}
		if v := contract.Violation(resp); v != nil {
			t.Errorf("client-side contract violation: %v", v)
		}
		return resp, nil
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// DropFirstAnswer serves h, but the first request of the given method is
// carried out and its answer lost: the connection is reset instead, as
// when a network fails after the server acted. The count says whether the
// drop happened.
func DropFirstAnswer(h http.Handler, method string) (http.Handler, *atomic.Int32) {
	var dropped atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method || !dropped.CompareAndSwap(0, 1) {
			h.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(httptest.NewRecorder(), r) // the server acts
		ResetConnection(w)
	}), &dropped
}

// ResetConnection closes the client's connection abruptly (a TCP reset),
// without an answer.
func ResetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
