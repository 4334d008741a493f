// Package api is an in-memory Fastly API for tokens: an http.Handler that
// implements the generated server interface (gen/server) and answers as
// the real API does, for contract tests, the demo, `fastly-tokens serve`
// and your own tests.
//
// It models users (a customer, a password, an optional one-time password
// for two-factor authentication, a superuser flag) and tokens (scopes,
// services, expiry, last use, sudo mode). Like the real API it:
//
//   - authenticates by Fastly-Key, or on create-token by username and
//     password (form or HTTP basic), asking for Fastly-OTP when the user
//     has two-factor authentication;
//
//   - wants a key in sudo mode (POST /sudo, five minutes unless
//     expiry_time says otherwise) or the user's credentials in the form
//     to create a token, else answers 403 "You must POST /sudo to access
//     this endpoint";
//
//   - answers a read-only key's write with 403 "Read only tokens are not
//     allowed to access this endpoint.";
//
//   - lets users see and revoke their own tokens, superusers their
//     customer's;
//
//   - keeps automation tokens (roles, sudo mode to create, paginated lists
//     with meta, revocation by DELETE /tokens/{id}) for superusers;
//
//   - counts writes against a per-account hourly budget (1,000 a customer,
//     or SetWriteLimit) and sends Fastly-RateLimit-* on every write answer,
//     errors included, and 429 with Retry-After when it is spent;
//
//   - answers with the keys recorded real responses carry: get and list
//     with every field (null when absent) but updated_at and deleted_at,
//     create with exactly its recorded eleven keys.
//
//     srv := api.NewServer()
//     user, _ := srv.AddUser(api.User{Login: "me@example.com", Password: "pw"})
//     _, key, _ := srv.AddToken(gen.TokenResponse{UserID: user.ID, Name: "ci"})
//     ts := httptest.NewServer(srv)
//     // point a client at ts.URL with key
//
// NewDemoServer seeds a realistic account, the Fastly web app's session
// token included. A Server is safe for concurrent use.
package api
