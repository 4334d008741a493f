// Package facade is a Go client for the Fastly API's token endpoints.
//
// It covers every operation of the Tokens API — list your tokens or a
// customer's, get one or the current one, create, revoke one, revoke the
// current one and bulk revoke — with sudo (Sudo, and CreateToken's own
// sudo step when Fastly wants one), automation tokens
// (CreateAutomationToken, GetAutomationToken, ListAutomationTokens and its
// Iter and Page forms, ListAutomationTokenServices,
// ListAutomationTokenWorkspaces, ListRoles, GetRole) and the response to a
// leaked secret (LookupSecret, RevokeSecret), and adds what services need
// around them:
// retries of idempotent requests, a default per-call timeout, typed errors,
// rate-limit reporting, iteration, rotation and expiry helpers.
//
//	c, err := facade.New() // token from FASTLY_API_TOKEN
//	tokens, resp, err := c.ListTokens(ctx)
//
// The client is a thin layer over the code oapi-codegen generates from
// openapi/tokens.yaml (package gen): it decodes with gen's models, the
// timestamps, scope lists and headers through the Go types the spec names
// (package openapi/wire). Every call returns a Response beside its result:
// the status, the write budget the response reported and Fastly's trace
// id. Errors are typed for errors.Is and errors.As (ErrNotFound, *APIError,
// *RateLimitError, *DecodeError, *InputError…).
//
// The facade never puts a secret — the API key, a password, a one-time
// password or a new token's access_token — into an error, a log line or fmt
// output, in any encoding the secret travelled in. Text a server sent is
// kept to one line without control characters.
//
// To check every response against the spec, add the validator of package
// openapi/contract as the transport: it is opt-in, so that importing the
// facade does not import kin-openapi.
//
//	v, _ := contract.New()
//	c, _ := facade.New(facade.WithTransport(v.Transport(nil)))
//
// A Client is safe for concurrent use by many goroutines.
package facade
