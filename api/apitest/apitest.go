// Package apitest starts the in-memory Fastly API of package api for tests,
// as net/http/httptest starts servers: seeded, on loopback, with every
// request and response checked against the spec on both sides.
package apitest

import (
	"net/http"
	"net/http/httptest"
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
