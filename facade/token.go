package facade

import (
	"encoding/json"
	"log/slog"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Scope is one permission of a token.
type Scope = wire.Scope

// Scopes is a token's set of scopes. Its String method joins them with
// spaces, as Fastly writes them; Has tells whether one is present.
type Scopes = wire.Scopes

// The scopes Fastly documents. Others are kept as they come.
const (
	ScopeGlobal      = wire.ScopeGlobal      // everything
	ScopePurgeSelect = wire.ScopePurgeSelect // purge by URL or surrogate key
	ScopePurgeAll    = wire.ScopePurgeAll    // purge a whole service
	ScopeGlobalRead  = wire.ScopeGlobalRead  // read-only account, config and stats
	DefaultScope     = wire.DefaultScope     // what a new token gets when none is named
)

// KnownScopes are the scopes Fastly documents, in the order it lists them.
func KnownScopes() Scopes { return wire.KnownScopes() }

// ParseScopes splits a space-delimited scope string ("global:read
// purge_all"). Unknown values are kept; extra white space is ignored.
func ParseScopes(s string) Scopes { return wire.SplitScopes(s) }

// TokenBase is what user and automation tokens share. With Token and
// AutomationToken it marshals to JSON in the API's snake_case shape, zero
// times and empty optional strings left out. Timestamps Fastly sends as
// null (or "") are the zero time; null strings are "".
type TokenBase struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CustomerID string `json:"customer_id,omitempty"`
	Scopes     Scopes `json:"scopes"`
	// Services are the service ids the token is limited to; empty means all.
	Services  []string `json:"services"`
	ServiceID string   `json:"service_id,omitempty"`

	CreatedAt     time.Time `json:"created_at,omitzero"`
	LastUsedAt    time.Time `json:"last_used_at,omitzero"`
	ExpiresAt     time.Time `json:"expires_at,omitzero"`
	SudoExpiresAt time.Time `json:"sudo_expires_at,omitzero"`

	// IP and UserAgent are of the last client that used the token.
	IP        string `json:"ip,omitempty"`
	UserAgent string `json:"user_agent,omitempty"`
}

// Token is a user's API token.
type Token struct {
	TokenBase
	UserID    string    `json:"user_id,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	DeletedAt time.Time `json:"deleted_at,omitzero"`
}

// Role is what an automation token may do, as a user of that role may.
type Role = wire.Role

// The roles Fastly documents; others are kept as they come.
const (
	RoleEngineer = wire.RoleEngineer
	RoleBilling  = wire.RoleBilling
	RoleUser     = wire.RoleUser
)

// Roles are the roles Fastly documents, in the order it lists them.
func Roles() []Role { return wire.KnownRoles() }

// AutomationToken is a token for CI and services, tied to the customer
// rather than to a person.
type AutomationToken struct {
	TokenBase
	// Role is the token's one legacy role, or the highest-priority of Roles.
	Role Role `json:"role"`
	// Roles are the token's roles, since September 2026.
	Roles     []RoleRef `json:"roles,omitempty"`
	CreatorID string    `json:"creator_id,omitempty"`
	// TLSAccess lets the token manage TLS.
	TLSAccess bool `json:"tls_access"`
	// LimitServices says whether Services limit the token: when false it
	// may act on every service, whatever Services holds. An answer from
	// before September 2026 has no limit_services: services then limit the
	// token when there are any.
	LimitServices   bool     `json:"limit_services"`
	LimitWorkspaces bool     `json:"limit_workspaces"`
	Workspaces      []string `json:"workspaces,omitempty"`
}

// RoleRef is one of an automation token's roles, as the spec describes it.
type RoleRef = gen.RoleRef

// AllServices reports whether the token may act on every service.
func (t AutomationToken) AllServices() bool { return !t.LimitServices }

// WebSessionName is the name of the token the Fastly web app holds for a
// signed-in user.
const WebSessionName = "manage.fastly.com browser session"

// IsWebSession reports whether t is the Fastly web app's session token: no
// token anyone created, and not one to rotate or audit as one. Fastly lists
// it among the user's tokens, named WebSessionName with sudo_expires_at set.
func (t TokenBase) IsWebSession() bool { return t.Name == WebSessionName && !t.SudoExpiresAt.IsZero() }

func (t TokenBase) id() string { return t.ID }

// Expires reports whether the token has an expiry time.
func (t TokenBase) Expires() bool { return !t.ExpiresAt.IsZero() }

// ExpiresWithin reports whether the token expires after now and no later
// than now+d. The web app's session token, which expires daily and is
// renewed by signing in, never does.
func (t TokenBase) ExpiresWithin(now time.Time, d time.Duration) bool {
	return t.Expires() && !t.IsWebSession() && t.ExpiresAt.After(now) && !t.ExpiresAt.After(now.Add(d))
}

// CreatedToken is a new token with its secret, which Fastly shows only
// once. json.Marshal writes the token and its access_token, revealed:
// marshal it only where the secret must go. Printing it with fmt or logging
// it with slog shows no secret.
type CreatedToken struct {
	Token
	AccessToken Secret
}

// CreatedAutomationToken is a new automation token with its secret, which
// marshals and logs as CreatedToken does.
type CreatedAutomationToken struct {
	AutomationToken
	AccessToken Secret
}

// MarshalJSON implements json.Marshaler: the token and its access_token.
func (c CreatedToken) MarshalJSON() ([]byte, error) { return withSecret(c.Token, c.AccessToken) }

// MarshalJSON implements json.Marshaler: the token and its access_token.
func (c CreatedAutomationToken) MarshalJSON() ([]byte, error) {
	return withSecret(c.AutomationToken, c.AccessToken)
}

func (c CreatedToken) secret() Secret           { return c.AccessToken }
func (c CreatedAutomationToken) secret() Secret { return c.AccessToken }

// LogValue implements slog.LogValuer: the token without its secret.
func (c CreatedToken) LogValue() slog.Value { return slog.AnyValue(c.Token) }

// LogValue implements slog.LogValuer: the token without its secret.
func (c CreatedAutomationToken) LogValue() slog.Value { return slog.AnyValue(c.AutomationToken) }

// withSecret is the JSON of a token (an object with at least its id) with
// "access_token" added last: the one place a secret is written out.
func withSecret(token any, secret Secret) ([]byte, error) {
	b, err := json.Marshal(token)
	if err != nil {
		return nil, err
	}
	value, _ := json.Marshal(secret.Reveal()) // a string always marshals
	b = append(b[:len(b)-1], `,"access_token":`...)
	return append(append(b, value...), '}'), nil
}

// The gen models below convert to the facade's, one function each. Strings
// and slices are shared, not copied.

func tokenFrom(r *gen.TokenResponse) Token {
	return Token{TokenBase: TokenBase{ID: r.Id, Name: r.Name, CustomerID: r.CustomerId, Scopes: scopesOf(r.Scopes, r.Scope),
		Services: r.Services, ServiceID: string(r.ServiceId), CreatedAt: r.CreatedAt.Time, LastUsedAt: r.LastUsedAt.Time,
		ExpiresAt: r.ExpiresAt.Time, SudoExpiresAt: r.SudoExpiresAt.Time, IP: string(r.Ip), UserAgent: string(r.UserAgent)},
		UserID: r.UserId, UpdatedAt: r.UpdatedAt.Time, DeletedAt: r.DeletedAt.Time}
}

func createdFrom(r *gen.TokenCreatedResponse) CreatedToken {
	return CreatedToken{Token: Token{TokenBase: TokenBase{ID: r.Id, Name: r.Name, CustomerID: r.CustomerId,
		Scopes: wire.SplitScopes(r.Scope), Services: r.Services, ServiceID: string(r.ServiceId),
		CreatedAt: r.CreatedAt.Time, ExpiresAt: r.ExpiresAt.Time}, UserID: r.UserId, UpdatedAt: r.UpdatedAt.Time},
		AccessToken: Secret(r.AccessToken)}
}

func automationCreatedFrom(r *gen.AutomationTokenCreateResponse) CreatedAutomationToken {
	t := AutomationToken{TokenBase: TokenBase{ID: r.Id, Name: r.Name, CustomerID: r.CustomerId,
		Scopes: wire.SplitScopes(r.Scope), Services: r.Services, CreatedAt: r.CreatedAt.Time, LastUsedAt: r.LastUsedAt.Time,
		ExpiresAt: r.ExpiresAt.Time, IP: r.Ip, UserAgent: r.UserAgent}, Role: Role(r.Role), TLSAccess: r.TlsAccess}
	return CreatedAutomationToken{AutomationToken: t.withAccess(r.Roles, r.LimitServices, r.LimitWorkspaces, r.Workspaces),
		AccessToken: Secret(r.AccessToken)}
}

func automationFrom(r *gen.AutomationTokenResponse) AutomationToken {
	return AutomationToken{TokenBase: TokenBase{ID: r.Id, Name: r.Name,
		Scopes: wire.SplitScopes(r.Scope), Services: r.Services, CreatedAt: r.CreatedAt.Time, LastUsedAt: r.LastUsedAt.Time,
		ExpiresAt: r.ExpiresAt.Time, IP: string(r.Ip), UserAgent: string(r.UserAgent)}, Role: Role(r.Role),
	}.withAccess(r.Roles, r.LimitServices, r.LimitWorkspaces, r.Workspaces)
}

func automationEntryFrom(r *gen.AutomationTokenListEntry) AutomationToken {
	return AutomationToken{TokenBase: TokenBase{ID: r.Id, Name: r.Name, Scopes: wire.Scopes(r.Scopes),
		Services: r.Services, ServiceID: string(r.ServiceId), CreatedAt: r.CreatedAt.Time, LastUsedAt: r.LastUsedAt.Time,
		ExpiresAt: r.ExpiresAt.Time, SudoExpiresAt: r.SudoExpiresAt.Time, IP: string(r.Ip), UserAgent: string(r.UserAgent)},
		Role: Role(r.Role), CreatorID: r.CreatorId, TLSAccess: r.TlsAccess,
	}.withAccess(r.Roles, r.LimitServices, r.LimitWorkspaces, r.Workspaces)
}

// withAccess sets what the automation models of September 2026 add: the
// roles, and the limits, which an older answer lacks: its services (or
// workspaces) then limit the token when there are any.
func (t AutomationToken) withAccess(roles []gen.RoleRef, limitServices, limitWorkspaces *bool, workspaces []string) AutomationToken {
	t.Roles, t.Workspaces = roles, workspaces
	t.LimitServices, t.LimitWorkspaces = orLen(limitServices, t.Services), orLen(limitWorkspaces, workspaces)
	return t
}

func orLen(b *bool, list []string) bool {
	if b == nil {
		return len(list) > 0
	}
	return *b
}

// scopesOf is a token's "scopes" list, or its "scope" string split when
// the list is absent.
func scopesOf(list Scopes, scope string) Scopes {
	if len(list) > 0 {
		return list
	}
	return wire.SplitScopes(scope)
}

// Secret holds a credential: a new token's access_token, a password or a
// one-time password. Every way of printing or logging it shows
// "[REDACTED]", encoding it fails with ErrSecretMarshal, and Reveal is the
// only way to read the value.
type Secret = scrub.Secret

// ErrSecretMarshal is returned by json.Marshal and other encoders of a
// Secret: writing "[REDACTED]" where a caller expected the secret would
// lose it silently, so encoding fails instead. Use Reveal.
var ErrSecretMarshal = scrub.ErrSecretMarshal
