// Package testutil holds helpers shared by the tests of this module.
package testutil

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/internal/contract"
)

// Env is an in-memory API behind a loopback server, with every request and
// response checked against the spec on both sides.
type Env struct {
	Server  *api.Server
	Account api.DemoAccount
	URL     string
	// Transport validates the client's traffic; use it in http.Client.
	Transport http.RoundTripper
}

// NewEnv starts a seeded, validating in-memory API; the test fails on any
// contract violation and the server stops with the test.
func NewEnv(t testing.TB, opts ...api.Option) *Env {
	t.Helper()
	v, err := contract.New()
	if err != nil {
		t.Fatalf("contract validator: %v", err)
	}
	opts = append(opts, api.WithValidation(func(err error) { t.Errorf("server-side contract violation: %v", err) }))
	srv, acct := api.NewDemoServer(time.Now(), opts...)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &Env{Server: srv, Account: acct, URL: ts.URL, Transport: v.Transport(ts.Client().Transport)}
}
