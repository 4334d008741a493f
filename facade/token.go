package facade

import (
	"log/slog"
	"slices"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// The token types below are gen's models, generated from the spec, with
// methods: a field the spec gains shows up in them, and in their JSON, on
// `make generate`. Their JSON is the API's own (snake_case, null where
// Fastly sends null).

// Token is a user's API token, as get-token, get-token-current and the
// token lists answer it.
type Token struct{ gen.TokenResponse }

// CreatedToken is a new token with its secret, AccessToken, which Fastly
// shows only once. Printing it with fmt or logging it with slog shows no
// secret; its JSON carries the secret, as the API's answer did: marshal it
// only where the secret must go.
type CreatedToken struct{ gen.TokenCreatedResponse }

// AutomationToken is a token for CI and services, tied to the customer
// rather than to a person, as get-automation-token-id answers it.
type AutomationToken struct{ gen.AutomationTokenResponse }

// ListedAutomationToken is an automation token as list-automation-tokens
// answers it: with its creator, customer and TLS access, and its scopes
// as one string.
type ListedAutomationToken struct{ gen.AutomationTokenListEntry }

// CreatedAutomationToken is a new automation token with its secret, which
// prints, logs and marshals as CreatedToken's does.
type CreatedAutomationToken struct {
	gen.AutomationTokenCreateResponse
}

// IsWebSession reports whether t is the Fastly web app's session token: no
// token anyone created, and not one to rotate or audit as one. Fastly lists
// it among the user's tokens, named wire.WebSessionName with sudo_expires_at set.
func (t Token) IsWebSession() bool {
	return t.Name == wire.WebSessionName && !t.SudoExpiresAt.IsZero()
}

// Expires reports whether the token has an expiry time.
func (t Token) Expires() bool { return !t.ExpiresAt.IsZero() }

// ExpiresWithin reports whether the token expires after now and no later
// than now+d. The web app's session token, which expires daily and is
// renewed by signing in, never does.
func (t Token) ExpiresWithin(now time.Time, d time.Duration) bool {
	return !t.IsWebSession() && expiresWithin(t.ExpiresAt.Time, now, d)
}

// AllServices reports whether the token may act on every service: it names
// none.
func (t Token) AllServices() bool { return len(t.Services) == 0 }

// ScopeList is the token's scopes: its scopes list, or, when an answer
// carries none, its scope string split. Empty when the answer says
// neither.
func (t Token) ScopeList() wire.Scopes {
	if len(t.Scopes) > 0 {
		return t.Scopes
	}
	return wire.SplitScopes(t.Scope)
}

// LimitedServices are the services a token is limited to: its services,
// or, when an answer lists none but names a service_id, that one. Nil
// means every service. It is the rule rotate copies a token's reach by,
// so that a new token never reaches further than the old one.
func (t Token) LimitedServices() []string {
	if len(t.Services) == 0 && t.ServiceID != "" {
		return []string{string(t.ServiceID)}
	}
	return t.Services
}

// Expires reports whether the token has an expiry time.
func (t CreatedToken) Expires() bool { return !t.ExpiresAt.IsZero() }

// AllServices reports whether the token may act on every service: it names
// none.
func (t CreatedToken) AllServices() bool { return len(t.Services) == 0 }

// AllServices reports whether the token may act on every service.
func (t AutomationToken) AllServices() bool { return !wire.ServicesLimit(t.LimitServices, t.Services) }

// AllServices reports whether the token may act on every service.
func (t ListedAutomationToken) AllServices() bool {
	return !wire.ServicesLimit(t.LimitServices, t.Services)
}

// AllServices reports whether the token may act on every service.
func (t CreatedAutomationToken) AllServices() bool {
	return !wire.ServicesLimit(t.LimitServices, t.Services)
}

// Expires reports whether the token has an expiry time.
func (t AutomationToken) Expires() bool { return !t.ExpiresAt.IsZero() }

// Expires reports whether the token has an expiry time.
func (t ListedAutomationToken) Expires() bool { return !t.ExpiresAt.IsZero() }

// Expires reports whether the token has an expiry time.
func (t CreatedAutomationToken) Expires() bool { return !t.ExpiresAt.IsZero() }

// ExpiresWithin reports whether the token expires after now and no later
// than now+d.
func (t ListedAutomationToken) ExpiresWithin(now time.Time, d time.Duration) bool {
	return expiresWithin(t.ExpiresAt.Time, now, d)
}

// LogValue implements slog.LogValuer: the token, its secret redacted.
func (c CreatedToken) LogValue() slog.Value {
	c.AccessToken = wire.Redacted
	return slog.AnyValue(c.TokenCreatedResponse)
}

// LogValue implements slog.LogValuer: the token, its secret redacted.
func (c CreatedAutomationToken) LogValue() slog.Value {
	c.AccessToken = wire.Redacted
	return slog.AnyValue(c.AutomationTokenCreateResponse)
}

func expiresWithin(expiresAt, now time.Time, d time.Duration) bool {
	return !expiresAt.IsZero() && expiresAt.After(now) && !expiresAt.After(now.Add(d))
}

// The models' ids and secrets, for the checks every answer passes (an id
// required, a create's secret required).
func (t Token) id() string                  { return t.ID }
func (t CreatedToken) id() string           { return t.ID }
func (t AutomationToken) id() string        { return t.ID }
func (t ListedAutomationToken) id() string  { return t.ID }
func (t CreatedAutomationToken) id() string { return t.ID }

func (t CreatedToken) secret() wire.Secret           { return t.AccessToken }
func (t CreatedAutomationToken) secret() wire.Secret { return t.AccessToken }

// ExpiringWithin returns the tokens that expire after now and no later than
// now+within, in their original order (Token.ExpiresWithin: the web app's
// session token is never among them).
func ExpiringWithin(tokens []Token, now time.Time, within time.Duration) []Token {
	return slices.DeleteFunc(slices.Clone(tokens), func(t Token) bool { return !t.ExpiresWithin(now, within) })
}
