// Package facade is a Go client for the Fastly Tokens API.
//
// It covers all eight operations — list your tokens or a customer's, get one
// or the current one, create, revoke one, revoke the current one and bulk
// revoke — and adds what services need around them: retries of idempotent
// requests, typed errors, rate-limit state, iteration, rotation and expiry
// helpers.
//
//	c, err := facade.New() // token from FASTLY_API_TOKEN
//	tokens, err := c.ListTokens(ctx)
//
// The client decodes the wire format of real Fastly responses (null
// timestamps, several scopes in one string, unknown fields) and never puts a
// secret — the API key, a password, a one-time password or a new token's
// access_token — into an error, a log line or fmt output.
//
// A Client is safe for concurrent use by many goroutines.
package facade
