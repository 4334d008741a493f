// Package api is an in-memory Fastly Tokens API: an http.Handler that
// implements the generated server interface (gen.ServerInterface) with the
// real API's rules, for contract tests, the demo and your own tests.
//
// It models users (with a customer, a password, an optional one-time
// password for two-factor authentication and a superuser flag) and tokens
// (scopes, services, expiry, last use). It authenticates by Fastly-Key (or,
// on create, username and password), answers with Fastly-style error
// bodies, enforces who may see and revoke which token, and counts writes
// against an hourly budget, sending Fastly-RateLimit-* headers and 429s.
//
//	srv := api.NewServer()
//	user, _ := srv.AddUser(api.User{Login: "me@example.com", Password: "pw"})
//	_, key, _ := srv.AddToken(api.TokenSeed{UserID: user.ID, Name: "ci"})
//	ts := httptest.NewServer(srv)
//	// point a client at ts.URL with key
//
// A Server is safe for concurrent use.
package api
